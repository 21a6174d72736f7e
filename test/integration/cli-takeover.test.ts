/** takeover create / list / end and redeem on the command line. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-takeover-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE, XDG_CONFIG_HOME: join(dir, 'config') };
let vault = '';
const cli = (argv: string[], options: CliOptions = {}) => runCli([...argv, '--vault', vault], { env, ...options });
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

beforeAll(async () => {
  vault = freshPath(dir);
  expect(
    (await runCli(['init', '--owner', 'Comms Office', '--kdf', 'interactive', '--vault', vault], { env })).code,
  ).toBe(0);
  expect(
    (await cli(['account', 'add', '--platform', 'instagram', '--handle', 'uni.news'], { stdin: 'real-password\n' }))
      .code,
  ).toBe(0);
});

describe('custodian takeover and redeem', () => {
  let ticketPath = '';
  let code = '';

  /** The open-day takeover for a guest, its ticket written to `out`. */
  const openDay = (out: string) =>
    cli([
      'takeover',
      'create',
      'uni.news',
      '--guest',
      'Sam Student <sam@student.ac.uk>',
      '--start',
      iso(-60_000),
      '--end',
      iso(3_600_000),
      '--reason',
      'Open day',
      '--ticket-out',
      out,
      '--json',
    ]);

  it('a ticket path that cannot be written is refused before anything is scheduled', async () => {
    const existing = join(dir, 'someone-elses.custodian-ticket');
    writeFileSync(existing, 'not yours');
    for (const [out, reason] of [
      [join(dir, 'no-such-folder', 'sam.custodian-ticket'), /the folder .*no-such-folder does not exist/],
      [existing, /the file already exists/],
    ] as const) {
      const run = await openDay(out);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(new RegExp(`^custodian: Cannot write .*: ${reason.source}\\n$`));
    }
    expect(readFileSync(existing, 'utf8')).toBe('not yours');
    // No takeover, and the temporary password was not made the account's current one.
    expect(JSON.parse((await cli(['takeover', 'list', '--json'])).stdout)).toEqual([]);
    const shown = JSON.parse((await cli(['account', 'show', 'uni.news', '--reveal', '--json'])).stdout);
    expect(shown.password).toBe('real-password');
    // A refusal by the vault (unknown person) leaves no empty ticket behind either.
    const unknown = join(dir, 'nobody.custodian-ticket');
    const nobody = await cli([
      'takeover',
      'create',
      'uni.news',
      '--person',
      'nobody@example.org',
      '--start',
      iso(0),
      '--end',
      iso(3_600_000),
      '--reason',
      'r',
      '--ticket-out',
      unknown,
    ]);
    expect(nobody.code).toBe(1);
    expect(existsSync(unknown)).toBe(false);
  });

  it('creates a takeover for a guest, writes the ticket (0600, never overwriting) and prints the code', async () => {
    ticketPath = join(dir, 'open-day.custodian-ticket');
    const run = await openDay(ticketPath);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { id: number; code: string };
    expect(out.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    code = out.code;
    expect(statSync(ticketPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(ticketPath, 'utf8')).not.toContain('real-password');
    const again = await cli([
      'takeover',
      'create',
      'uni.news',
      '--guest',
      'Kim <kim@example.org>',
      '--start',
      iso(0),
      '--end',
      iso(3_600_000),
      '--reason',
      'x',
      '--ticket-out',
      ticketPath,
    ]);
    expect(again.code).toBe(1);
  });

  it('refuses bad windows and usage', async () => {
    const base = [
      'takeover',
      'create',
      'uni.news',
      '--guest',
      'Lee <lee@example.org>',
      '--reason',
      'r',
      '--ticket-out',
      join(dir, 'x.t'),
    ];
    expect((await cli([...base, '--start', iso(3_600_000), '--end', iso(60_000)])).code).toBe(1);
    expect((await cli([...base, '--start', iso(0), '--end', iso(20 * 86_400_000)])).code).toBe(1);
    const tomorrow = await cli([...base, '--start', 'tomorrow', '--end', iso(60_000)]);
    expect(tomorrow).toMatchObject({ code: 1, stdout: '' });
    // A clear reason naming the field, not an internal error with a stack trace.
    expect(tomorrow.stderr).toMatch(/^custodian: start: [^\n]+\n$/);
    expect(
      (
        await cli([
          'takeover',
          'create',
          'uni.news',
          '--reason',
          'r',
          '--start',
          iso(0),
          '--end',
          iso(1),
          '--ticket-out',
          'x',
        ])
      ).code,
    ).toBe(2);
    expect(existsSync(join(dir, 'x.t'))).toBe(false);
  });

  it('redeems with the code, once; a wrong code or a missing one is refused', async () => {
    const wrong = await runCli(['redeem', '--ticket', ticketPath], { env: { ...env, CUSTODIAN_CODE: 'AAAAA-AAAAA' } });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^custodian: Wrong code/);
    const ok = await runCli(['redeem', '--ticket', ticketPath, '--json'], {
      env: { ...env, CUSTODIAN_CODE: code.toLowerCase() },
    });
    expect(ok.code).toBe(0);
    const { password } = JSON.parse(ok.stdout) as { password: string };
    expect(password).not.toBe('real-password');
    const shown = JSON.parse((await cli(['account', 'show', 'uni.news', '--reveal', '--json'])).stdout) as {
      password: string;
    };
    expect(shown.password).toBe(password);
    const twice = await runCli(['redeem', '--ticket', ticketPath], { env: { ...env, CUSTODIAN_CODE: code } });
    expect(twice).toMatchObject({ code: 1 });
    expect(twice.stderr).toMatch(/already redeemed/);
    expect((await runCli(['redeem', '--ticket', ticketPath], { env })).code).toBe(2);
    expect(
      (await runCli(['redeem', '--ticket', join(dir, 'missing')], { env: { ...env, CUSTODIAN_CODE: code } })).code,
    ).toBe(1);
  });

  it('lists, ends early, and the change back closes it', async () => {
    expect((await cli(['takeover', 'list'])).stdout).toMatch(/Sam Student .* Active/);
    const end = await cli(['takeover', 'end', '1']);
    expect(end.stdout).toMatch(/change the password back/);
    expect((await cli(['takeover', 'end', '1'])).code).toBe(1);
    // Ended now: due today, not overdue (exit 0 until tomorrow).
    const due = await cli(['rotation', 'due']);
    expect(due.code).toBe(0);
    expect(due.stdout).toMatch(/Due today\s+Change the password back after Sam Student/);
    // The temporary password (still the current one) is refused, naming the rule; a new one closes the takeover.
    const temporary = JSON.parse((await cli(['account', 'show', 'uni.news', '--reveal', '--json'])).stdout) as {
      password: string;
    };
    const refused = await cli(['rotate', 'uni.news'], { stdin: `${temporary.password}\n` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^custodian: Refused: that is the account’s current password/);
    expect(refused.stderr).not.toContain(temporary.password);
    expect((await cli(['takeover', 'list'])).stdout).not.toMatch(/Closed/);
    expect((await cli(['rotate', 'uni.news'], { stdin: 'Changed-back-Kestrel-6604\n' })).code).toBe(0);
    expect((await cli(['takeover', 'list'])).stdout).toMatch(/Closed/);
    expect((await cli(['takeover', 'end', 'abc'])).code).toBe(2);
  });
});
