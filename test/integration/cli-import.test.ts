/**
 * `custodian import`: detection, the dry run (the same preview as the app's
 * wizard: it is the same service), --yes, the confirmation prompt, encrypted
 * files' passwords from the environment or a prompt, exit codes, and the
 * sign-in name through `account add --sign-in` and `account show --reveal`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { makeCore, PASSPHRASE } from '../support/vault';
import { readFileSync } from 'node:fs';

const dir = useTempDir('custodian-cli-import-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
const FIXTURES = 'test/fixtures/import';
const cli = (vault: string, argv: string[], options: CliOptions = {}) =>
  runCli([...argv, '--vault', vault], { ...options, env: { ...env, ...options.env } });

async function newVault(): Promise<string> {
  const vault = freshPath(dir);
  expect((await runCli(['init', '--owner', 'Comms', '--kdf', 'interactive', '--vault', vault], { env })).code).toBe(0);
  return vault;
}

const accounts = async (vault: string) =>
  JSON.parse((await cli(vault, ['account', 'list', '--json'])).stdout) as { handle: string }[];

describe('custodian import', () => {
  it('a dry run says which format it chose, lists every row with its problems and writes nothing', async () => {
    const vault = await newVault();
    const run = await cli(vault, ['import', join(FIXTURES, 'lastpass.csv'), '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Format: LastPass CSV (recognised from the file)');
    expect(run.stdout).toMatch(/1\s+line 2\s+create\s+x\s+@UniNews/);
    expect(run.stdout).toMatch(/line 6\s+skip\s+other.*A note, not a social-media login/);
    expect(run.stdout).toContain('Weak password: shorter than 12 characters');
    expect(run.stdout).toContain('3 to create, 0 to update, 2 to skip');
    expect(run.stdout).toContain('Dry run: nothing was written.');
    expect(run.stdout).not.toContain('kT9#vLq2!xRm8&pZ');
    expect(await accounts(vault)).toEqual([]);
  });

  it('the dry run shows the same rows and problems as the service the app uses', async () => {
    const vault = await newVault();
    const file = join(FIXTURES, 'spreadsheet-excel.csv');
    const dry = JSON.parse((await cli(vault, ['import', file, '--dry-run', '--json'])).stdout);
    const core = await makeCore(vault);
    try {
      await core.vault.unlock(PASSPHRASE, vault);
      const app = await core.imports.stage(new Uint8Array(readFileSync(file)), { fileName: 'spreadsheet-excel.csv' });
      expect(dry.preview.rows).toEqual(app.rows);
      expect(dry.preview.mapping).toEqual(app.mapping);
    } finally {
      await core.dispose();
    }
  });

  it('--yes imports, with row fixes from --skip and --keep, and reminds that the file is still on disk', async () => {
    const vault = await newVault();
    const run = await cli(vault, ['import', join(FIXTURES, 'lastpass.csv'), '--yes', '--skip', '2', '--keep', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported from LastPass CSV: 3 created, 0 updated, 2 skipped.');
    expect(run.stdout).toContain('still on disk, unencrypted');
    expect(run.stdout).toContain('cannot guarantee');
    expect((await accounts(vault)).map((a) => a.handle).sort()).toEqual([
      'Bank of Example',
      'UniNews',
      'example-university',
    ]);
    const show = await cli(vault, ['account', 'show', 'UniNews', '--reveal']);
    expect(show.stdout).toMatch(/Sign-in\s+comms@uni\.example/);
    expect(show.stdout).toMatch(/Secret\s+kT9#vLq2!xRm8&pZ/);
  });

  it('without --yes it asks; an answer other than "yes" cancels with exit 1 and no terminal is bad usage', async () => {
    const vault = await newVault();
    const file = join(FIXTURES, 'otpauth.txt');
    const no = await cli(vault, ['import', file], { answers: ['no'] });
    expect(no).toMatchObject({ code: 1, stderr: 'custodian: Import cancelled: nothing was written\n' });
    const noTerminal = await cli(vault, ['import', file]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('add --yes');
    expect(await accounts(vault)).toEqual([]);
    const yes = await cli(vault, ['import', file], { answers: ['yes'] });
    expect(yes.code).toBe(0);
    expect(await accounts(vault)).toHaveLength(2);
  });

  it('an encrypted export takes its password from CUSTODIAN_IMPORT_PASSWORD or a prompt, never an argument', async () => {
    const vault = await newVault();
    const file = join(FIXTURES, 'bitwarden-encrypted-pbkdf2.json');
    const wrong = await cli(vault, ['import', file, '--yes'], { env: { CUSTODIAN_IMPORT_PASSWORD: 'nope' } });
    expect(wrong).toMatchObject({ code: 1, stderr: 'custodian: The password does not open this Bitwarden export\n' });
    const prompted = await cli(vault, ['import', file, '--dry-run'], { answers: ['export-password-1'] });
    expect(prompted.prompts).toEqual(['Password for bitwarden-encrypted-pbkdf2.json: ']);
    expect(prompted.code).toBe(0);
    const run = await cli(vault, ['import', file, '--yes', '--json'], {
      env: { CUSTODIAN_IMPORT_PASSWORD: 'export-password-1' },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).result).toMatchObject({ format: 'bitwarden-json', skipped: 2 });
  });

  it('refuses an unknown format (listing those tried), a folder, a missing file and bad options', async () => {
    const vault = await newVault();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'buy milk\n');
    const unknown = await cli(vault, ['import', notes]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /Not a format Custodian can import\. Tried: KeePass database .*, Spreadsheet \(CSV\)/,
    );
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect((await cli(vault, ['import', folder])).stderr).toContain('is not a regular file');
    expect((await cli(vault, ['import', join(dir, 'missing.csv')])).code).toBe(1);
    expect((await cli(vault, ['import', notes, '--format', 'excel'])).code).toBe(2);
    expect((await cli(vault, ['import', notes, '--dry-run', '--yes'])).code).toBe(2);
    expect((await cli(vault, ['import', notes, '--update', '1:because'])).code).toBe(2);
    expect((await cli(vault, ['import', '--help'])).stdout).toContain('--dry-run');
  });

  it('--format names the format; --map changes a spreadsheet column', async () => {
    const vault = await newVault();
    const run = await cli(vault, [
      'import',
      join(FIXTURES, 'spreadsheet-excel.csv'),
      '--format',
      'spreadsheet-csv',
      '--map',
      'notes=',
      '--dry-run',
      '--json',
    ]);
    const { preview } = JSON.parse(run.stdout);
    expect(preview).toMatchObject({ detected: false, format: 'spreadsheet-csv' });
    expect(preview.mapping.notes).toBeNull();
    expect(preview.rows[0].hasNotes).toBe(false);
  });
});

describe('account add --sign-in', () => {
  it('stores the sign-in name sealed, shows only that it is stored, and reveals it with --reveal', async () => {
    const vault = await newVault();
    const add = await cli(
      vault,
      ['account', 'add', '--platform', 'x', '--handle', 'UniNews', '--sign-in', 'comms@uni.example'],
      {
        stdin: 'pw-for-x-123456',
      },
    );
    expect(add.code).toBe(0);
    const show = await cli(vault, ['account', 'show', 'UniNews']);
    expect(show.stdout).toMatch(/Sign-in\s+stored/);
    expect(show.stdout).not.toContain('comms@uni.example');
    const json = JSON.parse((await cli(vault, ['account', 'show', 'UniNews', '--reveal', '--json'])).stdout);
    expect(json).toMatchObject({ hasSignInName: true, signInName: 'comms@uni.example', password: 'pw-for-x-123456' });
    expect(
      (await cli(vault, ['account', 'add', '--platform', 'x', '--handle', 'B', '--sign-in', ' '], { stdin: 'x' })).code,
    ).toBe(2);
  });
});
