/**
 * Every file the CLI reads is a regular file read with a byte cap: devices
 * (/dev/zero, /dev/urandom), FIFOs and folders are refused at once instead of
 * hanging; and what the CLI takes on stdin passes the same schemas as the
 * app's IPC channels.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-files-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE, CUSTODIAN_CODE: 'AAAAA-AAAAA' };
let vault = '';
let fifo = '';

beforeAll(async () => {
  vault = freshPath(dir);
  expect((await runCli(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
  fifo = join(dir, 'a-fifo');
  execFileSync('mkfifo', [fifo]);
});

describe('files the CLI reads', () => {
  const cases: [string, string[]][] = [
    ['redeem --ticket /dev/zero', ['redeem', '--ticket', '/dev/zero']],
    ['redeem --ticket FIFO', ['redeem', '--ticket', '<fifo>']],
    ['escrow inspect /dev/zero', ['escrow', 'inspect', '/dev/zero']],
    ['escrow notice import /dev/urandom', ['escrow', 'notice', 'import', '/dev/urandom']],
    ['press import-card FIFO', ['press', 'import-card', '<fifo>', '--fingerprint', '0'.repeat(30)]],
  ];

  it.each(cases)('%s is refused at once as not a regular file, exit 1', async (_name, argv) => {
    const started = Date.now();
    const run = await runCli([...argv.map((a) => (a === '<fifo>' ? fifo : a)), '--vault', vault], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^custodian: .* is not a regular file, so it cannot be .*\n$/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a folder is refused as a folder', async () => {
    const run = await runCli(['redeem', '--ticket', dir, '--vault', vault], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/it is a folder/);
  });
});

describe('stdin goes through the IPC schemas', () => {
  it('a 10 MB password is refused like the app refuses it; nothing is stored', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const add = await runCli(['account', 'add', '--platform', 'x', '--handle', 'big', '--vault', vault], {
      env,
      stdin: huge,
    });
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/^custodian: password: .*1024/);
    expect(add.stderr.length).toBeLessThan(300);
    const list = await runCli(['account', 'list', '--json', '--vault', vault], { env });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('a rotation to a 10 MB password is refused too', async () => {
    const add = await runCli(['account', 'add', '--platform', 'x', '--handle', 'ok', '--vault', vault], {
      env,
      stdin: 'a fine password',
    });
    expect(add.code).toBe(0);
    const rotate = await runCli(['rotate', 'ok', '--vault', vault], { env, stdin: 'y'.repeat(10 * 1024 * 1024) });
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toMatch(/^custodian: password: /);
  });
});
