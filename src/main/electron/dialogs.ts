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
