/**
 * The shell's rotation reminders against a mocked electron: at start, with
 * the vault still locked, an overdue account produces one desktop
 * notification (naming no account) and a badge count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/main/core/clock';
import type { ElectronMock } from './electron-mock';
import { makeVault } from '../../support/vault';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const home = mkdtempSync(join(tmpdir(), 'custodian-reminders-'));
process.env.XDG_CONFIG_HOME = home;
process.env.HOME = home;

// A vault whose only password was set in January: by now its quarterly rotation is overdue.
const seeded = await makeVault(join(home, 'Custodian', 'vault.custodian'), {
  clock: new ManualClock(Date.UTC(2026, 0, 15)),
});
seeded.accounts.create({ platform: 'x', handle: 'ourbrand', twoFactor: 'none' }, { password: 'set in january' });
await seeded.dispose();

const electron = (await import('electron')) as unknown as ElectronMock;
const { FakeBrowserWindow, FakeNotification } = await import('./electron-mock');
await import('../../../src/main/electron/main');

afterAll(() => {
  electron.app.emit('before-quit');
  rmSync(home, { recursive: true, force: true });
});

describe('rotation reminders in the shell', () => {
  it('notifies once at start, before unlock, without naming the account, and sets the badge', async () => {
    electron.__ready();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(FakeNotification.shown).toHaveLength(1), { timeout: 5000 });
    expect(FakeNotification.shown[0]!.title).toBe('Passwords to rotate');
    expect(FakeNotification.shown[0]!.body).toMatch(/^1 account overdue\./);
    expect(FakeNotification.shown[0]!.body).not.toMatch(/ourbrand/);
    expect(electron.__state.badge).toBe(1);
  });
});
