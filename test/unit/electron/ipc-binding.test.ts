import { describe, expect, it, vi } from 'vitest';
import type { ElectronMock } from './electron-mock';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../../src/shared/contract/channels';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const { bindIpc, trustedSender } = await import('../../../src/main/electron/ipc-binding');
const electron = (await import('electron')) as unknown as ElectronMock;

const RENDERER = 'file:///app/out/renderer/index.html';

function event(opts: { id?: number; url?: string; subframe?: boolean } = {}) {
  const mainFrame = { url: opts.url ?? RENDERER };
  return {
    sender: { id: opts.id ?? 7, mainFrame },
    senderFrame: opts.subframe ? { url: opts.url ?? RENDERER } : mainFrame,
  };
}

describe('IPC binding', () => {
  const dispatch = vi.fn(async (channel: unknown, _payload: unknown) => ({ ok: true as const, value: channel }));
  bindIpc(
    electron.ipcMain as never,
    dispatch,
    trustedSender(() => 7, RENDERER),
  );

  it('registers exactly one handler per contract channel', () => {
    expect([...electron.__handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((n) => IPC_PREFIX + n).sort());
  });

  it('passes trusted calls to the dispatcher', async () => {
    const handler = electron.__handlers.get(`${IPC_PREFIX}vault.status`)!;
    await expect(handler(event(), {})).resolves.toEqual({ ok: true, value: 'vault.status' });
    expect(dispatch).toHaveBeenCalledWith('vault.status', {});
  });

  it.each([
    ['another web contents', { id: 8 }],
    ['a subframe', { subframe: true }],
    ['a foreign page', { url: 'https://evil.example/' }],
    ['another local file', { url: 'file:///tmp/evil.html' }],
  ])('refuses calls from %s without dispatching', async (_label, opts) => {
    dispatch.mockClear();
    const handler = electron.__handlers.get(`${IPC_PREFIX}secrets.reveal`)!;
    const result = (await handler(event(opts), { accountId: 1, field: 'password' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('forbidden');
    expect(dispatch).not.toHaveBeenCalled();
  });
});
