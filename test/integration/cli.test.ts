import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ascii, base32Encode } from '../support/base32';
import { runCli, type CliOptions } from '../support/cli';
import { withRawDb, flipByte } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, WRONG_PASSPHRASE } from '../support/vault';

const dir = useTempDir();
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
/** RFC 6238's SHA-1 seed: at T = 59 its 8-digit code is 94287082, so the 6-digit one is 287082. */
const RFC_SEED = base32Encode(ascii('12345678901234567890'));

/** Runs the CLI on `vault`, with the passphrase in the environment unless told otherwise. */
const cli = (vault: string, argv: string[], options: CliOptions = {}) =>
  runCli([...argv, '--vault', vault], { env, ...options });

async function newVault(): Promise<string> {
  const vault = freshPath(dir);
  const run = await runCli(['init', '--owner', 'Comms Team', '--kdf', 'interactive', '--vault', vault], { env });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return vault;
}

function expectNoSecrets(run: { stdout: string; stderr: string }) {
  expect(run.stdout + run.stderr).not.toContain(PASSPHRASE);
}

describe('custodian init', () => {
  it('creates a vault at the cheapest accepted cost when asked', async () => {
    const vault = freshPath(dir);
    const run = await runCli(['init', '--owner', 'Comms Team', '--kdf', 'interactive', '--vault', vault, '--json'], {
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      path: vault,
      vaultId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kdf: 'interactive',
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(existsSync(vault)).toBe(true);
    expectNoSecrets(run);
  });

  it('takes the new passphrase typed twice at a prompt', async () => {
    const vault = freshPath(dir);
    const run = await runCli(['init', '--owner', 'Prompted', '--kdf', 'interactive', '--vault', vault], {
      answers: [PASSPHRASE, PASSPHRASE],
    });
    expect(run.code).toBe(0);
    expect(run.prompts).toEqual(['New vault passphrase: ', 'Repeat the passphrase: ']);
    expect((await cli(vault, ['account', 'list'])).code).toBe(0);
  });

  it('refuses two different typed passphrases, and a short one, with exit 1 and no file', async () => {
    const vault = freshPath(dir);
    const differ = await runCli(['init', '--owner', 'X', '--kdf', 'interactive', '--vault', vault], {
      answers: [PASSPHRASE, `${PASSPHRASE}!`],
    });
    expect(differ).toMatchObject({ code: 1, stdout: '', stderr: 'custodian: The two passphrases differ\n' });
    const short = await runCli(['init', '--owner', 'X', '--kdf', 'interactive', '--vault', vault], {
      env: { CUSTODIAN_PASSPHRASE: 'short' },
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^custodian: Passphrase must be at least 10 characters\n$/);
    expect(existsSync(vault)).toBe(false);
  });

  it('refuses to overwrite an existing file (exit 1), leaving it as it was', async () => {
    const vault = freshPath(dir);
    writeFileSync(vault, 'not yours');
    const run = await runCli(['init', '--owner', 'X', '--kdf', 'interactive', '--vault', vault], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^custodian: A file already exists at .*; choose another name\n$/);
    expect(readFileSync(vault, 'utf8')).toBe('not yours');
  });

  it('bad usage is exit 2 with the command’s usage line', async () => {
    const vault = freshPath(dir);
    const noOwner = await runCli(['init', '--vault', vault], { env });
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toBe(
      'custodian: --owner is required\nusage: custodian init --owner NAME [--kdf interactive|moderate|sensitive]\n',
    );
    const badKdf = await runCli(['init', '--owner', 'X', '--kdf', 'fast', '--vault', vault], { env });
    expect(badKdf.code).toBe(2);
    expect(badKdf.stderr).toMatch(/--kdf must be one of interactive, moderate, sensitive/);
    expect(existsSync(vault)).toBe(false);
  });
});

describe('custodian account', () => {
  let vault: string;
  beforeAll(async () => {
    vault = await newVault();
  });

  it('add --json prints exactly {"id":N} on stdout, reading the password from stdin', async () => {
    const run = await cli(vault, ['account', 'add', '--platform', 'x', '--handle', '@UniNews', '--json'], {
      stdin: 'piped password\n',
    });
    expect(run).toMatchObject({ code: 0, stdout: '{"id":1}\n', stderr: '' });
    const shown = await cli(vault, ['account', 'show', '1', '--reveal', '--json']);
    // One trailing newline from `echo` is not part of the password.
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 1, handle: 'UniNews', password: 'piped password' });
  });

  it('add stores every option', async () => {
    // The manager is a person in the directory, named by email (or id).
    expect((await cli(vault, ['person', 'add', '--name', 'Alex Doe', '--email', 'alex@example.ac.uk'])).code).toBe(0);
    const run = await cli(
      vault,
      [
        'account',
        'add',
        '--platform',
        'linkedin',
        '--handle',
        'example-university',
        '--name',
        'Example University',
        '--url',
        'https://www.linkedin.com/school/example-university',
        '--department',
        'Marketing',
        '--manager',
        'alex@example.ac.uk',
        '--purpose',
        'Recruitment',
        '--hours',
        'Weekdays',
        '--two-factor',
        'app_prompt',
        '--json',
      ],
      { stdin: 'linkedin password' },
    );
    expect(run.code).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: number };
    const shown = JSON.parse((await cli(vault, ['account', 'show', String(id), '--json'])).stdout);
    expect(shown).toMatchObject({
      platform: 'linkedin',
      handle: 'example-university',
      displayName: 'Example University',
      url: 'https://www.linkedin.com/school/example-university',
      department: 'Marketing',
      manager: 'Alex Doe',
      purpose: 'Recruitment',
      monitoredHours: 'Weekdays',
      twoFactor: 'app_prompt',
      hasPassword: true,
    });
    expect(shown).not.toHaveProperty('password');
  });

  it('add --generate makes a password that fits the platform, without reading stdin', async () => {
    const run = await cli(
      vault,
      ['account', 'add', '--platform', 'tiktok', '--handle', 'uni.tok', '--generate', '--json'],
      {
        stdin: 'this must not be used',
      },
    );
    expect(run.code).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: number };
    const { password } = JSON.parse((await cli(vault, ['account', 'show', String(id), '--reveal', '--json'])).stdout);
    expect(password).not.toBe('this must not be used');
    expect(password).toHaveLength(20);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).toMatch(/[^A-Za-z0-9]/);
    const long = await cli(vault, [
      'account',
      'add',
      '--platform',
      'x',
      '--handle',
      'gen_len',
      '--generate',
      '--length',
      '40',
      '--json',
    ]);
    const genLen = JSON.parse(long.stdout) as { id: number };
    const revealed = JSON.parse(
      (await cli(vault, ['account', 'show', String(genLen.id), '--reveal', '--json'])).stdout,
    );
    expect(revealed.password).toHaveLength(40);
  });

  it('add --totp stores the seed; totp --at 59 gives the RFC 6238 code', async () => {
    const uri = `otpauth://totp/RFC:6238?secret=${RFC_SEED}&issuer=RFC`;
    const run = await cli(vault, [
      'account',
      'add',
      '--platform',
      'x',
      '--handle',
      'rfc6238',
      '--totp',
      uri,
      '--no-password',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const totp = await cli(vault, ['totp', 'rfc6238', '--at', '59', '--json']);
    expect(totp).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(totp.stdout)).toEqual({ code: '287082', remaining: 1 });
    const text = await cli(vault, ['totp', '@rfc6238', '--at', '1111111109']);
    expect(text.stdout).toBe('081804\n');
    const shown = JSON.parse((await cli(vault, ['account', 'show', 'rfc6238', '--json'])).stdout);
    expect(shown).toMatchObject({ hasPassword: false, hasTotp: true, twoFactor: 'totp' });
    expect(JSON.stringify(shown)).not.toContain(RFC_SEED);
  });

  it('an 8-digit SHA-256 seed gives the RFC 6238 SHA-256 code', async () => {
    const seed = base32Encode(ascii('12345678901234567890123456789012'));
    const uri = `otpauth://totp/RFC?secret=${seed}&digits=8&algorithm=SHA256`;
    expect(
      (
        await cli(vault, [
          'account',
          'add',
          '--platform',
          'other',
          '--handle',
          'rfc-sha256',
          '--totp',
          uri,
          '--no-password',
        ])
      ).code,
    ).toBe(0);
    const totp = await cli(vault, ['totp', 'rfc-sha256', '--at', '20000000000', '--json']);
    expect(JSON.parse(totp.stdout)).toEqual({ code: '77737706', remaining: 10 });
  });

  it('list shows accounts as a table or as JSON, with search and filters', async () => {
    const text = await cli(vault, ['account', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^ID\s+PLATFORM\s+HANDLE\s+NAME\s+STATUS\s+2FA$/);
    expect(text.stdout).toMatch(/^1\s+x\s+@UniNews\s+active\s+none$/m);
    const json = JSON.parse((await cli(vault, ['account', 'list', '--json'])).stdout) as { handle: string }[];
    expect(json.map((a) => a.handle)).toEqual(expect.arrayContaining(['UniNews', 'example-university', 'uni.tok']));
    expect(JSON.stringify(json)).not.toMatch(/password"/);
    const searched = JSON.parse((await cli(vault, ['account', 'list', '--search', 'example', '--json'])).stdout);
    expect(searched.map((a: { handle: string }) => a.handle)).toEqual(['example-university']);
    const platform = JSON.parse((await cli(vault, ['account', 'list', '--platform', 'tiktok', '--json'])).stdout);
    expect(platform.map((a: { handle: string }) => a.handle)).toEqual(['uni.tok']);
  });

  it('show finds an account by id, handle, @handle or platform:handle', async () => {
    for (const ref of ['1', 'UniNews', '@uninews', 'x:UniNews', 'x:@UNINEWS']) {
      const run = await cli(vault, ['account', 'show', ref, '--json']);
      expect(run.code, ref).toBe(0);
      expect(JSON.parse(run.stdout).id).toBe(1);
    }
    const text = await cli(vault, ['account', 'show', 'UniNews']);
    expect(text.stdout).toMatch(/^Id {9}1$/m);
    expect(text.stdout).toMatch(/^Handle {5}@UniNews$/m);
    expect(text.stdout).not.toContain('piped password');
    const missing = await cli(vault, ['account', 'show', 'nobody']);
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'custodian: No account with id or handle "nobody"\n',
    });
  });

  it('archive and restore', async () => {
    const archived = await cli(vault, ['account', 'archive', 'UniNews', '--closed', 'deleted', '--json']);
    expect(archived.code).toBe(0);
    expect(JSON.parse(archived.stdout)).toMatchObject({ id: 1, status: 'archived', platformClosure: 'deleted' });
    const badClosure = await cli(vault, ['account', 'archive', 'UniNews', '--closed', 'burnt']);
    expect(badClosure).toMatchObject({ code: 2 });
    const listed = JSON.parse((await cli(vault, ['account', 'list', '--status', 'archived', '--json'])).stdout);
    expect(listed.map((a: { id: number }) => a.id)).toEqual([1]);
    const again = await cli(vault, ['account', 'archive', '1']);
    expect(again).toMatchObject({ code: 1, stderr: 'custodian: The account is already archived\n' });
    const restored = await cli(vault, ['account', 'restore', '1']);
    expect(restored).toMatchObject({ code: 0, stdout: 'Account 1 is now active\n' });
  });

  it('refused input is exit 1 with a one-line reason', async () => {
    const badHandle = await cli(vault, [
      'account',
      'add',
      '--platform',
      'x',
      '--handle',
      'not-valid!',
      '--no-password',
    ]);
    expect(badHandle.code).toBe(1);
    expect(badHandle.stderr).toMatch(/^custodian: handle: Not a valid X \(Twitter\) handle: .*\n$/);
    const duplicate = await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'uninews', '--no-password']);
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toMatch(/^custodian: @uninews on X \(Twitter\) is already registered as account 1\n$/);
    const badTotp = await cli(vault, [
      'account',
      'add',
      '--platform',
      'x',
      '--handle',
      'badtotp',
      '--totp',
      'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP',
      '--no-password',
    ]);
    expect(badTotp.code).toBe(1);
    expect(badTotp.stderr).toMatch(/time-based/);
    expect(badTotp.stderr).not.toContain('JBSWY3DPEHPK3PXP');
    const badUrl = await cli(vault, [
      'account',
      'add',
      '--platform',
      'x',
      '--handle',
      'badurl',
      '--url',
      'ftp://x',
      '--no-password',
    ]);
    expect(badUrl.code).toBe(1);
  });

  it('bad usage is exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['account', 'add', '--handle', 'x1', '--no-password'], /--platform is required/],
      [['account', 'add', '--platform', 'x', '--no-password'], /--handle is required/],
      [['account', 'add', '--platform', 'myspace', '--handle', 'x1'], /Unknown platform "myspace"/],
      [
        ['account', 'add', '--platform', 'x', '--handle', 'x1', '--two-factor', 'pigeon', '--no-password'],
        /--two-factor must be one of/,
      ],
      [['account', 'add', '--platform', 'x', '--handle', 'x1', '--generate', '--no-password'], /contradict/],
      [['account', 'add', '--platform', 'x', '--handle', 'x1', '--length', '20'], /--length goes with --generate/],
      [['account', 'add', '--platform', 'x', '--handle', 'x1', '--colour', 'red'], /Unknown option '--colour'/],
      [['account', 'show'], /Missing argument/],
      [['account', 'show', '1', '2'], /Unexpected argument "2"/],
      [['account', 'list', '--status', 'deleted'], /--status must be one of active, archived/],
      [['account', 'frobnicate'], /Unknown command "account frobnicate"/],
      [['totp', '1', '--at', 'noon'], /--at must be a whole number/],
      [['totp', '1', '--at=-5'], /--at must not be negative/],
      [['totp', '1', '--at', '-5'], /--at/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(vault, argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout, argv.join(' ')).toBe('');
      expect(run.stderr, argv.join(' ')).toMatch(message);
    }
  });

  it('--length outside 8..128 is bad usage for add --generate as for generate, and adds nothing', async () => {
    for (const length of ['3', '0', '100000', '=-5']) {
      const lengthArgs = length.startsWith('=') ? [`--length${length}`] : ['--length', length];
      const run = await cli(vault, [
        'account',
        'add',
        '--platform',
        'x',
        '--handle',
        'shortgen',
        '--generate',
        ...lengthArgs,
      ]);
      expect(run.code, length).toBe(2);
      expect(run.stderr, length).toMatch(/^custodian: --length must be between 8 and 128\n/);
    }
    const list = JSON.parse((await cli(vault, ['account', 'list', '--json'])).stdout) as { handle: string }[];
    expect(list.map((a) => a.handle)).not.toContain('shortgen');
  });

  it('a number too large to be exact is bad usage, not an internal error', async () => {
    const run = await cli(vault, ['totp', 'rfc6238', '--at', '99999999999999999999']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^custodian: --at is out of range\n/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('an option value starting with a dash gets Node’s hint on one line', async () => {
    const run = await cli(vault, ['totp', 'rfc6238', '--at', '-5']);
    expect(run.code).toBe(2);
    const [first, second] = run.stderr.split('\n');
    expect(first).toMatch(/^custodian: Option '--at' argument is ambiguous\..*use '--at=-XYZ'/);
    expect(second).toMatch(/^usage: custodian totp /);
  });

  it('a missing password (nothing piped, no terminal) is bad usage, exit 2', async () => {
    const run = await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'nopass']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No password on stdin: pipe one in, use --generate, or --no-password/);
    const empty = await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'nopass'], { stdin: '' });
    expect(empty.code).toBe(2);
    const list = JSON.parse((await cli(vault, ['account', 'list', '--json'])).stdout) as { handle: string }[];
    expect(list.map((a) => a.handle)).not.toContain('nopass');
  });
});

describe('custodian totp and generate', () => {
  it('generate --length N prints one password of that length; no vault needed', async () => {
    const run = await runCli(['generate', '--length', '20']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\S{20}\n$/);
    const json = JSON.parse((await runCli(['generate', '--length', '32', '--json'])).stdout);
    expect(json.password).toHaveLength(32);
    expect(json.entropyBits).toBeCloseTo(32 * Math.log2(83), 1);
  });

  it('generate honours classes, ambiguity and platform limits', async () => {
    const digits = await runCli([
      'generate',
      '--length',
      '30',
      '--no-lower',
      '--no-upper',
      '--no-symbols',
      '--ambiguous',
    ]);
    expect(digits.stdout).toMatch(/^[0-9]{30}\n$/);
    const wechat = await runCli(['generate', '--platform', 'wechat', '--length', '64']);
    expect(wechat.stdout.trim()).toHaveLength(16);
    const none = await runCli(['generate', '--no-lower', '--no-upper', '--no-digits', '--no-symbols']);
    expect(none).toMatchObject({ code: 1, stderr: 'custodian: Choose at least one character class\n' });
    for (const length of ['7', '129', 'ten']) {
      const bad = await runCli(['generate', '--length', length]);
      expect(bad.code).toBe(2);
    }
    expect((await runCli(['generate', '--platform', 'myspace'])).code).toBe(2);
  });

  it('totp on an account without a seed is refused, exit 1', async () => {
    const vault = await newVault();
    await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'noseed', '--no-password']);
    const run = await cli(vault, ['totp', 'noseed']);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'custodian: Account 1 has no TOTP seed stored\n' });
  });
});

describe('global options, passphrase and exit codes', () => {
  let vault: string;
  beforeAll(async () => {
    vault = await newVault();
    await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'globals', '--no-password']);
  });

  it('--vault and --json work before or after the command, and --vault=PATH too', async () => {
    const forms = [
      ['--vault', vault, '--json', 'account', 'list'],
      ['--json', '--vault', vault, 'account', 'list'],
      ['account', 'list', '--json', '--vault', vault],
      ['--json', 'account', 'list', `--vault=${vault}`],
      [`--vault=${vault}`, 'account', '--json', 'list'],
    ];
    const outputs = new Set<string>();
    for (const argv of forms) {
      const run = await runCli(argv, { env });
      expect(run.code, argv.join(' ')).toBe(0);
      outputs.add(run.stdout);
    }
    expect(outputs.size).toBe(1);
    expect(JSON.parse([...outputs][0]!)).toEqual([expect.objectContaining({ handle: 'globals' })]);
  });

  it('CUSTODIAN_VAULT is used when there is no --vault; --vault wins over it', async () => {
    const fromEnv = await runCli(['account', 'list', '--json'], { env: { ...env, CUSTODIAN_VAULT: vault } });
    expect(JSON.parse(fromEnv.stdout)).toHaveLength(1);
    const other = freshPath(dir);
    const overridden = await runCli(['account', 'list', '--vault', other], { env: { ...env, CUSTODIAN_VAULT: vault } });
    expect(overridden).toMatchObject({ code: 1, stderr: `custodian: No vault at ${other}\n` });
  });

  it.runIf(process.platform === 'linux')('without either, the app’s data folder is used', async () => {
    const home = join(dir, 'home');
    const run = await runCli(['account', 'list'], { env: { ...env, HOME: home } });
    expect(run).toMatchObject({
      code: 1,
      stderr: `custodian: No vault at ${join(home, '.config', 'Custodian', 'vault.custodian')}\n`,
    });
    const xdg = await runCli(['account', 'list'], { env: { ...env, HOME: home, XDG_CONFIG_HOME: join(dir, 'xdg') } });
    expect(xdg.stderr).toBe(`custodian: No vault at ${join(dir, 'xdg', 'Custodian', 'vault.custodian')}\n`);
  });

  it('a wrong passphrase is exit 1 with a one-line reason and nothing on stdout', async () => {
    const run = await cli(vault, ['account', 'list', '--json'], { env: { CUSTODIAN_PASSPHRASE: WRONG_PASSPHRASE } });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'custodian: Wrong passphrase\n' });
    expect(run.stderr).not.toContain(WRONG_PASSPHRASE);
    // Counted like any failed unlock.
    expect(withRawDb(vault, (db) => db.prepare('SELECT failed_unlocks AS n FROM vault_header').get())).toEqual({
      n: 1,
    });
    expect((await cli(vault, ['account', 'list'])).code).toBe(0);
  });

  it('a tampered vault is exit 1', async () => {
    const tampered = await newVault();
    await cli(tampered, ['account', 'add', '--platform', 'x', '--handle', 'tampered'], { stdin: 'secret pw' });
    withRawDb(tampered, (db) => {
      const { v } = db.prepare('SELECT password AS v FROM account_secrets WHERE account_id = 1').get() as { v: Buffer };
      db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 1').run(flipByte(v, 40));
    });
    const run = await cli(tampered, ['account', 'show', '1', '--reveal']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^custodian: This vault file has been changed outside Custodian: table account_secrets, row 1 does not verify\n$/,
    );
    const header = await newVault();
    withRawDb(header, (db) => db.exec("UPDATE vault_header SET vault_id = 'not-the-real-id'"));
    const headerRun = await cli(header, ['account', 'list']);
    expect(headerRun.code).toBe(1);
    expect(headerRun.stderr).toMatch(
      /^custodian: The vault header of .* is damaged \(its checksum does not match\).*\n$/,
    );
  });

  it('with no passphrase available (no variable, no terminal) it is exit 2 with a clear message', async () => {
    const run = await runCli(['account', 'list', '--vault', vault], { env: {} });
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^custodian: No passphrase: set CUSTODIAN_PASSPHRASE or run in a terminal\n/),
    });
  });

  it('reads the passphrase from a no-echo prompt when the variable is unset', async () => {
    const run = await runCli(['account', 'list', '--vault', vault, '--json'], { env: {}, answers: [PASSPHRASE] });
    expect(run.code).toBe(0);
    expect(run.prompts).toEqual(['Vault passphrase: ']);
  });

  it('passphrase change takes the new one from CUSTODIAN_NEW_PASSPHRASE', async () => {
    const changed = await newVault();
    const next = 'the next passphrase, 2026';
    const run = await cli(changed, ['passphrase', 'change', '--json'], {
      env: { ...env, CUSTODIAN_NEW_PASSPHRASE: next },
    });
    expect(run).toMatchObject({ code: 0, stdout: '{"path":' + JSON.stringify(changed) + ',"kdf":"interactive"}\n' });
    expect((await cli(changed, ['account', 'list'])).code).toBe(1);
    expect((await cli(changed, ['account', 'list'], { env: { CUSTODIAN_PASSPHRASE: next } })).code).toBe(0);
  });

  it('an empty --vault is bad usage, exit 2', async () => {
    for (const argv of [
      ['--vault', '', 'account', 'list'],
      ['account', 'list', '--vault='],
      ['account', 'list', '--vault'],
    ]) {
      const run = await runCli(argv, { env });
      expect(run.code, JSON.stringify(argv)).toBe(2);
      expect(run.stderr).toMatch(/^custodian: .*--vault/);
    }
  });

  it('unknown commands and options are exit 2', async () => {
    for (const argv of [
      ['frobnicate'],
      ['--verbose', 'account', 'list'],
      ['account', 'list', '--verbose'],
      ['vault', 'delete'],
    ]) {
      const run = await runCli(argv, { env });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^custodian: /);
    }
  });

  it('--help lists the commands; COMMAND --help shows its usage; both exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: custodian \[--vault PATH\] \[--json\] <command> \[options\]/);
    for (const name of ['init', 'account add', 'account list', 'account show', 'account archive', 'totp', 'generate']) {
      expect(help.stdout).toContain(`  ${name} `);
    }
    const add = await runCli(['account', 'add', '--help']);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^usage: custodian account add --platform P --handle H/);
    const group = await runCli(['account', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('account list');
    expect(group.stdout).not.toContain('  generate ');
    const nothing = await runCli([]);
    expect(nothing.code).toBe(2);
    expect(nothing.stdout).toMatch(/^usage: custodian/);
  });
});
