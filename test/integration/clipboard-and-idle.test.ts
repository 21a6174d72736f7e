import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { createDispatcher } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import { referenceTotp } from '../support/hotp';
import { base32Decode } from '../support/base32';
import { FakeScheduler, settle } from '../support/scheduler';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, fields, makeVault, refusal, secrets, type TestCore } from '../support/vault';

const dir = useTempDir();
const MINUTE = 60_000;

describe('copying secrets through the core', () => {
  const scheduler = new FakeScheduler();
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
  let core: TestCore;
  let id: number;
  let events: string[];

  beforeAll(async () => {
    core = await makeVault(freshPath(dir), { clock, scheduler });
    id = core.accounts.create(
      fields({ platform: 'x', handle: 'copy_me' }),
      secrets({ password: 'copied password', totp: { seed: 'JBSWY3DPEHPK3PXP' } }),
    ).id;
    core.events.subscribe((name, payload) => events.push(`${name} ${JSON.stringify(payload)}`));
  });
  afterAll(() => core.dispose());
  beforeEach(async () => {
    events = [];
    if (!core.vault.isUnlocked) await core.vault.unlock(PASSPHRASE);
    core.clipboardPort.userCopies('');
  });

  it('copies the password, concealed, and clears it after the configured seconds', async () => {
    core.settings.update({ clipboardSeconds: 45 });
    expect(await core.secrets.copy(id, 'password')).toEqual({ clearAfterSeconds: 45 });
    expect(core.clipboardPort).toMatchObject({ text: 'copied password', concealed: true });
    await scheduler.advance(44_999);
    expect(core.clipboardPort.text).toBe('copied password');
    await scheduler.advance(1);
    expect(core.clipboardPort.text).toBe('');
    expect(events).toEqual(['clipboard.cleared {}']);
  });

  it('copies the current TOTP code, not the seed', async () => {
    await core.secrets.copy(id, 'totpCode');
    const expected = referenceTotp(base32Decode('JBSWY3DPEHPK3PXP'), clock.now() / 1000);
    expect(core.clipboardPort.text).toBe(expected);
  });

  it('leaves the user’s own clipboard content alone when the time is up', async () => {
    core.settings.update({ clipboardSeconds: 30 });
    await core.secrets.copy(id, 'password');
    core.clipboardPort.userCopies('meeting link');
    await scheduler.advance(30_000);
    expect(core.clipboardPort.text).toBe('meeting link');
    expect(events).toEqual([]);
  });

  it('locking clears our value at once and says so', async () => {
    await core.secrets.copy(id, 'password');
    core.vault.lock();
    await settle();
    expect(core.clipboardPort.text).toBe('');
    expect(events).toEqual(['vault.locked {"reason":"manual"}', 'clipboard.cleared {}']);
    expect(scheduler.pending).toBe(0);
  });

  it('locking does not touch a clipboard that is no longer ours', async () => {
    await core.secrets.copy(id, 'password');
    core.clipboardPort.userCopies('something else');
    core.vault.lock();
    await settle();
    expect(core.clipboardPort.text).toBe('something else');
    expect(events).toEqual(['vault.locked {"reason":"manual"}']);
  });

  it('a copy that fails (nothing stored) leaves the clipboard alone', async () => {
    const bare = core.accounts.create(fields({ platform: 'x', handle: 'no_secrets' }), secrets()).id;
    core.clipboardPort.userCopies('user text');
    await refusal(core.secrets.copy(bare, 'password'), 'not_found');
    await refusal(core.secrets.copy(bare, 'totpCode'), 'not_found');
    expect(core.clipboardPort.text).toBe('user text');
  });
});

describe('idle auto-lock', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
  let core: TestCore;
  let events: string[];

  beforeAll(async () => {
    core = await makeVault(freshPath(dir), { clock, scheduler: new FakeScheduler() });
    core.events.subscribe((name, payload) => events.push(`${name} ${JSON.stringify(payload)}`));
  });
  afterAll(() => core.dispose());
  beforeEach(async () => {
    events = [];
    if (!core.vault.isUnlocked) await core.vault.unlock(PASSPHRASE);
    core.settings.update({ autoLockMinutes: 5 });
  });

  it('locks after the configured minutes without activity, counting from the unlock', () => {
    clock.advance(5 * MINUTE - 1);
    expect(core.idle.check()).toBe(false);
    expect(core.vault.isUnlocked).toBe(true);
    clock.advance(1);
    expect(core.idle.check()).toBe(true);
    expect(core.vault.isUnlocked).toBe(false);
    expect(events).toEqual(['vault.locked {"reason":"idle"}']);
  });

  it('activity reported over IPC postpones it', async () => {
    const dispatch = createDispatcher(createHandlers(core, { version: 'test' }), { validateOutput: true });
    clock.advance(4 * MINUTE);
    expect(await dispatch('idle.touch', {})).toEqual({ ok: true, value: {} });
    clock.advance(4 * MINUTE);
    expect(core.idle.check()).toBe(false);
    expect(core.vault.isUnlocked).toBe(true);
    clock.advance(MINUTE);
    expect(core.idle.check()).toBe(true);
    expect(core.vault.isUnlocked).toBe(false);
  });

  it('a settings change takes effect at once', () => {
    clock.advance(2 * MINUTE);
    expect(core.idle.check()).toBe(false);
    core.settings.update({ autoLockMinutes: 1 });
    expect(core.idle.check()).toBe(true);
    expect(core.vault.isUnlocked).toBe(false);
  });

  it('the setting is stored in the vault and survives a lock', async () => {
    core.settings.update({ autoLockMinutes: 30 });
    core.vault.lock();
    await core.vault.unlock(PASSPHRASE);
    expect(core.settings.get().autoLockMinutes).toBe(30);
    clock.advance(29 * MINUTE);
    expect(core.idle.check()).toBe(false);
    clock.advance(MINUTE);
    expect(core.idle.check()).toBe(true);
  });

  it('does nothing while locked', () => {
    core.vault.lock();
    events = [];
    clock.advance(24 * 60 * MINUTE);
    expect(core.idle.check()).toBe(false);
    expect(events).toEqual([]);
  });
});
