/**
 * Turns SQLite's failures into one-line messages a user can act on. Only the
 * db layer sees SqliteError; everything above sees CustodianError.
 */
import Database from 'better-sqlite3';
import { CustodianError } from '../errors';

export function translateSqliteError(error: unknown, path: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const code = error.code;
  if (code === 'SQLITE_NOTADB') {
    return new CustodianError('not_a_vault', `${path} is not a Custodian vault (not a SQLite database)`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new CustodianError('corrupt', `The vault file ${path} is damaged or truncated (${error.message})`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CustodianError('conflict', 'The vault is busy: another Custodian window or command is writing to it');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new CustodianError('io', `Cannot open ${path}: ${error.message}`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new CustodianError('io', `Cannot write to the vault file ${path}: ${error.message}`);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new CustodianError('conflict', `The change breaks a vault rule (${error.message})`);
  }
  return error;
}
