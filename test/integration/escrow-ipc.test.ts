/**
 * The escrow channels of the IPC contract on two real cores (press team and
 * manager), answers checked against the contract's output schemas, files
 * saved through the shell's save-dialog and write ports, the flow the UI
 * will drive: card -> import -> export -> register -> break glass -> notice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../src/shared/contract/channels';
import type { Result } from '../../src/shared/contract/envelope';
import { ManualClock } from '../../src/main/core/clock';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import { OFFICERS } from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeCore, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-escrow-ipc-');
const clock = new ManualClock(Date.UTC(2026, 0, 15, 9));
const answered = new Set<ChannelName>();
const reported: string[] = [];
let saveAs: string | null = null;
let pressCore: TestCore;
let managerCore: TestCore;
let press: Dispatch;
let manager: Dispatch;

function dispatcher(core: TestCore): Dispatch {
  return createDispatcher(
    createHandlers(core, {
      version: '1.0.0',
      chooseSavePath: async () => saveAs,
      writeFile: (path, content) => writeFileSync(path, content, { flag: 'wx', mode: 0o600 }),
    }),
    { validateOutput: true, report: (text) => reported.push(text) },
  );
}

async function call<T = Record<string, unknown>>(
  dispatch: Dispatch,
  channel: ChannelName,
  payload: unknown,
): Promise<T> {
  const result = (await dispatch(channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  expect(channels[channel].output.safeParse(result.value).success).toBe(true);
  answered.add(channel);
  return result.value;
}

async function failure(dispatch: Dispatch, channel: ChannelName, payload: unknown) {
  const result = await dispatch(channel, payload);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

beforeAll(async () => {
  pressCore = await makeCore(freshPath(dir, 'press'), { clock });
  managerCore = await makeCore(freshPath(dir, 'manager'), { clock });
  press = dispatcher(pressCore);
  manager = dispatcher(managerCore);
  await call(press, 'vault.create', { owner: 'Press Office', passphrase: PASSPHRASE, kdf: 'interactive' });
  await call(manager, 'vault.create', { owner: 'Comms', passphrase: PASSPHRASE, kdf: 'interactive' });
  await call(manager, 'accounts.create', {
    fields: { platform: 'x', handle: 'ourbrand' },
    secrets: { password: 'brand-pw', totp: { seed: 'JBSWY3DPEHPK3PXP' } },
  });
});
afterAll(async () => {
  await pressCore.dispose();
  await managerCore.dispose();
});

describe('escrow over IPC', () => {
  let fingerprint = '';
  let bundle = '';
  let bundleId = '';
  let openingId = 0;

  it('press: keygen, card, save the card', async () => {
    expect(await call(press, 'press.card', {})).toEqual({ key: null });
    const key = await call<{ fingerprint: string; quorum: unknown }>(press, 'press.keygen', {
      team: 'Press Office',
      kdf: 'interactive',
      officers: OFFICERS.map((o) => ({ name: o.name, passphrase: o.passphrase })),
      quorum: 2,
    });
    fingerprint = key.fingerprint;
    expect(key.quorum).toEqual({ k: 2, officers: OFFICERS.map((o) => o.name) });
    saveAs = join(dir, 'card.json');
    expect(await call(press, 'press.exportCard', {})).toEqual({ path: saveAs, count: 1 });
    const { key: shown } = await call<{ key: { card: string } }>(press, 'press.card', {});
    expect(readFileSync(saveAs, 'utf8')).toBe(shown.card);
    saveAs = null;
    expect(await call(press, 'press.exportCard', {})).toEqual({ path: null, count: 0 });
  });

  it('manager: import the card (fingerprint checked), status banner, export with one click', async () => {
    const content = readFileSync(join(dir, 'card.json'), 'utf8');
    expect(
      await failure(manager, 'escrow.importCard', { content, fingerprint: '11111 11111 11111 11111 11111 11111' }),
    ).toMatchObject({
      code: 'tampered',
    });
    await call(manager, 'escrow.importCard', { content, fingerprint });
    expect(await call(manager, 'escrow.cards', {})).toMatchObject({ cards: [{ team: 'Press Office', fingerprint }] });
    expect(await call(manager, 'escrow.status', {})).toMatchObject({
      needsExport: true,
      banner: expect.stringContaining('No escrow bundle yet'),
    });
    saveAs = join(dir, 'bundle.json');
    const exported = await call<{ path: string; count: number; bundleId: string }>(manager, 'escrow.export', {});
    expect(exported).toMatchObject({ path: saveAs, count: 1 });
    bundleId = exported.bundleId;
    bundle = readFileSync(saveAs, 'utf8');
    expect(await call(manager, 'escrow.status', {})).toMatchObject({ needsExport: false, banner: null });
    // A wrong card is refused before the save dialog is even shown.
    saveAs = join(dir, 'never.json');
    expect(await failure(manager, 'escrow.export', { fingerprint: '99999' })).toMatchObject({ code: 'not_found' });
  });

  it('start screen: inspect with no vault unlocked, then with the press vault', async () => {
    pressCore.vault.lock();
    const locked = await call(press, 'press.inspect', { content: bundle });
    expect(locked).toMatchObject({ bundleId, forThisVault: null, pin: null, accounts: null, mode: 'quorum' });
    await call(press, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await call(press, 'press.inspect', { content: bundle })).toMatchObject({
      forThisVault: true,
      pin: 'new',
      imported: false,
      accounts: 1,
    });
    expect(await failure(press, 'press.inspect', { content: bundle.replace('"body":"e', '"body":"f') })).toMatchObject({
      code: 'tampered',
    });
  });

  it('press: import, register, break glass with two officers, copy, TOTP, save the notice', async () => {
    expect(await call(press, 'press.importBundle', { content: bundle })).toMatchObject({
      bundleId,
      pin: 'new',
      mode: 'quorum',
    });
    const register = await call<{ accounts: { ref: number; handle: string }[] }>(press, 'press.register', {});
    expect(register.accounts.map((a) => a.handle)).toEqual(['ourbrand']);
    const ref = register.accounts[0]!.ref;
    // The roll-up per manager, and its reminders as a calendar (saved where the dialog says).
    const rollup = await call<{ managers: { issuerName: string; accounts: number }[]; reminders: unknown[] }>(
      press,
      'press.rollup',
      {},
    );
    expect(rollup.managers).toMatchObject([{ accounts: 1 }]);
    saveAs = join(dir, 'reminders.ics');
    expect(await call(press, 'press.saveReminders', {})).toEqual({ path: saveAs, count: rollup.reminders.length });
    expect(readFileSync(saveAs, 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
    expect(
      await failure(press, 'press.open', {
        bundleId,
        reason: 'x',
        officerPassphrases: [{ officer: 0, passphrase: OFFICERS[0]!.passphrase }],
      }),
    ).toMatchObject({
      code: 'invalid_input',
    });
    const opened = await call<{ openingId: number; accounts: { password: string }[] }>(press, 'press.open', {
      bundleId,
      accountIds: [ref],
      reason: 'Hacked overnight',
      officerPassphrases: [
        { officer: 2, passphrase: OFFICERS[2]!.passphrase },
        { officer: 0, passphrase: OFFICERS[0]!.passphrase },
      ],
    });
    openingId = opened.openingId;
    expect(opened.accounts[0]!.password).toBe('brand-pw');
    expect(await call(press, 'press.copy', { openingId, ref, field: 'password' })).toEqual({ clearAfterSeconds: 30 });
    expect(pressCore.clipboardPort.text).toBe('brand-pw');
    expect(await call(press, 'press.totp', { openingId, ref })).toMatchObject({
      code: expect.stringMatching(/^\d{6}$/),
    });
    expect(await call(press, 'press.openings', {})).toMatchObject({
      openings: [{ openingId, reason: 'Hacked overnight', secretsAvailable: true }],
    });
    saveAs = join(dir, 'notice.json');
    expect(await call(press, 'press.exportNotice', { openingId })).toEqual({ path: saveAs, count: 1 });
  });

  it('manager: import the notice; obligations appear; a second import is refused', async () => {
    const content = readFileSync(join(dir, 'notice.json'), 'utf8');
    expect(await call(manager, 'escrow.importNotice', { content })).toMatchObject({ accounts: 1, obligations: 1 });
    // The opening showed the account's TOTP seed too: two-factor must be re-enrolled.
    expect(await call(manager, 'obligations.list', {})).toMatchObject({
      obligations: [{ reasonKind: 'escrow_opened' }, { reasonKind: 'reenrol_totp' }],
    });
    expect(await failure(manager, 'escrow.importNotice', { content })).toMatchObject({ code: 'conflict' });
    expect(await call(manager, 'escrow.status', {})).toMatchObject({ notices: [{ reason: 'Hacked overnight' }] });
  });

  it('every escrow channel was answered, every answer matched the contract', () => {
    const escrow = Object.keys(channels).filter((name) => /^(press|escrow)\./.test(name)) as ChannelName[];
    expect(escrow.filter((name) => !answered.has(name))).toEqual([]);
    expect(reported).toEqual([]);
  });
});
