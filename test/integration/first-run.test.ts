/**
 * The first hour on a fresh machine: `npm start`/`npm run dev` get Electron
 * through its own installer and explain a failed download in one paragraph;
 * an old Node is refused in one line before anything else runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTooOld } from '../../scripts/check-node.mjs';
import { useTempDir } from '../support/tmp';

const root = process.cwd();
const dir = useTempDir('custodian-first-run-');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A checkout as a fresh clone has it: the start script and Electron's package
 * without its downloaded binary (whatever this machine has in
 * node_modules/electron/dist), its dependencies from this checkout.
 */
function cloneWithoutElectronBinary(): string {
  const clone = join(dir, 'clone');
  mkdirSync(join(clone, 'scripts'), { recursive: true });
  mkdirSync(join(clone, 'node_modules', 'electron'), { recursive: true });
  copyFileSync(join(root, 'scripts/ensure-electron.mjs'), join(clone, 'scripts/ensure-electron.mjs'));
  for (const file of ['package.json', 'install.js', 'checksums.json']) {
    copyFileSync(join(root, 'node_modules/electron', file), join(clone, 'node_modules/electron', file));
  }
  for (const scope of ['@electron', '@electron-internal']) {
    if (existsSync(join(root, 'node_modules', scope))) {
      symlinkSync(join(root, 'node_modules', scope), join(clone, 'node_modules', scope), 'dir');
    }
  }
  return clone;
}

describe('npm start / npm run dev without an Electron binary', () => {
  it('runs Electron’s installer and, when the download fails, says what to try in one paragraph and exits 1', async () => {
    const clone = cloneWithoutElectronBinary();
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const cache = join(dir, 'electron-cache');
    const run = spawnSync(process.execPath, [join(clone, 'scripts/ensure-electron.mjs')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: dir, ELECTRON_MIRROR: mirror, electron_config_cache: cache },
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    const platform = `${process.platform}-${process.arch}`;
    expect(run.stdout).toBe(`Getting Electron ${electronVersion} for ${platform} (once; later starts reuse it)...\n`);
    const message = run.stderr;
    expect(message).toContain(`downloading Electron ${electronVersion} for ${platform} from ${mirror} failed`);
    expect(message).toContain('ELECTRON_MIRROR');
    expect(message).toContain(cache);
    expect(message).toContain('The command line (npx custodian) and npm test work without Electron.');
    // One paragraph, no stack trace.
    expect(message.trim().split('\n').length).toBeLessThanOrEqual(6);
    expect(message).not.toMatch(/^\s+at /m);
    expect(message).not.toMatch(/\n\s*\n/);
    // Nothing was written where electron-vite looks for the binary.
    expect(existsSync(join(clone, 'node_modules/electron/path.txt'))).toBe(false);
  });

  it('is what npm start and npm run dev run first', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const name of ['prestart', 'predev']) {
      expect(scripts[name]).toBe('node scripts/check-node.mjs && node scripts/ensure-electron.mjs');
    }
    expect(scripts.pretest).toBe('node scripts/check-node.mjs');
  });
});

describe('an old Node', () => {
  it('is named in one line with the version needed and how to get it', () => {
    expect(nodeTooOld('20.20.2')).toBe(
      'Custodian needs Node.js >= 22.13 (this is 20.20.2): install Node 22 LTS from https://nodejs.org/ ' +
        'or with a version manager (nvm install 22), then run this again.',
    );
    expect(nodeTooOld('22.12.0')).toMatch(/^Custodian needs Node.js >= 22.13 \(this is 22.12.0\)/);
    expect(nodeTooOld('22.13.0')).toBeNull();
    expect(nodeTooOld('24.1.0')).toBeNull();
    expect(nodeTooOld(process.versions.node)).toBeNull();
  });

  it('makes npm install refuse: engine-strict in .npmrc, the same minimum in engines', () => {
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node).toBe('>=22.13');
  });

  // Debian's and Ubuntu's own Node is often older than ours: where one is installed, drive it for real.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    if (!existsSync(path)) return false;
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return nodeTooOld(version) !== null;
  });
  it.skipIf(!systemNode)(
    `stops the pre-scripts and the CLI at once under ${systemNode ?? 'an old system Node'}`,
    () => {
      const version = spawnSync(systemNode!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
      const check = spawnSync(systemNode!, [join(root, 'scripts/check-node.mjs')], { encoding: 'utf8' });
      expect(check.status).toBe(1);
      expect(check.stdout).toBe('');
      expect(check.stderr).toBe(`${nodeTooOld(version)}\n`);
      const cli = spawnSync(systemNode!, [join(root, 'bin/custodian.mjs'), '--help'], { encoding: 'utf8' });
      expect(cli.status).toBe(2);
      expect(cli.stdout).toBe('');
      expect(cli.stderr).toBe(`custodian: ${nodeTooOld(version)}\n`);
    },
  );
});
