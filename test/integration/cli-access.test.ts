/** The access-log and audit commands of the CLI: person, grant, revoke, access, audit verify/export. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditVerification } from '../../src/shared/domain/audit';
import { runCli, type CliOptions } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-access-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
let vault = '';
const cli = (argv: string[], options: CliOptions = {}) => runCli([...argv, '--vault', vault], { env, ...options });
const json = async (argv: string[]) => {
  const run = await cli([...argv, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as unknown;
};

beforeAll(async () => {
  vault = freshPath(dir);
  expect(
    (await runCli(['init', '--owner', 'Comms Team', '--kdf', 'interactive', '--vault', vault], { env })).code,
  ).toBe(0);
  expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'ourbrand', '--no-password'])).code).toBe(0);
  expect((await cli(['account', 'add', '--platform', 'instagram', '--handle', '=cmd', '--no-password'])).code).toBe(1);
  expect((await cli(['account', 'add', '--platform', 'instagram', '--handle', 'uni.news', '--no-password'])).code).toBe(
    0,
  );
});

describe('custodian person / grant / revoke / access', () => {
  it('adds people (JSON {"id"}), refuses a duplicate email and a nameless person', async () => {
    expect(
      await json(['person', 'add', '--name', 'Ada Lovelace', '--email', 'ada@example.ac.uk', '--role', 'Officer']),
    ).toEqual({ id: 1 });
    expect(await json(['person', 'add', '--name', '@SUM(1)', '--email', 'grace@example.ac.uk'])).toEqual({ id: 2 });
    const dup = await cli(['person', 'add', '--name', 'Other', '--email', 'ADA@example.ac.uk']);
    expect(dup).toMatchObject({ code: 1, stderr: expect.stringMatching(/already in the directory/) });
    const nameless = await cli(['person', 'add', '--name', '  ', '--email', 'x@example.ac.uk']);
    expect(nameless).toMatchObject({ code: 2, stderr: expect.stringMatching(/--name is required/) });
    const badEmail = await cli(['person', 'add', '--name', 'X', '--email', 'not-an-email']);
    expect(badEmail).toMatchObject({ code: 1, stderr: expect.stringMatching(/email: Not an email address/) });
    const missing = await cli(['person', 'add', '--email', 'x@example.ac.uk']);
    expect(missing.code).toBe(2);
    const list = (await json(['person', 'list'])) as { name: string }[];
    expect(list.map((p) => p.name)).toEqual(['Ada Lovelace', '@SUM(1)']);
  });

  it('grants by handle and email, lists holders, revokes, and refuses a second revocation', async () => {
    expect(await json(['grant', 'ourbrand', '--person', 'ada@example.ac.uk', '--reason', 'Runs it'])).toEqual({
      id: 1,
    });
    expect(
      await json(['grant', '1', '--person', '2', '--reason', 'Cover', '--kind', 'emergency', '--until', '2099-01-01']),
    ).toEqual({ id: 2 });
    expect((await cli(['grant', 'ourbrand', '--person', '1', '--reason', 'again'])).code).toBe(1);
    expect((await cli(['grant', 'ourbrand', '--person', 'nobody@example.ac.uk', '--reason', 'x'])).code).toBe(1);
    expect((await cli(['grant', 'ourbrand', '--person', '1', '--reason', 'x', '--kind', 'forever'])).code).toBe(2);
    const holders = (await json(['access', 'ourbrand'])) as { personName: string; kind: string }[];
    expect(holders.map((h) => [h.personName, h.kind])).toEqual([
      ['Ada Lovelace', 'standing'],
      ['@SUM(1)', 'emergency'],
    ]);
    const text = await cli(['access', 'ourbrand']);
    expect(text.stdout).toMatch(/GRANT\s+PERSON\s+KIND/);
    expect(await json(['revoke', 'ourbrand', '--person', '2', '--reason', 'Cover over'])).toMatchObject({ id: 2 });
    expect((await cli(['revoke', 'ourbrand', '--person', '2', '--reason', 'again'])).code).toBe(1);
    const now = (await json(['access', 'ourbrand'])) as unknown[];
    expect(now).toHaveLength(1);
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect((await json(['access', 'ourbrand', '--at', date])) as unknown[]).toHaveLength(2);
    expect((await json(['access', '--person', 'ada@example.ac.uk'])) as unknown[]).toHaveLength(1);
    expect((await cli(['access'])).code).toBe(2);
    expect((await cli(['access', 'ourbrand', '--at', 'soon'])).code).toBe(1);
  });

  it('an impossible --until date is refused with a one-line reason, exit 1, and grants nothing', async () => {
    for (const until of ['2026-02-30', 'tomorrow']) {
      const run = await cli([
        'grant',
        'uni.news',
        '--person',
        'ada@example.ac.uk',
        '--reason',
        'x',
        '--until',
        until,
        '--json',
      ]);
      expect(run, until).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'custodian: until: Use a real date as YYYY-MM-DD\n',
      });
    }
    expect((await json(['access', 'uni.news'])) as unknown[]).toEqual([]);
  });

  it('processes a leaver and lists what was revoked and flagged', async () => {
    await json(['grant', 'uni.news', '--person', '1', '--reason', 'News desk']);
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const run = await cli(['person', 'leave', 'ada@example.ac.uk', '--date', date, '--note', 'Retired']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Revoked 2 grant\(s\)/);
    expect(run.stdout).toMatch(/Rotation obligations created: 2/);
    expect(run.stdout).toMatch(/@ourbrand/);
    expect((await cli(['person', 'leave', '1', '--date', date])).code).toBe(1);
    expect((await cli(['person', 'leave', '2', '--date', '2999-01-01'])).code).toBe(1);
    expect((await cli(['person', 'leave', '2', '--date', '2026-02-30'])).code).toBe(1);
  });
});

describe('custodian audit', () => {
  it('verifies an intact trail with exit 0', async () => {
    const run = await cli(['audit', 'verify']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Audit trail intact: \d+ events/);
    // Each command locks the vault at its end (a signed checkpoint): the next verify starts from the last one.
    const again = JSON.parse((await cli(['audit', 'verify', '--json'])).stdout) as AuditVerification;
    expect(again).toMatchObject({ intact: true, mode: 'incremental' });
    expect((await cli(['audit', 'verify'])).stdout).toMatch(/^Audit trail intact: .* Events 1–\d+ matched the digest/);
    const full = await cli(['audit', 'verify', '--full', '--json']);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ intact: true, mode: 'full', incrementalFrom: null });
  });

  it('exports CSV safe for spreadsheets, never overwriting a file', async () => {
    const out = join(dir, 'audit.csv');
    const run = await cli(['audit', 'export', '--format', 'csv', '--out', out]);
    expect(run.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const rows = Papa.parse<string[]>(readFileSync(out, 'utf8')).data;
    expect(rows[0]).toEqual([
      'seq',
      'time_utc',
      'actor',
      'kind',
      'event',
      'account_id',
      'account',
      'person_id',
      'person',
      'details',
    ]);
    expect(rows.some((r) => r[8] === "'@SUM(1)")).toBe(true);
    expect(rows.every((r) => !/^[=+\-@]/.test(r[8] ?? ''))).toBe(true);
    const again = await cli(['audit', 'export', '--format', 'csv', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const bad = await cli(['audit', 'export', '--format', 'csv', '--out', join(dir, 'missing-folder', 'a.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^custodian: Cannot write .*a\.csv: the folder .*missing-folder does not exist\n$/);
    expect((await cli(['audit', 'export', '--format', 'xml'])).code).toBe(2);
  });

  it('exports JSON with the signed head, and the access log', async () => {
    const exported = (await json(['audit', 'export', '--format', 'json'])) as {
      head: { seq: number; signature: string };
      events: { seq: number; kind: string }[];
    };
    expect(exported.head.seq).toBe(exported.events.at(-1)!.seq);
    expect(exported.head.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(exported.events.at(-1)!.kind).toBe('audit.exported');
    const log = (await json(['audit', 'export', '--format', 'json', '--access-log'])) as { grants: unknown[] };
    expect(log.grants).toHaveLength(3);
  });

  it('exits 1 naming the first bad sequence number when the trail was edited', async () => {
    withRawDb(vault, (db) => db.prepare("UPDATE audit_events SET details = '{}' WHERE seq = 5").run());
    const run = await cli(['audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Audit trail BROKEN at event 5: event 5 was altered/);
    const parsed = JSON.parse((await cli(['audit', 'verify', '--json'])).stdout) as {
      intact: boolean;
      firstBrokenSeq: number;
    };
    expect(parsed).toMatchObject({ intact: false, firstBrokenSeq: 5 });
    const full = await cli(['audit', 'verify', '--full']);
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/^Audit trail BROKEN at event 5: event 5 was altered/);
    expect(existsSync(vault)).toBe(true);
  });
});
