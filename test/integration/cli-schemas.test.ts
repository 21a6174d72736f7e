/**
 * Every CLI command that writes parses its input with its IPC channel's
 * schema (src/main/cli/channel-input.ts): what the app refuses, the command
 * line refuses the same way (exit 1, one line naming the field, never the
 * value) and nothing in the vault changes. Several of these were stored
 * before: a 10 MB revocation reason, rotation note or compromise note.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-schemas-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
const HUGE = 'x'.repeat(10 * 1024 * 1024);
let vault = '';
let cardFile = '';

/** What the vault holds, but for what any CLI run writes (its unlock and lock events, checkpoints, counters). */
function contents(path: string): string {
  return withRawDb(path, (db) => {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN
           ('audit_events', 'audit_checkpoints', 'vault_integrity', 'vault_header') ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    const dump = Object.fromEntries(
      tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]),
    );
    const kinds = db.prepare(`SELECT kind FROM audit_events ORDER BY seq`).pluck().all() as string[];
    return JSON.stringify(
      { dump, events: kinds.filter((k) => k !== 'vault.unlocked' && k !== 'vault.locked') },
      (_k, v) => (v && typeof v === 'object' && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v),
    );
  });
}

beforeAll(async () => {
  vault = freshPath(dir);
  const cli = (argv: string[], stdin: string | null = null) => runCli([...argv, '--vault', vault], { env, stdin });
  expect((await cli(['init', '--owner', 'Comms', '--kdf', 'interactive'])).code).toBe(0);
  expect((await cli(['account', 'add', '--platform', 'x', '--handle', 'ourbrand'], 'a fine password')).code).toBe(0);
  expect((await cli(['person', 'add', '--name', 'Ada', '--email', 'ada@example.ac.uk'])).code).toBe(0);
  expect((await cli(['grant', 'ourbrand', '--person', '1', '--reason', 'Runs it'])).code).toBe(0);
  cardFile = join(dir, 'card.custodian-card');
  writeFileSync(cardFile, 'not a card, but the fingerprint is refused first');
});

const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

/** [what, argv, stdin, the field the refusal names] */
const CASES: [string, string[], string | null, RegExp][] = [
  ['account add: a 10 MB password', ['account', 'add', '--platform', 'x', '--handle', 'big'], HUGE, /^password: /],
  ['person add: a 10 MB name', ['person', 'add', '--name', HUGE, '--email', 'b@example.ac.uk'], null, /^name: /],
  [
    'grant: a 10 MB reason',
    ['grant', 'ourbrand', '--person', '1', '--reason', HUGE, '--kind', 'emergency'],
    null,
    /^reason: /,
  ],
  ['revoke: a 10 MB reason', ['revoke', 'ourbrand', '--person', '1', '--reason', HUGE], null, /^reason: /],
  [
    'person leave: a 10 MB note',
    ['person', 'leave', '1', '--date', iso(now).slice(0, 10), '--note', HUGE],
    null,
    /^note: /,
  ],
  ['rotate: a 10 MB password', ['rotate', 'ourbrand'], HUGE, /^password: /],
  ['rotate: a 10 MB note', ['rotate', 'ourbrand', '--note', HUGE], 'a new password', /^note: /],
  ['rotate: a 10 MB TOTP URI', ['rotate', 'ourbrand', '--totp', HUGE], 'a new password', /^totp/],
  ['compromise: a 10 MB note', ['compromise', 'ourbrand', '--note', HUGE], null, /^note: /],
  [
    'rotation policy: an account period of 100 years',
    ['rotation', 'policy', '--account', 'ourbrand', '--days', '36500'],
    null,
    /<=\s?3650/,
  ],
  [
    'takeover create: a 10 MB reason',
    [
      'takeover',
      'create',
      'ourbrand',
      '--person',
      '1',
      '--start',
      iso(now + 3_600_000),
      '--end',
      iso(now + 7_200_000),
      '--reason',
      HUGE,
      '--ticket-out',
      join(dir, 't.ticket'),
    ],
    null,
    /^reason: /,
  ],
  [
    'press import-card: a 10 MB fingerprint',
    ['press', 'import-card', '<card>', '--fingerprint', HUGE],
    null,
    /^--fingerprint: /,
  ],
  [
    'escrow export: a 10 MB card fingerprint',
    ['escrow', 'export', '--to', HUGE, '--out', join(dir, 'b.bundle')],
    null,
    /^--to: /,
  ],
];

describe('CLI writes go through the IPC schemas', () => {
  it.each(CASES)('%s: refused with exit 1, nothing changes', async (_what, argv, stdin, field) => {
    const before = contents(vault);
    const run = await runCli([...argv.map((a) => (a === '<card>' ? cardFile : a)), '--vault', vault], { env, stdin });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.replace(/^custodian: /, '')).toMatch(field);
    // One line, naming the field, never echoing the value.
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.length).toBeLessThan(300);
    expect(contents(vault)).toBe(before);
  });

  it('a passphrase longer than the app accepts is refused before any key derivation, and not counted', async () => {
    const failedUnlocks = () =>
      withRawDb(vault, (db) => db.prepare('SELECT failed_unlocks FROM vault_header').pluck().get() as number);
    const before = failedUnlocks();
    const run = await runCli(['account', 'list', '--vault', vault], {
      env: { CUSTODIAN_PASSPHRASE: 'p'.repeat(2000) },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^custodian: passphrase: /);
    expect(failedUnlocks()).toBe(before);
  });

  it('the same commands with valid input still work', async () => {
    const cli = (argv: string[], stdin: string | null = null) => runCli([...argv, '--vault', vault], { env, stdin });
    expect((await cli(['rotate', 'ourbrand', '--note', 'Quarterly'], 'a new password')).code).toBe(0);
    expect((await cli(['rotation', 'policy', '--account', 'ourbrand', '--days', '30'])).code).toBe(0);
    const revoke = await cli(['revoke', 'ourbrand', '--person', '1', '--reason', 'Moved on', '--json']);
    expect(revoke.code).toBe(0);
    expect(JSON.parse(revoke.stdout)).toMatchObject({ id: 1, obligationId: null });
  });
});
