/**
 * The pinned schema. A vault file's `sqlite_master` must be exactly what the
 * migrations create for its version: the same tables, indexes and nothing
 * else (no trigger or view the migrations did not create). A planted trigger
 * could otherwise undo every revocation or discard every rotation as it is
 * written, with every row still carrying a valid MAC.
 *
 * The expected schema is not written out by hand: it is what running the
 * migrations up to that version on an empty in-memory database produces,
 * computed once per version and cached, so a new migration extends it by
 * existing. Both sides are compared with the SQL text's whitespace collapsed.
 */
import Database from 'better-sqlite3';
import { CustodianError } from '../errors';
import { MIGRATIONS } from './migrations';
import type { Db } from './database';

interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string | null;
}

const cache = new Map<number, Map<string, SchemaObject>>();

const SCHEMA_QUERY = `SELECT type, name, tbl_name AS "table", sql FROM sqlite_master ORDER BY type, name`;

const normalise = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, ' ').trim());

function objectsOf(db: Db): Map<string, SchemaObject> {
  const rows = db.prepare(SCHEMA_QUERY).all() as SchemaObject[];
  return new Map(rows.map((row) => [`${row.type} ${row.name}`, { ...row, sql: normalise(row.sql) }]));
}

/** What the migrations create up to `version`, computed on an empty in-memory database (cached). */
export function expectedSchema(version: number): ReadonlyMap<string, SchemaObject> {
  let expected = cache.get(version);
  if (!expected) {
    const scratch = new Database(':memory:');
    try {
      for (const migration of MIGRATIONS) {
        if (migration.version > version) break;
        migration.up(scratch, { resealAll: () => undefined });
      }
      expected = objectsOf(scratch);
    } finally {
      scratch.close();
    }
    cache.set(version, expected);
  }
  return expected;
}

/** Refuses a file whose schema is not exactly the one its version should have, naming the first difference. */
export function checkPinnedSchema(db: Db, version: number): void {
  const expected = expectedSchema(version);
  const actual = objectsOf(db);
  for (const [key, object] of actual) {
    const wanted = expected.get(key);
    if (!wanted) {
      throw schemaError(`it contains a ${object.type} "${object.name}" that Custodian did not create`);
    }
    if (wanted.sql !== object.sql || wanted.table !== object.table) {
      throw schemaError(`the ${object.type} "${object.name}" is not as Custodian created it`);
    }
  }
  for (const [key, object] of expected) {
    if (!actual.has(key)) throw schemaError(`the ${object.type} "${object.name}" is missing`);
  }
}

function schemaError(what: string): CustodianError {
  return new CustodianError('tampered', `This vault file has been changed outside Custodian: ${what}`);
}
