/**
 * The audit trail against a real vault file: every kind of tampering an
 * attacker with write access could try (random byte flips in any column,
 * deleted rows, reordered rows, truncation, a recomputed chain, forged or
 * deleted checkpoints) must be detected every time: in the middle of the
 * trail by `audit verify` at the right sequence number; at its head, and
 * anything touching the checkpoints, already at unlock (the integrity record
 * holds the head and the last checkpoint; checkpoint rows carry row MACs).
 * With `trailOnly`, the trail's own checks are run without the unlock-time
 * verification, to show they hold by themselves.
 */
import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { loadSodium } from '../../src/main/core/crypto/sodium';
import type { AuditEventRow } from '../../src/main/core/db/audit.repo';
import type { VaultKeys } from '../../src/main/core/crypto/vault-keys';
import { VaultStore } from '../../src/main/core/db/vault-store';
import type { AuditVerification } from '../../src/shared/domain/audit';
import { AuditTrail, CHECKPOINT_INTERVAL } from '../../src/main/core/audit/audit-trail';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeVault, type TestCore } from '../support/vault';
import { keysOf } from '../support/vault-keys';

const dir = useTempDir('custodian-audit-');
const pristine = freshPath(dir, 'pristine');
let vaultId = '';
let makeKeys: () => VaultKeys;
let lastCheckpointSeq = 0;
let totalEvents = 0;
let trail: AuditTrail;

/** A deterministic PRNG so a failure can be replayed (seed printed with the counts). */
function prng(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    state = (state ^ (state >>> 13)) >>> 0;
    return state % n;
  };
}

type Verdict = Pick<AuditVerification, 'intact' | 'firstBrokenSeq' | 'problem'> &
  Partial<AuditVerification> & { refusedAtUnlock?: string };

/** What the app would see: the unlock-time verification, then `audit verify`. */
function verifyFile(path: string, { trailOnly = false } = {}): Verdict {
  const store = VaultStore.open(path);
  const keys = makeKeys();
  try {
    if (trailOnly) store.integrity.install(keys.rows);
    else {
      try {
        store.authenticate(keys.rows);
      } catch (error) {
        const message = (error as Error).message;
        return { intact: false, firstBrokenSeq: null, problem: message, refusedAtUnlock: message };
      }
    }
    return trail.verify(store, vaultId, keys);
  } finally {
    keys.dispose();
    store.close();
  }
}

function trial(name: string, tamper: (db: Database.Database) => void, options: { trailOnly?: boolean } = {}) {
  const path = freshPath(dir, name);
  copyFileSync(pristine, path);
  withRawDb(path, tamper);
  return verifyFile(path, options);
}

beforeAll(async () => {
  const clock = new ManualClock();
  const core: TestCore = await makeVault(pristine, { clock });
  const person = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk' });
  for (let i = 0; i < 40; i++) {
    clock.advance(60_000);
    const account = core.accounts.create(
      { platform: 'x', handle: `uni_dept_${i}`, twoFactor: 'none' },
      { password: `pw-${i}-secret` },
    );
    core.access.grant({ accountId: account.id, personId: person.id, reason: `Runs the ${i} account` });
    for (let r = 0; r < 12; r++) core.secrets.reveal(account.id, 'password');
  }
  core.vault.lock();
  await core.dispose();
  const opened = await keysOf(pristine, PASSPHRASE);
  vaultId = opened.vaultId;
  makeKeys = opened.keys;
  trail = new AuditTrail(await loadSodium(), clock, 'test');
  const intact = verifyFile(pristine);
  expect(intact.intact).toBe(true);
  totalEvents = intact.events ?? 0;
  lastCheckpointSeq = intact.lastCheckpointSeq ?? 0;
  // Enough events for several interval checkpoints plus the one made at lock.
  expect(totalEvents).toBeGreaterThan(2 * CHECKPOINT_INTERVAL);
  expect(lastCheckpointSeq).toBe(totalEvents);
});

/** Events strictly inside the signed trail (the head itself is held by the integrity record). */
const inner = (next: (n: number) => number) => 1 + next(lastCheckpointSeq - 1);

const counts: Record<string, { trials: number; detected: number }> = {};
function count(kind: string, detected: boolean) {
  counts[kind] ??= { trials: 0, detected: 0 };
  counts[kind].trials += 1;
  if (detected) counts[kind].detected += 1;
}
afterAll(() => {
  console.log(`[audit tamper] events=${totalEvents} checkpoints at every ${CHECKPOINT_INTERVAL} and at lock`);
  for (const [kind, c] of Object.entries(counts))
    console.log(`[audit tamper] ${kind}: detected ${c.detected}/${c.trials}`);
});

// Hundreds of trials, each a copy of the file checked in full: minutes on a loaded machine, not a hang.
describe('audit trail on a real vault', { timeout: 240_000 }, () => {
  it('records the actions with subjects and no secrets', async () => {
    const store = VaultStore.open(pristine);
    try {
      const events = [...store.audit.iterate()];
      const kinds = new Set(events.map((e) => e.kind));
      for (const kind of [
        'vault.created',
        'account.created',
        'person.created',
        'grant.created',
        'secret.revealed',
        'vault.locked',
      ]) {
        expect(kinds).toContain(kind);
      }
      const reveal = events.find((e) => e.kind === 'secret.revealed')!;
      expect(reveal.accountId).not.toBeNull();
      expect(JSON.parse(reveal.details)).toEqual({ field: 'password' });
      const everything = events.map((e) => `${e.actor}${e.kind}${e.details}`).join('\n');
      expect(everything).not.toContain('pw-');
      expect(everything).not.toContain('Ada');
      expect(everything).not.toContain('Runs the');
    } finally {
      store.close();
    }
  });

  it('detects a random byte flip in any column of any signed event, at that event', () => {
    const next = prng(20261122);
    const columns = ['at', 'actor', 'kind', 'account_id', 'person_id', 'details', 'prev_hash', 'hash'] as const;
    for (let i = 0; i < 300; i++) {
      const seq = inner(next);
      const column = columns[next(columns.length)]!;
      const result = trial('flip', (db) => {
        const row = db.prepare(`SELECT ${column} AS v FROM audit_events WHERE seq = ?`).get(seq) as { v: unknown };
        let value = row.v;
        if (value instanceof Uint8Array) {
          const copy = Buffer.from(value);
          copy[next(copy.length)]! ^= 1 << next(8);
          value = copy;
        } else if (typeof value === 'string') {
          const at = next(value.length);
          value = value.slice(0, at) + String.fromCharCode(value.charCodeAt(at) ^ (1 << next(5))) + value.slice(at + 1);
        } else {
          value = (typeof value === 'number' ? value : 0) + 1 + next(1000);
        }
        db.prepare(`UPDATE audit_events SET ${column} = ? WHERE seq = ?`).run(value, seq);
      });
      const detected = !result.intact && result.firstBrokenSeq === seq;
      count('byte flip', detected);
      expect(result.intact, `flip of ${column} at ${seq} went unnoticed`).toBe(false);
      expect(result.firstBrokenSeq, `flip of ${column} at ${seq}`).toBe(seq);
    }
  });

  it('detects a deleted event at its sequence number', () => {
    const next = prng(7);
    for (let i = 0; i < 40; i++) {
      const seq = inner(next);
      const result = trial('delete', (db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seq));
      count('row deletion', !result.intact && result.firstBrokenSeq === seq);
      expect(result.firstBrokenSeq).toBe(seq);
    }
  });

  it('detects reordered events at the first moved position', () => {
    const next = prng(11);
    for (let i = 0; i < 40; i++) {
      const a = 1 + next(lastCheckpointSeq - 2);
      const b = a + 1 + next(Math.min(20, lastCheckpointSeq - 1 - a));
      const result = trial('reorder', (db) => {
        // Swap the two events' contents, keeping the sequence numbers in place.
        const get = db.prepare('SELECT * FROM audit_events WHERE seq = ?');
        const rowA = get.get(a) as Record<string, unknown>;
        const rowB = get.get(b) as Record<string, unknown>;
        const put = db.prepare(
          'UPDATE audit_events SET at=@at, actor=@actor, kind=@kind, account_id=@account_id, person_id=@person_id, details=@details, prev_hash=@prev_hash, hash=@hash WHERE seq=@seq',
        );
        put.run({ ...rowB, seq: a });
        put.run({ ...rowA, seq: b });
      });
      count('reordering', !result.intact && result.firstBrokenSeq === a);
      expect(result.firstBrokenSeq).toBe(a);
    }
  });

  it('refuses a truncated trail at unlock, and the trail alone sees it too', () => {
    const next = prng(13);
    for (let i = 0; i < 30; i++) {
      const keep = next(lastCheckpointSeq);
      const truncate = (db: Database.Database) => db.prepare('DELETE FROM audit_events WHERE seq > ?').run(keep);
      const result = trial('truncate', truncate);
      count('truncation', result.refusedAtUnlock !== undefined);
      expect(result.refusedAtUnlock).toMatch(
        /the audit trail ends at event \d+ but event \d+ was the last one written/,
      );
      const alone = trial('truncate-trail', truncate, { trailOnly: true });
      expect(alone).toMatchObject({ intact: false, firstBrokenSeq: keep + 1 });
    }
    const emptied = trial('truncate-all', (db) => db.prepare('DELETE FROM audit_events').run());
    expect(emptied.refusedAtUnlock).toMatch(/the audit trail ends at event 0/);
  });

  /** The attack of the report: an event deleted, the rest renumbered and re-hashed, the checkpoints deleted. */
  function rewrite(db: Database.Database, deleteSeq: number, key: Uint8Array | null) {
    const rows = db
      .prepare(
        'SELECT seq, at, actor, kind, account_id AS accountId, person_id AS personId, details, prev_hash AS prevHash, hash FROM audit_events ORDER BY seq',
      )
      .all() as AuditEventRow[];
    db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(deleteSeq);
    db.prepare('DELETE FROM audit_checkpoints').run();
    const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let prev = rows[deleteSeq - 2]!.hash;
    let seq = deleteSeq;
    for (const row of rows.slice(deleteSeq)) {
      const moved = { ...row, seq };
      const hash = trail.hashEvent(prev, moved, key);
      insert.run(seq, row.at, row.actor, row.kind, row.accountId, row.personId, row.details, prev, hash);
      prev = hash;
      seq++;
    }
  }

  it('refuses a chain rewritten and re-hashed with its checkpoints deleted; the trail alone reports it', () => {
    for (const [name, key] of [
      ['unkeyed', null],
      ['guessed key', new Uint8Array(32).fill(9)],
    ] as const) {
      const result = trial(`rewrite-${name}`, (db) => rewrite(db, 300, key));
      count('rewritten chain, checkpoints deleted', result.refusedAtUnlock !== undefined);
      expect(result.refusedAtUnlock).toMatch(/changed outside Custodian/);
      const alone = trial(`rewrite-${name}-trail`, (db) => rewrite(db, 300, key), { trailOnly: true });
      expect(alone.intact).toBe(false);
      // The first re-hashed event no longer verifies under the audit key; the interval checkpoints are missing.
      expect(alone.firstBrokenSeq).toBe(CHECKPOINT_INTERVAL);
      expect(alone.problem).toMatch(/checkpoint at event 256 is missing/);
    }
  });

  it('a middle event re-hashed without the audit key is caught at that event', () => {
    const edited = 300;
    const result = trial('rehash-one', (db) => {
      const row = db
        .prepare(
          'SELECT seq, at, actor, kind, account_id AS accountId, person_id AS personId, details, prev_hash AS prevHash FROM audit_events WHERE seq = ?',
        )
        .get(edited) as AuditEventRow;
      const details = '{"field":"notes"}';
      db.prepare('UPDATE audit_events SET details = ?, hash = ? WHERE seq = ?').run(
        details,
        trail.hashEvent(row.prevHash, { ...row, details }),
        edited,
      );
    });
    count('re-hashed event', !result.intact && result.firstBrokenSeq === edited);
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: edited });
  });

  it('refuses a forged, moved or deleted checkpoint at unlock; the trail alone requires them', () => {
    const forged = trial('forge', (db) =>
      db.prepare('UPDATE audit_checkpoints SET signature = randomblob(64) WHERE seq = ?').run(CHECKPOINT_INTERVAL),
    );
    count('checkpoint forgery', forged.refusedAtUnlock !== undefined);
    expect(forged.refusedAtUnlock).toMatch(/table audit_checkpoints, row 256 does not verify/);
    const moved = trial('checkpoint-seq', (db) =>
      db.prepare('UPDATE audit_checkpoints SET seq = seq - 1 WHERE seq = ?').run(CHECKPOINT_INTERVAL),
    );
    expect(moved.refusedAtUnlock).toMatch(/audit_checkpoints/);
    const deleted = trial('checkpoint-deleted', (db) =>
      db.prepare('DELETE FROM audit_checkpoints WHERE seq = ?').run(CHECKPOINT_INTERVAL),
    );
    count('checkpoint deletion', deleted.refusedAtUnlock !== undefined);
    expect(deleted.refusedAtUnlock).toMatch(/table audit_checkpoints has \d+ rows where \d+ were written/);
    const alone = trial(
      'checkpoint-deleted-trail',
      (db) => db.prepare('DELETE FROM audit_checkpoints WHERE seq = ?').run(CHECKPOINT_INTERVAL),
      { trailOnly: true },
    );
    expect(alone).toMatchObject({ intact: false, firstBrokenSeq: CHECKPOINT_INTERVAL });
    const lock = trial(
      'lock-checkpoint-deleted-trail',
      (db) => db.prepare('DELETE FROM audit_checkpoints WHERE seq = (SELECT max(seq) FROM audit_checkpoints)').run(),
      { trailOnly: true },
    );
    expect(lock).toMatchObject({ intact: false, firstBrokenSeq: totalEvents });
    expect(lock.problem).toMatch(/checkpoint made when the vault locked at event \d+ is missing/);
  });
});
