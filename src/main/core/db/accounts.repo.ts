import {
  ACCOUNT_LANGUAGES,
  ACCOUNT_STATUSES,
  TWO_FACTOR_METHODS,
  type AccountLanguage,
  type AccountStatus,
  type PlatformClosure,
  type TwoFactorMethod,
} from '../../../shared/domain/account';
import { PLATFORMS, type Platform } from '../../../shared/domain/platforms';
import type { Ciphertext } from '../crypto/field-cipher';
import { storedEnum } from '../stored-value';
import { Repo } from './repo';

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);
const STATUS_SET: ReadonlySet<string> = new Set(ACCOUNT_STATUSES);
const TWO_FACTOR_SET: ReadonlySet<string> = new Set(TWO_FACTOR_METHODS);
const LANGUAGE_SET: ReadonlySet<string> = new Set(ACCOUNT_LANGUAGES);

/** The enum columns of a row read back, checked (a cast would let a bad one reach a label lookup as a TypeError). */
function checked<
  R extends { id: number; platform: string; status: string; twoFactor?: string; language?: string | null },
>(row: R): R {
  const at = (column: string) => ({ table: 'accounts', row: row.id, column });
  storedEnum(PLATFORM_SET, row.platform, at('platform'));
  storedEnum(STATUS_SET, row.status, at('status'));
  if (row.twoFactor !== undefined) storedEnum(TWO_FACTOR_SET, row.twoFactor, at('two_factor'));
  if (row.language !== undefined && row.language !== null) storedEnum(LANGUAGE_SET, row.language, at('language'));
  return row;
}

/** An account row as stored: free text sealed, enums and times plain. */
export interface AccountRow {
  id: number;
  platform: Platform;
  status: AccountStatus;
  twoFactor: TwoFactorMethod;
  handle: Ciphertext;
  handleIndex: Uint8Array;
  displayName: Ciphertext | null;
  url: Ciphertext | null;
  department: Ciphertext | null;
  /** Free-text manager of vaults from before the people directory (schema 1); read-only now. */
  manager: Ciphertext | null;
  managerId: number | null;
  /** Own rotation period in days (schema 4); null: the vault's policy. */
  rotationDays?: number | null;
  purpose: Ciphertext | null;
  monitoredHours: Ciphertext | null;
  /** The register's other fields (schema 10). */
  recoveryEmail: Ciphertext | null;
  recoveryPhone: Ciphertext | null;
  twoFactorDevice: Ciphertext | null;
  twoFactorHolderId: number | null;
  language: AccountLanguage | null;
  otherLanguageAccountId: number | null;
  approvedBy: Ciphertext | null;
  approvedOn: string | null;
  businessCase: Ciphertext | null;
  responseTime: Ciphertext | null;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  /** What became of an archived account on its platform (schema 9), and on which date. */
  platformClosure?: PlatformClosure | null;
  platformClosedOn?: string | null;
}

/** The columns the account list needs, with secret presence flags. */
export interface AccountListRow {
  id: number;
  platform: Platform;
  status: AccountStatus;
  twoFactor: TwoFactorMethod;
  handle: Ciphertext;
  displayName: Ciphertext | null;
  department: Ciphertext | null;
  managerId: number | null;
  updatedAt: number;
  hasPassword: 0 | 1;
  hasTotp: 0 | 1;
  /** When the current password was stored; null without one (or without a secrets row). */
  passwordChangedAt: number | null;
}

const ROW_COLUMNS = `id, platform, status, two_factor AS twoFactor, handle, handle_index AS handleIndex,
  display_name AS displayName, url, department, manager, manager_person_id AS managerId, purpose, monitored_hours AS monitoredHours,
  created_at AS createdAt, updated_at AS updatedAt, archived_at AS archivedAt, rotation_days AS rotationDays,
  platform_closure AS platformClosure, platform_closed_on AS platformClosedOn,
  recovery_email AS recoveryEmail, recovery_phone AS recoveryPhone, two_factor_device AS twoFactorDevice,
  two_factor_holder_id AS twoFactorHolderId, language, other_language_account_id AS otherLanguageAccountId,
  approved_by AS approvedBy, approved_on AS approvedOn, business_case AS businessCase, response_time AS responseTime`;

/** The register's columns written by both insert and update. */
const REGISTER_SET = `recovery_email = @recoveryEmail, recovery_phone = @recoveryPhone, two_factor_device = @twoFactorDevice,
  two_factor_holder_id = @twoFactorHolderId, language = @language, other_language_account_id = @otherLanguageAccountId,
  approved_by = @approvedBy, approved_on = @approvedOn, business_case = @businessCase, response_time = @responseTime`;

const LIST_COLUMNS = `a.id, a.platform, a.status, a.two_factor AS twoFactor, a.handle, a.display_name AS displayName,
  a.department, a.manager_person_id AS managerId, a.updated_at AS updatedAt,
  s.password IS NOT NULL AS hasPassword, s.totp IS NOT NULL AS hasTotp, s.password_changed_at AS passwordChangedAt`;

export class AccountsRepo extends Repo {
  /** Ids are chosen before the insert because each ciphertext is bound to its row id. */
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM accounts').get() as { id: number }).id;
  }

  insert(row: Omit<AccountRow, 'manager'>): void {
    this.write(
      'accounts',
      `INSERT INTO accounts (id, platform, status, two_factor, handle, handle_index, display_name, url, department,
                             manager_person_id, purpose, monitored_hours, created_at, updated_at, archived_at,
                             recovery_email, recovery_phone, two_factor_device, two_factor_holder_id, language,
                             other_language_account_id, approved_by, approved_on, business_case, response_time)
       VALUES (@id, @platform, @status, @twoFactor, @handle, @handleIndex, @displayName, @url, @department,
               @managerId, @purpose, @monitoredHours, @createdAt, @updatedAt, @archivedAt,
               @recoveryEmail, @recoveryPhone, @twoFactorDevice, @twoFactorHolderId, @language,
               @otherLanguageAccountId, @approvedBy, @approvedOn, @businessCase, @responseTime)`,
      row,
    );
  }

  updateFields(row: Omit<AccountRow, 'status' | 'createdAt' | 'archivedAt' | 'manager'>): void {
    this.write(
      'accounts',
      `UPDATE accounts SET platform = @platform, two_factor = @twoFactor, handle = @handle, handle_index = @handleIndex,
              display_name = @displayName, url = @url, department = @department, manager_person_id = @managerId,
              purpose = @purpose, monitored_hours = @monitoredHours, updated_at = @updatedAt, ${REGISTER_SET}
        WHERE id = @id`,
      row,
    );
  }

  setTwoFactor(id: number, twoFactor: TwoFactorMethod, at: number): void {
    this.write('accounts', 'UPDATE accounts SET two_factor = @twoFactor, updated_at = @at WHERE id = @id', {
      id,
      twoFactor,
      at,
    });
  }

  /** Every account's blind handle index with its platform: duplicate checks for a bulk import. */
  handleIndexes(): { id: number; platform: Platform; status: AccountStatus; handleIndex: Uint8Array }[] {
    return this.sql('SELECT id, platform, status, handle_index AS handleIndex FROM accounts ORDER BY id').all() as {
      id: number;
      platform: Platform;
      status: AccountStatus;
      handleIndex: Uint8Array;
    }[];
  }

  /** Archives (with what became of the channel on its platform) or restores (clearing it). */
  setStatus(
    id: number,
    status: AccountStatus,
    at: number,
    closure: { how: PlatformClosure; on: string } | null = null,
  ): void {
    this.write(
      'accounts',
      `UPDATE accounts SET status = @status, updated_at = @at,
              archived_at = CASE WHEN @status = 'archived' THEN @at ELSE NULL END,
              platform_closure = @how, platform_closed_on = @on
        WHERE id = @id`,
      { id, status, at, how: closure?.how ?? null, on: closure?.on ?? null },
    );
  }

  get(id: number): AccountRow | undefined {
    const row = this.sql(`SELECT ${ROW_COLUMNS} FROM accounts WHERE id = ?`).get(id) as AccountRow | undefined;
    return row && checked(row);
  }

  /** Ids of accounts whose blind handle index matches. */
  idsByHandleIndex(handleIndex: Uint8Array): { id: number; platform: Platform; status: AccountStatus }[] {
    return (
      this.sql('SELECT id, platform, status FROM accounts WHERE handle_index = ? ORDER BY id').all(handleIndex) as {
        id: number;
        platform: Platform;
        status: AccountStatus;
      }[]
    ).map(checked);
  }

  /** Accounts whose overall manager is the person. */
  idsManagedBy(personId: number): number[] {
    return (
      this.sql('SELECT id FROM accounts WHERE manager_person_id = ? ORDER BY id').all(personId) as { id: number }[]
    ).map((r) => r.id);
  }

  listRows(): AccountListRow[] {
    return (
      this.sql(
        `SELECT ${LIST_COLUMNS}
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
        ORDER BY a.id`,
      ).all() as AccountListRow[]
    ).map(checked);
  }

  listRow(id: number): AccountListRow | undefined {
    const row = this.sql(
      `SELECT ${LIST_COLUMNS}
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
        WHERE a.id = ?`,
    ).get(id) as AccountListRow | undefined;
    return row && checked(row);
  }
}
