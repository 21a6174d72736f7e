import type { PersonStatus } from '../../../shared/domain/people';
import type { Ciphertext } from '../crypto/field-cipher';
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
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, name, email, email_index AS emailIndex, role, department, status, status_date AS statusDate,
  status_note AS statusNote, created_at AS createdAt, updated_at AS updatedAt`;

export class PeopleRepo extends Repo {
  nextId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM people').get() as { id: number }).id;
  }

  insert(row: PersonRow): void {
    this.write(
      'people',
      `INSERT INTO people (id, name, email, email_index, role, department, status, status_date, status_note, created_at, updated_at)
       VALUES (@id, @name, @email, @emailIndex, @role, @department, @status, @statusDate, @statusNote, @createdAt, @updatedAt)`,
      row,
    );
  }

  updateDetails(
    row: Pick<PersonRow, 'id' | 'name' | 'email' | 'emailIndex' | 'role' | 'department' | 'updatedAt'>,
  ): void {
    this.write(
      'people',
      `UPDATE people SET name = @name, email = @email, email_index = @emailIndex, role = @role,
              department = @department, updated_at = @updatedAt
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
    return this.sql(`SELECT ${COLUMNS} FROM people WHERE id = ?`).get(id) as PersonRow | undefined;
  }

  all(): PersonRow[] {
    return this.sql(`SELECT ${COLUMNS} FROM people ORDER BY id`).all() as PersonRow[];
  }

  idByEmailIndex(emailIndex: Uint8Array): number | undefined {
    return (this.sql('SELECT id FROM people WHERE email_index = ?').get(emailIndex) as { id: number } | undefined)?.id;
  }
}
