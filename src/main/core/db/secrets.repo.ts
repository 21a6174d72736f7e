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
}
