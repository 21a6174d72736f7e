/**
 * The handler table on a real core and vault file: real answers match the
 * contract's output schemas, and refused payloads change nothing on disk.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../src/shared/contract/channels';
import type { Result } from '../../src/shared/contract/envelope';
import { ManualClock } from '../../src/main/core/clock';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import { allMalformed } from '../support/payloads';
import { fileBytes, withRawDb } from '../support/raw-db';
import { FakeScheduler } from '../support/scheduler';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeCore, type TestCore } from '../support/vault';

const dir = useTempDir();
const path = freshPath(dir);
let core: TestCore;
let dispatch: Dispatch;
const reported: string[] = [];
const answered = new Set<ChannelName>();
const opened: string[] = [];

/** Calls a channel, expecting success; checks the answer against the output schema independently. */
async function call<T = Record<string, unknown>>(channel: ChannelName, payload: unknown): Promise<T> {
  const result = (await dispatch(channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  expect(channels[channel].output.safeParse(result.value).success).toBe(true);
  answered.add(channel);
  return result.value;
}

/** A digest of every row of every table, read through a separate connection. */
function contentDigest(): string {
  return withRawDb(path, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    const hash = createHash('sha256');
    for (const { name } of tables) {
      hash.update(name);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      }
    }
    return hash.digest('hex');
  });
}

beforeAll(async () => {
  core = await makeCore(path, { clock: new ManualClock(), scheduler: new FakeScheduler() });
  dispatch = createDispatcher(
    createHandlers(core, {
      version: '1.2.3',
      chooseVaultFile: async (mode) => `/chosen/${mode}.custodian`,
      openExternal: async (url) => void opened.push(url),
      openTextFile: async (kind) => ({ content: `picked ${kind}`, name: `${kind}.txt` }),
    }),
    { validateOutput: true, report: (text) => reported.push(text) },
  );
});
afterAll(() => core.dispose());

describe('real answers match the contract', () => {
  it('app and vault channels', async () => {
    expect(await call('app.info', {})).toEqual({ version: '1.2.3', defaultVaultPath: path, fileDialogs: true });
    expect(await call('app.chooseVaultFile', { mode: 'create' })).toEqual({ path: '/chosen/create.custodian' });
    expect(await call('app.openExternal', { url: 'https://x.com/ourbrand' })).toEqual({});
    expect(opened).toEqual(['https://x.com/ourbrand']);
    expect(await call('app.openTextFile', { kind: 'ticket' })).toEqual({
      content: 'picked ticket',
      name: 'ticket.txt',
    });
    expect(await call('vault.status', {})).toEqual({ path, exists: false, unlocked: false });
    const created = await call('vault.create', { owner: 'Comms', passphrase: PASSPHRASE, kdf: 'interactive' });
    expect(created).toMatchObject({ unlocked: true, vault: { owner: 'Comms', kdf: 'interactive' } });
    expect(await call('vault.lock', {})).toEqual({ path, exists: true, unlocked: false });
    expect(await call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ unlocked: true });
    const changed = await call('vault.changePassphrase', { current: PASSPHRASE, next: `${PASSPHRASE}!` });
    expect(changed).toMatchObject({ unlocked: true });
    await call('vault.changePassphrase', { current: `${PASSPHRASE}!`, next: PASSPHRASE });
  });

  it('account and secret channels', async () => {
    const created = await call<{ id: number }>('accounts.create', {
      fields: { platform: 'x', handle: '@OurBrand', displayName: 'Our Brand' },
      secrets: { password: 'ipc password', totp: { seed: 'JBSWY3DPEHPK3PXP' }, recoveryCodes: ['r1'], notes: 'n' },
    });
    const { id } = created;
    // The same detail, with the strength get estimates (create leaves it null, so a loop of creates stays cheap).
    expect(created).toMatchObject({ passwordStrength: null });
    expect(await call('accounts.get', { id })).toEqual({ ...created, passwordStrength: expect.any(Number) as number });
    expect(await call('accounts.update', { id, fields: { platform: 'x', handle: 'OurBrand' } })).toMatchObject({
      displayName: '',
      hasPassword: true,
    });
    expect(await call('accounts.archive', { id })).toMatchObject({ status: 'archived' });
    expect(await call('accounts.restore', { id })).toMatchObject({ status: 'active' });
    expect(await call('accounts.list', {})).toEqual({
      accounts: [expect.objectContaining({ id, handle: 'OurBrand' })],
    });
    expect(await call('secrets.reveal', { accountId: id, field: 'password' })).toEqual({ value: 'ipc password' });
    expect(await call('secrets.copy', { accountId: id, field: 'password' })).toEqual({ clearAfterSeconds: 30 });
    expect(core.clipboardPort.text).toBe('ipc password');
    expect(await call('secrets.totp', { accountId: id })).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    expect(await call('secrets.totp', { accountId: id, refresh: true })).toMatchObject({ period: 30 });
  });

  it('generator, settings and session channels', async () => {
    const generated = await call<{ password: string; options: { length: number } }>('generator.generate', {
      options: { length: 30, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: true },
      platform: 'wechat',
    });
    expect(generated.password).toHaveLength(16);
    expect(generated.options.length).toBe(16);
    const policy = {
      handleRules: [],
      minHolders: 2,
      holdersSameDepartment: false,
      twoFactorRequired: true,
      minPasswordStrength: 3,
    };
    expect(await call('settings.get', {})).toEqual({
      autoLockMinutes: 5,
      clipboardSeconds: 30,
      takeoverMaxDays: 14,
      ...policy,
    });
    expect(await call('settings.update', { clipboardSeconds: 12 })).toEqual({
      autoLockMinutes: 5,
      clipboardSeconds: 12,
      takeoverMaxDays: 14,
      ...policy,
    });
    expect(await dispatch('settings.update', { minPasswordStrength: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('idle.touch', {})).toEqual({});
    expect(reported).toEqual([]);
  });

  it('errors are envelopes too, with the service’s code', async () => {
    expect(await dispatch('accounts.get', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await dispatch('accounts.create', { fields: { platform: 'x', handle: 'ourbrand' }, secrets: {} }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const wrong = await dispatch('vault.changePassphrase', {
      current: 'not the passphrase',
      next: 'whatever long enough',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
  });

  it('every channel of the first release was answered at least once', () => {
    const missing = CHANNEL_NAMES.filter((name) => !answered.has(name));
    // Channels added by later work are exercised by that work's own tests.
    const firstRelease = missing.filter((name) =>
      /^(app|vault|accounts|secrets|totp|generator|settings|session)\./.test(name),
    );
    expect(firstRelease).toEqual([]);
  });
});

describe('refused payloads change nothing', () => {
  it('no malformed payload on any channel alters the vault file, its WAL or its rows', async () => {
    expect(core.vault.isUnlocked).toBe(true);
    const before = {
      digest: contentDigest(),
      main: fileBytes(path),
      wal: fileBytes(`${path}-wal`),
      clipboard: core.clipboardPort.text,
      settings: core.settings.get(),
    };
    const cases = allMalformed();
    expect(cases.length).toBeGreaterThan(100);
    for (const [channel, what, payload] of cases) {
      const result = await dispatch(channel, payload);
      expect(result.ok ? 'ok' : result.error.code, `${channel}: ${what}`).toBe('invalid_input');
    }
    expect(core.vault.isUnlocked).toBe(true);
    expect(contentDigest()).toBe(before.digest);
    expect(fileBytes(path)?.equals(before.main!)).toBe(true);
    expect(fileBytes(`${path}-wal`)?.equals(before.wal!) ?? before.wal === null).toBe(true);
    expect(core.clipboardPort.text).toBe(before.clipboard);
    expect(core.settings.get()).toEqual(before.settings);
  });
});
