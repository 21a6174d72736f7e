/** `custodian report`: the cron exit code, --rule, --json and --csv, and bad usage. */
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../src/shared/compliance';
import { runCli, type CliOptions } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-report-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
let vault = '';
const cli = (argv: string[], options: CliOptions = {}) => runCli([...argv, '--vault', vault], { env, ...options });

beforeAll(async () => {
  vault = freshPath(dir);
  expect((await runCli(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
});

describe('custodian report', () => {
  it('exits 0 when nothing is out of policy', async () => {
    const run = await cli(['report']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^In policy: 0 of 0 accounts, 0 finding\(s\)/);
  });

  it('exits 1 and lists the findings when an account breaks the policy; --rule narrows it', async () => {
    expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'orphan', '--no-password'])).code).toBe(0);
    const run = await cli(['report']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Out of policy: 1 of 1 accounts/);
    expect(run.stdout).toMatch(/R1 +1 +Registered with a manager/);
    expect(run.stdout).toMatch(/@orphan \(X \(Twitter\)\) +R1 +No overall account manager/);
    expect(run.stdout).toMatch(/@orphan \(X \(Twitter\)\) +R8 +Two-factor authentication is off/);

    const r8 = await cli(['report', '--rule', 'r8', '--json']);
    expect(r8.code).toBe(1);
    const report = JSON.parse(r8.stdout) as ComplianceReport;
    expect(report.accounts[0]!.findings.map((f) => f.kind)).toEqual(['no_two_factor']);
    expect(report.findings).toBe(1);
    expect(report.counts).toMatchObject({ R8: 1, R1: 0 });

    // A rule the account keeps: in policy for that rule, exit 0.
    const r6 = await cli(['report', '--rule', 'R6']);
    expect(r6.code).toBe(0);
    expect(r6.stdout).toMatch(/^In policy/);
  });

  it('--csv writes one row per finding', async () => {
    const run = await cli(['report', '--csv']);
    expect(run.code).toBe(1);
    const parsed = Papa.parse<Record<string, string>>(run.stdout.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([
      'account_id',
      'platform',
      'handle',
      'department',
      'manager',
      'status',
      'rule',
      'finding',
      'message',
    ]);
    expect(parsed.data.map((r) => r.finding)).toEqual(
      expect.arrayContaining(['no_manager', 'no_purpose', 'no_hours', 'no_holders', 'no_escrow', 'no_two_factor']),
    );
    expect(parsed.data.every((r) => r.handle === 'orphan')).toBe(true);
  });

  it('refuses bad usage with exit 2', async () => {
    expect(await cli(['report', '--rule', 'R4'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--rule must be one of R1, R2, R3, R5, R6, R7, R8, R10/),
    });
    expect((await cli(['report', '--csv', '--json'])).code).toBe(2);
    expect((await cli(['report', 'extra'])).code).toBe(2);
  });
});
