/**
 * The register complete: the account and person fields the policies ask for,
 * set and changed from the CLI (`account edit`, `person add|edit`), secrets
 * only through stdin, search by manager and holder, and bad input refused
 * with nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountDetail, AccountSummary } from '../../src/shared/domain/account';
import type { PersonView } from '../../src/shared/domain/people';
import { runCli, type CliOptions } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-register-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
let vault = '';
const cli = (argv: string[], options: CliOptions = {}) => runCli([...argv, '--vault', vault], { env, ...options });
const json = async <T>(argv: string[], options: CliOptions = {}) => {
  const run = await cli([...argv, '--json'], options);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};
const show = (ref: string) => json<AccountDetail>(['account', 'show', ref]);

beforeAll(async () => {
  vault = freshPath(dir);
  expect((await runCli(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
  for (const [name, email] of [
    ['Siân Prys', 'sian@example.ac.uk'],
    ['Gareth Owen', 'gareth@example.ac.uk'],
    ['Ada Lovelace', 'ada@example.ac.uk'],
  ]) {
    expect((await cli(['person', 'add', '--name', name!, '--email', email!])).code).toBe(0);
  }
  expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'livuni_news', '--no-password'])).code).toBe(0);
  expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'livuni_cymraeg', '--no-password'])).code).toBe(
    0,
  );
});

describe('custodian account edit', () => {
  it('sets every register field, and account show prints them', async () => {
    const edited = await json<AccountDetail>([
      'account',
      'edit',
      'livuni_news',
      '--manager',
      'sian@example.ac.uk',
      '--purpose',
      'News',
      '--hours',
      'Mon-Fri 9-5',
      '--two-factor',
      'totp',
      '--two-factor-device',
      'Comms iPhone',
      '--two-factor-holder',
      'gareth@example.ac.uk',
      '--recovery-email',
      'comms@example.ac.uk',
      '--recovery-phone',
      '+44 151 794 2000',
      '--language',
      'en',
      '--other-language',
      'livuni_cymraeg',
      '--approved-by',
      'Director of Marketing',
      '--approved-on',
      '2026-01-15',
      '--business-case',
      'Breaking news for staff and students',
      '--response-time',
      'Within one working day',
    ]);
    expect(edited).toMatchObject({
      handle: 'livuni_news',
      manager: 'Siân Prys',
      purpose: 'News',
      monitoredHours: 'Mon-Fri 9-5',
      twoFactor: 'totp',
      twoFactorDevice: 'Comms iPhone',
      twoFactorHolder: 'Gareth Owen',
      recoveryEmail: 'comms@example.ac.uk',
      recoveryPhone: '+44 151 794 2000',
      language: 'en',
      otherLanguageAccountId: 2,
      approvedBy: 'Director of Marketing',
      approvedOn: '2026-01-15',
      businessCase: 'Breaking news for staff and students',
      responseTime: 'Within one working day',
    });
    const text = (await cli(['account', 'show', 'livuni_news'])).stdout;
    expect(text).toMatch(/2FA holder +Gareth Owen/);
    expect(text).toMatch(/Language +English/);
    expect(text).toMatch(/Approved +Director of Marketing, 2026-01-15/);
  });

  it('changes only what it is given, and an empty value clears a field', async () => {
    const before = await show('livuni_news');
    const after = await json<AccountDetail>(['account', 'edit', 'livuni_news', '--purpose', '', '--manager', '']);
    expect(after.purpose).toBe('');
    expect(after.managerId).toBeNull();
    const { purpose: _p, managerId: _m, manager: _n, updatedAt: _u, ...rest } = after;
    const { purpose: _p2, managerId: _m2, manager: _n2, updatedAt: _u2, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    await json(['account', 'edit', 'livuni_news', '--manager', '1', '--purpose', 'News']);
  });

  it('reads secrets from stdin only: sign-in name, password, TOTP seed, recovery codes, notes; --clear removes one', async () => {
    await json(['account', 'edit', 'livuni_news', '--secret', 'sign-in'], { stdin: 'press-office@example.ac.uk\n' });
    await json(['account', 'edit', 'livuni_news', '--secret', 'password'], { stdin: 'correct horse battery\n' });
    await json(['account', 'edit', 'livuni_news', '--secret', 'totp'], { stdin: 'JBSWY3DPEHPK3PXP\n' });
    await json(['account', 'edit', 'livuni_news', '--secret', 'recovery-codes'], { stdin: 'aaaa-1111\nbbbb-2222\n\n' });
    await json(['account', 'edit', 'livuni_news', '--secret', 'notes'], { stdin: 'Shared inbox: comms\nline two\n' });
    let account = await show('livuni_news');
    expect(account).toMatchObject({ hasPassword: true, hasTotp: true, recoveryCodeCount: 2, hasNotes: true });
    const revealed = await json<{ password: string; signInName: string }>([
      'account',
      'show',
      'livuni_news',
      '--reveal',
    ]);
    expect(revealed).toMatchObject({ password: 'correct horse battery', signInName: 'press-office@example.ac.uk' });

    await json([
      'account',
      'edit',
      'livuni_news',
      '--clear',
      'notes',
      '--clear',
      'recovery-codes',
      '--clear',
      'sign-in',
    ]);
    account = await show('livuni_news');
    expect(account).toMatchObject({
      hasSignInName: false,
      hasPassword: true,
      hasTotp: true,
      recoveryCodeCount: 0,
      hasNotes: false,
    });
    // The secrets never reach the file in the clear.
    withRawDb(vault, (db) => {
      const dump = JSON.stringify(db.prepare('SELECT * FROM account_secrets').all(), (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
      );
      expect(dump).not.toContain('correct horse');
      expect(dump).not.toContain('press-office@');
      expect(dump).not.toContain('Comms iPhone');
    });
  });

  it('refuses bad input with the reason, changing nothing', async () => {
    const before = await show('livuni_news');
    const cases: [string[], number, RegExp][] = [
      [['--language', 'fr'], 2, /--language must be one of en, cy, bilingual/],
      [['--two-factor', 'carrier-pigeon'], 2, /--two-factor must be one of/],
      [['--secret', 'handle'], 2, /--secret takes one of sign-in, password, totp, recovery-codes, notes/],
      [['--clear', 'everything'], 2, /--clear takes one of/],
      [[], 2, /Nothing to change/],
      [['--recovery-email', 'not-an-email'], 1, /recoveryEmail: Not an email address/],
      [['--recovery-phone', 'call me'], 1, /recoveryPhone: Not a phone number/],
      [['--approved-on', '2026-02-30'], 1, /approvedOn: Use a real date/],
      [['--handle', '=cmd'], 1, /handle/],
      [['--other-language', 'livuni_news'], 1, /its own other-language account/],
      [['--language', 'bilingual'], 1, /A bilingual account has no other-language account/],
      [['--two-factor-holder', 'nobody@example.ac.uk'], 1, /No person/],
    ];
    for (const [args, code, message] of cases) {
      const run = await cli(['account', 'edit', 'livuni_news', ...args]);
      expect({ args, code: run.code, stderr: run.stderr }).toMatchObject({
        code,
        stderr: expect.stringMatching(message),
      });
    }
    // The secret itself is never an argument.
    const asArgument = await cli(['account', 'edit', 'livuni_news', '--password', 'hunter2']);
    expect(asArgument.code).toBe(2);
    const empty = await cli(['account', 'edit', 'livuni_news', '--secret', 'password'], { stdin: '\n' });
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringMatching(/No password on stdin/) });
    const badSeed = await cli(['account', 'edit', 'livuni_news', '--secret', 'totp'], { stdin: 'not base32 !!\n' });
    expect(badSeed.code).toBe(1);
    const after = await show('livuni_news');
    expect(after).toEqual(before);
  });
});

describe('people: phone and line manager; search by manager and holder', () => {
  it('sets a phone and line manager on add and edit; refuses a self-manager and a bad phone', async () => {
    const id = (
      await json<{ id: number }>([
        'person',
        'add',
        '--name',
        'Nia Evans',
        '--email',
        'nia@example.ac.uk',
        '--phone',
        '07700 900123',
        '--line-manager',
        'sian@example.ac.uk',
      ])
    ).id;
    let people = await json<PersonView[]>(['person', 'list']);
    expect(people.find((p) => p.id === id)).toMatchObject({ phone: '07700 900123', lineManager: 'Siân Prys' });
    await json(['person', 'edit', 'nia@example.ac.uk', '--line-manager', 'gareth@example.ac.uk', '--role', 'Officer']);
    people = await json<PersonView[]>(['person', 'list']);
    expect(people.find((p) => p.id === id)).toMatchObject({
      name: 'Nia Evans',
      phone: '07700 900123',
      role: 'Officer',
      lineManager: 'Gareth Owen',
    });
    const self = await cli(['person', 'edit', 'nia@example.ac.uk', '--line-manager', 'nia@example.ac.uk']);
    expect(self).toMatchObject({ code: 1, stderr: expect.stringMatching(/their own line manager/) });
    const nothing = await cli(['person', 'edit', 'nia@example.ac.uk']);
    expect(nothing).toMatchObject({ code: 2, stderr: expect.stringMatching(/Nothing to change/) });
    const phone = await cli(['person', 'edit', 'nia@example.ac.uk', '--phone', 'ring ring']);
    expect(phone).toMatchObject({ code: 1, stderr: expect.stringMatching(/phone: Not a phone number/) });
    expect((await json<PersonView[]>(['person', 'list'])).find((p) => p.id === id)?.lineManager).toBe('Gareth Owen');
  });

  it('account list --search finds accounts by the manager’s and the holders’ names', async () => {
    await json(['grant', 'livuni_cymraeg', '--person', 'ada@example.ac.uk', '--reason', 'Runs it']);
    const search = async (text: string) =>
      (await json<AccountSummary[]>(['account', 'list', '--search', text])).map((a) => a.handle);
    expect(await search('sian')).toEqual(['livuni_news']);
    expect(await search('lovelace')).toEqual(['livuni_cymraeg']);
    expect(await search('gareth')).toEqual([]);
  });
});
