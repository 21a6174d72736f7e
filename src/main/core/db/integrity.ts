/**
 * Every row authenticated. Each table (the audit events excepted: their
 * chain is keyed) has a `mac` column: the row key's MAC over the table name
 * and every other column in schema order (see crypto/row-auth.ts). One more
 * row, `vault_integrity`, itself MAC'd, holds what a single row's MAC cannot
 * show: per table, the number of rows and the XOR of their MACs (a deleted
 * row, or one put back from an older copy, changes them), the audit trail's
 * head and its last signed checkpoint (a truncated or rewritten trail no
 * longer matches), and from which event on the chain is keyed.
 *
 * When it is checked: the whole file (schema, every row, the record) at
 * unlock, and again before the next statement whenever another connection
 * has committed since (SQLite's data_version), so nothing read in a session
 * comes from a row that was not verified. Writes go through `seal`, which
 * re-MACs the rows a statement touched and updates the counts; the record is
 * written at the end of each write transaction, inside it.
 *
 * While the vault is locked there is no key: nothing is checked (reading the
 * header to unlock, rotation reminders) and nothing but the header's
 * back-off counters, which are outside its MAC, may be written.
 */
import type { Statement } from 'better-sqlite3';
import { CustodianError } from '../errors';
import type { Db } from './database';
import { checkPinnedSchema } from './schema-pin';

/** Values as better-sqlite3 returns them with safe integers. */
type Value = bigint | number | string | Uint8Array | null;

/** The MAC functions, from the vault's keys (crypto/row-auth.ts). */
export interface RowAuth {
  mac(table: string, values: readonly Value[]): Uint8Array;
  verify(table: string, values: readonly Value[], stored: unknown): boolean;
  checksum(values: readonly Value[]): Uint8Array;
}

/** The first schema version with row MACs. */
export const AUTHENTICATED_SCHEMA_VERSION = 7;

const INTEGRITY_TABLE = 'vault_integrity';
/** Columns outside a table's MAC: the MAC itself, and the header's back-off state (written while locked). */
const UNSEALED: Record<string, readonly string[]> = {
  vault_header: ['failed_unlocks', 'last_failed_unlock_at', 'checksum'],
};
const INTEGRITY_COLUMNS = [
  'id',
  'commits',
  'tables',
  'audit_keyed_from',
  'audit_seq',
  'audit_hash',
  'checkpoint_seq',
  'checkpoint_hash',
] as const;

interface Layout {
  table: string;
  /** Sealed columns, in schema order. */
  columns: string[];
  primaryKey: string[];
  scan: Statement;
  byRowid: Statement;
  setMac: Statement;
}

interface TableCount {
  rows: number;
  digest: Buffer;
}

interface IntegrityRecord {
  commits: number;
  auditKeyedFrom: number;
  auditSeq: number;
  auditHash: Uint8Array | null;
  checkpointSeq: number;
  checkpointHash: Uint8Array | null;
}

export interface IntegritySnapshot {
  counts: Map<string, TableCount> | null;
  record: IntegrityRecord | null;
}

export class Integrity {
  private auth: RowAuth | null = null;
  private layouts: Map<string, Layout> | null = null;
  private counts: Map<string, TableCount> | null = null;
  private record: IntegrityRecord | null = null;
  private verifiedDataVersion: number | null = null;
  private inWrite = false;
  private sealedInWrite = false;
  /**
   * Change stamps for what is derived from the rows (holders, facts for the
   * report): a table's stamp is a value of one clock that only goes forward,
   * moved whenever a row of it is sealed; every table's moves when the whole
   * file is verified again (another connection committed), when a
   * transaction rolls back and at lock. So a value computed when the stamps
   * of its tables had some maximum is current while that maximum is the same.
   */
  private clock = 0;
  private everyTableAt = 0;
  private readonly stamps = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly schemaVersion: () => number,
  ) {}

  /** Gives the row key (at unlock, or when a vault is created). */
  install(auth: RowAuth): void {
    this.auth = auth;
  }

  get active(): boolean {
    return this.auth !== null && this.schemaVersion() >= AUTHENTICATED_SCHEMA_VERSION;
  }

  /** The first audit event whose hash is keyed (events before it predate the keyed chain). */
  auditKeyedFrom(): number {
    return this.record?.auditKeyedFrom ?? 1;
  }

  /** The last signed checkpoint as the integrity record remembers it. */
  rememberedCheckpoint(): { seq: number; hash: Uint8Array | null } | null {
    return this.record ? { seq: this.record.checkpointSeq, hash: this.record.checkpointHash } : null;
  }

  /**
   * The header's unlock columns and stored checksum, readable before unlock
   * (schema 7 on; undefined before).
   */
  headerMaterial(): { values: Value[]; checksum: Uint8Array } | undefined {
    if (this.schemaVersion() < AUTHENTICATED_SCHEMA_VERSION) return undefined;
    const layout = this.layout('vault_header');
    const row = this.db
      .prepare(`SELECT ${layout.columns.join(', ')}, checksum FROM vault_header WHERE id = 1`)
      .raw()
      .safeIntegers()
      .get() as Value[] | undefined;
    if (!row) return undefined;
    const checksum = row[layout.columns.length];
    return {
      values: row.slice(0, layout.columns.length),
      checksum: checksum instanceof Uint8Array ? checksum : new Uint8Array(0),
    };
  }

  /** The latest change stamp of any of `tables` (see `clock`); only after `ensureFresh`. */
  changeStamp(tables: readonly string[]): number {
    let latest = this.everyTableAt;
    for (const table of tables) latest = Math.max(latest, this.stamps.get(table) ?? 0);
    return latest;
  }

  private touchEveryTable(): void {
    this.everyTableAt = ++this.clock;
  }

  /** Before a read: re-verifies everything if another connection has committed since the last check. */
  ensureFresh(): void {
    if (!this.auth || this.counts === null) return;
    if (this.inWrite) return;
    if (this.dataVersion() !== this.verifiedDataVersion) this.verifyAll();
  }

  /** Start of a top-level write transaction (the write lock is held). */
  beginWrite(): void {
    this.ensureFresh();
    this.inWrite = this.counts !== null;
    this.sealedInWrite = false;
  }

  endWrite(): void {
    this.inWrite = false;
  }

  snapshot(): IntegritySnapshot {
    return {
      counts:
        this.counts && new Map([...this.counts].map(([t, c]) => [t, { rows: c.rows, digest: Buffer.from(c.digest) }])),
      record: this.record && { ...this.record },
    };
  }

  /** After a rolled-back (sub)transaction: the counts as they were when it started. */
  restore(snapshot: IntegritySnapshot): void {
    this.touchEveryTable();
    this.counts = snapshot.counts;
    this.record = snapshot.record;
  }

  /**
   * The RETURNING list a write on `table` gives `sealReturned` (the sealed
   * columns, the MAC as it stood, the rowid), so the rows need not be read
   * back; null when nothing is sealed (before schema 7, or while locked:
   * `seal` then refuses as it always has).
   */
  returningFor(table: string): string | null {
    if (!this.auth || this.schemaVersion() < AUTHENTICATED_SCHEMA_VERSION) return null;
    return `${this.layout(table).columns.join(', ')}, mac, rowid`;
  }

  /** Seals the rows a write returned through `returningFor`'s list. Only inside a write transaction. */
  sealReturned(table: string, rows: readonly Value[][]): void {
    if (rows.length === 0) return;
    this.sealRows(table, rows);
  }

  /**
   * Re-MACs the rows a write touched (their rowids, from RETURNING) and
   * updates the table's count and digest. Only inside a write transaction.
   */
  seal(table: string, rowids: readonly (number | bigint)[]): void {
    if (rowids.length === 0 || this.schemaVersion() < AUTHENTICATED_SCHEMA_VERSION) return;
    const layout = this.layout(table);
    const rows: Value[][] = [];
    for (const rowid of rowids) {
      const row = layout.byRowid.get(rowid) as Value[] | undefined;
      if (row) rows.push([...row, rowid]);
    }
    this.sealRows(table, rows);
  }

  /** Each row: the sealed columns in schema order, then the stored MAC, then the rowid. */
  private sealRows(table: string, rows: readonly Value[][]): void {
    const auth = this.requireAuth();
    if (!this.db.inTransaction || this.counts === null) {
      throw new CustodianError('internal', `A write to ${table} outside a verified write transaction`);
    }
    const layout = this.layout(table);
    const count = this.counts.get(table);
    if (!count) throw new CustodianError('internal', `No integrity count for table ${table}`);
    const n = layout.columns.length;
    for (const row of rows) {
      const values = row.slice(0, n);
      const old = row[n];
      const rowid = row[n + 1];
      const mac = auth.mac(table, values);
      if (table === 'vault_header') layout.setMac.run(mac, auth.checksum(values), rowid);
      else layout.setMac.run(mac, rowid);
      if (old instanceof Uint8Array) xorInto(count.digest, old);
      else count.rows++;
      xorInto(count.digest, mac);
    }
    this.stamps.set(table, ++this.clock);
    this.sealedInWrite = true;
  }

  /**
   * Checks the whole file: the pinned schema, the integrity record's MAC,
   * every row's MAC, each table's count and digest, the audit head and the
   * last checkpoint. Throws `tampered` naming what does not verify.
   */
  verifyAll(): void {
    // One read transaction: every table seen at the same commit, even while another process writes.
    if (this.db.inTransaction) this.verifyAllNow();
    else this.db.transaction(() => this.verifyAllNow())();
  }

  private verifyAllNow(): void {
    const auth = this.requireAuth();
    const version = this.schemaVersion();
    checkPinnedSchema(this.db, version);
    if (version < AUTHENTICATED_SCHEMA_VERSION) return;
    this.layouts = null;
    const stored = this.readRecord();
    if (!stored) throw tampered('the integrity record is missing');
    const { record, tables, mac } = stored;
    if (!auth.verify(INTEGRITY_TABLE, stored.values, mac)) throw tampered('the integrity record does not verify');
    const counts = new Map<string, TableCount>();
    for (const layout of this.allLayouts().values()) {
      const count: TableCount = { rows: 0, digest: Buffer.alloc(32) };
      const n = layout.columns.length;
      for (const row of layout.scan.iterate() as IterableIterator<Value[]>) {
        const values = row.slice(0, n);
        const rowMac = row[n];
        if (!auth.verify(layout.table, values, rowMac)) {
          throw tampered(`table ${layout.table}, row ${rowName(layout, row)} does not verify`);
        }
        count.rows++;
        xorInto(count.digest, rowMac as Uint8Array);
      }
      const expected = tables.get(layout.table);
      if (!expected) throw tampered(`table ${layout.table} is not in the integrity record`);
      if (expected.rows !== count.rows) {
        throw tampered(`table ${layout.table} has ${count.rows} rows where ${expected.rows} were written`);
      }
      if (!expected.digest.equals(count.digest)) {
        throw tampered(`rows of table ${layout.table} were replaced by older copies`);
      }
      counts.set(layout.table, count);
    }
    for (const table of tables.keys()) {
      if (!counts.has(table)) throw tampered(`table ${table} is missing`);
    }
    const head = this.auditHead();
    if ((head?.seq ?? 0) !== record.auditSeq || !sameBytes(head?.hash ?? null, record.auditHash)) {
      throw tampered(
        `the audit trail ends at event ${head?.seq ?? 0} but event ${record.auditSeq} was the last one written`,
      );
    }
    const checkpoint = this.lastCheckpoint();
    if (
      (checkpoint?.seq ?? 0) !== record.checkpointSeq ||
      !sameBytes(checkpoint?.hash ?? null, record.checkpointHash)
    ) {
      throw tampered(
        `the last signed audit checkpoint is at event ${checkpoint?.seq ?? 0}, not at event ${record.checkpointSeq}`,
      );
    }
    this.counts = counts;
    this.record = record;
    this.verifiedDataVersion = this.dataVersion();
    this.touchEveryTable();
  }

  /**
   * Recomputes every row's MAC and writes a fresh integrity record: the
   * migration that introduces row MACs, and any later one that changes
   * authenticated columns. Keeps where the keyed audit chain starts.
   */
  resealAll(): void {
    const auth = this.requireAuth();
    this.touchEveryTable();
    this.layouts = null;
    const counts = new Map<string, TableCount>();
    for (const layout of this.allLayouts().values()) {
      const count: TableCount = { rows: 0, digest: Buffer.alloc(32) };
      const n = layout.columns.length;
      const rows = this.db
        .prepare(`SELECT ${layout.columns.join(', ')}, rowid FROM ${layout.table}`)
        .raw()
        .safeIntegers()
        .all() as Value[][];
      for (const row of rows) {
        const values = row.slice(0, n);
        const mac = auth.mac(layout.table, values);
        if (layout.table === 'vault_header') layout.setMac.run(mac, auth.checksum(values), row[n]);
        else layout.setMac.run(mac, row[n]);
        count.rows++;
        xorInto(count.digest, mac);
      }
      counts.set(layout.table, count);
    }
    const previous = this.readRecord();
    const head = this.auditHead();
    this.counts = counts;
    this.record = {
      commits: previous?.record.commits ?? 0,
      auditKeyedFrom: previous?.record.auditKeyedFrom ?? (head?.seq ?? 0) + 1,
      auditSeq: 0,
      auditHash: null,
      checkpointSeq: 0,
      checkpointHash: null,
    };
    this.writeRecord(true);
  }

  /** End of a write transaction, inside it: the record follows what was written. */
  flush(): void {
    if (!this.auth || this.counts === null || !this.record) return;
    const head = this.auditHead();
    const checkpoint = this.lastCheckpoint();
    const unchanged =
      !this.sealedInWrite &&
      (head?.seq ?? 0) === this.record.auditSeq &&
      (checkpoint?.seq ?? 0) === this.record.checkpointSeq;
    if (unchanged) return;
    this.writeRecord(false);
  }

  /** After lock: nothing is checked or sealed until the next unlock. */
  uninstall(): void {
    this.touchEveryTable();
    this.auth = null;
    this.counts = null;
    this.record = null;
    this.layouts = null;
    this.verifiedDataVersion = null;
  }

  private writeRecord(insert: boolean): void {
    const auth = this.requireAuth();
    const record = this.record!;
    const head = this.auditHead();
    const checkpoint = this.lastCheckpoint();
    record.commits++;
    record.auditSeq = head?.seq ?? 0;
    record.auditHash = head?.hash ?? null;
    record.checkpointSeq = checkpoint?.seq ?? 0;
    record.checkpointHash = checkpoint?.hash ?? null;
    const tables = Object.fromEntries(
      [...this.counts!].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, c]) => [t, [c.rows, c.digest.toString('hex')]]),
    );
    const values: Value[] = [
      1n,
      BigInt(record.commits),
      JSON.stringify(tables),
      BigInt(record.auditKeyedFrom),
      BigInt(record.auditSeq),
      record.auditHash,
      BigInt(record.checkpointSeq),
      record.checkpointHash,
    ];
    const mac = auth.mac(INTEGRITY_TABLE, values);
    this.db
      .prepare(
        `INSERT ${insert ? 'OR REPLACE ' : ''}INTO ${INTEGRITY_TABLE} (${INTEGRITY_COLUMNS.join(', ')}, mac)
         VALUES (${INTEGRITY_COLUMNS.map(() => '?').join(', ')}, ?)
         ${insert ? '' : 'ON CONFLICT (id) DO UPDATE SET commits = excluded.commits, tables = excluded.tables, audit_keyed_from = excluded.audit_keyed_from, audit_seq = excluded.audit_seq, audit_hash = excluded.audit_hash, checkpoint_seq = excluded.checkpoint_seq, checkpoint_hash = excluded.checkpoint_hash, mac = excluded.mac'}`,
      )
      .run(...values, mac);
  }

  private readRecord():
    { record: IntegrityRecord; tables: Map<string, TableCount>; values: Value[]; mac: unknown } | undefined {
    const row = this.db
      .prepare(`SELECT ${INTEGRITY_COLUMNS.join(', ')}, mac FROM ${INTEGRITY_TABLE} WHERE id = 1`)
      .raw()
      .safeIntegers()
      .get() as Value[] | undefined;
    if (!row) return undefined;
    const values = row.slice(0, INTEGRITY_COLUMNS.length);
    const [, commits, tablesJson, keyedFrom, auditSeq, auditHash, checkpointSeq, checkpointHash] = values;
    const integer = (v: Value) => (typeof v === 'bigint' ? Number(v) : NaN);
    const bytes = (v: Value) => (v === null ? null : v instanceof Uint8Array ? v : undefined);
    const record: IntegrityRecord = {
      commits: integer(commits ?? null),
      auditKeyedFrom: integer(keyedFrom ?? null),
      auditSeq: integer(auditSeq ?? null),
      auditHash: bytes(auditHash ?? null) ?? null,
      checkpointSeq: integer(checkpointSeq ?? null),
      checkpointHash: bytes(checkpointHash ?? null) ?? null,
    };
    return { record, tables: parseTables(tablesJson ?? null), values, mac: row[INTEGRITY_COLUMNS.length] };
  }

  private auditHead(): { seq: number; hash: Uint8Array } | undefined {
    return this.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: Uint8Array } | undefined;
  }

  private lastCheckpoint(): { seq: number; hash: Uint8Array } | undefined {
    return this.db.prepare('SELECT seq, head_hash AS hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: Uint8Array } | undefined;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private requireAuth(): RowAuth {
    if (!this.auth) throw new CustodianError('locked', 'The vault is locked');
    return this.auth;
  }

  private layout(table: string): Layout {
    const layout = this.allLayouts().get(table);
    if (!layout) throw new CustodianError('internal', `Table ${table} is not authenticated`);
    return layout;
  }

  /** Every table with a `mac` column, as the (pinned) schema defines it. */
  private allLayouts(): Map<string, Layout> {
    if (this.layouts) return this.layouts;
    const layouts = new Map<string, Layout>();
    const tables = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    for (const table of tables) {
      if (table === INTEGRITY_TABLE) continue;
      const info = this.db.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
        name: string;
        pk: number;
      }[];
      if (!info.some((c) => c.name === 'mac')) continue;
      const skip = new Set(['mac', ...(UNSEALED[table] ?? [])]);
      const columns = info.filter((c) => !skip.has(c.name)).map((c) => c.name);
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const list = columns.join(', ');
      layouts.set(table, {
        table,
        columns,
        primaryKey,
        scan: this.db.prepare(`SELECT ${list}, mac FROM ${table}`).raw().safeIntegers(),
        byRowid: this.db.prepare(`SELECT ${list}, mac FROM ${table} WHERE rowid = ?`).raw().safeIntegers(),
        setMac: this.db.prepare(
          table === 'vault_header'
            ? `UPDATE ${table} SET mac = ?, checksum = ? WHERE rowid = ?`
            : `UPDATE ${table} SET mac = ? WHERE rowid = ?`,
        ),
      });
    }
    this.layouts = layouts;
    return layouts;
  }
}

function parseTables(json: Value): Map<string, TableCount> {
  const tables = new Map<string, TableCount>();
  let parsed: unknown;
  try {
    parsed = typeof json === 'string' ? JSON.parse(json) : null;
  } catch {
    parsed = null;
  }
  if (parsed === null || typeof parsed !== 'object') return tables;
  for (const [table, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'string') {
      tables.set(table, { rows: entry[0], digest: Buffer.from(entry[1], 'hex') });
    }
  }
  return tables;
}

function rowName(layout: Layout, row: Value[]): string {
  const parts = layout.primaryKey.map((column) => {
    const value = row[layout.columns.indexOf(column)];
    return value instanceof Uint8Array ? '<bytes>' : String(value);
  });
  return parts.length === 1 ? parts[0]! : `(${layout.primaryKey.map((c, i) => `${c}=${parts[i]}`).join(', ')})`;
}

function xorInto(target: Buffer, value: Uint8Array): void {
  for (let i = 0; i < target.length && i < value.length; i++) target[i] = target[i]! ^ value[i]!;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

/** The refusal for anything in the file that does not verify. */
export function tampered(what: string): CustodianError {
  return new CustodianError('tampered', `This vault file has been changed outside Custodian: ${what}`);
}
