// Before `npm start` and `npm run dev`: makes sure Electron's binary is on
// disk. Electron 45 no longer downloads it at install time, and electron-vite
// reads node_modules/electron/path.txt directly, failing with a stack trace
// when it is missing. So this runs Electron's own installer
// (node_modules/electron/install.js, its `install-electron` bin: it returns at
// once when the binary is already there, else downloads through @electron/get
// and its cache). When that fails, one paragraph says what failed and what to
// try instead of a stack trace, and the exit code is non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
// The same platform and architecture the installer picks.
const platform = process.env.ELECTRON_INSTALL_PLATFORM ?? process.env.npm_config_platform ?? process.platform;
const arch = process.env.ELECTRON_INSTALL_ARCH ?? process.env.npm_config_arch ?? process.arch;

/** Where @electron/get keeps its downloads (env-paths' cache folder for "electron"). */
function electronCacheFolder() {
  if (process.env.electron_config_cache) return process.env.electron_config_cache;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log(`Getting Electron ${version} for ${platform}-${arch} (once; later starts reuse it)...`);
}
const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
if (install.status !== 0) {
  // The installer prints the error's stack; its first line is the reason.
  const reason =
    (install.stderr ?? '').trim().split('\n')[0] || install.error?.message || `exit code ${install.status}`;
  const mirror = process.env.ELECTRON_MIRROR ? ` from ${process.env.ELECTRON_MIRROR}` : '';
  console.error(
    [
      `Could not start the desktop app: downloading Electron ${version} for ${platform}-${arch}${mirror} failed (${reason}).`,
      'Check the network connection (and any proxy), or set ELECTRON_MIRROR to a mirror you can reach',
      "(e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/), or check Electron's cache folder",
      `${electronCacheFolder()} (set electron_config_cache to use another; delete a broken download there), then try again.`,
      'The command line (npx custodian) and npm test work without Electron.',
    ].join('\n'),
  );
  process.exit(1);
}
