/**
 * Boots the real shell (src/main/electron/main.ts) against a mocked electron
 * module and a real core in a temporary data folder: every contract channel is
 * bound, the window is the hardened one, calls flow through the dispatcher,
 * and OS lock events lock the vault and reach the renderer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ElectronMock } from './electron-mock';
import { CHANNEL_NAMES, IPC_EVENT, IPC_PREFIX } from '../../../src/shared/contract/channels';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const home = mkdtempSync(join(tmpdir(), 'custodian-shell-'));
process.env.XDG_CONFIG_HOME = home;
process.env.HOME = home;

const electron = (await import('electron')) as unknown as ElectronMock;
const { FakeBrowserWindow } = await import('./electron-mock');
await import('../../../src/main/electron/main');

async function booted() {
  electron.__ready();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1), { timeout: 5000 });
  return FakeBrowserWindow.instances[0]!;
}

function trustedEvent(window: InstanceType<typeof FakeBrowserWindow>) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

afterAll(() => {
  electron.app.emit('before-quit');
  rmSync(home, { recursive: true, force: true });
});

describe('Electron shell bootstrap', () => {
  it('sets up the data folder and sandbox before any window exists', async () => {
    await booted();
    expect(electron.__state.paths.userData).toBe(join(home, 'Custodian'));
    expect(electron.__state.sandboxed).toBe(true);
  });

  it('checks rotation reminders at start: no vault yet, so no notification and an empty badge', async () => {
    await booted();
    const { FakeNotification } = await import('./electron-mock');
    expect(FakeNotification.shown).toEqual([]);
    expect(electron.__state.badge).toBe(0);
  });

  it('binds every contract channel and loads the renderer from disk', async () => {
    const window = await booted();
    expect([...electron.__handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((n) => IPC_PREFIX + n).sort());
    expect(window.loadedUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(window.contentProtection).toBe(true);
  });

  it('answers the renderer through the dispatcher, with the vault in the user-data folder', async () => {
    const window = await booted();
    const info = (await electron.__handlers.get(`${IPC_PREFIX}app.info`)!(trustedEvent(window), {})) as {
      ok: boolean;
      value: { defaultVaultPath: string; fileDialogs: boolean };
    };
    expect(info.ok).toBe(true);
    expect(info.value.defaultVaultPath).toBe(join(home, 'Custodian', 'vault.custodian'));
    expect(info.value.fileDialogs).toBe(true);
    const bad = (await electron.__handlers.get(`${IPC_PREFIX}vault.unlock`)!(trustedEvent(window), {
      passphrase: 42,
    })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('locks the vault when the OS locks the screen and tells the renderer', async () => {
    const window = await booted();
    const create = electron.__handlers.get(`${IPC_PREFIX}vault.create`)!;
    const created = (await create(trustedEvent(window), {
      owner: 'Shell test',
      passphrase: 'shell test passphrase',
      kdf: 'interactive',
    })) as { ok: boolean; value: { unlocked: boolean } };
    expect(created).toMatchObject({ ok: true, value: { unlocked: true } });
    electron.powerMonitor.emit('lock-screen');
    expect(window.webContents.sent).toContainEqual({
      channel: IPC_EVENT,
      message: { name: 'vault.locked', payload: { reason: 'system' } },
    });
    const status = (await electron.__handlers.get(`${IPC_PREFIX}vault.status`)!(trustedEvent(window), {})) as {
      value: { unlocked: boolean };
    };
    expect(status.value.unlocked).toBe(false);
  });
});
