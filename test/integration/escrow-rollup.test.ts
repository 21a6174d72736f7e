/**
 * The centre sees everyone: two managers' vaults export bundles to one press
 * office; each bundle carries the manager's own compliance findings; the
 * press register rolls them up per manager and per account, and writes one
 * reminder per manager with what is due (text, and an .ics with `custodian
 * escrow reminders --ics FILE`).
 *
 * Marketing (three accounts, its editor Jo has left): every password is past
 * the three-month rotation, Jo's leaving leaves @ourbrand with one holder, a
 * leaver obligation and no manager. Sport Office (one account that keeps the
 * policy) exported long ago: its bundle is stale.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import type { RegisterRollup } from '../../src/shared/domain/escrow';
import { toIsoDate } from '../../src/shared/dates';
import { runCli } from '../support/cli';
import { exportBundle } from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, fields, makeCore, secrets, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-rollup-');
const DAY = 86_400_000;
const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
const cores: TestCore[] = [];
let press: TestCore;
let pressPath: string;

async function vault(owner: string, name: string): Promise<{ core: TestCore; path: string }> {
  const path = freshPath(dir, name);
  const core = await makeCore(path, { clock });
  await core.vault.create({ path, owner, passphrase: PASSPHRASE, kdf: 'interactive' });
  cores.push(core);
  return { core, path };
}

function importCard(manager: TestCore): void {
  const { key } = press.press.card();
  manager.escrow.importCard(key!.card, key!.fingerprint);
}

const STRONG = (n: number) => `Quartz-Lantern-${n}-Meadow-Violet-Harbour`;

beforeAll(async () => {
  ({ core: press, path: pressPath } = await vault('Press Office', 'press'));
  await press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false });

  // Sport Office: one account in policy, exported on day 0.
  const { core: sport } = await vault('Sport Office', 'sport');
  const lee = sport.people.create({ name: 'Lee Coach', email: 'lee@example.ac.uk' }).id;
  const kim = sport.people.create({ name: 'Kim Captain', email: 'kim@example.ac.uk' }).id;
  const club = sport.accounts.create(
    fields({
      platform: 'instagram',
      handle: 'unisportclub',
      managerId: lee,
      purpose: 'Fixtures and results',
      monitoredHours: 'Weekends',
      twoFactor: 'security_key',
    }),
    secrets({ password: STRONG(1) }),
  ).id;
  for (const personId of [lee, kim]) sport.access.grant({ accountId: club, personId, reason: 'Runs it' });
  importCard(sport);
  const sportBundle = await exportBundle(sport);

  // 100 days later, Marketing exports; its passwords are all past the three-month period.
  const { core: marketing } = await vault('Marketing', 'marketing');
  const jo = marketing.people.create({ name: 'Jo Bloggs', email: 'jo@example.ac.uk' }).id;
  const sam = marketing.people.create({ name: 'Sam Smith', email: 'sam@example.ac.uk' }).id;
  const brand = marketing.accounts.create(
    fields({ platform: 'instagram', handle: 'ourbrand', managerId: jo, twoFactor: 'totp' }),
    secrets({ password: STRONG(2), totp: { seed: 'JBSWY3DPEHPK3PXP' } }),
  ).id;
  const news = marketing.accounts.create(
    fields({ platform: 'x', handle: 'uninews', managerId: sam }),
    secrets({ password: STRONG(3) }),
  ).id;
  marketing.accounts.create(fields({ platform: 'tiktok', handle: 'unisport' }), secrets({ password: STRONG(4) }));
  marketing.access.grant({ accountId: brand, personId: jo, reason: 'Runs it' });
  marketing.access.grant({ accountId: brand, personId: sam, reason: 'Cover' });
  marketing.access.grant({ accountId: news, personId: sam, reason: 'Runs it' });
  clock.advance(100 * DAY);
  marketing.access.processLeaver({ personId: jo, kind: 'left', date: toIsoDate(clock.now()) });
  importCard(marketing);
  const marketingBundle = await exportBundle(marketing);

  press.press.importBundle(sportBundle.file);
  press.press.importBundle(marketingBundle.file);
});
afterAll(async () => {
  for (const core of cores) await core.dispose();
});

describe('the press register roll-up', () => {
  it('carries each manager’s own findings in the bundle', () => {
    const register = press.press.register();
    const byHandle = new Map(register.accounts.map((a) => [a.handle, a]));
    expect(byHandle.get('unisportclub')!.findings).toEqual([]);
    expect(byHandle.get('ourbrand')!.findings!.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['manager_left', 'too_few_holders', 'password_too_old', 'leaver_obligation']),
    );
    // The bundle is the escrow: no R7 finding travels in it.
    expect(register.accounts.flatMap((a) => a.findings!.map((f) => f.kind))).not.toContain('no_escrow');
  });

  it('rolls up per manager and per account', () => {
    const rollup = press.press.rollup('UTC');
    expect(rollup.managers.map((m) => [m.issuerName, m.accounts, m.stale, m.checked])).toEqual([
      ['Marketing', 3, false, true],
      ['Sport Office', 1, true, true],
    ]);
    expect(rollup.managers[0]!.counts).toEqual({
      overdue: 3,
      few_holders: 3,
      no_two_factor: 2,
      manager_left: 2,
      open_obligations: 1,
    });
    expect(rollup.managers[1]!.counts).toEqual({
      overdue: 0,
      few_holders: 0,
      no_two_factor: 0,
      manager_left: 0,
      open_obligations: 0,
    });
    expect(rollup.accounts.map((a) => [a.handle, a.items])).toEqual([
      ['ourbrand', ['overdue', 'few_holders', 'manager_left', 'open_obligations']],
      ['uninews', ['overdue', 'few_holders', 'no_two_factor']],
      ['unisport', ['overdue', 'few_holders', 'no_two_factor', 'manager_left']],
    ]);
  });

  it('writes one reminder per manager with what is due', () => {
    const { reminders } = press.press.rollup('UTC');
    expect(reminders.map((r) => [r.to, r.subject])).toEqual([
      ['Marketing', 'Social media accounts: 11 things to put right'],
      ['Sport Office', 'Social media accounts: your escrow bundle is out of date'],
    ]);
    const marketing = reminders[0]!.text;
    expect(marketing).toMatch(/^Dear Marketing,/);
    expect(marketing).toContain('Open leaver or takeover obligations:\n  - @ourbrand (Instagram)\n');
    expect(marketing).toContain('No two-factor authentication:\n  - @uninews (X (Twitter))\n  - @unisport (TikTok)\n');
    expect(marketing).not.toContain('escrow bundle is');
    expect(marketing.trimEnd().endsWith('Press Office')).toBe(true);
    expect(reminders[1]!.text).toContain('Your escrow bundle is 100 days old');
  });

  it('custodian escrow reminders prints them and writes the .ics', async () => {
    const ics = freshPath(dir, 'reminders.ics');
    const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE, TZ: 'UTC' };
    const run = await runCli(['escrow', 'reminders', '--ics', ics, '--vault', pressPath], { env });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // The command line runs on the real clock: both bundles are old by now.
    expect(run.stdout).toMatch(/Marketing +3 +3 +3 +2 +2 +1 +\d+ d \(stale\)/);
    expect(run.stdout).toMatch(/Sport Office +1 +0 +0 +0 +0 +0 +\d+ d \(stale\)/);
    expect(run.stdout).toContain('To: Marketing\nSubject: Social media accounts: 11 things to put right');
    const calendar = readFileSync(ics, 'utf8');
    expect(calendar.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(calendar).toContain('SUMMARY:Remind Marketing: Social media accounts: 11 things to put right');
    const json = await runCli(['escrow', 'reminders', '--json', '--vault', pressPath], { env });
    expect((JSON.parse(json.stdout) as RegisterRollup).reminders).toHaveLength(2);
    // A second --ics to the same path is refused: an export never overwrites.
    expect((await runCli(['escrow', 'reminders', '--ics', ics, '--vault', pressPath], { env })).code).toBe(1);
  });
});
