/**
 * Where Custodian keeps its data: the same folder Electron's
 * app.getPath('userData') gives for an app named "Custodian", computed
 * without Electron so the CLI and the app agree.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Custodian';
export const VAULT_FILE = 'vault.custodian';

export function dataDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER);
}

export function defaultVaultPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), VAULT_FILE);
}
