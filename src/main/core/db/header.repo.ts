import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

/** The single row describing how to unlock the vault. */
export interface HeaderRow {
  format: number;
  vaultId: string;
  createdAt: number;
  kdfAlgorithm: string;
  kdfOpsLimit: number;
  kdfMemLimit: number;
  kdfSalt: Uint8Array;
  verifier: Uint8Array;
  wrappedKey: Uint8Array;
  signingPublicKey: Uint8Array;
  signingSecretKey: Ciphertext;
  owner: Ciphertext;
  failedUnlocks: number;
  lastFailedUnlockAt: number | null;
}

export type KeyWrapping = Pick<
  HeaderRow,
  'kdfAlgorithm' | 'kdfOpsLimit' | 'kdfMemLimit' | 'kdfSalt' | 'verifier' | 'wrappedKey'
>;

export class HeaderRepo extends Repo {
  read(): HeaderRow | undefined {
    return this.sql(
      `SELECT format, vault_id AS vaultId, created_at AS createdAt, kdf_algorithm AS kdfAlgorithm,
                kdf_ops_limit AS kdfOpsLimit, kdf_mem_limit AS kdfMemLimit, kdf_salt AS kdfSalt,
                verifier, wrapped_key AS wrappedKey, signing_public_key AS signingPublicKey,
                signing_secret_key AS signingSecretKey, owner, failed_unlocks AS failedUnlocks,
                last_failed_unlock_at AS lastFailedUnlockAt
           FROM vault_header WHERE id = 1`,
    ).get() as HeaderRow | undefined;
  }

  insert(row: Omit<HeaderRow, 'failedUnlocks' | 'lastFailedUnlockAt'>): void {
    this.write(
      'vault_header',
      `INSERT INTO vault_header (id, format, vault_id, created_at, kdf_algorithm, kdf_ops_limit, kdf_mem_limit,
                                   kdf_salt, verifier, wrapped_key, signing_public_key, signing_secret_key, owner)
         VALUES (1, @format, @vaultId, @createdAt, @kdfAlgorithm, @kdfOpsLimit, @kdfMemLimit,
                 @kdfSalt, @verifier, @wrappedKey, @signingPublicKey, @signingSecretKey, @owner)`,
      row,
    );
  }

  updateKeyWrapping(wrapping: KeyWrapping): void {
    this.write(
      'vault_header',
      `UPDATE vault_header SET kdf_algorithm = @kdfAlgorithm, kdf_ops_limit = @kdfOpsLimit,
                kdf_mem_limit = @kdfMemLimit, kdf_salt = @kdfSalt, verifier = @verifier, wrapped_key = @wrappedKey
          WHERE id = 1`,
      wrapping,
    );
  }

  recordFailedUnlock(at: number): void {
    this.sql('UPDATE vault_header SET failed_unlocks = failed_unlocks + 1, last_failed_unlock_at = ? WHERE id = 1').run(
      at,
    );
  }

  resetFailedUnlocks(): void {
    this.sql(
      'UPDATE vault_header SET failed_unlocks = 0, last_failed_unlock_at = NULL WHERE id = 1 AND failed_unlocks > 0',
    ).run();
  }
}
