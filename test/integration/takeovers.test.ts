/**
 * Takeovers on a real vault, with a hand-moved clock: scheduling rules, the
 * temporary password, the end of the window, the change back, and handing a
 * standing grantee their password.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, refusal, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-takeover-');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0));
let core: TestCore;
let path: string;
let account: number;
let archived: number;
let owner: number;
const iso = (ms: number) => new Date(ms).toISOString();

const counts = () =>
  withRawDb(path, (db) => ({
    takeovers: (db.prepare('SELECT count(*) AS n FROM takeovers').get() as { n: number }).n,
    grants: (db.prepare('SELECT count(*) AS n FROM grants').get() as { n: number }).n,
    people: (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n,
    tickets: (db.prepare('SELECT count(*) AS n FROM issued_tickets').get() as { n: number }).n,
  }));

beforeAll(async () => {
  path = freshPath(dir);
  core = await makeVault(path, { clock });
  account = core.accounts.create(
    { platform: 'instagram', handle: 'uni.news', twoFactor: 'none' },
    { password: 'the-real-password', totp: { seed: 'JBSWY3DPEHPK3PXP' }, signInName: 'news@example.ac.uk' },
  ).id;
  archived = core.accounts.create({ platform: 'x', handle: 'closed', twoFactor: 'none' }, { password: 'x' }).id;
  core.access.archiveAccount({ id: archived });
  owner = core.people.create({ name: 'Olive Owner', email: 'olive@example.ac.uk' }).id;
  core.access.grant({ accountId: account, personId: owner, reason: 'Runs it' });
});

describe('scheduling', () => {
  it('refuses a window that ends before it starts, is too long or already over, archived accounts and leavers: nothing changes', async () => {
    const before = counts();
    const base = { accountId: account, guest: { name: 'Sam', email: 'sam@student.ac.uk' }, reason: 'Open day' };
    await refusal(
      () => core.takeovers.schedule({ ...base, start: iso(clock.now() + DAY), end: iso(clock.now() + HOUR) }),
      'invalid_input',
    );
    await refusal(
      () => core.takeovers.schedule({ ...base, start: iso(clock.now()), end: iso(clock.now() + 15 * DAY) }),
      'invalid_input',
    );
    await refusal(
      () => core.takeovers.schedule({ ...base, start: iso(clock.now() - 2 * DAY), end: iso(clock.now() - DAY) }),
      'invalid_input',
    );
    await refusal(
      () =>
        core.takeovers.schedule({ ...base, accountId: archived, start: iso(clock.now()), end: iso(clock.now() + DAY) }),
      'conflict',
    );
    await refusal(
      () =>
        core.takeovers.schedule({
          ...base,
          guest: { name: 'Dup', email: 'OLIVE@example.ac.uk' },
          start: iso(clock.now()),
          end: iso(clock.now() + DAY),
        }),
      'conflict',
    );
    await refusal(
      () =>
        core.takeovers.schedule({
          accountId: account,
          personId: owner,
          reason: 'r',
          start: iso(clock.now()),
          end: iso(clock.now() + DAY),
        }),
      'conflict',
    );
    expect(counts()).toEqual(before);
    expect(core.rotation.drafts()).toEqual([]);
  });

  it('follows the configurable maximum length', async () => {
    core.settings.update({ takeoverMaxDays: 2 });
    await refusal(
      () =>
        core.takeovers.schedule({
          accountId: account,
          guest: { name: 'Sam', email: 'sam@student.ac.uk' },
          reason: 'r',
          start: iso(clock.now()),
          end: iso(clock.now() + 3 * DAY),
        }),
      'invalid_input',
    );
    core.settings.update({ takeoverMaxDays: 14 });
  });
});

describe('a takeover from start to close', () => {
  let takeoverId: number;
  let ticketText: string;
  let code: string;

  it('schedules: guest added, takeover grant for the window, temporary password drafted, ticket issued', async () => {
    const before = counts();
    const start = clock.now() + DAY;
    const { takeover, ticket } = await core.takeovers.schedule({
      accountId: account,
      guest: { name: 'Sam Student', email: 'sam@student.ac.uk' },
      start: iso(start),
      end: iso(start + 6 * HOUR),
      reason: 'Open day',
    });
    takeoverId = takeover.id;
    ticketText = ticket.text;
    code = ticket.code;
    expect(takeover).toMatchObject({
      state: 'scheduled',
      personName: 'Sam Student',
      temporarySetAt: null,
      includesTotp: false,
    });
    expect(takeover.draftId).not.toBeNull();
    expect(ticket.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(ticket.text.startsWith('-----BEGIN CUSTODIAN TICKET-----')).toBe(true);
    expect(counts()).toEqual({
      ...before,
      takeovers: before.takeovers + 1,
      grants: before.grants + 1,
      people: before.people + 1,
      tickets: before.tickets + 1,
    });
    // The guest holds access only during the window.
    expect(core.access.holders(account).map((g) => g.personName)).toEqual(['Olive Owner']);
    expect(core.access.holders(account, iso(start + HOUR)).map((g) => g.personName)).toEqual([
      'Olive Owner',
      'Sam Student',
    ]);
    // The code never reaches the vault file.
    const raw = readFileSync(path);
    expect(raw.includes(Buffer.from(code.replace('-', '')))).toBe(false);
    expect(core.secrets.reveal(account, 'password')).toBe('the-real-password');
    await refusal(
      () =>
        core.takeovers.schedule({
          accountId: account,
          guest: { name: 'X', email: 'x@example.org' },
          reason: 'r',
          start: iso(start),
          end: iso(start + HOUR),
        }),
      'conflict',
    );
  });

  it('the temporary password becomes current only once the manager says it is set; the real one is kept', async () => {
    clock.advance(DAY + HOUR);
    expect(core.takeovers.get(takeoverId).state).toBe('active');
    const redeemed = await core.tickets.redeem(ticketText, code);
    // The guest signs in with the account's own sign-in name and the temporary password.
    expect(redeemed.signInName).toBe('news@example.ac.uk');
    expect(redeemed.url).toBeNull();
    const view = core.takeovers.temporarySet(takeoverId);
    expect(view.temporarySetAt).toBe(clock.now());
    expect(core.secrets.reveal(account, 'password')).toBe(redeemed.password);
    const history = core.rotation.history(account);
    expect(core.rotation.revealOld(history.passwords[0]!.id)).toBe('the-real-password');
    await refusal(() => core.takeovers.temporarySet(takeoverId), 'conflict');
    // Setting a temporary password is not a rotation: nothing was resolved.
    expect(history.rotations[0]!.resolvedObligations).toBe(0);
  });

  it('when the window ends: access ends, a change-back obligation appears, and rotating closes the takeover', () => {
    clock.advance(6 * HOUR);
    expect(core.takeovers.sweep()).toBe(1);
    const view = core.takeovers.get(takeoverId);
    expect(view.state).toBe('awaiting_change_back');
    expect(core.access.holders(account).map((g) => g.personName)).toEqual(['Olive Owner']);
    const item = core.rotation.queue().items.find((i) => i.accountId === account)!;
    expect(item.bucket).toBe('today');
    expect(item.reasons.map((r) => r.kind)).toContain('takeover_end');
    expect(item.reasons.find((r) => r.kind === 'takeover_end')!.detail).toMatch(
      /Change the password back after Sam Student/,
    );
    expect(core.takeovers.sweep()).toBe(0);
    const record = core.rotation.rotateNow(account, { password: 'Changed-back-Osprey-5521' });
    expect(record.resolvedObligations).toBe(1);
    expect(core.takeovers.get(takeoverId)).toMatchObject({ state: 'closed' });
    expect(core.takeovers.list()[0]!.state).toBe('closed');
  });

  it('ends early on request, and cancels a takeover whose temporary password never reached the platform', async () => {
    const start = clock.now() + HOUR;
    const early = await core.takeovers.schedule({
      accountId: account,
      guest: { name: 'Pat', email: 'pat@example.org' },
      reason: 'r',
      start: iso(start),
      end: iso(start + DAY),
    });
    core.takeovers.temporarySet(early.takeover.id);
    clock.advance(2 * HOUR);
    const ended = core.takeovers.end(early.takeover.id);
    expect(ended.state).toBe('awaiting_change_back');
    expect(core.access.holders(account).map((g) => g.personName)).not.toContain('Pat');
    await refusal(() => core.takeovers.end(early.takeover.id), 'conflict');
    core.rotation.rotateNow(account, { password: 'After-Pat-Lapwing-8830' });
    const never = await core.takeovers.schedule({
      accountId: account,
      guest: { name: 'Kim', email: 'kim@example.org' },
      reason: 'r',
      start: iso(clock.now() + HOUR),
      end: iso(clock.now() + DAY),
    });
    expect(core.takeovers.end(never.takeover.id).state).toBe('cancelled');
    expect(core.secrets.reveal(account, 'password')).toBe('After-Pat-Lapwing-8830');
    expect(core.rotation.drafts()).toEqual([]);
    expect(core.rotation.queue().items.find((i) => i.accountId === account)).toBeUndefined();
  });
});

describe('handing a standing grantee their password', () => {
  it('issues a one-time credential with the current password and records it on the grant', async () => {
    const ticket = await core.takeovers.issueForGrant(account, owner, 3, true);
    const redeemed = await core.tickets.redeem(ticket.text, ticket.code);
    expect(redeemed.password).toBe(core.secrets.reveal(account, 'password'));
    expect(redeemed.totp?.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(ticket.notAfter - ticket.notBefore).toBe(3 * DAY);
    const grant = core.access.holders(account).find((g) => g.personId === owner)!;
    expect(grant.credentialIssuedAt).toBe(clock.now());
    const stranger = core.people.create({ name: 'Stranger', email: 'stranger@example.org' }).id;
    await refusal(() => core.takeovers.issueForGrant(account, stranger, 3, false), 'conflict');
    await refusal(() => core.takeovers.issueForGrant(archived, owner, 3, false), 'conflict');
  });
});
