/**
 * Audit trail and access log budgets, against raw SQLite doing the same
 * inserts and queries on tables of the same shape, interleaved in the same
 * run (the 1M appends go in as ten pairs of 100k-event batches, Custodian's
 * and raw SQLite's alternating, each into its own growing table):
 *  - one audit append (hash + head lookup + insert, inside the action's transaction): p99 <= 1 ms
 *  - 1,000,000 appends (100k per transaction, signed checkpoints included): <= 10 s, <= 1.5x raw
 *  - the last 100 events of one account at 1M rows: p99 <= 2 ms
 *  - grant and revoke with 50,000 grants in the log (each its own committed transaction)
 *  - audit verify --full, then the incremental verify from the checkpoint it remembered
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { accountVault } from './fixtures';
import { compare, fixed, type BenchContext, type BenchRow } from './harness';
import { median, percentile, timeRounds } from './stats';

/**
 * Appends per committed transaction for the 1M run. With 10,000 per commit,
 * raw SQLite alone takes ~7.7 s here: every commit rewrites most pages of the
 * per-account index (its keys arrive in random order) to the WAL. 100,000
 * per commit is what a bulk writer (an import) does; single actions commit
 * one event each (measured separately below).
 */
const BATCH = 100_000;

/** The audit table as migration 0002 creates it, for the raw baseline. */
const RAW_SCHEMA = `
  CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
    account_id INTEGER, person_id INTEGER, details TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL) STRICT;
  CREATE INDEX audit_by_account ON audit_events (account_id, seq) WHERE account_id IS NOT NULL;
  CREATE INDEX audit_by_person ON audit_events (person_id, seq) WHERE person_id IS NOT NULL;
  CREATE INDEX audit_by_kind ON audit_events (kind, seq);
  CREATE INDEX audit_by_time ON audit_events (at);
  CREATE TABLE grants (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, person_id INTEGER NOT NULL, kind TEXT NOT NULL,
    granted_by INTEGER, granted_at INTEGER NOT NULL, reason BLOB NOT NULL, ends_at INTEGER, revoked_at INTEGER,
    revoked_by INTEGER, revoke_reason BLOB) STRICT;
  CREATE INDEX grants_by_account ON grants (account_id, granted_at);
  CREATE INDEX grants_by_person ON grants (person_id, granted_at);`;

function rawDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  return db;
}

export async function auditBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const { events } = ctx;
  // The trail's cost depends on its length, not on the register's: one register size is enough.
  const scale = ctx.scales.find((s) => s.label === '10k') ?? ctx.scales[0]!;
  const { core } = await accountVault(ctx.dir, scale.accounts, ctx.log);
  const accounts = scale.accounts;
  const accountIds = core.accounts.list().map((a) => a.id);
  const session = core.vault.session();
  const raw = rawDb(join(ctx.dir, 'raw.sqlite'));
  const hash = new Uint8Array(32).fill(7);
  const rawInsert = raw.prepare(
    'INSERT INTO audit_events (seq, at, actor, kind, account_id, person_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let rawSeq = 0;
  const rawAppend = (accountId: number) =>
    rawInsert.run(
      ++rawSeq,
      Date.now(),
      'owner@bench',
      'secret.revealed',
      accountId,
      null,
      '{"field":"password"}',
      hash,
      hash,
    );
  const appendOne = (accountId: number) =>
    session.record({ kind: 'secret.revealed', accountId, details: { field: 'password' } });

  // 1,000,000 appends in batches the way an import or a busy session writes them, interleaved with raw.
  const pairs = Math.max(5, Math.ceil(events / BATCH));
  const batch = Math.ceil(events / pairs);
  let done = 0;
  let rawDone = 0;
  const batches = await compare({
    name: `audit appends, one batch of ${batch.toLocaleString('en')}`,
    scale: `${events.toLocaleString('en')} events`,
    pairs,
    warmups: 0,
    subject: () =>
      session.store.transaction(() => {
        for (let i = 0; i < batch; i++) appendOne(accountIds[done++ % accountIds.length]!);
      }),
    baseline: () =>
      raw.transaction(() => {
        for (let i = 0; i < batch; i++) rawAppend(accountIds[rawDone++ % accountIds.length]!);
      })(),
    budget: { ratio: 1.5 },
  });
  rows.push(batches);
  const total = (runs: number[]) => runs.reduce((a, b) => a + b, 0);
  rows.push(
    fixed({
      name: `${done.toLocaleString('en')} audit appends, total`,
      scale: `${events.toLocaleString('en')} events`,
      value: total(batches.runs.subject),
      baseline: total(batches.runs.baseline!),
      budget: { max: 10_000 },
    }),
  );

  // One append inside the action's transaction, at 1M rows (the commit's fsync is the action's cost).
  const p99Of = (append: (id: number) => unknown, transaction: (fn: () => void) => void) => () => {
    const times: number[] = [];
    transaction(() => {
      for (let i = 0; i < 500; i++) times.push(...timeRounds(1, () => append(accountIds[i % accountIds.length]!)));
    });
    return percentile(times, 99);
  };
  rows.push(
    await compare({
      name: 'one audit append, p99 of 500',
      scale: `${done.toLocaleString('en')} events`,
      figure: 'returned',
      subject: p99Of(appendOne, (fn) => session.store.transaction(fn)),
      baseline: p99Of(rawAppend, (fn) => raw.transaction(fn)()),
      budget: { max: 1 },
    }),
  );
  rows.push(
    await compare({
      name: 'one audit append + its own commit (fsync), median of 20',
      scale: `${done.toLocaleString('en')} events`,
      figure: 'returned',
      subject: () => median(timeRounds(20, () => session.store.transaction(() => appendOne(accountIds[0]!)))),
      baseline: () => median(timeRounds(20, () => raw.transaction(() => rawAppend(accountIds[0]!))())),
    }),
  );

  // The last 100 events of one account, as the account's history view asks for them.
  const sample = Array.from({ length: 200 }, (_, i) => accountIds[(i * 7919) % accountIds.length]!);
  const rawQuery = raw.prepare('SELECT * FROM audit_events WHERE account_id = ? ORDER BY seq DESC LIMIT 100');
  const queryP99 = (query: (id: number) => unknown) => () =>
    percentile(
      sample.map((id) => timeRounds(1, () => query(id))[0]!),
      99,
    );
  rows.push(
    await compare({
      name: 'last 100 events of one account, p99 of 200',
      scale: `${done.toLocaleString('en')} events`,
      figure: 'returned',
      subject: queryP99((accountId) => core.audit.list({ accountId, limit: 100 })),
      baseline: queryP99((accountId) => rawQuery.all(accountId)),
      budget: { max: 2 },
    }),
  );

  // Grant and revoke with 50,000 grants: 1,000 people x 50 accounts each.
  const people: number[] = [];
  session.store.transaction(() => {
    for (let p = 0; p < 1000; p++)
      people.push(core.people.create({ name: `Person ${p}`, email: `p${p}@example.ac.uk` }).id);
  });
  const start = performance.now();
  session.store.transaction(() => {
    for (let p = 0; p < people.length; p++) {
      for (let a = 0; a < 50; a++) {
        core.access.grant({
          accountId: accountIds[(p * 50 + a) % accountIds.length]!,
          personId: people[p]!,
          reason: 'Bench',
        });
      }
    }
  });
  rows.push(
    fixed({
      name: 'seed 50,000 grants (one transaction)',
      scale: `${accounts.toLocaleString('en')} accounts`,
      value: performance.now() - start,
    }),
  );
  const reason = new Uint8Array(60).fill(1);
  const rawGrant = raw.prepare(
    'INSERT INTO grants (account_id, person_id, kind, granted_at, reason) VALUES (?, ?, ?, ?, ?)',
  );
  raw.transaction(() => {
    for (let i = 0; i < 50_000; i++)
      rawGrant.run(accountIds[i % accountIds.length]!, 1 + (i % 1000), 'standing', Date.now(), reason);
  })();

  // Each measured operation is a whole action: its checks, the write, its audit event, the commit.
  // A run grants 10 new (account, person) pairs, then revokes them.
  let round = 0;
  let rawGrantId = 50_000;
  const grantRun = (revoke: boolean) => () => {
    const r = round;
    const pairs = people
      .slice(0, 10)
      .map((personId, i) => ({ accountId: accountIds[accounts - 1 - r * 10 - i]!, personId }));
    const times = pairs.map((pair) => timeRounds(1, () => core.access.grant({ ...pair, reason: 'Measured' }))[0]!);
    const revokes = pairs.map((pair) => timeRounds(1, () => core.access.revoke({ ...pair, reason: 'Measured' }))[0]!);
    round++;
    return median(revoke ? revokes : times);
  };
  const rawRun = (revoke: boolean) => () => {
    const ids: number[] = [];
    const times = Array.from(
      { length: 10 },
      (_, i) =>
        timeRounds(1, () => {
          raw.transaction(() => rawGrant.run(i, 1, 'standing', Date.now(), reason))();
          ids.push(++rawGrantId);
        })[0]!,
    );
    const rawRevoke = raw.prepare('UPDATE grants SET revoked_at = ?, revoke_reason = ? WHERE id = ?');
    const revokes = ids.map(
      (id) => timeRounds(1, () => raw.transaction(() => rawRevoke.run(Date.now(), reason, id))())[0]!,
    );
    return median(revoke ? revokes : times);
  };
  for (const revoke of [false, true]) {
    rows.push(
      await compare({
        name: `${revoke ? 'revoke' : 'grant'} at 50,000 grants (checks + event + commit), median of 10`,
        scale: `${accounts.toLocaleString('en')} accounts`,
        figure: 'returned',
        subject: grantRun(revoke),
        baseline: rawRun(revoke),
      }),
    );
  }

  // Verifying the whole trail (audit verify --full): every hash recomputed, every signature checked, SQLite's
  // structure check. Then, from the checkpoint that remembered, the incremental check after a day's more events.
  const verifyRow = (name: string, options: { full?: boolean }) => {
    const began = performance.now();
    const verdict = core.audit.verify(options);
    const row = fixed({
      name: `${name} (${verdict.mode}${verdict.incrementalFrom === null ? '' : ` from ${verdict.incrementalFrom.toLocaleString('en')}`})${verdict.intact ? '' : ' BROKEN'}`,
      scale: `${verdict.events.toLocaleString('en')} events`,
      value: performance.now() - began,
    });
    if (!verdict.intact) row.pass = false;
    return row;
  };
  rows.push(verifyRow(`audit verify --full`, { full: true }));
  session.store.transaction(() => {
    for (let i = 0; i < 10_000; i++) appendOne(accountIds[i % accountIds.length]!);
  });
  rows.push(verifyRow('audit verify after 10,000 more events', {}));
  rows.push(verifyRow('audit verify again, nothing new', {}));

  raw.close();
  await core.dispose();
  return rows;
}
