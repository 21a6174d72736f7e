/**
 * The Electron shell: lifecycle, the window, IPC binding, clipboard, power
 * events. Everything else is the plain-Node core, built once here.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, ipcMain, Notification, powerMonitor, session, shell, type BrowserWindow } from 'electron';
import { IPC_EVENT } from '../../shared/contract/channels';
import { createCore } from '../core/core';
import { dataDirectory, defaultVaultPath } from '../core/paths';
import { createHandlers } from '../ipc/handlers';
import { createDispatcher } from '../ipc/dispatch';
import { ElectronClipboard } from './clipboard';
import { exportPathChooser, importFileChooser, textFileOpener, vaultFileChooser, writeExportFile } from './dialogs';
import { bindIpc, trustedSender } from './ipc-binding';
import { lockOnSystemEvents } from './power';
import { printToPdf } from './print';
import { createMainWindow, denyAllPermissions, hardenWebContents } from './window';

const rendererUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? process.env.ELECTRON_RENDERER_URL
    : pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setName('Custodian');
  app.setPath('userData', dataDirectory());
  app.enableSandbox();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, including any we did not create, gets the same guards.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererUrl));

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    const core = await createCore({
      defaultVaultPath: defaultVaultPath(),
      clipboard: new ElectronClipboard(),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
      setBadge: (count) => app.setBadgeCount(count),
    });
    const handlers = createHandlers(core, {
      version: app.getVersion(),
      chooseVaultFile: vaultFileChooser(() => mainWindow),
      chooseSavePath: exportPathChooser(() => mainWindow),
      writeFile: writeExportFile,
      openExternal: (url) => shell.openExternal(url),
      printToPdf: (html) => printToPdf(html),
      openTextFile: textFileOpener(() => mainWindow),
      chooseImportFile: importFileChooser(() => mainWindow),
    });
    bindIpc(
      ipcMain,
      createDispatcher(handlers),
      trustedSender(() => mainWindow?.webContents.id, rendererUrl),
    );
    core.events.subscribe((name, payload) => mainWindow?.webContents.send(IPC_EVENT, { name, payload }));
    lockOnSystemEvents(powerMonitor, core.vault);
    core.idle.start();
    // On start (counts need no key: they come from plaintext columns), then hourly; it notifies once a day.
    core.reminders.start();
    core.events.subscribe((name) => {
      if (name === 'vault.locked') core.reminders.check();
    });

    mainWindow = createMainWindow({ preloadPath, rendererUrl });
    mainWindow.on('closed', () => (mainWindow = undefined));

    app.on('window-all-closed', () => app.quit());
    app.on('before-quit', () => void core.dispose());
  });
}
