import { GRANT_KINDS, type GrantKind } from '../../../shared/domain/access';
import type { Ciphertext } from '../crypto/field-cipher';
import { storedEnum } from '../stored-value';
import { Repo } from './repo';

export interface GrantRow {
  id: number;
  accountId: number;
  personId: number;
  kind: GrantKind;
  grantedBy: number | null;
  grantedAt: number;
  reason: Ciphertext;
  endsAt: number | null;
  revokedAt: number | null;
  revokedBy: number | null;
  revokeReason: Ciphertext | null;
}

const COLUMNS = `id, account_id AS accountId, person_id AS personId, kind, granted_by AS grantedBy,
  granted_at AS grantedAt, reason, ends_at AS endsAt, revoked_at AS revokedAt, revoked_by AS revokedBy,
  revoke_reason AS revokeReason`;

/**
 * "Holds access during [from, to)": granted before the window ends, and
 * neither revoked nor expired before it starts. With from = to = t this is
 * "holds access at instant t".
 */
const HOLDS = `granted_at < @to AND (revoked_at IS NULL OR revoked_at > @from) AND (ends_at IS NULL OR ends_at > @from)`;

const KIND_SET: ReadonlySet<string> = new Set(GRANT_KINDS);

/** The enum column of a row read back, checked rather than cast. */
function checked(row: GrantRow): GrantRow {
  storedEnum(KIND_SET, row.kind, { table: 'grants', row: row.id, column: 'kind' });
  return row;
}

export class GrantsRepo extends Repo {
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM grants').get() as { id: number }).id;
  }

  insert(row: GrantRow): void {
    this.write(
      'grants',
      `INSERT INTO grants (id, account_id, person_id, kind, granted_by, granted_at, reason, ends_at, revoked_at, revoked_by, revoke_reason)
       VALUES (@id, @accountId, @personId, @kind, @grantedBy, @grantedAt, @reason, @endsAt, @revokedAt, @revokedBy, @revokeReason)`,
      row,
    );
  }

  revoke(id: number, at: number, by: number | null, reason: Ciphertext): void {
    this.write(
      'grants',
      'UPDATE grants SET revoked_at = @at, revoked_by = @by, revoke_reason = @reason WHERE id = @id AND revoked_at IS NULL',
      { id, at, by, reason },
    );
  }

  get(id: number): GrantRow | undefined {
    const row = this.sql(`SELECT ${COLUMNS} FROM grants WHERE id = ?`).get(id) as GrantRow | undefined;
    return row && checked(row);
  }

  /** Grants of an account held at some moment in [from, to]. */
  heldOnAccount(accountId: number, from: number, to: number): GrantRow[] {
    return (
      this.sql(`SELECT ${COLUMNS} FROM grants WHERE account_id = @accountId AND ${HOLDS} ORDER BY granted_at, id`).all({
        accountId,
        from,
        to: to === from ? to + 1 : to,
      }) as GrantRow[]
    ).map(checked);
  }

  /** Grants of a person held at some moment in [from, to]. */
  heldByPerson(personId: number, from: number, to: number): GrantRow[] {
    return (
      this.sql(`SELECT ${COLUMNS} FROM grants WHERE person_id = @personId AND ${HOLDS} ORDER BY granted_at, id`).all({
        personId,
        from,
        to: to === from ? to + 1 : to,
      }) as GrantRow[]
    ).map(checked);
  }

  forAccount(accountId: number): GrantRow[] {
    return (
      this.sql(`SELECT ${COLUMNS} FROM grants WHERE account_id = ? ORDER BY granted_at, id`).all(
        accountId,
      ) as GrantRow[]
    ).map(checked);
  }

  forPerson(personId: number): GrantRow[] {
    return (
      this.sql(`SELECT ${COLUMNS} FROM grants WHERE person_id = ? ORDER BY granted_at, id`).all(personId) as GrantRow[]
    ).map(checked);
  }

  all(): GrantRow[] {
    return (this.sql(`SELECT ${COLUMNS} FROM grants ORDER BY granted_at, id`).all() as GrantRow[]).map(checked);
  }

  /** Number of accounts each person holds access to at `at`. */
  accessCounts(at: number): Map<number, number> {
    const rows = this.sql(
      `SELECT person_id AS personId, count(DISTINCT account_id) AS n FROM grants WHERE ${HOLDS} GROUP BY person_id`,
    ).all({ from: at, to: at + 1 }) as { personId: number; n: number }[];
    return new Map(rows.map((r) => [r.personId, r.n]));
  }

  /** Who holds access to each account at `at`: account id -> distinct person ids (search by holder, compliance). */
  holdersAt(at: number): Map<number, number[]> {
    // Raw [account, person] pairs: one small array a grant rather than an object with named keys (50,000 of them).
    // Unsorted and not DISTINCT: SQLite's sort of every pair costs more than ordering each account's few holders here.
    const rows = this.sql(`SELECT account_id, person_id FROM grants WHERE ${HOLDS}`)
      .raw()
      .all({ from: at, to: at + 1 }) as [number, number][];
    const holders = new Map<number, number[]>();
    for (const [accountId, personId] of rows) {
      const list = holders.get(accountId);
      if (!list) holders.set(accountId, [personId]);
      else if (!list.includes(personId)) list.push(personId);
    }
    for (const list of holders.values()) if (list.length > 1) list.sort((a, b) => a - b);
    return holders;
  }

  /**
   * The first instant after `at` when who holds what changes with no write:
   * a grant that starts, ends or is revoked later; null when none does.
   */
  nextHoldingChange(at: number): number | null {
    return this.sql(
      `SELECT min(t) FROM (
         SELECT min(granted_at) AS t FROM grants WHERE granted_at > @at
         UNION ALL SELECT min(revoked_at) FROM grants WHERE revoked_at > @at
         UNION ALL SELECT min(ends_at) FROM grants WHERE ends_at > @at)`,
    )
      .pluck()
      .get({ at }) as number | null;
  }

  /** Number of current holders per account, for compliance ("fewer than two people"). */
  holderCounts(at: number): Map<number, number> {
    const rows = this.sql(
      `SELECT account_id AS accountId, count(DISTINCT person_id) AS n FROM grants WHERE ${HOLDS} GROUP BY account_id`,
    ).all({ from: at, to: at + 1 }) as { accountId: number; n: number }[];
    return new Map(rows.map((r) => [r.accountId, r.n]));
  }
}
