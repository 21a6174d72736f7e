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
import { headerChecksum } from '../crypto/row-auth';
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
import { backfillPasswordHashes } from './password-rules';

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
        store = VaultStore.create(path, keys.rows);
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
      const { sodium, random } = this.deps;
      const store = VaultStore.open(target);
      let keys: VaultKeys | undefined;
      try {
        const header = store.read(() => store.header.read());
        if (!header) throw new CustodianError('not_a_vault', `${target} has no vault header`);
        // A downgrade is named as one; then damage is told apart from a wrong passphrase.
        const kdf = kdfOf(header);
        checkKdfParams(kdf);
        this.checkHeaderChecksum(store);
        const failedBefore = this.chargeAttempt(store);
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
            const next = backoffDelayMs(failedBefore + 1);
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
        // The passphrase is proven right: the attempt is not a failure, whatever the file turns out to hold.
        store.transaction(() => store.header.resetFailedUnlocks());
        keys = VaultKeys.open(sodium, random, vaultKey, header.signingPublicKey, header.signingSecretKey);
        const owner = keys.fields.openText(OWNER_REF, header.owner);
        // Every row, the schema and the trail's head checked under the row key; then any migration.
        store.authenticate(keys.rows);
        const opened = keys;
        store.transaction(() => {
          // Keyed password hashes need the key: a vault from before them gets them now, with its unlock.
          backfillPasswordHashes(store, keys!);
          store.header.resetFailedUnlocks();
          // Failed attempts are counted in the header while locked (the trail cannot be extended without
          // the key) and entered here, as one event, before the unlock itself.
          if (failedBefore > 0) {
            this.deps.audit.append(
              store,
              header.vaultId,
              { kind: 'vault.unlock_failed', actor: 'unknown', details: { failures: failedBefore, during: 'unlock' } },
              opened,
            );
          }
          this.deps.audit.append(store, header.vaultId, { kind: 'vault.unlocked', details: { failedBefore } }, opened);
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
      const failedBefore = this.chargeAttempt(session.store);
      const oldKdf = kdfOf(header);
      const oldKek = await this.derive(current, oldKdf);
      const matches = bytesEqual(sodium, passphraseVerifier(sodium, oldKek), header.verifier);
      sodium.memzero(oldKek);
      if (!matches) {
        session.store.transaction(() =>
          session.record({
            kind: 'vault.unlock_failed',
            actor: 'unknown',
            details: { failures: failedBefore + 1, during: 'passphrase_change' },
          }),
        );
        throw new CustodianError('wrong_passphrase', 'The current passphrase is wrong');
      }
      session.store.transaction(() => session.store.header.resetFailedUnlocks());
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

  /** The vault at `path` is now the unlocked one (any other is locked first). */
  private begin(path: string, store: VaultStore, keys: VaultKeys, info: VaultInfo): VaultStatus {
    const { sodium, random, clock } = this.deps;
    this.lockSilently();
    this.path = path;
    this.current = new VaultSession(store, keys, info, sodium, random, clock, this.deps.audit);
    this.deps.onUnlocked?.();
    return this.status();
  }

  /**
   * Counts the attempt before the KDF runs, in one immediate transaction:
   * parallel attempts (other windows, other processes) queue behind the
   * write lock and each sees the ones before it, so no more run Argon2 than
   * the back-off allows. A successful unlock resets the count. Returns the
   * failures counted before this attempt.
   */
  private chargeAttempt(store: VaultStore): number {
    const now = this.deps.clock.now();
    return store.transaction(() => {
      const header = store.header.read();
      if (!header) throw new CustodianError('not_a_vault', `${store.path} has no vault header`);
      const wait = backoffRemainingMs(header.failedUnlocks, header.lastFailedUnlockAt, now);
      if (wait > 0) throw backoffError(wait);
      store.header.recordFailedUnlock(now);
      return header.failedUnlocks;
    });
  }

  /**
   * Damage to the header's unlock columns is told apart from a wrong
   * passphrase by their checksum, before the KDF runs and without counting
   * a failed attempt (the row MAC, checked after unlock, authenticates it).
   */
  private checkHeaderChecksum(store: VaultStore): void {
    const material = store.read(() => store.integrity.headerMaterial());
    if (!material) return;
    if (!bytesEqual(this.deps.sodium, headerChecksum(this.deps.sodium, material.values), material.checksum)) {
      throw new CustodianError(
        'corrupt',
        `The vault header of ${store.path} is damaged (its checksum does not match): restore the file from a backup`,
      );
    }
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
