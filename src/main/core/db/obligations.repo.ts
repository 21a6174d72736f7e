import { OBLIGATION_KINDS, type ObligationKind } from '../../../shared/domain/access';
import type { Ciphertext } from '../crypto/field-cipher';
import { storedEnum } from '../stored-value';
import { Repo } from './repo';

export interface ObligationRow {
  id: number;
  accountId: number;
  reasonKind: ObligationKind;
  reasonDetail: Ciphertext | null;
  personId: number | null;
  createdAt: number;
  dueAt: number;
  resolvedAt: number | null;
  resolvedByRotationId: number | null;
}

const COLUMNS = `id, account_id AS accountId, reason_kind AS reasonKind, reason_detail AS reasonDetail,
  person_id AS personId, created_at AS createdAt, due_at AS dueAt, resolved_at AS resolvedAt,
  resolved_by_rotation_id AS resolvedByRotationId`;

const REASONKIND_SET: ReadonlySet<string> = new Set(OBLIGATION_KINDS);

/** The enum column of a row read back, checked rather than cast. */
function checked(row: ObligationRow): ObligationRow {
  storedEnum(REASONKIND_SET, row.reasonKind, { table: 'rotation_obligations', row: row.id, column: 'reason_kind' });
  return row;
}

export class ObligationsRepo extends Repo {
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM rotation_obligations').get() as { id: number }).id;
  }

  insert(row: ObligationRow): void {
    this.write(
      'rotation_obligations',
      `INSERT INTO rotation_obligations (id, account_id, reason_kind, reason_detail, person_id, created_at, due_at, resolved_at, resolved_by_rotation_id)
       VALUES (@id, @accountId, @reasonKind, @reasonDetail, @personId, @createdAt, @dueAt, @resolvedAt, @resolvedByRotationId)`,
      row,
    );
  }

  get(id: number): ObligationRow | undefined {
    const row = this.sql(`SELECT ${COLUMNS} FROM rotation_obligations WHERE id = ?`).get(id) as
      ObligationRow | undefined;
    return row && checked(row);
  }

  open(): ObligationRow[] {
    return (
      this.sql(
        `SELECT ${COLUMNS} FROM rotation_obligations WHERE resolved_at IS NULL ORDER BY due_at, id`,
      ).all() as ObligationRow[]
    ).map(checked);
  }

  openForAccount(accountId: number): ObligationRow[] {
    return (
      this.sql(
        `SELECT ${COLUMNS} FROM rotation_obligations WHERE account_id = ? AND resolved_at IS NULL ORDER BY due_at, id`,
      ).all(accountId) as ObligationRow[]
    ).map(checked);
  }

  /**
   * Marks the account's open obligations of the given kinds as met (by the
   * rotation, when one met them); returns their ids.
   */
  resolveOpen(accountId: number, kinds: readonly ObligationKind[], at: number, rotationId: number | null): number[] {
    if (kinds.length === 0) return [];
    const list = kinds.map(() => '?').join(', ');
    const ids = (
      this.sql(
        `SELECT id FROM rotation_obligations WHERE account_id = ? AND resolved_at IS NULL AND reason_kind IN (${list}) ORDER BY id`,
      ).all(accountId, ...kinds) as { id: number }[]
    ).map((r) => r.id);
    for (const id of ids) {
      this.write(
        'rotation_obligations',
        'UPDATE rotation_obligations SET resolved_at = ?, resolved_by_rotation_id = ? WHERE id = ? AND resolved_at IS NULL',
        at,
        rotationId,
        id,
      );
    }
    return ids;
  }

  resolvedBy(rotationId: number): number {
    return (
      this.sql('SELECT count(*) AS n FROM rotation_obligations WHERE resolved_by_rotation_id = ?').get(rotationId) as {
        n: number;
      }
    ).n;
  }

  forAccount(accountId: number): ObligationRow[] {
    return (
      this.sql(`SELECT ${COLUMNS} FROM rotation_obligations WHERE account_id = ? ORDER BY created_at, id`).all(
        accountId,
      ) as ObligationRow[]
    ).map(checked);
  }
}
