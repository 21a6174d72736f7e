/**
 * The redemption ledger: which one-time credentials were redeemed on this
 * machine, and failed code attempts per credential. Its own small SQLite file
 * in the user's data folder (redeeming needs no vault). Claiming a ticket is
 * one INSERT on a primary key, so however many windows or processes race,
 * exactly one wins.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CustodianError } from '../errors';
import { translateSqliteError } from './sqlite-errors';

/** "CULG": a Custodian ledger. */
const LEDGER_ID = 0x43554c47;

export class RedemptionLedger {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  static open(path: string): RedemptionLedger {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Created readable by the user only (an existing file keeps its mode).
      closeSync(openSync(path, 'a', 0o600));
      db = new Database(path);
      db.pragma('busy_timeout = 10000');
      const id = db.pragma('application_id', { simple: true });
      if (id !== LEDGER_ID && id !== 0)
        throw new CustodianError('not_a_vault', `${path} is not a Custodian redemption ledger`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      if (id === 0) {
        db.exec(`
          BEGIN IMMEDIATE;
          CREATE TABLE IF NOT EXISTS redeemed (ticket_id TEXT PRIMARY KEY, redeemed_at INTEGER NOT NULL) STRICT;
          CREATE TABLE IF NOT EXISTS failures (
            ticket_id TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at INTEGER NOT NULL) STRICT;
          PRAGMA application_id = ${LEDGER_ID};
          COMMIT;`);
      }
      return new RedemptionLedger(db, path);
    } catch (error) {
      db?.close();
      throw translateSqliteError(error, path);
    }
  }

  isRedeemed(ticketId: string): boolean {
    return this.db.prepare('SELECT 1 FROM redeemed WHERE ticket_id = ?').get(ticketId) !== undefined;
  }

  failures(ticketId: string): { count: number; lastAt: number } | undefined {
    return this.db.prepare('SELECT count, last_at AS lastAt FROM failures WHERE ticket_id = ?').get(ticketId) as
      { count: number; lastAt: number } | undefined;
  }

  recordFailure(ticketId: string, at: number): number {
    this.db
      .prepare(
        `INSERT INTO failures (ticket_id, count, last_at) VALUES (?, 1, ?)
         ON CONFLICT (ticket_id) DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
      )
      .run(ticketId, at);
    return this.failures(ticketId)!.count;
  }

  /**
   * Counts a code attempt before its KDF runs, in one immediate transaction:
   * `check` sees the ticket's state under the write lock (and throws to
   * refuse: already redeemed, backing off), then the attempt is counted as a
   * failure until it succeeds. Parallel attempts queue behind the lock and
   * each sees the ones before it. Returns the count including this attempt.
   */
  chargeAttempt(
    ticketId: string,
    at: number,
    check: (state: { redeemed: boolean; failures: { count: number; lastAt: number } | undefined }) => void,
  ): number {
    try {
      return this.db
        .transaction(() => {
          check({ redeemed: this.isRedeemed(ticketId), failures: this.failures(ticketId) });
          return this.recordFailure(ticketId, at);
        })
        .immediate();
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  /** Marks the ticket redeemed; false when someone else already did. */
  claim(ticketId: string, at: number): boolean {
    try {
      return (
        this.db.prepare('INSERT OR IGNORE INTO redeemed (ticket_id, redeemed_at) VALUES (?, ?)').run(ticketId, at)
          .changes === 1
      );
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
