/**
 * Direct access to a vault file with better-sqlite3, for tests that play the
 * attacker (or a damaged disk): read or rewrite stored bytes behind the app's back.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export function withRawDb<T>(path: string, fn: (db: Database.Database) => T, { create = false } = {}): T {
  const db = new Database(path, { fileMustExist: !create });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Flips one bit of the byte at `index` (negative counts from the end). */
export function flipByte(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** The file's bytes, or null when it does not exist. */
export function fileBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
