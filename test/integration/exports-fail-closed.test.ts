/**
 * Exports fail closed, on a really full disk: the vault on a 1 MiB tmpfs
 * filled to the last byte, so the export's transaction cannot commit. No
 * file may appear without its audit event, and a file that could not be put
 * in place after its event committed is recorded as not saved.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveNewFile } from '../../src/main/cli/io';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-full-');
const mountPoint = join(dir, 'tiny');
let mounted = false;

beforeAll(() => {
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1M', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    console.log(
      `[exports fail closed] SKIPPED the full-disk tests: cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`,
    );
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
});

/** Fills the file system holding `folder` until a write fails for lack of space. */
function fill(folder: string): string {
  const filler = join(folder, 'filler');
  const chunk = Buffer.alloc(4096, 1);
  let size = 0;
  for (;;) {
    try {
      writeFileSync(filler, chunk, { flag: 'a' });
      size += chunk.length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      break;
    }
    if (size > 8 * 1024 * 1024) throw new Error('the file system did not fill up');
  }
  return filler;
}

const events = (path: string, kind: string) =>
  withRawDb(
    path,
    (db) => (db.prepare('SELECT count(*) AS n FROM audit_events WHERE kind = ?').get(kind) as { n: number }).n,
  );

describe('exports on a full disk', () => {
  let core: TestCore | undefined;
  afterAll(async () => {
    await core?.dispose();
  });

  it('a commit that fails leaves no file; with space again, the export works and the trail verifies', async (ctx) => {
    if (!mounted) ctx.skip();
    const vault = join(mountPoint, 'vault.custodian');
    core = await makeVault(vault);
    core.accounts.create({ platform: 'x', handle: 'ourbrand', twoFactor: 'none' }, { password: 'pw' });
    // An empty WAL: the export's commit has to grow it, on a disk with no room left.
    withRawDb(vault, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
    const filler = fill(mountPoint);
    const outside = freshPath(dir, 'audit-export');
    const onFullDisk = join(mountPoint, 'audit.json');
    // Outside the full disk the file is written, then the commit fails; on it, already the file cannot be written.
    for (const [out, reason] of [
      [outside, /^Cannot write to the vault file .*(full|disk)/i],
      [onFullDisk, /^Cannot write .*audit\.json: the disk is full/],
    ] as const) {
      const error = await saveNewFile(out, (sink) => core!.audit.exportEvents('json', {}, sink)).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'io', message: expect.stringMatching(reason) });
      expect(existsSync(out), `${out} must not exist`).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(readdirSync(mountPoint).filter((f) => f.endsWith('.partial'))).toEqual([]);
    rmSync(filler);
    expect(events(vault, 'audit.exported')).toBe(0);
    const count = await saveNewFile(outside, (sink) => core!.audit.exportEvents('json', {}, sink));
    expect(count).toBeGreaterThan(0);
    expect(existsSync(outside)).toBe(true);
    expect(events(vault, 'audit.exported')).toBe(1);
    expect(core.audit.verify().intact).toBe(true);
  });

  it('a file that cannot take its name after the commit is recorded as not saved', async () => {
    const vault = freshPath(dir, 'squatted');
    const owner = await makeVault(vault);
    try {
      const out = freshPath(dir, 'squatted-export');
      const refused = saveNewFile(
        out,
        (sink) => {
          const n = owner.audit.exportEvents('csv', {}, sink);
          writeFileSync(out, 'someone else got here first'); // between the commit and the rename
          return n;
        },
        () => owner.audit.recordExportFailure('audit trail'),
      );
      await expect(refused).rejects.toThrow(/The export was recorded but could not be saved: .*already exists/);
      expect(owner.audit.list({ limit: 1 })[0]).toMatchObject({ kind: 'export.failed' });
      expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await owner.dispose();
    }
  });
});
