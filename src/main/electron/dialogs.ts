import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';

const FILTERS = [{ name: 'Custodian vault', extensions: ['custodian'] }];

/** Native open/save dialogs for choosing a vault file. */
export function vaultFileChooser(getWindow: () => BrowserWindow | undefined) {
  return async (mode: 'open' | 'create'): Promise<string | null> => {
    const window = getWindow();
    if (mode === 'open') {
      const options = { title: 'Open a Custodian vault', filters: FILTERS, properties: ['openFile' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    }
    const options = { title: 'Create a Custodian vault', filters: FILTERS, defaultPath: 'vault.custodian' };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  };
}

/** A save dialog for exports (CSV/JSON); the user confirms any overwrite in the dialog. */
export function exportPathChooser(getWindow: () => BrowserWindow | undefined) {
  return async (suggestedName: string): Promise<string | null> => {
    const extension = suggestedName.split('.').pop() ?? 'csv';
    const options = {
      title: 'Export',
      defaultPath: suggestedName,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    };
    const window = getWindow();
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  };
}

/** Exports hold personal data: readable by the user only. */
export function writeExportFile(path: string, content: string | Uint8Array): void {
  writeFileSync(path, content, { mode: 0o600 });
}

const TEXT_FILES = {
  ticket: { name: 'Custodian one-time credential', extensions: ['custodian-ticket', 'txt', 'json'] },
  bundle: { name: 'Custodian escrow bundle', extensions: ['custodian-escrow', 'json'] },
  card: { name: 'Custodian press key card', extensions: ['custodian-card', 'txt', 'json'] },
  notice: { name: 'Custodian break-glass notice', extensions: ['custodian-notice', 'json'] },
} as const;

/** Bundles of thousands of accounts are a few MB; anything far larger is not ours. */
const MAX_TEXT_FILE = 64 * 1024 * 1024;

/** An open dialog for the files people hand each other; returns the text. */
export function textFileOpener(getWindow: () => BrowserWindow | undefined) {
  return async (kind: keyof typeof TEXT_FILES): Promise<{ content: string; name: string } | null> => {
    const filter = TEXT_FILES[kind];
    const options = {
      title: `Open a ${filter.name}`,
      filters: [{ name: filter.name, extensions: [...filter.extensions] }],
      properties: ['openFile' as const],
    };
    const window = getWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    const path = result.canceled ? undefined : result.filePaths[0];
    if (!path) return null;
    if (statSync(path).size > MAX_TEXT_FILE) throw new Error('file too large');
    return { content: readFileSync(path, 'utf8'), name: basename(path) };
  };
}

/** An open dialog for an export from another password manager, a spreadsheet or an authenticator QR screenshot. */
export function importFileChooser(getWindow: () => BrowserWindow | undefined) {
  return async (): Promise<string | null> => {
    const options = {
      title: 'Choose a file to import',
      filters: [
        { name: 'Exports and spreadsheets', extensions: ['csv', 'json', 'kdbx', '1pux', 'txt', 'png'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['openFile' as const],
    };
    const window = getWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
