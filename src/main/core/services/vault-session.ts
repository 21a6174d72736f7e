import type { KdfPreset } from '../../../shared/domain/vault';
import type { Clock } from '../clock';
import type { VaultKeys } from '../crypto/vault-keys';
import type { RandomSource } from '../crypto/random';
import type { Sodium } from '../crypto/sodium';
import type { VaultStore } from '../db/vault-store';
import type { AuditEvent, AuditTrail } from '../audit/audit-trail';

export interface VaultInfo {
  id: string;
  owner: string;
  createdAt: number;
  kdf: KdfPreset | 'custom';
  /** Fingerprint of the signing key, as the redeem screen shows it on this vault's tickets. */
  keyFingerprint: string;
}

/**
 * An unlocked vault: its open file and keys. Exists only between unlock and
 * lock; services take it from VaultService.session(), never keep it.
 */
export class VaultSession {
  /** Per-session caches (decrypted views); dropped with the session. */
  readonly cache = new Map<string, unknown>();

  constructor(
    readonly store: VaultStore,
    readonly keys: VaultKeys,
    readonly info: VaultInfo,
    readonly sodium: Sodium,
    readonly random: RandomSource,
    readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  get path(): string {
    return this.store.path;
  }

  /** Records an audit event; call inside the action's transaction. */
  record(event: AuditEvent): void {
    this.audit.append(this.store, this.info.id, event, this.keys);
  }

  close(): void {
    this.cache.clear();
    this.keys.dispose();
    this.store.close();
  }
}
