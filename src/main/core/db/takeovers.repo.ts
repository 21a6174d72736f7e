import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

export interface TakeoverRow {
  id: number;
  accountId: number;
  personId: number;
  grantId: number;
  startsAt: number;
  endsAt: number;
  reason: Ciphertext;
  includesTotp: 0 | 1;
  createdAt: number;
  draftId: number | null;
  temporarySetAt: number | null;
  endedAt: number | null;
  obligationId: number | null;
  closedAt: number | null;
  closedByRotationId: number | null;
  cancelledAt: number | null;
  /** The temporary password's keyed hash: no later rotation may set it again. */
  temporaryHash: Uint8Array | null;
}

export interface IssuedTicketRow {
  id: string;
  accountId: number;
  personId: number;
  grantId: number | null;
  takeoverId: number | null;
  issuedAt: number;
  notBefore: number;
  notAfter: number;
  includesTotp: 0 | 1;
}

const TAKEOVER = `id, account_id AS accountId, person_id AS personId, grant_id AS grantId, starts_at AS startsAt,
  ends_at AS endsAt, reason, includes_totp AS includesTotp, created_at AS createdAt, draft_id AS draftId,
  temporary_set_at AS temporarySetAt, ended_at AS endedAt, obligation_id AS obligationId, closed_at AS closedAt,
  closed_by_rotation_id AS closedByRotationId, cancelled_at AS cancelledAt, temporary_hash AS temporaryHash`;

export class TakeoversRepo extends Repo {
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM takeovers').get() as { id: number }).id;
  }

  insert(row: TakeoverRow): void {
    this.write(
      'takeovers',
      `INSERT INTO takeovers (id, account_id, person_id, grant_id, starts_at, ends_at, reason, includes_totp, created_at,
                              draft_id, temporary_set_at, ended_at, obligation_id, closed_at, closed_by_rotation_id, cancelled_at,
                              temporary_hash)
       VALUES (@id, @accountId, @personId, @grantId, @startsAt, @endsAt, @reason, @includesTotp, @createdAt,
               @draftId, @temporarySetAt, @endedAt, @obligationId, @closedAt, @closedByRotationId, @cancelledAt,
               @temporaryHash)`,
      row,
    );
  }

  get(id: number): TakeoverRow | undefined {
    return this.sql(`SELECT ${TAKEOVER} FROM takeovers WHERE id = ?`).get(id) as TakeoverRow | undefined;
  }

  all(): TakeoverRow[] {
    return this.sql(`SELECT ${TAKEOVER} FROM takeovers ORDER BY starts_at DESC, id DESC`).all() as TakeoverRow[];
  }

  /** Takeovers whose window has closed but whose end has not been processed. */
  dueToEnd(now: number): TakeoverRow[] {
    return this.sql(
      `SELECT ${TAKEOVER} FROM takeovers WHERE ended_at IS NULL AND cancelled_at IS NULL AND ends_at <= ? ORDER BY ends_at`,
    ).all(now) as TakeoverRow[];
  }

  /** A takeover of the account that is not over (scheduled, active or awaiting change-back). */
  openForAccount(accountId: number): TakeoverRow | undefined {
    return this.sql(
      `SELECT ${TAKEOVER} FROM takeovers WHERE account_id = ? AND closed_at IS NULL AND cancelled_at IS NULL ORDER BY id LIMIT 1`,
    ).get(accountId) as TakeoverRow | undefined;
  }

  markTemporarySet(id: number, at: number): void {
    this.write('takeovers', 'UPDATE takeovers SET temporary_set_at = ? WHERE id = ?', at, id);
  }

  markEnded(id: number, at: number, obligationId: number | null, closedAt: number | null): void {
    this.write(
      'takeovers',
      'UPDATE takeovers SET ended_at = @at, obligation_id = @obligationId, closed_at = @closedAt WHERE id = @id',
      {
        id,
        at,
        obligationId,
        closedAt,
      },
    );
  }

  cancel(id: number, at: number): void {
    this.write('takeovers', 'UPDATE takeovers SET cancelled_at = @at, ended_at = @at WHERE id = @id', { id, at });
  }

  /** A rotation that resolved a takeover's change-back obligation closes the takeover. */
  closeResolved(obligationIds: readonly number[], at: number, rotationId: number): number[] {
    const closed: number[] = [];
    for (const obligationId of obligationIds) {
      const row = this.sql('SELECT id FROM takeovers WHERE obligation_id = ? AND closed_at IS NULL').get(
        obligationId,
      ) as { id: number } | undefined;
      if (!row) continue;
      this.write(
        'takeovers',
        'UPDATE takeovers SET closed_at = ?, closed_by_rotation_id = ? WHERE id = ?',
        at,
        rotationId,
        row.id,
      );
      closed.push(row.id);
    }
    return closed;
  }

  /** Every takeover's temporary password hash on the account (none may be set again). */
  temporaryHashes(accountId: number): { id: number; hash: Uint8Array }[] {
    return this.sql(
      'SELECT id, temporary_hash AS hash FROM takeovers WHERE account_id = ? AND temporary_hash IS NOT NULL ORDER BY id',
    ).all(accountId) as { id: number; hash: Uint8Array }[];
  }

  setTemporaryHash(id: number, hash: Uint8Array): void {
    this.write('takeovers', 'UPDATE takeovers SET temporary_hash = ? WHERE id = ?', hash, id);
  }

  /** Takeovers from before hashes whose temporary password is still sealed in their draft: filled in at unlock. */
  missingTemporaryHashes(): { id: number; accountId: number; draftId: number }[] {
    return this.sql(
      `SELECT id, account_id AS accountId, draft_id AS draftId FROM takeovers
        WHERE temporary_hash IS NULL AND draft_id IS NOT NULL ORDER BY id`,
    ).all() as { id: number; accountId: number; draftId: number }[];
  }

  /** The accounts whose TOTP seed went out in a one-time credential issued to the person. */
  accountsWithSeedIssuedTo(personId: number): number[] {
    return (
      this.sql(
        'SELECT DISTINCT account_id AS accountId FROM issued_tickets WHERE person_id = ? AND includes_totp = 1 ORDER BY account_id',
      ).all(personId) as { accountId: number }[]
    ).map((r) => r.accountId);
  }

  insertTicket(row: IssuedTicketRow): void {
    this.write(
      'issued_tickets',
      `INSERT INTO issued_tickets (id, account_id, person_id, grant_id, takeover_id, issued_at, not_before, not_after, includes_totp)
       VALUES (@id, @accountId, @personId, @grantId, @takeoverId, @issuedAt, @notBefore, @notAfter, @includesTotp)`,
      row,
    );
  }

  /** Credentials issued under the grant whose window is still open at `now` (they may yet be redeemed). */
  outstandingFor(grantId: number, now: number): { count: number; until: number | null } {
    return this.sql(
      'SELECT count(*) AS count, max(not_after) AS until FROM issued_tickets WHERE grant_id = ? AND not_after > ?',
    ).get(grantId, now) as { count: number; until: number | null };
  }

  /** When a credential was last issued under the grant, for the access log. */
  lastTicketFor(grantId: number): number | null {
    const row = this.sql('SELECT max(issued_at) AS at FROM issued_tickets WHERE grant_id = ?').get(grantId) as {
      at: number | null;
    };
    return row.at;
  }
}
