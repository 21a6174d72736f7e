import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const { createMainWindow, denyAllPermissions, isAppUrl, WEB_PREFERENCES } =
  await import('../../../src/main/electron/window');
const electron = (await import('electron')) as unknown as ElectronMock;
const { FakeBrowserWindow } = await import('./electron-mock');

const RENDERER = 'file:///opt/custodian/out/renderer/index.html';

describe('main window', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances.length = 0;
  });

  it('is isolated, sandboxed, without Node, with our preload and content protection', () => {
    createMainWindow({ preloadPath: '/opt/custodian/out/preload/index.cjs', rendererUrl: RENDERER });
    const window = FakeBrowserWindow.instances[0]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      preload: '/opt/custodian/out/preload/index.cjs',
    });
    expect(prefs).toMatchObject(WEB_PREFERENCES);
    expect(window.contentProtection).toBe(true);
    expect(window.loadedUrl).toBe(RENDERER);
  });

  it('denies new windows and navigation away from the app', () => {
    createMainWindow({ preloadPath: '/p.cjs', rendererUrl: RENDERER });
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });

    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${RENDERER}#/accounts`)).toBe(false);

    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('recognises only its own document (file) or origin (dev server)', () => {
    expect(isAppUrl('file:///opt/custodian/out/renderer/index.html?x#y', RENDERER)).toBe(true);
    expect(isAppUrl('file:///opt/custodian/out/renderer/other.html', RENDERER)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', RENDERER)).toBe(false);
  });

  it('refuses every permission request and check', () => {
    denyAllPermissions(electron.session.defaultSession as never);
    const handlers = electron.__sessionHandlers as Record<string, (...args: unknown[]) => unknown>;
    const callback = vi.fn();
    handlers.request!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(handlers.check!({}, 'clipboard-read')).toBe(false);
    expect(handlers.device!({})).toBe(false);
  });
});
