/**
 * A stand-in for the `electron` module: enough of BrowserWindow, ipcMain,
 * clipboard, session and app to exercise the shell's wiring under plain Node.
 * Each test file calls vi.mock('electron', () => electronMock()).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  id = FakeWebContents.nextId++;
  mainFrame = { url: '' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  sent: { channel: string; message: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  contentProtection = false;
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  setContentProtection(on: boolean) {
    this.contentProtection = on;
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show() {}
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

export class FakeClipboardItem {
  constructor(readonly items: Record<string, unknown>) {}
  get types() {
    return Object.keys(this.items);
  }
}

export class FakeNotification {
  static shown: { title: string; body: string }[] = [];
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {}
  show() {
    FakeNotification.shown.push({ title: this.options.title, body: this.options.body });
  }
}

export function electronMock() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const sessionHandlers: Record<string, unknown> = {};
  const appEvents = new EventEmitter();
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  const state = {
    clipboardText: '',
    written: [] as FakeClipboardItem[][],
    quitCalled: false,
    singleInstance: true,
    paths: {} as Record<string, string>,
    badge: 0,
    sandboxed: false,
  };
  return {
    __handlers: handlers,
    __sessionHandlers: sessionHandlers,
    __state: state,
    __ready: () => readyResolve(),
    BrowserWindow: FakeBrowserWindow,
    ClipboardItem: FakeClipboardItem,
    Notification: FakeNotification,
    ipcMain: {
      handle: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => unknown) => handlers.set(channel, fn)),
    },
    clipboard: {
      write: vi.fn(async (items: FakeClipboardItem[]) => {
        state.written.push(items);
        const text = items[0]?.items['text/plain'];
        state.clipboardText = typeof text === 'string' ? text : '';
      }),
      writeText: vi.fn(async (text: string) => {
        state.clipboardText = text;
      }),
      readText: vi.fn(async () => state.clipboardText),
      clear: vi.fn(() => {
        state.clipboardText = '';
      }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: unknown) => (sessionHandlers.request = fn),
        setPermissionCheckHandler: (fn: unknown) => (sessionHandlers.check = fn),
        setDevicePermissionHandler: (fn: unknown) => (sessionHandlers.device = fn),
      },
    },
    powerMonitor: new EventEmitter(),
    shell: { openExternal: vi.fn(async () => undefined) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    app: Object.assign(appEvents, {
      isPackaged: false,
      requestSingleInstanceLock: () => state.singleInstance,
      quit: () => (state.quitCalled = true),
      setName: vi.fn(),
      setPath: (name: string, value: string) => (state.paths[name] = value),
      enableSandbox: () => (state.sandboxed = true),
      getVersion: () => '0.0.0-test',
      setBadgeCount: (count: number) => (state.badge = count),
      whenReady: () => ready,
    }),
  };
}

export type ElectronMock = ReturnType<typeof electronMock>;
