/**
 * Escrow on the command line, end to end across two vault files: press
 * keygen/card, import-card (fingerprint check), escrow export/status/import/
 * register/inspect/open, notice save/import; exit codes 0 / 1 / 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../support/cli';
import { OFFICERS, rowCounts } from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-escrow-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
const file = (name: string) => join(dir, name);
/** Every CLI run records its own unlock and lock: compare everything else. */
const escrowRows = (vault: string) => {
  const { audit_events: _events, ...rest } = rowCounts(vault);
  return rest;
};
let pressVault = '';
let managerVault = '';
const press = (argv: string[], options: CliOptions = {}) =>
  runCli([...argv, '--vault', pressVault], { ...options, env: { ...env, ...options.env } });
const manager = (argv: string[], options: CliOptions = {}) =>
  runCli([...argv, '--vault', managerVault], { ...options, env: { ...env, ...options.env } });
let fingerprint = '';
let bundleId = '';

beforeAll(async () => {
  pressVault = freshPath(dir, 'press');
  managerVault = freshPath(dir, 'manager');
  for (const [vault, owner] of [
    [pressVault, 'Press Office'],
    [managerVault, 'Comms'],
  ] as const) {
    expect((await runCli(['init', '--owner', owner, '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
  }
  expect(
    (
      await manager(['account', 'add', '--platform', 'x', '--handle', 'ourbrand', '--sign-in', 'brand@example.ac.uk'], {
        stdin: 'brand-pw\n',
      })
    ).code,
  ).toBe(0);
  expect(
    (await manager(['account', 'add', '--platform', 'instagram', '--handle', 'uniinsta'], { stdin: 'insta-pw\n' }))
      .code,
  ).toBe(0);
  expect((await manager(['person', 'add', '--name', 'Ada', '--email', 'ada@example.ac.uk'])).code).toBe(0);
  expect((await manager(['grant', 'ourbrand', '--person', '1', '--reason', 'Runs it'])).code).toBe(0);
  const register = [
    '--two-factor-device',
    'Comms iPhone',
    '--two-factor-holder',
    '1',
    '--recovery-email',
    'c@example.ac.uk',
  ];
  expect((await manager(['account', 'edit', 'ourbrand', ...register])).code).toBe(0);
});

describe('custodian press', () => {
  it('keygen prints the fingerprint; usage errors exit 2; a second keygen exits 1', async () => {
    expect((await press(['press', 'keygen'])).code).toBe(2);
    expect((await press(['press', 'keygen', '--team', 'Press', '--quorum', '2'])).code).toBe(2);
    expect((await press(['press', 'keygen', '--team', 'Press', '--kdf', 'cheap'])).code).toBe(2);
    const run = await press(['press', 'keygen', '--team', 'Press Office', '--kdf', 'interactive']);
    expect(run.code).toBe(0);
    fingerprint = /Card fingerprint: (\d{5}(?: \d{5}){5})/.exec(run.stdout)![1]!;
    const again = await press(['press', 'keygen', '--team', 'Press Office', '--kdf', 'interactive']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a press key/);
  });

  it('card --out writes the file (never over another) and prints the same fingerprint', async () => {
    const run = await press(['press', 'card', '--out', file('card.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Fingerprint: ${fingerprint}`);
    expect(readFileSync(file('card.json'), 'utf8')).toMatch(/^\{"custodianPressCard":1,"body":"/);
    expect((await press(['press', 'card', '--out', file('card.json')])).code).toBe(1);
    const armoured = await press(['press', 'card', '--out', file('card.txt'), '--armour']);
    expect(armoured.code).toBe(0);
    expect(readFileSync(file('card.txt'), 'utf8')).toMatch(/^-----BEGIN CUSTODIAN PRESS CARD-----\n/);
    const json = JSON.parse((await press(['press', 'card', '--json'])).stdout) as { fingerprint: string };
    expect(json.fingerprint).toBe(fingerprint);
  });

  it('import-card is refused (exit 1, nothing changed) unless the fingerprint matches', async () => {
    const before = escrowRows(managerVault);
    const wrong = fingerprint.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const refused = await manager(['press', 'import-card', file('card.json'), '--fingerprint', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/do not use it/);
    expect((await manager(['press', 'import-card', file('card.json')])).code).toBe(2);
    expect((await manager(['press', 'import-card', file('missing.json'), '--fingerprint', fingerprint])).code).toBe(1);
    expect(escrowRows(managerVault)).toEqual(before);
    const ok = await manager([
      'press',
      'import-card',
      file('card.txt'),
      '--fingerprint',
      fingerprint.replace(/ /g, ''),
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: `Imported the card of Press Office (${fingerprint})\n` });
    expect((await manager(['press', 'cards'])).stdout).toContain(fingerprint);
  });
});

describe('custodian escrow', () => {
  it('status exits 1 before any bundle; export writes one; status then exits 0', async () => {
    const before = await manager(['escrow', 'status']);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/No bundle has been exported/);
    const run = await manager([
      'escrow',
      'export',
      '--to',
      fingerprint.slice(0, 11),
      '--out',
      file('bundle.json'),
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { bundleId: string; accounts: number };
    bundleId = result.bundleId;
    expect(result.accounts).toBe(2);
    expect((await manager(['escrow', 'status'])).code).toBe(0);
    expect((await manager(['escrow', 'export', '--to', '99999', '--out', file('nope.json')])).code).toBe(1);
    expect((await manager(['escrow', 'export', '--out', file('bundle.json')])).code).toBe(1);
  });

  it('inspect needs no vault and no passphrase', async () => {
    const run = await runCli(['escrow', 'inspect', file('bundle.json'), '--vault', file('no-such-vault')], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('From: Comms');
    expect(run.stdout).toContain(`To: Press Office (card ${fingerprint})`);
  });

  it('import pins the issuer; register --json lists the accounts without secrets', async () => {
    const run = await press(['escrow', 'import', file('bundle.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 accounts \(key pinned now; signing key \d{5}/);
    expect((await press(['escrow', 'import', file('bundle.json')])).code).toBe(1);
    const register = await press(['escrow', 'register', '--json']);
    expect(register.code).toBe(0);
    const parsed = JSON.parse(register.stdout) as { accounts: { handle: string; holders: { name: string }[] }[] };
    expect(parsed.accounts.map((a) => a.handle).sort()).toEqual(['ourbrand', 'uniinsta']);
    expect(parsed.accounts.find((a) => a.handle === 'ourbrand')!.holders.map((h) => h.name)).toEqual(['Ada']);
    expect(register.stdout).not.toContain('brand-pw');
    expect((await press(['escrow', 'register'])).stdout).toMatch(/@ourbrand \(X \(Twitter\)\) \[1\]\s+Ada/);
  });

  it('a damaged bundle exits 1 and changes nothing', async () => {
    const text = readFileSync(file('bundle.json'), 'utf8');
    // The signature's first character changed (to 'A' it would be unchanged one time in 64).
    const damaged = text.replace(/"signature":"(.)/, (_, c: string) => `"signature":"${c === 'A' ? 'B' : 'A'}`);
    expect(damaged).not.toBe(text);
    writeFileSync(file('damaged.json'), damaged);
    const before = escrowRows(pressVault);
    const run = await press(['escrow', 'import', file('damaged.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/altered or damaged/);
    expect(escrowRows(pressVault)).toEqual(before);
  });

  it('open needs a reason (exit 2), then prints the chosen account’s secrets and writes the notice', async () => {
    expect((await press(['escrow', 'open', bundleId])).code).toBe(2);
    expect((await press(['escrow', 'open', file('not-a-bundle'), '--reason', 'x'])).code).toBe(2);
    expect((await press(['escrow', 'open', bundleId, '--reason', 'x', '--account', 'nosuch'])).code).toBe(1);
    // A notice that cannot be written is refused before the opening: nothing opened, audited or shown.
    const rows = escrowRows(pressVault);
    const unwritable = await press([
      'escrow',
      'open',
      bundleId,
      '--reason',
      'x',
      '--notice-out',
      join(dir, 'no-such-folder', 'notice.json'),
    ]);
    expect(unwritable).toMatchObject({ code: 1, stdout: '' });
    expect(unwritable.stderr).toMatch(/^custodian: Cannot write .*: the folder .*no-such-folder does not exist\n$/);
    expect(escrowRows(pressVault)).toEqual(rows);
    const run = await press([
      'escrow',
      'open',
      bundleId,
      '--reason',
      'Hacked overnight',
      '--account',
      'x:ourbrand',
      '--notice-out',
      file('notice.json'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '@ourbrand (X (Twitter)) [1]',
        '  sign in as: brand@example.ac.uk',
        '  password: brand-pw',
        '  resets go to: c@example.ac.uk',
        '  two-factor device: Comms iPhone, held by Ada',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toMatch(/Wrote the break-glass notice/);
    const json = await press(['escrow', 'open', file('bundle.json'), '--reason', 'Drill', '--json']);
    const opened = JSON.parse(json.stdout) as {
      accounts: { handle: string; password: string }[];
      noticePath: null;
      openingId: number;
    };
    expect(opened.accounts.map((a) => [a.handle, a.password])).toEqual([
      ['ourbrand', 'brand-pw'],
      ['uniinsta', 'insta-pw'],
    ]);
    const saved = await press(['escrow', 'notice', 'save', String(opened.openingId), '--out', file('notice2.json')]);
    expect(saved.code).toBe(0);
  });

  it('notice import creates the obligations; a second import exits 1; rotation is then due today', async () => {
    const run = await manager(['escrow', 'notice', 'import', file('notice.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Press Office opened 1 account\(s\) on \d{4}-\d{2}-\d{2}: “Hacked overnight”. Created 1 rotation obligation/,
    );
    expect((await manager(['escrow', 'notice', 'import', file('notice.json')])).code).toBe(1);
    const due = await manager(['rotation', 'due']);
    // Due at once, so due today: not overdue (exit 1) until tomorrow.
    expect(due.code).toBe(0);
    expect(due.stdout).toMatch(/Due today\s+Escrow opened by Press Office .*Hacked overnight/);
  });

  it('status exits 1 after a rotation, naming the account', async () => {
    expect((await manager(['rotate', 'ourbrand'], { stdin: 'Brand-rotated-Plover-3318\n' })).code).toBe(0);
    const run = await manager(['escrow', 'status']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 account rotated.*\n {4}rotated: 1/);
  });
});

describe('a quorum press key on the command line', () => {
  let quorumVault = '';
  let quorumFingerprint = '';
  const officerEnv = (indexes: number[]) => ({
    CUSTODIAN_OFFICER_PASSPHRASES: `${indexes.map((i) => OFFICERS[i]!.passphrase).join('\n')}\n`,
  });
  const q = (argv: string[], options: CliOptions = {}) =>
    runCli([...argv, '--vault', quorumVault], { ...options, env: { ...env, ...options.env } });

  beforeAll(async () => {
    quorumVault = freshPath(dir, 'quorum');
    expect(
      (await runCli(['init', '--owner', 'Press Q', '--kdf', 'interactive', '--vault', quorumVault], { env })).code,
    ).toBe(0);
  });

  it('keygen takes officer passphrases from CUSTODIAN_OFFICER_PASSPHRASES, in order', async () => {
    const officers = OFFICERS.flatMap((o) => ['--officer', o.name]);
    expect(
      (
        await q(['press', 'keygen', '--team', 'Press Q', ...officers, '--quorum', '2', '--kdf', 'interactive'], {
          env: officerEnv([0, 1]),
        })
      ).code,
    ).toBe(2);
    expect(
      (
        await q(['press', 'keygen', '--team', 'Press Q', ...officers, '--quorum', '4', '--kdf', 'interactive'], {
          env: officerEnv([0, 1, 2]),
        })
      ).code,
    ).toBe(1);
    const run = await q(
      ['press', 'keygen', '--team', 'Press Q', ...officers, '--quorum', '2', '--kdf', 'interactive'],
      { env: officerEnv([0, 1, 2]) },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Opening needs 2 of: Ann Officer, Bob Officer, Cat Officer');
    quorumFingerprint = /Card fingerprint: (\d{5}(?: \d{5}){5})/.exec(run.stdout)![1]!;
    expect((await q(['press', 'card', '--out', file('qcard.json')])).code).toBe(0);
    expect((await manager(['press', 'import-card', file('qcard.json'), '--fingerprint', quorumFingerprint])).code).toBe(
      0,
    );
    expect((await manager(['escrow', 'export', '--to', quorumFingerprint, '--out', file('qbundle.json')])).code).toBe(
      0,
    );
    expect((await q(['escrow', 'import', file('qbundle.json')])).code).toBe(0);
  });

  it('open needs named officers and their passphrases; a wrong one exits 1', async () => {
    const target = file('qbundle.json');
    expect((await q(['escrow', 'open', target, '--reason', 'Drill'])).code).toBe(2);
    expect((await q(['escrow', 'open', target, '--reason', 'Drill', '--officer', 'Zed'])).code).toBe(2);
    const wrong = await q(
      ['escrow', 'open', target, '--reason', 'Drill', '--officer', 'Ann Officer', '--officer', 'Cat Officer'],
      {
        env: officerEnv([0, 1]),
      },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase of Cat Officer is wrong/);
    const ok = await q(
      ['escrow', 'open', target, '--reason', 'Drill', '--officer', 'cat officer', '--officer', 'Ann Officer', '--json'],
      {
        env: officerEnv([2, 0]),
      },
    );
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { accounts: { password: string }[] }).accounts.map((a) => a.password)).toEqual([
      'Brand-rotated-Plover-3318',
      'insta-pw',
    ]);
    // Prompts when the variable is absent (the test terminal answers them).
    const prompted = await q(
      ['escrow', 'open', target, '--reason', 'Drill', '--officer', 'Bob Officer', '--officer', 'Ann Officer'],
      {
        answers: [OFFICERS[1]!.passphrase, OFFICERS[0]!.passphrase],
      },
    );
    expect(prompted.code).toBe(0);
    expect(prompted.prompts).toEqual(['Passphrase of Bob Officer: ', 'Passphrase of Ann Officer: ']);
  });
});
