import type { AccountStatus, TwoFactorMethod } from '../../../shared/domain/account';
import type { Platform } from '../../../shared/domain/platforms';
import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

/** One account's plaintext facts for compliance: presence flags, clocks and links, no free text. */
export interface ComplianceRow {
  id: number;
  platform: Platform;
  status: AccountStatus;
  twoFactor: TwoFactorMethod;
  managerId: number | null;
  hasPurpose: 0 | 1;
  hasHours: 0 | 1;
  createdAt: number;
  rotationDays: number | null;
  passwordChangedAt: number | null;
  hasTotp: 0 | 1;
}

/**
 * The cross-table reads the compliance report needs, each one query over the
 * whole vault (the report covers every account at once; per-account queries
 * would cost 10,000 round trips).
 */
export class ComplianceRepo extends Repo {
  rows(): ComplianceRow[] {
    return this.sql(
      `SELECT a.id, a.platform, a.status, a.two_factor AS twoFactor, a.manager_person_id AS managerId,
              a.purpose IS NOT NULL AS hasPurpose, a.monitored_hours IS NOT NULL AS hasHours,
              a.created_at AS createdAt, a.rotation_days AS rotationDays,
              s.password_changed_at AS passwordChangedAt, s.totp IS NOT NULL AS hasTotp
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
        ORDER BY a.id`,
    ).all() as ComplianceRow[];
  }

  /** Every stored password, sealed (the core reduces them to strength and reuse verdicts). */
  passwords(): { accountId: number; password: Ciphertext }[] {
    return this.sql(
      'SELECT account_id AS accountId, password FROM account_secrets WHERE password IS NOT NULL ORDER BY account_id',
    ).all() as { accountId: number; password: Ciphertext }[];
  }

  /**
   * Accounts whose TOTP seed left the vault after it was last changed by a
   * rotation: in a one-time ticket that carried it, or in an escrow opening
   * that named the account.
   */
  totpDisclosedSinceChange(): Set<number> {
    const rows = this.sql(
      `WITH disclosed AS (
         SELECT account_id AS accountId, issued_at AS at FROM issued_tickets WHERE includes_totp = 1
         UNION ALL
         SELECT CAST(j.value AS INTEGER) AS accountId, n.opened_at AS at FROM escrow_notices n, json_each(n.accounts) j
       ),
       changed AS (
         SELECT account_id AS accountId, max(rotated_at) AS at FROM rotations WHERE totp_changed = 1 GROUP BY account_id
       )
       SELECT d.accountId FROM disclosed d LEFT JOIN changed c ON c.accountId = d.accountId
        GROUP BY d.accountId HAVING max(d.at) > coalesce(max(c.at), 0)`,
    ).all() as { accountId: number }[];
    return new Set(rows.map((r) => r.accountId));
  }

  /** Takeovers whose window ended and whose "change it back" rotation has not happened, per account. */
  takeoversNotChangedBack(): Map<number, number> {
    const rows = this.sql(
      `SELECT account_id AS accountId, count(*) AS n FROM takeovers
        WHERE ended_at IS NOT NULL AND closed_at IS NULL AND cancelled_at IS NULL GROUP BY account_id`,
    ).all() as { accountId: number; n: number }[];
    return new Map(rows.map((r) => [r.accountId, r.n]));
  }
}
