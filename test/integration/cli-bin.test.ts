/**
 * The real `custodian` executable, as `npx custodian` runs it: a separate
 * Node process through bin/custodian.mjs (the compiled CLI when it is up to
 * date, as in `npm test`, which builds it first; else the TypeScript sources).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../support/process';
import { freshPath, useTempDir } from '../support/tmp';
import { fields, makeVault, secrets } from '../support/vault';

const dir = useTempDir();
const BIN = fileURLToPath(new URL('../../bin/custodian.mjs', import.meta.url));

function custodian(args: string[], { input, env }: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runNodeScript(BIN, args, { home: dir, input, env });
}

describe('bin/custodian.mjs', () => {
  it('creates a vault, adds an account from a pipe, and reads it back, end to end', () => {
    const vault = freshPath(dir);
    const init = custodian(['init', '--owner', 'Comms Team', '--kdf', 'interactive', '--vault', vault, '--json']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ path: vault, kdf: 'interactive' });

    const add = custodian(['--vault', vault, 'account', 'add', '--platform', 'x', '--handle', 'UniNews', '--json'], {
      input: 'piped password\n',
    });
    expect(add).toEqual({ code: 0, stdout: '{"id":1}\n', stderr: '' });

    const show = custodian(['account', 'show', '@uninews', '--reveal', '--json'], { env: { CUSTODIAN_VAULT: vault } });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: 1, handle: 'UniNews', password: 'piped password' });
  });

  it('exits 1 on a wrong passphrase and 2 on bad usage, with the reason on stderr', () => {
    const vault = freshPath(dir);
    expect(custodian(['init', '--owner', 'X', '--kdf', 'interactive', '--vault', vault]).code).toBe(0);
    const wrong = custodian(['account', 'list', '--vault', vault], {
      env: { CUSTODIAN_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: 'custodian: Wrong passphrase\n' });
    const usage = custodian(['account', 'list', '--vault', vault, '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/^custodian: Unknown option '--bogus'/);
  });

  it('an account added by the CLI process shows up in an app core that has the vault open', async () => {
    const vault = freshPath(dir);
    const app = await makeVault(vault);
    try {
      app.accounts.create(fields({ platform: 'x', handle: 'from_app' }), secrets());
      expect(app.accounts.list().map((a) => a.handle)).toEqual(['from_app']);
      const add = custodian(['account', 'add', '--platform', 'instagram', '--handle', 'from.cli', '--vault', vault], {
        input: 'cli password',
      });
      expect(add).toEqual({ code: 0, stdout: '2\n', stderr: '' });
      expect(app.accounts.list().map((a) => a.handle)).toEqual(['from_app', 'from.cli']);
      expect(app.secrets.reveal(2, 'password')).toBe('cli password');
    } finally {
      await app.dispose();
    }
  });

  it('generate works without a vault', () => {
    const run = custodian(['generate', '--length', '24']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\S{24}\n$/);
  });
});
