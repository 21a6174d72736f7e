/**
 * Vault lifecycle: create, unlock, lock, change passphrase. Holds at most one
 * unlocked session; everything that reads or writes vault content asks it for
 * that session and fails with `locked` when there is none.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { KdfPreset, LockReason, VaultStatus } from '../../../shared/domain/vault';
import type { Clock } from '../clock';
import {
  KDF_ALGORITHM,
  KDF_PRESET_PARAMS,
  SALT_BYTES,
  checkKdfParams,
  deriveKey,
  presetOf,
  type KdfParams,
} from '../crypto/kdf';
import type { RandomSource } from '../crypto/random';
import { bytesEqual, type Sodium } from '../crypto/sodium';
import {
  HEADER_FORMAT_VERSION,
  OWNER_REF,
  VaultKeys,
  passphraseVerifier,
  unwrapVaultKey,
  type HeaderBinding,
} from '../crypto/vault-keys';
import { removeDatabaseFiles } from '../db/database';
import type { HeaderRow } from '../db/header.repo';
import { VaultStore } from '../db/vault-store';
import { keyFingerprint } from '../tickets/ticket';
import { CustodianError } from '../errors';
import type { AuditTrail } from '../audit/audit-trail';
import { backoffDelayMs, backoffRemainingMs } from './backoff';
import { VaultSession, type VaultInfo } from './vault-session';

/** The first schema with the audit trail; older files are migrated after a successful unlock. */
const AUDIT_SCHEMA_VERSION = 2;

export type DeriveKey = (passphrase: string, params: KdfParams) => Promise<Uint8Array>;

export interface VaultServiceDeps {
  sodium: Sodium;
  random: RandomSource;
  clock: Clock;
  audit: AuditTrail;
  defaultPath: string;
  /** Injected so tests can count calls; defaults to Argon2id in a worker thread. */
  deriveKey?: DeriveKey;
  onLocked?: (reason: LockReason) => void;
  onUnlocked?: () => void;
}

export interface CreateVaultInput {
  path?: string | undefined;
  owner: string;
  passphrase: string;
  kdf: KdfPreset;
}

function bindingOf(
  header: Pick<HeaderRow, 'vaultId' | 'createdAt' | 'signingPublicKey'>,
  kdf: KdfParams,
): HeaderBinding {
  return { vaultId: header.vaultId, createdAt: header.createdAt, kdf, signingPublicKey: header.signingPublicKey };
}

function kdfOf(header: HeaderRow): KdfParams {
  return {
    algorithm: header.kdfAlgorithm as typeof KDF_ALGORITHM,
    opsLimit: header.kdfOpsLimit,
    memLimit: header.kdfMemLimit,
    salt: header.kdfSalt,
  };
}

export class VaultService {
  private current: VaultSession | null = null;
  private path: string;
  private pending: Promise<unknown> | null = null;
  private readonly derive: DeriveKey;

  constructor(private readonly deps: VaultServiceDeps) {
    this.path = deps.defaultPath;
    this.derive = deps.deriveKey ?? deriveKey;
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  /** The vault file the app is pointed at (open or not). */
  get currentPath(): string {
    return this.current ? this.current.path : this.path;
  }

  get defaultPath(): string {
    return this.deps.defaultPath;
  }

  get isUnlocked(): boolean {
    return this.current !== null;
  }

  /** The unlocked session, or a `locked` error. */
  session(): VaultSession {
    if (!this.current) throw new CustodianError('locked', 'The vault is locked');
    return this.current;
  }

  /**
   * After an await (a KDF, sealing a bundle): refuses if the vault was locked,
   * or another opened, while it ran. `what` says what the user was doing.
   */
  stillOpen(session: VaultSession, what = 'this was running: nothing was changed'): void {
    if (this.current !== session) throw new CustodianError('locked', `The vault was locked while ${what}`);
  }

  status(path?: string): VaultStatus {
    if (path && !this.current) this.path = path;
    const status: VaultStatus = { path: this.path, exists: existsSync(this.path), unlocked: this.current !== null };
    if (this.current) status.vault = { ...this.current.info };
    else if (status.exists) {
      const wait = this.peekBackoff();
      if (wait > 0) status.retryAfterSeconds = Math.ceil(wait / 1000);
    }
    return status;
  }

  async create(input: CreateVaultInput): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const path = input.path ?? this.deps.defaultPath;
      if (existsSync(path)) throw new CustodianError('exists', `A file already exists at ${path}; choose another name`);
      const { sodium, random, clock } = this.deps;
      const kdf: KdfParams = { algorithm: KDF_ALGORITHM, ...KDF_PRESET_PARAMS[input.kdf], salt: random(SALT_BYTES) };
      const kek = await this.derive(input.passphrase, kdf);
      const { keys, sealedSigningKey } = VaultKeys.generate(sodium, random);
      const header = { vaultId: randomUUID(), createdAt: clock.now(), signingPublicKey: keys.signingPublicKey };
      const owner = input.owner.trim();
      let store: VaultStore | undefined;
      try {
        store = VaultStore.create(path);
        const created = store;
        created.transaction(() => {
          created.header.insert({
            format: HEADER_FORMAT_VERSION,
            ...header,
            kdfAlgorithm: kdf.algorithm,
            kdfOpsLimit: kdf.opsLimit,
            kdfMemLimit: kdf.memLimit,
            kdfSalt: kdf.salt,
            verifier: passphraseVerifier(sodium, kek),
            wrappedKey: keys.wrapUnder(random, kek, bindingOf(header, kdf)),
            signingSecretKey: sealedSigningKey,
            owner: keys.fields.sealText(OWNER_REF, owner),
          });
          this.deps.audit.append(created, header.vaultId, { kind: 'vault.created' }, keys);
        });
      } catch (error) {
        keys.dispose();
        store?.close();
        // Only remove what this call created: a failure before VaultStore.create made nothing.
        if (store) removeDatabaseFiles(path);
        throw error;
      } finally {
        sodium.memzero(kek);
      }
      return this.begin(path, store, keys, {
        id: header.vaultId,
        owner,
        createdAt: header.createdAt,
        kdf: input.kdf,
        keyFingerprint: keyFingerprint(sodium, keys.signingPublicKey),
      });
    });
  }

  async unlock(passphrase: string, path?: string): Promise<VaultStatus> {
    return this.exclusive(async () => {
      // Unlocking the vault that is already open still checks the passphrase: a wrong one is never "ok".
      const target = path ?? (this.current ? this.current.path : this.path);
      const { sodium, random, clock } = this.deps;
      const store = VaultStore.open(target);
      let keys: VaultKeys | undefined;
      try {
        const header = store.read(() => store.header.read());
        if (!header) throw new CustodianError('not_a_vault', `${target} has no vault header`);
        const wait = backoffRemainingMs(header.failedUnlocks, header.lastFailedUnlockAt, clock.now());
        if (wait > 0) throw backoffError(wait);
        const kdf = kdfOf(header);
        checkKdfParams(kdf);
        const kek = await this.derive(passphrase, kdf);
        let vaultKey: Uint8Array;
        try {
          if (!bytesEqual(sodium, passphraseVerifier(sodium, kek), header.verifier)) {
            // The right passphrase still unwraps the vault key: then the verifier itself was altered.
            if (unwrapsUnder(sodium, kek, header.wrappedKey, bindingOf(header, kdf))) {
              throw new CustodianError(
                'tampered',
                'The passphrase is right but the vault header does not verify: the file has been tampered with',
              );
            }
            this.recordFailedUnlock(store, header.vaultId, header.failedUnlocks + 1, 'unlock');
            const next = backoffDelayMs(header.failedUnlocks + 1);
            throw new CustodianError(
              'wrong_passphrase',
              next > 0 ? `Wrong passphrase. Try again in ${Math.ceil(next / 1000)} s` : 'Wrong passphrase',
              next > 0 ? { retryAfterSeconds: Math.ceil(next / 1000) } : {},
            );
          }
          vaultKey = unwrapVaultKey(sodium, kek, header.wrappedKey, bindingOf(header, kdf));
        } finally {
          sodium.memzero(kek);
        }
        keys = VaultKeys.open(sodium, random, vaultKey, header.signingPublicKey, header.signingSecretKey);
        const owner = keys.fields.openText(OWNER_REF, header.owner);
        store.migrate();
        store.transaction(() => {
          store.header.resetFailedUnlocks();
          this.deps.audit.append(
            store,
            header.vaultId,
            { kind: 'vault.unlocked', details: { failedBefore: header.failedUnlocks } },
            keys,
          );
        });
        return this.begin(target, store, keys, {
          id: header.vaultId,
          owner,
          createdAt: header.createdAt,
          kdf: presetOf(kdf),
          keyFingerprint: keyFingerprint(sodium, header.signingPublicKey),
        });
      } catch (error) {
        keys?.dispose();
        store.close();
        throw error;
      }
    });
  }

  lock(reason: LockReason = 'manual'): VaultStatus {
    if (this.current) {
      this.lockSilently(reason);
      this.deps.onLocked?.(reason);
    }
    return this.status();
  }

  async changePassphrase(current: string, next: string, preset?: KdfPreset): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const session = this.session();
      const { sodium, random } = this.deps;
      const header = session.store.read(() => session.store.header.read());
      if (!header) throw new CustodianError('corrupt', 'The vault header is missing');
      // Someone at an unlocked, unattended desk must not be able to guess the passphrase here freely.
      const wait = backoffRemainingMs(header.failedUnlocks, header.lastFailedUnlockAt, this.deps.clock.now());
      if (wait > 0) throw backoffError(wait);
      const oldKdf = kdfOf(header);
      const oldKek = await this.derive(current, oldKdf);
      const matches = bytesEqual(sodium, passphraseVerifier(sodium, oldKek), header.verifier);
      sodium.memzero(oldKek);
      if (!matches) {
        this.recordFailedUnlock(session.store, header.vaultId, header.failedUnlocks + 1, 'passphrase_change');
        throw new CustodianError('wrong_passphrase', 'The current passphrase is wrong');
      }
      if (header.failedUnlocks > 0) session.store.transaction(() => session.store.header.resetFailedUnlocks());
      const cost = preset ? KDF_PRESET_PARAMS[preset] : { opsLimit: oldKdf.opsLimit, memLimit: oldKdf.memLimit };
      const kdf: KdfParams = { algorithm: KDF_ALGORITHM, ...cost, salt: random(SALT_BYTES) };
      checkKdfParams(kdf);
      const kek = await this.derive(next, kdf);
      try {
        session.store.transaction(() => {
          session.store.header.updateKeyWrapping({
            kdfAlgorithm: kdf.algorithm,
            kdfOpsLimit: kdf.opsLimit,
            kdfMemLimit: kdf.memLimit,
            kdfSalt: kdf.salt,
            verifier: passphraseVerifier(sodium, kek),
            wrappedKey: session.keys.wrapUnder(random, kek, bindingOf(header, kdf)),
          });
          session.record({ kind: 'vault.passphrase_changed', details: { kdf: presetOf(kdf) } });
        });
      } finally {
        sodium.memzero(kek);
      }
      (session.info as { kdf: KdfPreset | 'custom' }).kdf = presetOf(kdf);
      return this.status();
    });
  }

  /** Seconds of back-off on the current path, read without unlocking. */
  private peekBackoff(): number {
    try {
      const store = VaultStore.open(this.path);
      try {
        const header = store.read(() => store.header.read());
        return header ? backoffRemainingMs(header.failedUnlocks, header.lastFailedUnlockAt, this.deps.clock.now()) : 0;
      } finally {
        store.close();
      }
    } catch {
      return 0;
    }
  }

  /**
   * Closes the current session, recording the lock and signing the trail's
   * head first. Locking must happen even if that record cannot be written
   * (a full disk must not keep the vault open), so a failure there is only warned about.
   */
  private lockSilently(reason: LockReason = 'manual'): void {
    const session = this.current;
    if (!session) return;
    this.current = null;
    try {
      session.store.transaction(() => {
        session.record({ kind: 'vault.locked', details: { reason } });
        this.deps.audit.checkpoint(session.store, session.info.id, session.keys);
      });
    } catch (error) {
      console.warn(
        `[custodian] the lock could not be recorded in the audit trail (${error instanceof Error ? error.name : 'error'})`,
      );
    }
    session.close();
  }

  /** Counts a wrong passphrase for the back-off and, where the file has an audit trail, records it. */
  /** The vault at `path` is now the unlocked one (any other is locked first). */
  private begin(path: string, store: VaultStore, keys: VaultKeys, info: VaultInfo): VaultStatus {
    const { sodium, random, clock } = this.deps;
    this.lockSilently();
    this.path = path;
    this.current = new VaultSession(store, keys, info, sodium, random, clock, this.deps.audit);
    this.deps.onUnlocked?.();
    return this.status();
  }

  private recordFailedUnlock(store: VaultStore, vaultId: string, failures: number, during: string): void {
    store.transaction(() => {
      store.header.recordFailedUnlock(this.deps.clock.now());
      if (store.schemaVersion() >= AUDIT_SCHEMA_VERSION) {
        this.deps.audit.append(store, vaultId, {
          kind: 'vault.unlock_failed',
          actor: 'unknown',
          details: { failures, during },
        });
      }
    });
  }

  /** One create/unlock/change at a time: a double click must not run two KDFs against one file. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.pending) throw new CustodianError('conflict', 'Another vault operation is already in progress');
    const run = fn();
    this.pending = run;
    try {
      return await run;
    } finally {
      this.pending = null;
    }
  }
}

function unwrapsUnder(sodium: Sodium, kek: Uint8Array, wrapped: Uint8Array, binding: HeaderBinding): boolean {
  try {
    sodium.memzero(unwrapVaultKey(sodium, kek, wrapped, binding));
    return true;
  } catch {
    return false;
  }
}

function backoffError(waitMs: number): CustodianError {
  const seconds = Math.ceil(waitMs / 1000);
  return new CustodianError('backoff', `Too many wrong passphrases: try again in ${seconds} s`, {
    retryAfterSeconds: seconds,
  });
}
