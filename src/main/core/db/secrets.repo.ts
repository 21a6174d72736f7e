import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

export interface SecretsRow {
  accountId: number;
  /** Schema 8 on (the migration adds it as null to the rows before it). */
  signInName: Ciphertext | null;
  password: Ciphertext | null;
  totp: Ciphertext | null;
  recoveryCodes: Ciphertext | null;
  notes: Ciphertext | null;
  passwordChangedAt: number | null;
  updatedAt: number;
}

/** A current password's keyed hash, for the reuse check across accounts. */
export interface PasswordHashRow {
  accountId: number;
  hash: Uint8Array;
}

export class SecretsRepo extends Repo {
  get(accountId: number): SecretsRow | undefined {
    return this.sql(
      `SELECT account_id AS accountId, sign_in_name AS signInName, password, totp, recovery_codes AS recoveryCodes, notes,
              password_changed_at AS passwordChangedAt, updated_at AS updatedAt
         FROM account_secrets WHERE account_id = ?`,
    ).get(accountId) as SecretsRow | undefined;
  }

  /** Every stored password (sealed), for reuse checks. */
  passwords(): { accountId: number; password: Ciphertext }[] {
    return this.sql(
      'SELECT account_id AS accountId, password FROM account_secrets WHERE password IS NOT NULL ORDER BY account_id',
    ).all() as { accountId: number; password: Ciphertext }[];
  }

  /** Replaces the password (and optionally TOTP / recovery codes) as a rotation does. */
  rotate(
    row: Pick<SecretsRow, 'accountId' | 'password' | 'passwordChangedAt' | 'updatedAt'> & {
      totp?: Ciphertext | null | undefined;
      recoveryCodes?: Ciphertext | null | undefined;
    },
  ): void {
    this.write(
      'account_secrets',
      `UPDATE account_secrets SET password = @password, password_changed_at = @passwordChangedAt, updated_at = @updatedAt,
              totp = CASE WHEN @setTotp THEN @totp ELSE totp END,
              recovery_codes = CASE WHEN @setRecovery THEN @recoveryCodes ELSE recovery_codes END
        WHERE account_id = @accountId`,
      {
        accountId: row.accountId,
        password: row.password,
        passwordChangedAt: row.passwordChangedAt,
        updatedAt: row.updatedAt,
        setTotp: row.totp !== undefined ? 1 : 0,
        totp: row.totp ?? null,
        setRecovery: row.recoveryCodes !== undefined ? 1 : 0,
        recoveryCodes: row.recoveryCodes ?? null,
      },
    );
  }

  upsert(row: SecretsRow): void {
    this.write(
      'account_secrets',
      `INSERT INTO account_secrets (account_id, sign_in_name, password, totp, recovery_codes, notes, password_changed_at, updated_at)
       VALUES (@accountId, @signInName, @password, @totp, @recoveryCodes, @notes, @passwordChangedAt, @updatedAt)
       ON CONFLICT (account_id) DO UPDATE SET sign_in_name = excluded.sign_in_name, password = excluded.password, totp = excluded.totp,
              recovery_codes = excluded.recovery_codes, notes = excluded.notes,
              password_changed_at = excluded.password_changed_at, updated_at = excluded.updated_at`,
      row,
    );
  }

  /** Keeps the current password's keyed hash in step with the password (null when there is none). */
  setPasswordHash(accountId: number, hash: Uint8Array | null): void {
    this.write('account_secrets', 'UPDATE account_secrets SET password_hash = ? WHERE account_id = ?', hash, accountId);
  }

  passwordHash(accountId: number): Uint8Array | null {
    const row = this.sql('SELECT password_hash AS hash FROM account_secrets WHERE account_id = ?').get(accountId) as
      { hash: Uint8Array | null } | undefined;
    return row?.hash ?? null;
  }

  /** Every other active account's current password hash (archived accounts are closed channels). */
  otherPasswordHashes(accountId: number): PasswordHashRow[] {
    return this.sql(
      `SELECT s.account_id AS accountId, s.password_hash AS hash
         FROM account_secrets s JOIN accounts a ON a.id = s.account_id
        WHERE s.account_id <> ? AND s.password_hash IS NOT NULL AND a.status = 'active'
        ORDER BY s.account_id`,
    ).all(accountId) as PasswordHashRow[];
  }

  /** Rows whose password has no hash yet (vaults from before hashes): filled in at unlock. */
  missingPasswordHashes(): { accountId: number; password: Ciphertext }[] {
    return this.sql(
      'SELECT account_id AS accountId, password FROM account_secrets WHERE password IS NOT NULL AND password_hash IS NULL',
    ).all() as { accountId: number; password: Ciphertext }[];
  }

  /** The sealed reason the current password was accepted below the strength floor, or null. */
  strengthOverride(accountId: number): Ciphertext | null {
    const row = this.sql('SELECT strength_override AS reason FROM account_secrets WHERE account_id = ?').get(
      accountId,
    ) as { reason: Ciphertext | null } | undefined;
    return row?.reason ?? null;
  }

  setStrengthOverride(accountId: number, reason: Ciphertext | null): void {
    this.write(
      'account_secrets',
      'UPDATE account_secrets SET strength_override = ? WHERE account_id = ?',
      reason,
      accountId,
    );
  }
}
