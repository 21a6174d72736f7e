/**
 * Incremental audit verification against a real vault file: `audit verify`
 * starts from the signed checkpoint the last intact verification remembered
 * and must still name the same first broken event as the full walk for a
 * break before that checkpoint (the stored rows no longer match the
 * remembered digest) and after it (the re-hashed tail), and the remembered
 * point itself is a MAC'd row that cannot be edited or put back.
 */
import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERIFIED_SETTING } from '../../src/main/core/audit/audit-trail';
import type { AuditVerification } from '../../src/shared/domain/audit';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeCore, makeVault } from '../support/vault';

const dir = useTempDir('custodian-audit-incremental-');
const pristine = freshPath(dir, 'pristine');
/** The checkpoint the full verification remembered, and the last event then. */
let remembered = 0;
let eventsAtFullVerify = 0;

/** Unlocks a copy of the pristine vault after `tamper`, runs the verifications asked for, in order. */
async function onCopy(
  name: string,
  tamper: (db: Database.Database) => void,
  runs: { full?: boolean }[] = [{}],
): Promise<AuditVerification[] | { refusedAtUnlock: string }> {
  const path = freshPath(dir, name);
  copyFileSync(pristine, path);
  withRawDb(path, tamper);
  const core = await makeCore(path);
  try {
    try {
      await core.vault.unlock(PASSPHRASE, path);
    } catch (error) {
      return { refusedAtUnlock: (error as Error).message };
    }
    return runs.map((options) => core.audit.verify(options));
  } finally {
    await core.dispose();
  }
}

async function verdicts(name: string, tamper: (db: Database.Database) => void) {
  const result = await onCopy(name, tamper, [{}, { full: true }]);
  if (!Array.isArray(result)) throw new Error(`refused at unlock: ${result.refusedAtUnlock}`);
  return { incremental: result[0]!, full: result[1]! };
}

const setDetails = (seq: number) => (db: Database.Database) =>
  db.prepare(`UPDATE audit_events SET details = '{"field":"totp"}' WHERE seq = ?`).run(seq);

beforeAll(async () => {
  const core = await makeVault(pristine);
  const person = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk' });
  const account = core.accounts.create({ platform: 'x', handle: 'uni_news', twoFactor: 'none' }, { password: 'pw' });
  core.access.grant({ accountId: account.id, personId: person.id, reason: 'Runs the news account' });
  for (let i = 0; i < 600; i++) core.secrets.reveal(account.id, 'password');
  const full = core.audit.verify({ full: true });
  expect(full).toMatchObject({ intact: true, mode: 'full', incrementalFrom: null });
  remembered = full.lastCheckpointSeq!;
  eventsAtFullVerify = full.events;
  // A tail after the remembered checkpoint, with an interval checkpoint in it and the one made at lock.
  for (let i = 0; i < 300; i++) core.secrets.reveal(account.id, 'password');
  core.vault.lock();
  await core.dispose();
  expect(remembered).toBeGreaterThan(256);
}, 60_000);

describe('incremental audit verify', { timeout: 60_000 }, () => {
  it('starts from the remembered checkpoint, agrees with the full walk, and moves the point forward', async () => {
    const result = await onCopy('intact', () => {}, [{}, {}, { full: true }]);
    if (!Array.isArray(result)) throw new Error(result.refusedAtUnlock);
    const [first, second, full] = result as [AuditVerification, AuditVerification, AuditVerification];
    expect(first).toMatchObject({ intact: true, mode: 'incremental', incrementalFrom: remembered });
    expect(first.events).toBeGreaterThan(eventsAtFullVerify + 300);
    // The next one starts from the checkpoint the first found intact (the one made at the last lock).
    expect(second).toMatchObject({ intact: true, mode: 'incremental', incrementalFrom: first.lastCheckpointSeq });
    expect(second.incrementalFrom).toBeGreaterThan(remembered);
    expect(full).toMatchObject({ intact: true, mode: 'full', incrementalFrom: null, checkpoints: second.checkpoints });
  });

  it('catches an event edited after the remembered checkpoint, at that event', async () => {
    const seq = remembered + 5;
    const { incremental, full } = await verdicts('after', setDetails(seq));
    expect(incremental).toMatchObject({
      intact: false,
      mode: 'incremental',
      firstBrokenSeq: seq,
      problem: `event ${seq} was altered`,
    });
    expect(full).toMatchObject({ intact: false, firstBrokenSeq: seq, problem: `event ${seq} was altered` });
  });

  it('catches an event edited before the remembered checkpoint, at that event', async () => {
    const { incremental, full } = await verdicts('before', setDetails(10));
    expect(incremental).toMatchObject({
      intact: false,
      mode: 'full',
      firstBrokenSeq: 10,
      problem: 'event 10 was altered',
    });
    expect(full).toMatchObject({ intact: false, firstBrokenSeq: 10 });
  });

  it('catches the remembered checkpoint event itself edited', async () => {
    const { incremental } = await verdicts('at', setDetails(remembered));
    expect(incremental).toMatchObject({ intact: false, firstBrokenSeq: remembered });
  });

  it('catches an event deleted, and a hash re-linked, before the remembered checkpoint', async () => {
    const deleted = await verdicts('deleted', (db) => db.prepare('DELETE FROM audit_events WHERE seq = 20').run());
    expect(deleted.incremental).toMatchObject({ intact: false, firstBrokenSeq: 20, problem: 'event 20 is missing' });
    const relinked = await verdicts('relinked', (db) => {
      const forged = Buffer.alloc(32, 9);
      db.prepare('UPDATE audit_events SET hash = ? WHERE seq = 30').run(forged);
      db.prepare('UPDATE audit_events SET prev_hash = ? WHERE seq = 31').run(forged);
    });
    expect(relinked.incremental).toMatchObject({ intact: false, firstBrokenSeq: 30, problem: 'event 30 was altered' });
  });

  it('catches an event inserted below the first one', async () => {
    const { incremental } = await verdicts('inserted', (db) =>
      db
        .prepare(
          `INSERT INTO audit_events (seq, at, actor, kind, account_id, person_id, details, prev_hash, hash)
           SELECT 0, at, actor, kind, account_id, person_id, details, prev_hash, hash FROM audit_events WHERE seq = 1`,
        )
        .run(),
    );
    expect(incremental.intact).toBe(false);
  });

  it('refuses an edited or deleted remembered point at unlock (it is a MAC-covered settings row)', async () => {
    const edited = await onCopy('point-edited', (db) =>
      db.prepare(`UPDATE settings SET value = json_set(value, '$.seq', 256) WHERE key = ?`).run(VERIFIED_SETTING),
    );
    expect(edited).toEqual({
      refusedAtUnlock: expect.stringMatching(/table settings, row auditVerified does not verify/),
    });
    const deleted = await onCopy('point-deleted', (db) =>
      db.prepare('DELETE FROM settings WHERE key = ?').run(VERIFIED_SETTING),
    );
    expect(deleted).toEqual({
      refusedAtUnlock: expect.stringMatching(/table settings has \d+ rows where \d+ were written/),
    });
  });
});
