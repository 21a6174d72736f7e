import type { ObligationKind } from '../../../shared/domain/access';
import type { Ciphertext } from '../crypto/field-cipher';
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
    return this.sql(`SELECT ${COLUMNS} FROM rotation_obligations WHERE id = ?`).get(id) as ObligationRow | undefined;
  }

  open(): ObligationRow[] {
    return this.sql(
      `SELECT ${COLUMNS} FROM rotation_obligations WHERE resolved_at IS NULL ORDER BY due_at, id`,
    ).all() as ObligationRow[];
  }

  openForAccount(accountId: number): ObligationRow[] {
    return this.sql(
      `SELECT ${COLUMNS} FROM rotation_obligations WHERE account_id = ? AND resolved_at IS NULL ORDER BY due_at, id`,
    ).all(accountId) as ObligationRow[];
  }

  /** Marks every open obligation of the account as met by the rotation; returns their ids. */
  resolveOpen(accountId: number, at: number, rotationId: number): number[] {
    const ids = (
      this.sql('SELECT id FROM rotation_obligations WHERE account_id = ? AND resolved_at IS NULL ORDER BY id').all(
        accountId,
      ) as {
        id: number;
      }[]
    ).map((r) => r.id);
    this.write(
      'rotation_obligations',
      'UPDATE rotation_obligations SET resolved_at = @at, resolved_by_rotation_id = @rotationId WHERE account_id = @accountId AND resolved_at IS NULL',
      { accountId, at, rotationId },
    );
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
    return this.sql(`SELECT ${COLUMNS} FROM rotation_obligations WHERE account_id = ? ORDER BY created_at, id`).all(
      accountId,
    ) as ObligationRow[];
  }
}
