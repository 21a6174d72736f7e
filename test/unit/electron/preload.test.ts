import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, IPC_EVENT, IPC_PREFIX } from '../../../src/shared/contract/channels';

const exposed: Record<string, unknown> = {};
const listeners: ((event: unknown, message: unknown) => void)[] = [];
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke,
    on: (_channel: string, fn: (event: unknown, message: unknown) => void) => listeners.push(fn),
    removeListener: (_channel: string, fn: (event: unknown, message: unknown) => void) =>
      listeners.splice(listeners.indexOf(fn), 1),
  },
}));

await import('../../../src/preload/index');
type Api = Record<string, Record<string, (input?: unknown) => Promise<unknown>>> & {
  on: (event: string, fn: (payload: unknown) => void) => () => void;
};
const api = exposed.custodian as Api;

describe('preload', () => {
  it('exposes only window.custodian', () => {
    expect(Object.keys(exposed)).toEqual(['custodian']);
  });

  it('has one function per contract channel, and nothing else', () => {
    const functions = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`));
    expect(functions.sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('invokes the prefixed IPC channel with the input (or {})', async () => {
    await expect(api.vault!.status!()).resolves.toEqual({
      ok: true,
      value: { channel: `${IPC_PREFIX}vault.status`, input: {} },
    });
    await api.secrets!.reveal!({ accountId: 3, field: 'password' });
    expect(invoke).toHaveBeenLastCalledWith(`${IPC_PREFIX}secrets.reveal`, { accountId: 3, field: 'password' });
  });

  it('delivers main events to subscribers and stops after unsubscribe', () => {
    const seen: unknown[] = [];
    const stop = api.on('vault.locked', (payload) => seen.push(payload));
    for (const fn of [...listeners]) fn({}, { name: 'vault.locked', payload: { reason: 'idle' } });
    for (const fn of [...listeners]) fn({}, { name: 'clipboard.cleared', payload: {} });
    stop();
    for (const fn of [...listeners]) fn({}, { name: 'vault.locked', payload: { reason: 'manual' } });
    expect(seen).toEqual([{ reason: 'idle' }]);
    expect(() => api.on('not.an.event', () => undefined)).toThrow();
    expect(IPC_EVENT).toBe('custodian:event');
  });
});
