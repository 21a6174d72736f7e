import type { Database } from 'better-sqlite3';

/** What a migration may ask of the vault beyond SQL. */
export interface MigrationContext {
  /**
   * Recomputes every row MAC and the integrity record (the vault key is
   * available: migrations run after unlock). A migration that adds or changes
   * columns of authenticated tables calls this after its DDL. When the
   * expected schema is computed on an empty in-memory database it does nothing.
   */
  resealAll(): void;
}

/** A numbered schema step. Runs inside one transaction with the user_version bump. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database, ctx: MigrationContext): void;
  /**
   * Rebuilds a table other tables reference (the only way to change a CHECK
   * constraint): runs with foreign keys off, and every reference is checked
   * again before the transaction commits.
   */
  rebuildsTables?: boolean;
}
