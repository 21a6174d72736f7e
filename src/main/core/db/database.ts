/**
 * Opening a vault file: every check that must pass before anything is
 * written to it. A file that is not ours, or is from a newer build, is closed
 * untouched.
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CustodianError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { MigrationContext } from './migrations/migration';
import { checkPinnedSchema } from './schema-pin';
import { translateSqliteError } from './sqlite-errors';

/** "CUST": marks the SQLite file as a Custodian vault. */
export const APPLICATION_ID = 0x43555354;

export type Db = Database.Database;

function readPragma(db: Db, name: string): unknown {
  return db.pragma(name, { simple: true });
}

/** WAL, full fsync, enforced foreign keys: set, then read back, on every open. */
function configure(db: Db): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('trusted_schema = OFF');
  const journal = db.pragma('journal_mode = WAL', { simple: true });
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const synchronous = readPragma(db, 'synchronous');
  const foreignKeys = readPragma(db, 'foreign_keys');
  if (journal !== 'wal' || synchronous !== 2 || foreignKeys !== 1) {
    throw new CustodianError(
      'io',
      `The vault could not be opened safely (journal=${String(journal)}, synchronous=${String(synchronous)}, foreign_keys=${String(foreignKeys)})`,
    );
  }
}

export function openExistingDatabase(path: string): Db {
  if (!existsSync(path)) throw new CustodianError('no_vault', `No vault at ${path}`);
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const applicationId = readPragma(db, 'application_id');
    const version = readPragma(db, 'user_version') as number;
    if (applicationId !== APPLICATION_ID) {
      throw new CustodianError('not_a_vault', `${path} is not a Custodian vault`);
    }
    if (version > SCHEMA_VERSION) {
      throw new CustodianError(
        'newer_version',
        `This vault was written by a newer Custodian (schema ${version}; this build reads up to ${SCHEMA_VERSION}): update Custodian to open it`,
      );
    }
    // Before anything runs on it: a planted trigger or view must never fire.
    checkPinnedSchema(db, version);
    configure(db);
    return db;
  } catch (error) {
    db?.close();
    throw translateSqliteError(error, path);
  }
}

/** Creates a new, empty vault database at the latest schema. Removes the file again if anything fails. */
export function createDatabase(path: string, prepare: (db: Db) => void): Db {
  if (existsSync(path)) throw new CustodianError('exists', `A file already exists at ${path}; choose another name`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: Db | undefined;
  try {
    // Readable by the user only from the first byte (SQLite gives its -wal and -shm files the same
    // mode): the secrets are sealed, but the audit trail and which platforms are held are not.
    closeSync(openSync(path, 'wx', 0o600));
    db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    configure(db);
    prepare(db);
    return db;
  } catch (error) {
    db?.close();
    removeDatabaseFiles(path);
    throw translateSqliteError(error, path);
  }
}

export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export function schemaVersion(db: Db): number {
  return readPragma(db, 'user_version') as number;
}

const WITHOUT_KEY: MigrationContext = {
  resealAll() {
    throw new CustodianError('locked', 'This migration seals rows: it needs the unlocked vault');
  },
};

/**
 * Applies the migrations the file has not seen, each in its own transaction;
 * `upTo` stops at an earlier version (tests build files as older builds left
 * them). `ctx` gives migrations the vault key's row sealing (they run after
 * unlock); without it, a migration that needs it refuses. Returns how many ran.
 */
export function migrate(db: Db, upTo = SCHEMA_VERSION, ctx: MigrationContext = WITHOUT_KEY): number {
  let applied = 0;
  for (const migration of MIGRATIONS) {
    if (migration.version <= schemaVersion(db) || migration.version > upTo) continue;
    // foreign_keys cannot change inside a transaction: switched off around it, and back on whatever happens.
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db, ctx);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) {
            throw new Error(`Migration ${migration.version} would leave ${broken.length} broken reference(s)`);
          }
        }
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
    applied++;
  }
  return applied;
}
