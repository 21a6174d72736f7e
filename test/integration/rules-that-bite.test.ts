/**
 * Rules that bite, on a real vault with a hand-moved clock: a rotation must
 * change the password (not the current one, not a takeover's temporary one,
 * not one of the last 12), a takeover is changed back for real, a disclosed
 * TOTP seed must be re-enrolled, archiving closes access, leaver dates make
 * sense, and the strength floor holds. Every refusal is checked to change
 * nothing: same audit head, same rows, the obligation still open.
 */
import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { HISTORY_DEPTH } from '../../src/main/core/services/password-rules';
import { startOfLocalDay } from '../../src/shared/dates';
import { totpCode } from '../../src/shared/totp';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeCore, makeVault, PASSPHRASE, refusal, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-rules-');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0));
const iso = (ms: number) => new Date(ms).toISOString();
const SEED = 'JBSWY3DPEHPK3PXP';
/** The vault's zone, a day ahead of UTC for an hour each night: dates typed by people are days here. */
const ZONE = 'Europe/London';
const NEW_SEED = 'KRSXG5CTMVRXEZLU';
let core: TestCore;
let path: string;
let owner: number;
let n = 0;
/** A fresh strong password (meets the default floor of 3). */
const strong = () => `Harbour-Lantern-${++n}-Quill-${7000 + n}`;

/** The audit head and the rows a refusal must not touch. */
const snapshot = () =>
  withRawDb(path, (db) => ({
    head: db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get(),
    rotations: db.prepare('SELECT count(*) AS n FROM rotations').get(),
    history: db.prepare('SELECT count(*) AS n FROM password_history').get(),
    open: db.prepare('SELECT id FROM rotation_obligations WHERE resolved_at IS NULL ORDER BY id').all(),
    grants: db.prepare('SELECT id, revoked_at FROM grants ORDER BY id').all(),
    accounts: db.prepare('SELECT id, status, platform_closure FROM accounts ORDER BY id').all(),
    people: db.prepare('SELECT id, status, status_date FROM people ORDER BY id').all(),
    secrets: db.prepare('SELECT account_id, password, totp FROM account_secrets ORDER BY account_id').all(),
  }));

/** Runs a refused action and checks it changed nothing; returns the refusal. */
async function refusedUnchanged(action: () => unknown, code: Parameters<typeof refusal>[1], secret?: string) {
  const before = snapshot();
  const error = await refusal(action, code);
  expect(snapshot()).toEqual(before);
  if (secret) expect(error.message).not.toContain(secret);
  return error;
}

function account(handle: string, password: string, totp?: string) {
  return core.accounts.create(
    { platform: 'instagram', handle, twoFactor: totp ? 'totp' : 'none' },
    { password, ...(totp ? { totp: { seed: totp } } : {}) },
  ).id;
}

beforeAll(async () => {
  path = freshPath(dir);
  core = await makeVault(path, { clock, timeZone: ZONE });
  owner = core.people.create({ name: 'Olive Owner', email: 'olive@example.ac.uk' }).id;
});

describe('a rotation must change the password', () => {
  it('refuses the current password and any of the last 12, with the rule named and nothing recorded', async () => {
    const first = strong();
    const id = account('rules.history', first);
    core.rotation.requestSoon(id, 'Quarterly check');
    const same = await refusedUnchanged(() => core.rotation.rotateNow(id, { password: first }), 'conflict', first);
    expect(same.message).toBe(
      'Refused: that is the account’s current password; a rotation must change it (nothing recorded)',
    );
    await refusedUnchanged(() => core.rotation.begin({ accountId: id, password: first }), 'conflict', first);
    expect(core.rotation.drafts()).toEqual([]);
    const used = [first];
    for (let i = 0; i < HISTORY_DEPTH; i++) {
      const next = strong();
      core.rotation.rotateNow(id, { password: next });
      used.push(next);
    }
    // used[0] was pushed out 12 rotations ago: it is the 12th most recent earlier password.
    for (const old of used.slice(0, -1)) {
      const error = await refusedUnchanged(() => core.rotation.rotateNow(id, { password: old }), 'conflict', old);
      expect(error.message).toMatch(/^Refused: the account had that password before \(one of its last 12\)/);
    }
    core.rotation.rotateNow(id, { password: strong() });
    // Now the first password is 13 back: allowed again.
    expect(core.rotation.rotateNow(id, { password: first }).accountId).toBe(id);
  });

  it('warns about a password another account uses, and records it once confirmed', async () => {
    const shared = strong();
    const a = account('rules.reuse.a', shared);
    const b = account('rules.reuse.b', strong());
    const warning = await refusedUnchanged(
      () => core.rotation.rotateNow(b, { password: shared }),
      'needs_confirmation',
      shared,
    );
    expect(warning.message).toBe(
      'Warning: @rules.reuse.a (Instagram) already uses this password: confirm the reuse, or choose another',
    );
    expect(warning.details.issues).toEqual([{ path: 'acceptance.confirmReuse', message: warning.message }]);
    core.rotation.rotateNow(b, { password: shared, acceptance: { confirmReuse: true } });
    expect(core.secrets.reveal(b, 'password')).toBe(shared);
    const event = core.audit.list({ kinds: ['rotation.completed'], limit: 1 })[0]!;
    expect(event).toMatchObject({ accountId: b, details: { reuseConfirmed: 1 } });
    expect(a).not.toBe(b);
    // The file shows no reuse: each account's hash is bound to it.
    const hashes = withRawDb(path, (db) =>
      db
        .prepare('SELECT password_hash AS h FROM account_secrets WHERE account_id IN (?, ?)')
        .all(a, b)
        .map((r) => Buffer.from((r as { h: Uint8Array }).h).toString('hex')),
    );
    expect(new Set(hashes).size).toBe(2);
  });

  it('holds the strength floor: a weak password needs a reason, which is kept and shown on the account', async () => {
    const id = account('rules.weak', strong());
    await refusedUnchanged(() => core.rotation.rotateNow(id, { password: 'password' }), 'needs_confirmation');
    const floor = await refusal(
      () => core.rotation.begin({ accountId: id, password: 'password1' }),
      'needs_confirmation',
    );
    expect(floor.message).toMatch(/^The password is too weak \(.*; the policy’s minimum is 3\)/);
    expect(floor.details.issues?.[0]?.path).toBe('acceptance.weakReason');
    core.rotation.rotateNow(id, { password: 'password', acceptance: { weakReason: 'Platform caps length at 8' } });
    expect(core.accounts.get(id)).toMatchObject({ passwordStrength: 0, strengthOverride: 'Platform caps length at 8' });
    const event = core.audit.list({ kinds: ['rotation.completed'], limit: 1 })[0]!;
    expect(event.details).toMatchObject({ strength: 0, weakOverride: true });
    expect(JSON.stringify(event)).not.toContain('Platform caps');
    // A floor of 0 (settings) accepts it without a reason; a strong password clears the override.
    core.settings.update({ minPasswordStrength: 0 });
    core.rotation.rotateNow(id, { password: 'letmein2', acceptance: {} });
    expect(core.accounts.get(id).strengthOverride).toBeNull();
    core.settings.update({ minPasswordStrength: 3 });
  });
});

describe('a takeover is changed back for real, and its disclosed seed re-enrolled', () => {
  let id: number;
  let takeoverId: number;
  let real: string;
  let temporary: string;

  it('a takeover whose ticket carried the seed ends with a change-back and a re-enrol obligation', async () => {
    real = strong();
    id = account('rules.takeover', real, SEED);
    const scheduled = await core.takeovers.schedule({
      accountId: id,
      guest: { name: 'Sam Student', email: 'sam@student.ac.uk' },
      start: iso(clock.now()),
      end: iso(clock.now() + 4 * HOUR),
      reason: 'Open day',
      includeTotp: true,
    });
    takeoverId = scheduled.takeover.id;
    core.takeovers.temporarySet(takeoverId);
    temporary = core.secrets.reveal(id, 'password');
    clock.advance(5 * HOUR);
    core.takeovers.sweep();
    const kinds = core.obligations.list(id).map((o) => [o.reasonKind, o.reasonDetail]);
    expect(kinds).toEqual([
      ['takeover_end', expect.stringMatching(/^Change the password back after Sam Student’s takeover/)],
      ['reenrol_totp', 'Re-enrol two-factor: Sam Student’s takeover ticket included the TOTP seed'],
    ]);
  });

  it('refuses the temporary password, and asks a reason for the one from before the takeover', async () => {
    const error = await refusedUnchanged(
      () => core.rotation.rotateNow(id, { password: temporary }),
      'conflict',
      temporary,
    );
    expect(error.message).toBe(
      'Refused: that is the account’s current password; a rotation must change it (nothing recorded)',
    );
    const back = await refusedUnchanged(
      () => core.rotation.rotateNow(id, { password: real }),
      'needs_confirmation',
      real,
    );
    expect(back.details.issues?.[0]?.path).toBe('acceptance.restoreReason');
    expect(core.takeovers.get(takeoverId).state).toBe('awaiting_change_back');
  });

  it('closes the takeover on a new password; the re-enrolment stays open until a new seed', async () => {
    const record = core.rotation.rotateNow(id, { password: strong() });
    expect(record.resolvedObligations).toBe(1);
    expect(core.takeovers.get(takeoverId).state).toBe('closed');
    expect(core.obligations.list(id).map((o) => o.reasonKind)).toEqual(['reenrol_totp']);
    expect(
      core.rotation
        .queue()
        .items.find((i) => i.accountId === id)
        ?.reasons.map((r) => r.kind),
    ).toContain('reenrol_totp');
    // The temporary password stays refused for good, even once it is no longer the current one.
    const later = await refusedUnchanged(
      () => core.rotation.rotateNow(id, { password: temporary }),
      'conflict',
      temporary,
    );
    expect(later.message).toMatch(/^Refused: that is the temporary password of a takeover of this account/);
    // The disclosed seed itself does not re-enrol.
    const seed = await refusedUnchanged(
      () => core.rotation.rotateNow(id, { password: strong(), totp: SEED }),
      'conflict',
    );
    expect(seed.message).toMatch(/^Refused: that is the TOTP seed that left the vault/);
  });

  it('a new seed, through the wizard, meets the re-enrolment (its live code checks against it)', () => {
    const draft = core.rotation.begin({ accountId: id, totp: { seed: NEW_SEED } });
    expect(draft).toMatchObject({ reenrolTotp: true, totpChanging: true, minStrength: 3 });
    expect(draft.strength).toBeGreaterThanOrEqual(3);
    const record = core.rotation.confirm(draft.id);
    expect(record).toMatchObject({ totpChanged: true, resolvedObligations: 1 });
    expect(core.obligations.list(id)).toEqual([]);
    const code = core.secrets.totp(id, false).code;
    expect(code).toBe(
      totpCode({ secret: NEW_SEED, digits: 6, period: 30, algorithm: 'sha1' }, clock.now() / 1000).code,
    );
  });
});

describe('a leaver who was given the seed', () => {
  it('gets the account a re-enrol obligation besides the rotation', async () => {
    const id = account('rules.leaver.seed', strong(), SEED);
    const person = core.people.create({ name: 'Lee Leaver', email: 'lee@example.ac.uk' }).id;
    core.access.grant({ accountId: id, personId: person, reason: 'Cover' });
    await core.takeovers.issueForGrant(id, person, 3, true);
    const other = account('rules.leaver.plain', strong(), SEED);
    core.access.grant({ accountId: other, personId: person, reason: 'Cover' });
    await core.takeovers.issueForGrant(other, person, 3, false);
    const result = core.access.processLeaver({ personId: person, kind: 'left', date: '2026-06-01' });
    expect(result.obligations.map((o) => [o.accountId, o.reasonKind])).toEqual([
      [id, 'leaver'],
      [other, 'leaver'],
      [id, 'reenrol_totp'],
    ]);
    // Editing the account with a new seed also meets it.
    core.accounts.update(
      id,
      { platform: 'instagram', handle: 'rules.leaver.seed', twoFactor: 'totp' },
      { totp: { seed: NEW_SEED } },
    );
    expect(core.obligations.list(id).map((o) => o.reasonKind)).toEqual(['leaver']);
  });
});

describe('leaver dates', () => {
  it('refuses a date before a grant began, naming the date, and changes nothing', async () => {
    const id = account('rules.dates', strong());
    const person = core.people.create({ name: 'Dana Early', email: 'dana@example.ac.uk' }).id;
    core.access.grant({ accountId: id, personId: person, reason: 'Runs it' });
    const error = await refusedUnchanged(
      () => core.access.processLeaver({ personId: person, kind: 'left', date: '2026-05-01' }),
      'invalid_input',
    );
    expect(error.message).toMatch(
      /^Dana Early’s access to @rules\.dates \(Instagram\) began on 2026-06-01: a leaving date of 2026-05-01 is before it/,
    );
    await refusal(() => core.access.previewLeaver(person, '2026-05-01'), 'invalid_input');
  });

  it('a date ahead schedules the revocation for that day; the grant holds until then', () => {
    const id = account('rules.future', strong());
    const person = core.people.create({ name: 'Flo Future', email: 'flo@example.ac.uk' }).id;
    core.access.grant({ accountId: id, personId: person, reason: 'Runs it' });
    const result = core.access.processLeaver({ personId: person, kind: 'left', date: '2026-06-20' });
    const leavingDay = startOfLocalDay({ year: 2026, month: 6, day: 20 }, ZONE);
    expect(result.revoked[0]).toMatchObject({ state: 'active', revocationScheduled: true, revokedAt: leavingDay });
    expect(result.obligations[0]).toMatchObject({ reasonKind: 'leaver', dueAt: leavingDay });
    expect(core.access.holders(id).map((g) => g.personName)).toContain('Flo Future');
    clock.set(leavingDay + HOUR);
    expect(core.access.holders(id).map((g) => g.personName)).not.toContain('Flo Future');
    expect(core.access.history({ accountId: id })[0]).toMatchObject({ state: 'revoked', revocationScheduled: false });
  });

  it('a grant’s first day is a day in the vault’s zone, not the computer’s', async () => {
    // 23:30 UTC on 21 June is 00:30 on 22 June in London.
    clock.set(Date.UTC(2026, 5, 21, 23, 30));
    const id = account('rules.midnight', strong());
    const person = core.people.create({ name: 'Nat Night', email: 'nat@example.ac.uk' }).id;
    core.access.grant({ accountId: id, personId: person, reason: 'Runs it' });
    const error = await refusedUnchanged(
      () => core.access.processLeaver({ personId: person, kind: 'left', date: '2026-06-21' }),
      'invalid_input',
    );
    expect(error.message).toMatch(/began on 2026-06-22: a leaving date of 2026-06-21 is before it/);
  });
});

describe('archive means closed', () => {
  it('refuses while a takeover is running, changing nothing', async () => {
    const id = account('rules.archive.busy', strong());
    await core.takeovers.schedule({
      accountId: id,
      guest: { name: 'Gus Guest', email: 'gus@example.ac.uk' },
      start: iso(clock.now()),
      end: iso(clock.now() + DAY),
      reason: 'Fresher week',
    });
    const error = await refusedUnchanged(() => core.access.archiveAccount({ id, closure: 'deleted' }), 'conflict');
    expect(error.message).toMatch(/has a takeover running until \d{4}-\d{2}-\d{2}: end or cancel it before archiving/);
  });

  it('revokes every live grant ("Account archived"), records the closure, and can be undone', async () => {
    const id = account('rules.archive', strong());
    const holder = core.people.create({ name: 'Hal Holder', email: 'hal@example.ac.uk' }).id;
    core.access.grant({ accountId: id, personId: holder, reason: 'Runs it' });
    core.access.grant({ accountId: id, personId: owner, reason: 'Backup' });
    await refusal(() => core.access.archiveAccount({ id, closedOn: '2026-06-19' }), 'invalid_input');
    await refusal(
      () => core.access.archiveAccount({ id, closure: 'deleted', closedOn: '2099-01-01' }),
      'invalid_input',
    );
    const archived = core.access.archiveAccount({ id, closure: 'deactivated', closedOn: '2026-06-19' });
    expect(archived).toMatchObject({
      status: 'archived',
      platformClosure: 'deactivated',
      platformClosedOn: '2026-06-19',
    });
    expect(core.access.holders(id)).toEqual([]);
    const history = core.access.history({ accountId: id });
    expect(history.map((g) => [g.personName, g.state, g.revokeReason])).toEqual([
      ['Hal Holder', 'revoked', 'Account archived'],
      ['Olive Owner', 'revoked', 'Account archived'],
    ]);
    const event = core.audit.list({ kinds: ['account.archived'], limit: 1 })[0]!;
    expect(event.details).toEqual({ revokedGrants: 2, platformClosure: 'deactivated', closedOn: '2026-06-19' });
    await refusedUnchanged(() => core.access.archiveAccount({ id }), 'conflict');
    const restored = core.accounts.restore(id);
    expect(restored).toMatchObject({ status: 'active', platformClosure: null, platformClosedOn: null });
    expect(core.access.history({ accountId: id })).toHaveLength(2);
  });

  it('“today” for the closing date is the vault’s day', () => {
    // Still 21 June in UTC, already 22 June in London: closed "today" is not a date in the future.
    clock.set(Date.UTC(2026, 5, 21, 23, 40));
    const id = account('rules.archive.today', strong());
    const archived = core.access.archiveAccount({ id, closure: 'deleted', closedOn: '2026-06-22' });
    expect(archived).toMatchObject({ platformClosure: 'deleted', platformClosedOn: '2026-06-22' });
    // Without a date, the closure is recorded on the vault's today.
    const other = account('rules.archive.default', strong());
    expect(core.access.archiveAccount({ id: other, closure: 'deactivated' })).toMatchObject({
      platformClosedOn: '2026-06-22',
    });
  });
});

/**
 * What schema 9 added is inside the row MACs and the pinned schema like
 * everything else: someone who can write the file but has no key cannot
 * remove a hash to slip an old password past the rules, hide an override,
 * postpone a re-enrolment or plant a trigger that meets it.
 */
describe('the keyed hashes and the rest of schema 9 are authenticated', () => {
  let sealed: string;
  beforeAll(() => {
    // A rotation in progress accepted with a reason: its draft carries the acceptance.
    const id = account('rules.sealed.draft', strong());
    core.rotation.begin({ accountId: id, password: 'password', acceptance: { weakReason: 'Legacy platform' } });
    core.vault.lock();
    sealed = freshPath(dir, 'sealed');
    copyFileSync(path, sealed);
  });

  const edits: [string, string, RegExp][] = [
    [
      'a current password’s hash removed (the history and reuse checks would no longer see it)',
      'UPDATE account_secrets SET password_hash = NULL WHERE account_id = (SELECT min(account_id) FROM account_secrets)',
      /table account_secrets, row \d+ does not verify/,
    ],
    [
      'a history hash replaced by another entry’s',
      `UPDATE password_history SET password_hash = (SELECT password_hash FROM password_history ORDER BY id DESC LIMIT 1)
        WHERE id = (SELECT min(id) FROM password_history)`,
      /table password_history, row \d+ does not verify/,
    ],
    [
      'a takeover’s temporary password hash removed (it could be set again)',
      'UPDATE takeovers SET temporary_hash = NULL WHERE temporary_hash IS NOT NULL',
      /table takeovers, row \d+ does not verify/,
    ],
    [
      'a rotation’s overrides removed (a weak or reused password would look unexcused)',
      'UPDATE rotations SET overrides = NULL WHERE overrides IS NOT NULL',
      /table rotations, row \d+ does not verify/,
    ],
    [
      'a draft’s acceptance removed',
      'UPDATE rotation_drafts SET acceptance = NULL WHERE acceptance IS NOT NULL',
      /table rotation_drafts, row \d+ does not verify/,
    ],
    [
      'an archived channel said to be deleted rather than deactivated',
      "UPDATE accounts SET platform_closure = 'deleted' WHERE platform_closure = 'deactivated'",
      /table accounts, row \d+ does not verify/,
    ],
    [
      'a re-enrolment postponed by a year',
      "UPDATE rotation_obligations SET due_at = due_at + 31536000000 WHERE reason_kind = 'reenrol_totp'",
      /table rotation_obligations, row \d+ does not verify/,
    ],
  ];

  /** A copy of the sealed file, edited behind the app's back, then opened and unlocked by a fresh core. */
  async function refusedAtUnlock(name: string, edit: (db: Database.Database) => void): Promise<string> {
    const edited = freshPath(dir, name.replace(/\W+/g, '-').slice(0, 40));
    copyFileSync(sealed, edited);
    withRawDb(edited, edit);
    const other = await makeCore(edited, { clock });
    try {
      return (await refusal(other.vault.unlock(PASSPHRASE, edited), 'tampered')).message;
    } finally {
      await other.dispose();
    }
  }

  it.each(edits)('%s: refused at unlock, naming the table and row', async (name, sql, message) => {
    const refused = await refusedAtUnlock(name, (db) => expect(db.prepare(sql).run().changes).toBeGreaterThan(0));
    expect(refused).toMatch(/^This vault file has been changed outside Custodian: /);
    expect(refused).toMatch(message);
  });

  const plants: [string, string, RegExp][] = [
    [
      'a trigger on the rebuilt obligations table that meets every re-enrolment as it is raised',
      `CREATE TRIGGER reenrol_away AFTER INSERT ON rotation_obligations WHEN NEW.reason_kind = 'reenrol_totp'
         BEGIN UPDATE rotation_obligations SET resolved_at = NEW.created_at WHERE id = NEW.id; END`,
      /contains a trigger "reenrol_away" that Custodian did not create/,
    ],
    [
      'the archive date column dropped',
      'ALTER TABLE accounts DROP COLUMN platform_closed_on',
      /the table "accounts" is not as Custodian created it/,
    ],
  ];

  it.each(plants)('%s: refused, naming it', async (name, sql, message) => {
    expect(await refusedAtUnlock(name, (db) => db.exec(sql))).toMatch(message);
  });
});
