import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import type { Integrity } from './integrity';

/**
 * Base for repositories: prepares each SQL text once per connection, checks
 * the file is still as verified before a statement runs, and seals the rows
 * every write touches (see integrity.ts).
 */
export abstract class Repo {
  private readonly statements = new Map<string, Statement>();

  constructor(
    protected readonly db: Db,
    protected readonly integrity: Integrity,
  ) {}

  protected sql(text: string): Statement {
    this.integrity.ensureFresh();
    return this.prepared(text);
  }

  /**
   * Runs an INSERT / UPDATE / upsert on `table` and re-MACs every row it
   * changed. Returns how many rows it changed.
   */
  protected write(table: string, text: string, ...params: unknown[]): number {
    this.integrity.ensureFresh();
    // The changed rows come back with the statement, as the MAC reads them: nothing is read twice.
    const returning = this.integrity.returningFor(table);
    if (returning !== null) {
      const rows = this.prepared(`${text} RETURNING ${returning}`)
        .raw()
        .safeIntegers()
        .all(...params) as Parameters<Integrity['sealReturned']>[1];
      this.integrity.sealReturned(table, rows);
      return rows.length;
    }
    const rowids = this.prepared(`${text} RETURNING rowid`)
      .pluck()
      .all(...params) as number[];
    this.integrity.seal(table, rowids);
    return rowids.length;
  }

  private prepared(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
