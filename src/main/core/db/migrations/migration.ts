import type { Database } from 'better-sqlite3';

/** A numbered schema step. Runs inside one transaction with the user_version bump. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
