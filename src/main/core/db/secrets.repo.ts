import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

export interface SecretsRow {
  accountId: number;
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
      `SELECT account_id AS accountId, password, totp, recovery_codes AS recoveryCodes, notes,
              password_changed_at AS passwordChangedAt, updated_at AS updatedAt
         FROM account_secrets WHERE account_id = ?`,
    ).get(accountId) as SecretsRow | undefined;
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
      `INSERT INTO account_secrets (account_id, password, totp, recovery_codes, notes, password_changed_at, updated_at)
       VALUES (@accountId, @password, @totp, @recoveryCodes, @notes, @passwordChangedAt, @updatedAt)
       ON CONFLICT (account_id) DO UPDATE SET password = excluded.password, totp = excluded.totp,
              recovery_codes = excluded.recovery_codes, notes = excluded.notes,
              password_changed_at = excluded.password_changed_at, updated_at = excluded.updated_at`,
      row,
    );
  }
}
