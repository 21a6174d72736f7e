import type { Db } from './database';
import type { Integrity } from './integrity';
import { Repo } from './repo';

/** One audit event as stored. `details` is canonical JSON of non-secret values. */
export interface AuditEventRow {
  seq: number;
  at: number;
  actor: string;
  kind: string;
  accountId: number | null;
  personId: number | null;
  details: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export interface CheckpointRow {
  seq: number;
  at: number;
  headHash: Uint8Array;
  signature: Uint8Array;
}

export interface AuditQuery {
  accountId?: number | undefined;
  personId?: number | undefined;
  kinds?: readonly string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Only events with seq below this (paging backwards). */
  beforeSeq?: number | undefined;
  limit: number;
}

const COLUMNS = `seq, at, actor, kind, account_id AS accountId, person_id AS personId, details,
  prev_hash AS prevHash, hash`;

export class AuditRepo extends Repo {
  /** The last event this connection appended, valid only within the same write transaction. */
  private written: { generation: number; seq: number; hash: Uint8Array } | null = null;

  constructor(
    db: Db,
    integrity: Integrity,
    private readonly generation: () => number,
  ) {
    super(db, integrity);
  }

  head(): { seq: number; hash: Uint8Array } | undefined {
    // Inside one write transaction nobody else can append, so what we appended last is the head:
    // this saves a query per event when many are written together.
    const cached = this.written;
    if (cached && this.db.inTransaction && cached.generation === this.generation()) return cached;
    return this.sql('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: Uint8Array } | undefined;
  }

  append(row: AuditEventRow): void {
    // Positional parameters: binding by name costs a property lookup per column, and this runs per event.
    this.sql(
      `INSERT INTO audit_events (seq, at, actor, kind, account_id, person_id, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.seq, row.at, row.actor, row.kind, row.accountId, row.personId, row.details, row.prevHash, row.hash);
    this.written = this.db.inTransaction ? { generation: this.generation(), seq: row.seq, hash: row.hash } : null;
  }

  /** Every event after `afterSeq` (all of them by default) in sequence order, streamed: the trail can hold millions. */
  iterate(afterSeq = 0): IterableIterator<AuditEventRow> {
    return this.sql(`SELECT ${COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq`).iterate(
      afterSeq,
    ) as IterableIterator<AuditEventRow>;
  }

  /**
   * The stored events with `from <= seq <= to` exactly as stored, as text
   * SQLite builds itself (no JavaScript value per row, so a million rows cost
   * a fraction of reading them): per row, in seq order, each column as an
   * SQL literal (`quote()`: integers in decimal, NULL, strings in single
   * quotes with quotes doubled, blobs as X'hex'), comma-separated, each row
   * ended by a line feed. Literals delimit themselves, so the text is
   * unambiguous. Empty when no row is in the range. The rows come in seq
   * order because the range is scanned on the rowid (seq is the INTEGER
   * PRIMARY KEY); an `ORDER BY` in the aggregate would double the cost, and
   * were SQLite ever to return them otherwise the digest would only fail to
   * match (and verification fall back to re-hashing every event).
   */
  storedText(from: number, to: number): string {
    return (
      (this.sql(
        `SELECT group_concat(quote(seq) || ',' || quote(at) || ',' || quote(actor) || ',' || quote(kind) || ',' ||
           quote(account_id) || ',' || quote(person_id) || ',' || quote(details) || ',' || quote(prev_hash) || ',' ||
           quote(hash) || char(10), '')
         FROM audit_events WHERE seq BETWEEN ? AND ?`,
      )
        .pluck()
        .get(from, to) as string | null) ?? ''
    );
  }

  get(seq: number): AuditEventRow | undefined {
    return this.sql(`SELECT ${COLUMNS} FROM audit_events WHERE seq = ?`).get(seq) as AuditEventRow | undefined;
  }

  /** Events matching the filters (all of them without filters). */
  count(q: Omit<AuditQuery, 'limit' | 'beforeSeq'> = {}): number {
    const { clause, params } = whereOf(q);
    return (this.sql(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n;
  }

  /** Newest first, filtered. Uses the per-account/person/kind indexes. */
  query(q: AuditQuery): AuditEventRow[] {
    const { clause, params } = whereOf(q);
    return this.sql(`SELECT ${COLUMNS} FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit`).all({
      ...params,
      limit: q.limit,
    }) as AuditEventRow[];
  }

  addCheckpoint(row: CheckpointRow): void {
    this.write(
      'audit_checkpoints',
      'INSERT INTO audit_checkpoints (seq, at, head_hash, signature) VALUES (@seq, @at, @headHash, @signature)',
      row,
    );
  }

  lastCheckpoint(): CheckpointRow | undefined {
    return this.sql(
      'SELECT seq, at, head_hash AS headHash, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1',
    ).get() as CheckpointRow | undefined;
  }

  checkpointAt(seq: number): CheckpointRow | undefined {
    return this.sql('SELECT seq, at, head_hash AS headHash, signature FROM audit_checkpoints WHERE seq = ?').get(
      seq,
    ) as CheckpointRow | undefined;
  }

  checkpoints(): CheckpointRow[] {
    return this.sql(
      'SELECT seq, at, head_hash AS headHash, signature FROM audit_checkpoints ORDER BY seq',
    ).all() as CheckpointRow[];
  }
}

/** The WHERE clause of a filtered audit query; it uses the per-account/person/kind indexes. */
function whereOf(q: Omit<AuditQuery, 'limit'>): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.accountId !== undefined) {
    where.push('account_id = @accountId');
    params.accountId = q.accountId;
  }
  if (q.personId !== undefined) {
    where.push('person_id = @personId');
    params.personId = q.personId;
  }
  if (q.kinds && q.kinds.length > 0) {
    where.push(`kind IN (${q.kinds.map((_, i) => `@kind${i}`).join(', ')})`);
    q.kinds.forEach((kind, i) => (params[`kind${i}`] = kind));
  }
  if (q.from !== undefined) {
    where.push('at >= @from');
    params.from = q.from;
  }
  if (q.to !== undefined) {
    where.push('at < @to');
    params.to = q.to;
  }
  if (q.beforeSeq !== undefined) {
    where.push('seq < @beforeSeq');
    params.beforeSeq = q.beforeSeq;
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
