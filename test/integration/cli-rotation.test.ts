/** rotation due / rotate / compromise / rotation ics / rotation policy on the command line. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-rotation-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
let vault = '';
const cli = (argv: string[], options: CliOptions = {}) => runCli([...argv, '--vault', vault], { env, ...options });
const today = (offsetDays = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

beforeAll(async () => {
  vault = freshPath(dir);
  expect((await runCli(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
  expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'ourbrand'], { stdin: 'first-pw\n' })).code).toBe(
    0,
  );
  expect((await cli(['person', 'add', '--name', 'Ada', '--email', 'ada@example.ac.uk'])).code).toBe(0);
  expect((await cli(['grant', 'ourbrand', '--person', '1', '--reason', 'Runs it'])).code).toBe(0);
});

describe('custodian rotation', () => {
  it('rotation due exits 0 when nothing is overdue', async () => {
    const run = await cli(['rotation', 'due']);
    expect(run).toMatchObject({ code: 0, stdout: 'Nothing due this quarter\n' });
  });

  it('a leaver dated today is due today (exit 0: overdue, exit 1, only from tomorrow); a date before the grant is refused', async () => {
    const early = await cli(['person', 'leave', '1', '--date', today(-1)]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /^custodian: Ada’s access to @ourbrand \(X \(Twitter\)\) began on \d{4}-\d{2}-\d{2}: a leaving date of \d{4}-\d{2}-\d{2} is before it \(nothing recorded\)\n$/,
    );
    expect((await cli(['person', 'leave', '1', '--date', today()])).code).toBe(0);
    const run = await cli(['rotation', 'due']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/@ourbrand \(X \(Twitter\)\) \[1\]\s+\d{4}-\d{2}-\d{2}\s+Due today\s+Ada left on/);
    const json = JSON.parse((await cli(['rotation', 'due', '--json'])).stdout) as {
      counts: { overdue: number; today: number };
    };
    expect(json.counts).toMatchObject({ overdue: 0, today: 1 });
  });

  it('rotate takes the new password from stdin and resolves every open obligation', async () => {
    const run = await cli(['rotate', 'ourbrand', '--note', 'After Ada', '--json'], {
      stdin: 'Second-rotation-Merlin-6604\n',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ accountId: 1, resolvedObligations: 1 });
    expect((await cli(['rotation', 'due'])).code).toBe(0);
    const shown = JSON.parse((await cli(['account', 'show', 'ourbrand', '--reveal', '--json'])).stdout) as {
      password: string;
    };
    expect(shown.password).toBe('Second-rotation-Merlin-6604');
    expect((await cli(['rotate', 'ourbrand'], { stdin: '' })).code).toBe(2);
    expect((await cli(['rotate', 'ourbrand', '--generate', '--json'])).code).toBe(0);
  });

  it('refuses to rotate an archived account', async () => {
    expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'closed'], { stdin: 'pw\n' })).code).toBe(0);
    expect((await cli(['account', 'archive', 'closed'])).code).toBe(0);
    const run = await cli(['rotate', 'closed'], { stdin: 'new\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/archived/);
  });

  it('compromise prints the summary and makes the account due today (not yet overdue: exit 0)', async () => {
    const run = await cli(['compromise', 'ourbrand', '--note', 'Strange DMs sent overnight']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Compromise report: @ourbrand/);
    expect(run.stdout).not.toContain('Second-rotation-Merlin-6604');
    const due = await cli(['rotation', 'due']);
    expect(due.code).toBe(0);
    expect(due.stdout).toMatch(
      /@ourbrand \(X \(Twitter\)\) \[1\]\s+\d{4}-\d{2}-\d{2}\s+Due today\s+Reported compromised/,
    );
    expect((await cli(['compromise', 'ourbrand'])).code).toBe(2);
  });

  it('policy: shows, sets, refuses zero or negative days; per-account override', async () => {
    expect((await cli(['rotation', 'policy'])).stdout).toMatch(/^Passwords rotate every quarter/);
    expect((await cli(['rotation', 'policy', '--days', '0'])).code).toBe(1);
    expect((await cli(['rotation', 'policy', '--days=-3'])).code).toBe(1);
    expect((await cli(['rotation', 'policy', '--days', '45'])).stdout).toMatch(/every 45 days/);
    expect((await cli(['rotation', 'policy', '--account', 'ourbrand', '--days', '10'])).code).toBe(0);
    expect((await cli(['rotation', 'policy', '--account', 'ourbrand', '--clear'])).code).toBe(0);
    expect((await cli(['rotation', 'policy', '--clear'])).code).toBe(2);
  });

  it('writes an .ics calendar, and fails cleanly on a path that cannot be written', async () => {
    const out = join(dir, 'rotations.ics');
    const run = await cli(['rotation', 'ics', '--out', out]);
    expect(run.code).toBe(0);
    const ics = readFileSync(out, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toMatch(/SUMMARY:Rotate the password of @ourbrand/);
    expect(ics).not.toMatch(/OVERDUE/);
    const bad = await cli(['rotation', 'ics', '--out', join(dir, 'no', 'such', 'dir.ics')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^custodian: Cannot write/);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('refreshes its own calendar in place, but never overwrites another file (such as the vault)', async () => {
    const out = join(dir, 'refresh.ics');
    expect((await cli(['rotation', 'ics', '--out', out])).code).toBe(0);
    expect((await cli(['rotation', 'ics', '--out', out])).code).toBe(0);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes');
    const before = readFileSync(vault);
    for (const target of [notes, vault]) {
      const run = await cli(['rotation', 'ics', '--out', target]);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^custodian: Cannot write .*: the file exists and is not a Custodian calendar\n$/);
    }
    expect(readFileSync(notes, 'utf8')).toBe('my notes');
    expect(readFileSync(vault).equals(before)).toBe(true);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('rotate --generate --length outside 8..128 is bad usage and rotates nothing', async () => {
    const before = (await cli(['account', 'show', 'ourbrand', '--reveal', '--json'])).stdout;
    for (const length of ['3', '100000']) {
      const run = await cli(['rotate', 'ourbrand', '--generate', '--length', length]);
      expect(run.code, length).toBe(2);
      expect(run.stderr, length).toMatch(/^custodian: --length must be between 8 and 128\n/);
    }
    expect((await cli(['account', 'show', 'ourbrand', '--reveal', '--json'])).stdout).toBe(before);
  });
});
