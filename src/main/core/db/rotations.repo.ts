import { z } from 'zod';
import { parseStoredJson } from '../stored-value';
import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

export interface RotationRow {
  id: number;
  accountId: number;
  rotatedAt: number;
  note: Ciphertext | null;
  totpChanged: 0 | 1;
  recoveryChanged: 0 | 1;
  /** Sealed JSON: the refusals the user overrode, with their reasons. */
  overrides: Ciphertext | null;
}

export interface PasswordHistoryRow {
  id: number;
  accountId: number;
  rotationId: number | null;
  password: Ciphertext;
  passwordHash: Uint8Array | null;
  setAt: number | null;
  replacedAt: number;
}

export type DraftState = 'pending' | 'confirmed' | 'abandoned';

export interface DraftRow {
  id: number;
  purpose: 'rotation' | 'takeover';
  accountId: number;
  createdAt: number;
  password: Ciphertext;
  totp: Ciphertext | null;
  recoveryCodes: Ciphertext | null;
  state: DraftState;
  finishedAt: number | null;
  rotationId: number | null;
  /** Sealed JSON: what the new password was accepted with when the draft began. */
  acceptance: Ciphertext | null;
}

const IncidentStepsStored = z.record(z.string(), z.number().int().nullable());

/** An incident's checklist as stored (step -> when it was ticked off), parsed. */
export function incidentSteps(row: IncidentRow): Record<string, number | null> {
  return parseStoredJson(IncidentStepsStored, row.steps, { table: 'incidents', row: row.id, column: 'steps' });
}

export interface IncidentRow {
  id: number;
  accountId: number;
  reportedAt: number;
  note: Ciphertext;
  /** JSON: step -> time it was ticked off. */
  steps: string;
  closedAt: number | null;
}

/** What the due-date computation needs for one account, all plaintext. */
export interface RotationStateRow {
  accountId: number;
  status: 'active' | 'archived';
  createdAt: number;
  passwordChangedAt: number | null;
  rotationDays: number | null;
}

const DRAFT = `id, purpose, account_id AS accountId, created_at AS createdAt, password, totp, recovery_codes AS recoveryCodes,
  state, finished_at AS finishedAt, rotation_id AS rotationId, acceptance`;
const INCIDENT = `id, account_id AS accountId, reported_at AS reportedAt, note, steps, closed_at AS closedAt`;

export class RotationsRepo extends Repo {
  nextId(table: 'rotations' | 'password_history' | 'rotation_drafts' | 'incidents'): number {
    return (this.sql(`SELECT coalesce(max(id), 0) + 1 AS id FROM ${table}`).get() as { id: number }).id;
  }

  insertRotation(row: RotationRow): void {
    this.write(
      'rotations',
      `INSERT INTO rotations (id, account_id, rotated_at, note, totp_changed, recovery_changed, overrides)
       VALUES (@id, @accountId, @rotatedAt, @note, @totpChanged, @recoveryChanged, @overrides)`,
      row,
    );
  }

  rotation(id: number): RotationRow | undefined {
    return this.sql(
      `SELECT id, account_id AS accountId, rotated_at AS rotatedAt, note, totp_changed AS totpChanged,
              recovery_changed AS recoveryChanged, overrides
         FROM rotations WHERE id = ?`,
    ).get(id) as RotationRow | undefined;
  }

  rotationsFor(accountId: number): RotationRow[] {
    return this.sql(
      `SELECT id, account_id AS accountId, rotated_at AS rotatedAt, note, totp_changed AS totpChanged,
              recovery_changed AS recoveryChanged, overrides
         FROM rotations WHERE account_id = ? ORDER BY rotated_at DESC, id DESC`,
    ).all(accountId) as RotationRow[];
  }

  lastRotation(accountId: number): RotationRow | undefined {
    return this.sql(
      `SELECT id, account_id AS accountId, rotated_at AS rotatedAt, note, totp_changed AS totpChanged,
              recovery_changed AS recoveryChanged, overrides
         FROM rotations WHERE account_id = ? ORDER BY rotated_at DESC, id DESC LIMIT 1`,
    ).get(accountId) as RotationRow | undefined;
  }

  insertHistory(row: PasswordHistoryRow): void {
    this.write(
      'password_history',
      `INSERT INTO password_history (id, account_id, rotation_id, password, password_hash, set_at, replaced_at)
       VALUES (@id, @accountId, @rotationId, @password, @passwordHash, @setAt, @replacedAt)`,
      row,
    );
  }

  history(accountId: number): PasswordHistoryRow[] {
    return this.sql(
      `SELECT id, account_id AS accountId, rotation_id AS rotationId, password, password_hash AS passwordHash, set_at AS setAt, replaced_at AS replacedAt
         FROM password_history WHERE account_id = ? ORDER BY replaced_at DESC, id DESC`,
    ).all(accountId) as PasswordHistoryRow[];
  }

  historyEntry(id: number): PasswordHistoryRow | undefined {
    return this.sql(
      `SELECT id, account_id AS accountId, rotation_id AS rotationId, password, password_hash AS passwordHash, set_at AS setAt, replaced_at AS replacedAt
         FROM password_history WHERE id = ?`,
    ).get(id) as PasswordHistoryRow | undefined;
  }

  /** The account's most recent password history hashes, newest first (the reuse rule looks at the last 12). */
  recentHashes(accountId: number, limit: number): { id: number; rotationId: number | null; hash: Uint8Array }[] {
    return this.sql(
      `SELECT id, rotation_id AS rotationId, password_hash AS hash FROM password_history
        WHERE account_id = ? AND password_hash IS NOT NULL ORDER BY replaced_at DESC, id DESC LIMIT ?`,
    ).all(accountId, limit) as { id: number; rotationId: number | null; hash: Uint8Array }[];
  }

  /** History rows whose hash is missing (vaults from before hashes): filled in at unlock. */
  missingHistoryHashes(): { id: number; accountId: number; password: Ciphertext }[] {
    return this.sql(
      'SELECT id, account_id AS accountId, password FROM password_history WHERE password_hash IS NULL ORDER BY id',
    ).all() as { id: number; accountId: number; password: Ciphertext }[];
  }

  setHistoryHash(id: number, hash: Uint8Array): void {
    this.write('password_history', 'UPDATE password_history SET password_hash = ? WHERE id = ?', hash, id);
  }

  /** The history entry a rotation pushed out (the password it replaced). */
  replacedBy(rotationId: number): PasswordHistoryRow | undefined {
    return this.sql(
      `SELECT id, account_id AS accountId, rotation_id AS rotationId, password, password_hash AS passwordHash, set_at AS setAt, replaced_at AS replacedAt
         FROM password_history WHERE rotation_id = ?`,
    ).get(rotationId) as PasswordHistoryRow | undefined;
  }

  insertDraft(row: DraftRow): void {
    this.write(
      'rotation_drafts',
      `INSERT INTO rotation_drafts (id, purpose, account_id, created_at, password, totp, recovery_codes, state, finished_at, rotation_id, acceptance)
       VALUES (@id, @purpose, @accountId, @createdAt, @password, @totp, @recoveryCodes, @state, @finishedAt, @rotationId, @acceptance)`,
      row,
    );
  }

  draft(id: number): DraftRow | undefined {
    return this.sql(`SELECT ${DRAFT} FROM rotation_drafts WHERE id = ?`).get(id) as DraftRow | undefined;
  }

  pendingDraft(accountId: number): DraftRow | undefined {
    return this.sql(`SELECT ${DRAFT} FROM rotation_drafts WHERE account_id = ? AND state = 'pending'`).get(
      accountId,
    ) as DraftRow | undefined;
  }

  pendingDrafts(): DraftRow[] {
    return this.sql(`SELECT ${DRAFT} FROM rotation_drafts WHERE state = 'pending' ORDER BY id`).all() as DraftRow[];
  }

  finishDraft(id: number, state: 'confirmed' | 'abandoned', at: number, rotationId: number | null): void {
    this.write(
      'rotation_drafts',
      `UPDATE rotation_drafts SET state = @state, finished_at = @at, rotation_id = @rotationId WHERE id = @id AND state = 'pending'`,
      { id, state, at, rotationId },
    );
  }

  insertIncident(row: IncidentRow): void {
    this.write(
      'incidents',
      `INSERT INTO incidents (id, account_id, reported_at, note, steps, closed_at)
       VALUES (@id, @accountId, @reportedAt, @note, @steps, @closedAt)`,
      row,
    );
  }

  incident(id: number): IncidentRow | undefined {
    return this.sql(`SELECT ${INCIDENT} FROM incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
  }

  openIncidents(accountId?: number): IncidentRow[] {
    if (accountId === undefined) {
      return this.sql(
        `SELECT ${INCIDENT} FROM incidents WHERE closed_at IS NULL ORDER BY reported_at`,
      ).all() as IncidentRow[];
    }
    return this.sql(
      `SELECT ${INCIDENT} FROM incidents WHERE account_id = ? AND closed_at IS NULL ORDER BY reported_at`,
    ).all(accountId) as IncidentRow[];
  }

  updateIncident(id: number, steps: string, closedAt: number | null): void {
    this.write('incidents', 'UPDATE incidents SET steps = @steps, closed_at = @closedAt WHERE id = @id', {
      id,
      steps,
      closedAt,
    });
  }

  /** Every account's rotation clock, readable without the key (for reminders while locked). */
  states(): RotationStateRow[] {
    return this.sql(
      `SELECT a.id AS accountId, a.status, a.created_at AS createdAt, s.password_changed_at AS passwordChangedAt,
              a.rotation_days AS rotationDays
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
        ORDER BY a.id`,
    ).all() as RotationStateRow[];
  }

  state(accountId: number): RotationStateRow | undefined {
    return this.sql(
      `SELECT a.id AS accountId, a.status, a.created_at AS createdAt, s.password_changed_at AS passwordChangedAt,
              a.rotation_days AS rotationDays
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id WHERE a.id = ?`,
    ).get(accountId) as RotationStateRow | undefined;
  }

  setRotationDays(accountId: number, days: number | null): void {
    this.write('accounts', 'UPDATE accounts SET rotation_days = ? WHERE id = ?', days, accountId);
  }
}
