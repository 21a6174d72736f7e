/**
 * The audit trail against a real vault file: every kind of tampering an
 * attacker with write access could try (random byte flips in any column,
 * deleted rows, reordered rows, truncation, a recomputed chain, forged
 * checkpoints) must be detected, at the right sequence number, every time.
 */
import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { loadSodium } from '../../src/main/core/crypto/sodium';
import type { AuditEventRow } from '../../src/main/core/db/audit.repo';
import { VaultStore } from '../../src/main/core/db/vault-store';
import { AuditTrail, CHECKPOINT_INTERVAL } from '../../src/main/core/audit/audit-trail';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-audit-');
const pristine = freshPath(dir, 'pristine');
let vaultId = '';
let publicKey = new Uint8Array();
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

function verifyFile(path: string) {
  const store = VaultStore.open(path);
  try {
    return trail.verify(store, vaultId, publicKey);
  } finally {
    store.close();
  }
}

function trial(name: string, tamper: (db: Database.Database) => void) {
  const path = freshPath(dir, name);
  copyFileSync(pristine, path);
  withRawDb(path, tamper);
  return verifyFile(path);
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
  vaultId = core.vault.session().info.id;
  publicKey = core.vault.session().keys.signingPublicKey.slice();
  core.vault.lock();
  await core.dispose();
  trail = new AuditTrail(await loadSodium(), clock, 'test');
  const intact = verifyFile(pristine);
  expect(intact.intact).toBe(true);
  totalEvents = intact.events;
  lastCheckpointSeq = intact.lastCheckpointSeq ?? 0;
  // Enough events for several interval checkpoints plus the one made at lock.
  expect(totalEvents).toBeGreaterThan(2 * CHECKPOINT_INTERVAL);
  expect(lastCheckpointSeq).toBe(totalEvents);
});

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

describe('audit trail on a real vault', () => {
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
      const seq = 1 + next(lastCheckpointSeq);
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
      const seq = 1 + next(lastCheckpointSeq);
      const result = trial('delete', (db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seq));
      count('row deletion', !result.intact && result.firstBrokenSeq === seq);
      expect(result.firstBrokenSeq).toBe(seq);
    }
  });

  it('detects reordered events at the first moved position', () => {
    const next = prng(11);
    for (let i = 0; i < 40; i++) {
      const a = 1 + next(lastCheckpointSeq - 1);
      const b = a + 1 + next(Math.min(20, lastCheckpointSeq - a));
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

  it('detects truncation before the last checkpoint', () => {
    const next = prng(13);
    for (let i = 0; i < 30; i++) {
      const keep = next(lastCheckpointSeq);
      const result = trial('truncate', (db) => db.prepare('DELETE FROM audit_events WHERE seq > ?').run(keep));
      count('truncation', !result.intact && result.firstBrokenSeq === keep + 1);
      expect(result.intact).toBe(false);
      expect(result.firstBrokenSeq).toBe(keep + 1);
    }
    const emptied = trial('truncate-all', (db) => db.prepare('DELETE FROM audit_events').run());
    expect(emptied).toMatchObject({ intact: false, firstBrokenSeq: 1 });
  });

  it('detects a chain recomputed after an edit, via the signed checkpoint', () => {
    const edited = 300;
    const result = trial('rewrite', (db) => {
      const rows = db
        .prepare(
          'SELECT seq, at, actor, kind, account_id AS accountId, person_id AS personId, details, prev_hash AS prevHash, hash FROM audit_events ORDER BY seq',
        )
        .all() as AuditEventRow[];
      const update = db.prepare('UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      let prev = rows[edited - 2]!.hash;
      for (const row of rows.slice(edited - 1)) {
        const details = row.seq === edited ? '{"field":"notes"}' : row.details;
        const hash = trail.hashEvent(prev, { ...row, details });
        update.run(details, prev, hash, row.seq);
        prev = hash;
      }
    });
    const previousCheckpoint = Math.floor((edited - 1) / CHECKPOINT_INTERVAL) * CHECKPOINT_INTERVAL;
    count('recomputed chain', !result.intact && result.firstBrokenSeq === previousCheckpoint + 1);
    expect(result.intact).toBe(false);
    expect(result.firstBrokenSeq).toBe(previousCheckpoint + 1);
    expect(result.problem).toMatch(/rewritten/);
  });

  it('detects a forged or altered checkpoint', () => {
    const forged = trial('forge', (db) =>
      db.prepare('UPDATE audit_checkpoints SET signature = randomblob(64) WHERE seq = ?').run(CHECKPOINT_INTERVAL),
    );
    count('checkpoint forgery', !forged.intact && forged.firstBrokenSeq === CHECKPOINT_INTERVAL);
    expect(forged).toMatchObject({ intact: false, firstBrokenSeq: CHECKPOINT_INTERVAL });
    const moved = trial('checkpoint-seq', (db) =>
      db.prepare('UPDATE audit_checkpoints SET seq = seq - 1 WHERE seq = ?').run(CHECKPOINT_INTERVAL),
    );
    expect(moved.intact).toBe(false);
  });

  it('cannot see removal of the unsigned tail after the last checkpoint (documented limit)', () => {
    const path = freshPath(dir, 'tail');
    copyFileSync(pristine, path);
    const store = VaultStore.open(path);
    try {
      // Failed unlocks are appended without the key, so without a checkpoint.
      store.transaction(() => {
        for (let i = 0; i < 3; i++) trail.append(store, vaultId, { kind: 'vault.unlock_failed', actor: 'unknown' });
      });
      const withTail = trail.verify(store, vaultId, publicKey);
      expect(withTail).toMatchObject({ intact: true, unsignedTail: 3, events: totalEvents + 3 });
    } finally {
      store.close();
    }
    withRawDb(path, (db) => db.prepare('DELETE FROM audit_events WHERE seq > ?').run(totalEvents));
    expect(verifyFile(path)).toMatchObject({ intact: true, unsignedTail: 0, events: totalEvents });
  });
});
