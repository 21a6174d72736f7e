/**
 * The one BrowserWindow factory and the guards on every web contents:
 * isolated, sandboxed, no Node, no navigation away, no new windows, no
 * permissions, and content protection so screen capture and sharing show
 * a blank window instead of secrets.
 */
import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  // Spell checkers see every typed word; passwords are typed here.
  spellcheck: false,
  safeDialogs: true,
} as const satisfies WebPreferences;

export interface WindowOptions {
  preloadPath: string;
  /** The renderer entry: a file:// URL in production, the dev server in development. */
  rendererUrl: string;
}

/** Same document, ignoring query and fragment: the only place our window may be. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(rendererUrl);
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
    return target.origin === app.origin;
  } catch {
    return false;
  }
}

export function hardenWebContents(contents: WebContents, rendererUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 620,
    show: false,
    title: 'Custodian',
    backgroundColor: '#f8f9fa',
    webPreferences: { ...WEB_PREFERENCES, preload: options.preloadPath },
  });
  window.setContentProtection(true);
  hardenWebContents(window.webContents, options.rendererUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.rendererUrl);
  return window;
}
