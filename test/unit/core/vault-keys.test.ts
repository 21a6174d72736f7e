import { beforeAll, describe, expect, it } from 'vitest';
import { KDF_ALGORITHM } from '../../../src/main/core/crypto/kdf';
import { nodeRandom } from '../../../src/main/core/crypto/random';
import { loadSodium, type Sodium } from '../../../src/main/core/crypto/sodium';
import { VaultKeys, unwrapVaultKey, type HeaderBinding } from '../../../src/main/core/crypto/vault-keys';
import { CustodianError } from '../../../src/main/core/errors';

let sodium: Sodium;

beforeAll(async () => {
  sodium = await loadSodium();
});

/** A fresh vault's keys, with its vault key's bytes recovered through a wrap/unwrap round trip. */
function fresh() {
  const { keys, sealedSigningKey } = VaultKeys.generate(sodium, nodeRandom);
  const kek = nodeRandom(32);
  const binding: HeaderBinding = {
    vaultId: 'v',
    createdAt: 1,
    kdf: { algorithm: KDF_ALGORITHM, opsLimit: 2, memLimit: 64 * 1024 * 1024, salt: nodeRandom(16) },
    signingPublicKey: keys.signingPublicKey,
  };
  const vaultKey = unwrapVaultKey(sodium, kek, keys.wrapUnder(nodeRandom, kek, binding), binding);
  return { keys, sealedSigningKey, vaultKey };
}

function refusedCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CustodianError);
    return (error as CustodianError).code;
  }
  throw new Error('expected a refusal');
}

describe('VaultKeys.open wipes the vault key it was given when it refuses', () => {
  it('opens with the right inputs (control)', () => {
    const { keys, sealedSigningKey, vaultKey } = fresh();
    const opened = VaultKeys.open(sodium, nodeRandom, vaultKey, keys.signingPublicKey, sealedSigningKey);
    expect(vaultKey.some((b) => b !== 0)).toBe(true);
    opened.dispose();
    expect(vaultKey.every((b) => b === 0)).toBe(true);
  });

  it('a sealed signing key that fails authentication', () => {
    const { keys, sealedSigningKey, vaultKey } = fresh();
    const tampered = Uint8Array.from(sealedSigningKey);
    tampered[tampered.length - 1]! ^= 1;
    expect(refusedCode(() => VaultKeys.open(sodium, nodeRandom, vaultKey, keys.signingPublicKey, tampered))).toBe(
      'tampered',
    );
    expect(vaultKey.every((b) => b === 0)).toBe(true);
  });

  it('a signing key that does not match the stored public key', () => {
    const { sealedSigningKey, vaultKey } = fresh();
    const other = VaultKeys.generate(sodium, nodeRandom).keys.signingPublicKey;
    expect(refusedCode(() => VaultKeys.open(sodium, nodeRandom, vaultKey, other, sealedSigningKey))).toBe('tampered');
    expect(vaultKey.every((b) => b === 0)).toBe(true);
  });
});
