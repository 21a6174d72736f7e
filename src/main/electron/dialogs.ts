import { writeFileSync } from 'node:fs';
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
