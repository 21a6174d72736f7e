import { copyFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/shared/contract/envelope';
import { nodeRandom } from '../../src/main/core/crypto/random';
import { SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { runCli } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import {
  PASSPHRASE,
  countingDerive,
  fields,
  makeCore,
  makeVault,
  refusal,
  secrets,
  type TestCore,
} from '../support/vault';

const dir = useTempDir();
const base = freshPath(dir, 'base');

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
});

beforeAll(async () => {
  const core = await makeVault(base);
  // Enough rows that the file spans many pages, so half of it cuts through real data.
  for (let i = 0; i < 40; i++) {
    core.accounts.create(
      fields({ platform: 'x', handle: `acct_${i}`, purpose: 'p'.repeat(400) }),
      secrets({ password: `password ${i}`, notes: 'n'.repeat(800) }),
    );
  }
  await core.dispose();
});

/** The bad files, each made fresh by its builder, with the code and message expected. */
const BAD_FILES: [string, () => string, ErrorCode, RegExp][] = [
  [
    'random bytes',
    () => {
      const path = freshPath(dir, 'random');
      writeFileSync(path, nodeRandom(8192));
      return path;
    },
    'not_a_vault',
    /is not a Custodian vault \(not a SQLite database\)/,
  ],
  [
    'a short text file',
    () => {
      const path = freshPath(dir, 'text');
      writeFileSync(path, 'password,username\nhunter2,ourbrand\n');
      return path;
    },
    'not_a_vault',
    /is not a Custodian vault/,
  ],
  [
    'an empty file',
    () => {
      const path = freshPath(dir, 'empty');
      writeFileSync(path, '');
      return path;
    },
    'not_a_vault',
    /is not a Custodian vault/,
  ],
  [
    'a SQLite database that is not a vault',
    () => {
      const path = freshPath(dir, 'other-db');
      withRawDb(path, (db) => db.exec("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('hello');"), {
        create: true,
      });
      return path;
    },
    'not_a_vault',
    /is not a Custodian vault/,
  ],
  [
    'a vault from a newer schema version',
    () => {
      const path = freshPath(dir, 'newer');
      copyFileSync(base, path);
      withRawDb(path, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
      return path;
    },
    'newer_version',
    new RegExp(`newer Custodian \\(schema ${SCHEMA_VERSION + 1}; this build reads up to ${SCHEMA_VERSION}\\)`),
  ],
  [
    'a vault truncated to half its size',
    () => {
      const path = freshPath(dir, 'truncated');
      copyFileSync(base, path);
      truncateSync(path, Math.floor(statSync(path).size / 2));
      return path;
    },
    'corrupt',
    /is damaged or truncated/,
  ],
];

describe.each(BAD_FILES)('%s', (_name, build, code, message) => {
  it(`unlock is refused with ${code}, a one-line message, no KDF run, and the file unchanged`, async () => {
    const path = build();
    const before = readFileSync(path);
    const derive = countingDerive();
    const core = await makeCore(path, { deriveKey: derive });
    cores.push(core);

    const error = await refusal(core.vault.unlock(PASSPHRASE), code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(PASSPHRASE);
    expect(derive.calls).toBe(0);
    expect(core.vault.isUnlocked).toBe(false);

    // Asking for its status does not throw or write either.
    expect(core.vault.status()).toMatchObject({ path, exists: true, unlocked: false });
    await core.dispose();

    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('the CLI refuses it with exit code 1 and the same one-line reason', async () => {
    const path = build();
    const before = readFileSync(path);
    const run = await runCli(['account', 'list', '--vault', path], { env: { CUSTODIAN_PASSPHRASE: PASSPHRASE } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^custodian: .*${message.source}.*\\n$`));
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('the healthy base file', () => {
  it('opens, as a control for the cases above', async () => {
    const core = await makeCore(base);
    cores.push(core);
    await core.vault.unlock(PASSPHRASE);
    expect(core.accounts.list()).toHaveLength(40);
  });
});
