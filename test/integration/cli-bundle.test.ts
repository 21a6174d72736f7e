/**
 * The compiled command line (vite.cli.config.ts): built here into its own
 * folder inside the checkout (so it resolves better-sqlite3 and libsodium from
 * node_modules as out/cli does), then run as a separate process and compared
 * with the sources. And bin/custodian.mjs's choice between the two.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry } from '../../bin/cli-entry.mjs';
import { runCli } from '../support/cli';
import { runNodeScript } from '../support/process';
import { freshPath, useTempDir } from '../support/tmp';

const root = process.cwd();
const dir = useTempDir('custodian-cli-bundle-');
const outDir = join(root, 'out', `cli-test-${process.pid}`);
const entry = join(outDir, 'custodian.mjs');

beforeAll(async () => {
  await build({ configFile: join(root, 'vite.cli.config.ts'), logLevel: 'silent', build: { outDir } });
}, 180_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs the compiled CLI's main() in a fresh Node process, as bin/custodian.mjs does. */
function compiled(args: string[], { input, env }: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  // A file, not `node --input-type=module -e`: workers inherit execArgv, and the KDF's worker is CommonJS.
  const runner = join(dir, 'run-compiled.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  return runNodeScript(runner, args, { home: dir, input, env });
}

describe('the compiled CLI', () => {
  it('prints the same help as the sources', async () => {
    const fromSources = await runCli(['--help']);
    expect(compiled(['--help'])).toEqual({ code: 0, stdout: fromSources.stdout, stderr: '' });
    const usage = await runCli(['account', 'list', '--bogus']);
    expect(compiled(['account', 'list', '--bogus'])).toEqual({ code: 2, stdout: '', stderr: usage.stderr });
  });

  it('creates a vault, stores an account with a TOTP seed, and reads it back', () => {
    const vault = freshPath(dir);
    const init = compiled(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault, '--json']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const seed = 'otpauth://totp/X:uni?secret=JBSWY3DPEHPK3PXP';
    const add = compiled(
      ['account', 'add', '--platform', 'x', '--handle', 'UniNews', '--totp', seed, '--vault', vault],
      {
        input: 'piped password\n',
      },
    );
    expect(add).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    const show = compiled(['account', 'show', 'uninews', '--reveal', '--json', '--vault', vault]);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: 1, handle: 'UniNews', password: 'piped password' });
    const totp = compiled(['totp', 'uninews', '--json', '--vault', vault]);
    expect(totp.code).toBe(0);
    expect(JSON.parse(totp.stdout)).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    const wrong = compiled(['account', 'list', '--vault', vault], {
      env: { CUSTODIAN_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: 'custodian: Wrong passphrase\n' });
  });

  it('keeps the core (libsodium, SQLite, the services) out of the entry file, for a fast start', () => {
    const main = readFileSync(entry, 'utf8');
    expect(main).not.toMatch(/crypto_pwhash|better-sqlite3/);
    const chunks = readdirSync(join(outDir, 'chunks'));
    expect(chunks.some((name) => readFileSync(join(outDir, 'chunks', name), 'utf8').includes('crypto_pwhash'))).toBe(
      true,
    );
  });

  it('lists the project sources it was built from, and no package file', () => {
    const { sources } = JSON.parse(readFileSync(join(outDir, 'sources.json'), 'utf8')) as { sources: string[] };
    expect(sources).toEqual(
      expect.arrayContaining(['src/main/cli/main.ts', 'src/main/core/core.ts', 'src/shared/rotation.ts']),
    );
    expect(sources.every((file) => file.startsWith('src/') && !file.includes('node_modules'))).toBe(true);
  });
});

describe('bin/custodian.mjs chooses', () => {
  function checkout(): string {
    const tree = join(dir, `checkout-${Math.random().toString(36).slice(2)}`);
    mkdirSync(join(tree, 'out', 'cli'), { recursive: true });
    mkdirSync(join(tree, 'src', 'main', 'cli'), { recursive: true });
    writeFileSync(join(tree, 'src', 'main', 'cli', 'main.ts'), '');
    writeFileSync(join(tree, 'src', 'shared.ts'), '');
    writeFileSync(join(tree, 'out', 'cli', 'custodian.mjs'), '');
    writeFileSync(
      join(tree, 'out', 'cli', 'sources.json'),
      JSON.stringify({ sources: ['src/main/cli/main.ts', 'src/shared.ts'] }),
    );
    const sourceTime = new Date(Date.now() - 60_000);
    for (const file of ['src/main/cli/main.ts', 'src/shared.ts']) utimesSync(join(tree, file), sourceTime, sourceTime);
    return tree;
  }
  const sources = (tree: string) => join(tree, 'src', 'main', 'cli', 'main.ts');

  it('the compiled CLI while no source it was built from is newer', () => {
    const tree = checkout();
    expect(cliEntry(tree)).toEqual({ kind: 'bundle', path: join(tree, 'out', 'cli', 'custodian.mjs') });
  });

  it('the sources when one of them changed after the build', () => {
    const tree = checkout();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(tree, 'src', 'shared.ts'), later, later);
    expect(cliEntry(tree)).toEqual({
      kind: 'sources',
      path: sources(tree),
      reason: 'src/shared.ts is newer than the compiled CLI',
    });
  });

  it('the sources when the compiled CLI or its source list is missing, or a source is gone', () => {
    const noBundle = checkout();
    rmSync(join(noBundle, 'out', 'cli', 'custodian.mjs'));
    expect(cliEntry(noBundle)).toMatchObject({ kind: 'sources', reason: 'no compiled CLI' });
    const noList = checkout();
    rmSync(join(noList, 'out', 'cli', 'sources.json'));
    expect(cliEntry(noList)).toMatchObject({ kind: 'sources', reason: 'no compiled CLI' });
    const gone = checkout();
    rmSync(join(gone, 'src', 'shared.ts'));
    expect(cliEntry(gone)).toMatchObject({ kind: 'sources', reason: 'src/shared.ts is gone' });
  });
});
