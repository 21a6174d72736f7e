import { PERSON_STATUSES, type PersonStatus } from '../../../shared/domain/people';
import type { Ciphertext } from '../crypto/field-cipher';
import { storedEnum } from '../stored-value';
import { Repo } from './repo';

export interface PersonRow {
  id: number;
  name: Ciphertext;
  email: Ciphertext;
  emailIndex: Uint8Array;
  role: Ciphertext | null;
  department: Ciphertext | null;
  status: PersonStatus;
  statusDate: string | null;
  statusNote: Ciphertext | null;
  /** Schema 7. */
  phone: Ciphertext | null;
  lineManagerId: number | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, name, email, email_index AS emailIndex, role, department, status, status_date AS statusDate,
  status_note AS statusNote, phone, line_manager_id AS lineManagerId, created_at AS createdAt, updated_at AS updatedAt`;

const STATUS_SET: ReadonlySet<string> = new Set(PERSON_STATUSES);

/** The enum column of a row read back, checked rather than cast. */
function checked(row: PersonRow): PersonRow {
  storedEnum(STATUS_SET, row.status, { table: 'people', row: row.id, column: 'status' });
  return row;
}

export class PeopleRepo extends Repo {
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM people').get() as { id: number }).id;
  }

  insert(row: PersonRow): void {
    this.write(
      'people',
      `INSERT INTO people (id, name, email, email_index, role, department, status, status_date, status_note, phone,
                           line_manager_id, created_at, updated_at)
       VALUES (@id, @name, @email, @emailIndex, @role, @department, @status, @statusDate, @statusNote, @phone,
               @lineManagerId, @createdAt, @updatedAt)`,
      row,
    );
  }

  updateDetails(
    row: Pick<
      PersonRow,
      'id' | 'name' | 'email' | 'emailIndex' | 'role' | 'department' | 'phone' | 'lineManagerId' | 'updatedAt'
    >,
  ): void {
    this.write(
      'people',
      `UPDATE people SET name = @name, email = @email, email_index = @emailIndex, role = @role,
              department = @department, phone = @phone, line_manager_id = @lineManagerId, updated_at = @updatedAt
        WHERE id = @id`,
      row,
    );
  }

  setStatus(row: Pick<PersonRow, 'id' | 'status' | 'statusDate' | 'statusNote' | 'updatedAt'>): void {
    this.write(
      'people',
      `UPDATE people SET status = @status, status_date = @statusDate, status_note = @statusNote, updated_at = @updatedAt
        WHERE id = @id`,
      row,
    );
  }

  get(id: number): PersonRow | undefined {
    const row = this.sql(`SELECT ${COLUMNS} FROM people WHERE id = ?`).get(id) as PersonRow | undefined;
    return row && checked(row);
  }

  all(): PersonRow[] {
    return (this.sql(`SELECT ${COLUMNS} FROM people ORDER BY id`).all() as PersonRow[]).map(checked);
  }

  idByEmailIndex(emailIndex: Uint8Array): number | undefined {
    return (this.sql('SELECT id FROM people WHERE email_index = ?').get(emailIndex) as { id: number } | undefined)?.id;
  }
}
