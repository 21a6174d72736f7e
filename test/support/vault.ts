/**
 * Building cores and vaults for tests: the real core with an in-memory
 * clipboard and, where a test needs them, a manual clock, a fake scheduler
 * or a call-counting key derivation.
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { AccountFieldsSchema, SecretsInputSchema, type AccountFieldsInput } from '../../src/shared/domain/account';
import type { ErrorCode } from '../../src/shared/contract/envelope';
import type { Clock } from '../../src/main/core/clock';
import { createCore, type Core } from '../../src/main/core/core';
import { deriveKey, type KdfParams } from '../../src/main/core/crypto/kdf';
import { CustodianError } from '../../src/main/core/errors';
import { MemoryClipboard, type Scheduler } from '../../src/main/core/services/clipboard-guard';
import type { DeriveKey } from '../../src/main/core/services/vault.service';

export const PASSPHRASE = 'correct horse battery staple';
export const WRONG_PASSPHRASE = 'incorrect horse battery staple';
export const OWNER = 'Comms Team';

export interface TestCore extends Core {
  clipboardPort: MemoryClipboard;
}

export interface CoreOptions {
  clock?: Clock;
  deriveKey?: DeriveKey;
  scheduler?: Scheduler;
  timeZone?: string;
  notify?: (title: string, body: string) => void;
  ledgerPath?: string;
}

export async function makeCore(path: string, options: CoreOptions = {}): Promise<TestCore> {
  const clipboardPort = new MemoryClipboard();
  const core = await createCore({
    defaultVaultPath: path,
    ledgerPath: options.ledgerPath ?? `${path}.redemptions.sqlite`,
    clipboard: clipboardPort,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.deriveKey ? { deriveKey: options.deriveKey } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.notify ? { notify: options.notify } : {}),
  });
  return Object.assign(core, { clipboardPort });
}

/** A core with a new vault at `path`, unlocked, at the cheapest accepted KDF cost. */
export async function makeVault(path: string, options: CoreOptions = {}): Promise<TestCore> {
  const core = await makeCore(path, options);
  await core.vault.create({ path, owner: OWNER, passphrase: PASSPHRASE, kdf: 'interactive' });
  return core;
}

/** The real Argon2id, counting how often it runs. */
export function countingDerive(inner: DeriveKey = deriveKey): DeriveKey & { calls: number } {
  const derive = Object.assign(
    async (passphrase: string, params: KdfParams) => {
      derive.calls += 1;
      return inner(passphrase, params);
    },
    { calls: 0 },
  );
  return derive;
}

/** Account fields as the IPC boundary would hand them to a service (validated, normalized). */
export const fields = (input: AccountFieldsInput) => AccountFieldsSchema.parse(input);
export const secrets = (input: z.input<typeof SecretsInputSchema> = {}) => SecretsInputSchema.parse(input);

/** Awaits a refusal and checks it is a CustodianError with this code and a one-line message. */
export async function refusal(action: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<CustodianError> {
  let error: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected a refusal with code ${code}`).toBeInstanceOf(CustodianError);
  const refused = error as CustodianError;
  expect({ code: refused.code, message: refused.message }).toMatchObject({ code });
  expect(refused.message).not.toMatch(/\n/);
  expect(refused.message.length).toBeGreaterThan(0);
  return refused;
}
