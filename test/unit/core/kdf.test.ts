import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import {
  KDF_ALGORITHM,
  KDF_CEILING,
  KDF_FLOOR,
  KDF_PRESET_PARAMS,
  checkKdfParams,
  deriveKey,
  presetOf,
  type KdfParams,
} from '../../../src/main/core/crypto/kdf';
import { CustodianError } from '../../../src/main/core/errors';

const MiB = 1024 * 1024;
const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
const floor = (over: Partial<KdfParams> = {}): KdfParams => ({
  algorithm: KDF_ALGORITHM,
  opsLimit: 2,
  memLimit: 64 * MiB,
  salt,
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CustodianError);
    return (error as CustodianError).code;
  }
  return undefined;
}

describe('Argon2id key derivation', () => {
  it('matches an independent Argon2id (noble-hashes) at the floor cost', async () => {
    const passphrase = 'correct horse battery staple';
    const key = await deriveKey(passphrase, floor());
    const expected = argon2id(new TextEncoder().encode(passphrase), salt, { t: 2, m: 64 * 1024, p: 1, dkLen: 32 });
    expect(Buffer.from(key).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });

  it('treats the passphrase as NFC text: composed and decomposed accents give one key', async () => {
    const composed = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const [a, b] = await Promise.all([deriveKey(composed, floor()), deriveKey(decomposed, floor())]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('depends on the salt and the passphrase', async () => {
    const [base, otherSalt, otherPass] = await Promise.all([
      deriveKey('passphrase one', floor()),
      deriveKey('passphrase one', floor({ salt: Uint8Array.from(salt, (b) => b ^ 1) })),
      deriveKey('passphrase two', floor()),
    ]);
    expect(Buffer.from(base).equals(Buffer.from(otherSalt))).toBe(false);
    expect(Buffer.from(base).equals(Buffer.from(otherPass))).toBe(false);
  });

  it('refuses weak or absurd parameters before starting any work', () => {
    // deriveKey checks synchronously: a refusal throws before a worker (and 64+ MiB) is spent.
    expect(() => deriveKey('x', floor({ memLimit: 32 * MiB }))).toThrow(CustodianError);
    expect(() => deriveKey('x', floor({ opsLimit: 1 }))).toThrow(CustodianError);
    expect(() => deriveKey('x', floor({ memLimit: 64 * 1024 * MiB }))).toThrow(CustodianError);
  });
});

describe('checkKdfParams', () => {
  it('accepts the floor and every preset', () => {
    expect(KDF_FLOOR).toEqual({ opsLimit: 2, memLimit: 64 * MiB });
    expect(codeOf(() => checkKdfParams(floor()))).toBeUndefined();
    for (const preset of Object.values(KDF_PRESET_PARAMS)) {
      expect(codeOf(() => checkKdfParams(floor(preset)))).toBeUndefined();
    }
  });

  it('refuses anything below the floor as a downgrade (kdf_too_weak)', () => {
    for (const over of [
      { memLimit: 64 * MiB - 1024 },
      { memLimit: 32 * MiB },
      { memLimit: 0 },
      { memLimit: -1 },
      { opsLimit: 1 },
      { opsLimit: 0 },
      { opsLimit: -5 },
    ]) {
      expect(codeOf(() => checkKdfParams(floor(over)))).toBe('kdf_too_weak');
    }
  });

  it('refuses implausibly expensive parameters, which could hang or crash the app', () => {
    expect(codeOf(() => checkKdfParams(floor({ opsLimit: KDF_CEILING.opsLimit })))).toBeUndefined();
    expect(codeOf(() => checkKdfParams(floor({ memLimit: KDF_CEILING.memLimit })))).toBeUndefined();
    expect(codeOf(() => checkKdfParams(floor({ opsLimit: KDF_CEILING.opsLimit + 1 })))).toBe('tampered');
    expect(codeOf(() => checkKdfParams(floor({ memLimit: KDF_CEILING.memLimit + 1 })))).toBe('tampered');
    expect(codeOf(() => checkKdfParams(floor({ opsLimit: 2 ** 32 })))).toBe('tampered');
  });

  it('refuses an unknown algorithm and a malformed salt', () => {
    expect(codeOf(() => checkKdfParams(floor({ algorithm: 'argon2i13' as typeof KDF_ALGORITHM })))).toBe('unsupported');
    expect(codeOf(() => checkKdfParams(floor({ salt: new Uint8Array(15) })))).toBe('tampered');
    expect(codeOf(() => checkKdfParams(floor({ salt: new Uint8Array(32) })))).toBe('tampered');
  });

  it('names presets by their exact parameters', () => {
    expect(presetOf({ opsLimit: 2, memLimit: 64 * MiB })).toBe('interactive');
    expect(presetOf({ opsLimit: 3, memLimit: 256 * MiB })).toBe('moderate');
    expect(presetOf({ opsLimit: 4, memLimit: 1024 * MiB })).toBe('sensitive');
    expect(presetOf({ opsLimit: 3, memLimit: 64 * MiB })).toBe('custom');
  });
});
