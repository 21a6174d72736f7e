/**
 * Values read back from the vault file are parsed, never cast. Every row is
 * MAC'd (db/integrity.ts), so a value that fails here was written by a bug
 * or by something that also holds the vault key; either way the read is
 * refused with the same "changed outside Custodian" as a failing MAC, naming
 * the table, row and column, and never the value (it may be a secret), never
 * a bare TypeError or SyntaxError from deep in a view.
 */
import { z } from 'zod';
import { CustodianError } from './errors';

/** Where a stored value sits: the table, the row (its id, or a settings key) and the column. */
export interface StoredAt {
  table: string;
  row: number | string;
  column: string;
}

export function tamperedValue(at: StoredAt): CustodianError {
  return new CustodianError(
    'tampered',
    `This vault file has been changed outside Custodian: table ${at.table}, row ${at.row}, column ${at.column} holds a value Custodian does not write`,
  );
}

/** A stored value checked against its schema. */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, at: StoredAt): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw tamperedValue(at);
  return parsed.data;
}

/** A stored JSON text, parsed and checked against its schema. */
export function parseStoredJson<S extends z.ZodType>(schema: S, text: unknown, at: StoredAt): z.output<S> {
  let value: unknown;
  try {
    value = typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    throw tamperedValue(at);
  }
  return parseStored(schema, value, at);
}

/**
 * One of a fixed set of values (an enum column). A set lookup, not a schema:
 * it runs for every row of every list (10,000s at unlock).
 */
export function storedEnum<T extends string>(allowed: ReadonlySet<string>, value: unknown, at: StoredAt): T {
  if (typeof value !== 'string' || !allowed.has(value)) throw tamperedValue(at);
  return value as T;
}

/** What `recovery_codes` columns seal: the codes, in order. */
export const RecoveryCodesStored = z.array(z.string());
