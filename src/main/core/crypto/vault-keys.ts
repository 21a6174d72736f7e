/**
 * The vault's key hierarchy.
 *
 *   passphrase --Argon2id--> KEK --wraps--> vault key (random, 32 bytes)
 *   vault key --crypto_kdf--> field key    (per-field AEAD)
 *                          -> index key    (keyed BLAKE2b for handle lookups)
 *                          -> row key      (keyed BLAKE2b MAC of every stored row)
 *                          -> audit key    (keys the audit trail's hash chain)
 *                          -> password key (keyed BLAKE2b of passwords, for reuse checks)
 *   Ed25519 signing key pair: secret half sealed under the field key.
 *
 * The wrapped vault key's associated data is the whole header (vault id, KDF
 * parameters, salt, signing public key), so editing any of it is detected.
 * A verifier, BLAKE2b keyed by the KEK, tells a wrong passphrase apart from a
 * tampered header; it gives an attacker nothing the wrapped key does not.
 */
import { CustodianError } from '../errors';
import { FieldCipher, type Ciphertext } from './field-cipher';
import { RowAuthenticator } from './row-auth';
import { KEY_BYTES, type KdfParams } from './kdf';
import { pooledRandom, type RandomSource } from './random';
import { bytesEqual, type Sodium } from './sodium';

export const HEADER_FORMAT_VERSION = 1;
const NONCE_BYTES = 24;

/** crypto_kdf contexts are exactly 8 bytes. */
const SUBKEYS = {
  field: { id: 1, context: 'fieldenc' },
  index: { id: 2, context: 'blindidx' },
  rows: { id: 3, context: 'rowauth_' },
  audit: { id: 4, context: 'auditkey' },
  password: { id: 5, context: 'pwdreuse' },
} as const;

/** Bytes of a keyed password hash. */
export const PASSWORD_HASH_BYTES = 32;

export interface HeaderBinding {
  vaultId: string;
  createdAt: number;
  kdf: KdfParams;
  signingPublicKey: Uint8Array;
}

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function headerAad(binding: HeaderBinding): Uint8Array {
  return encoder.encode(
    [
      `custodian.header.v${HEADER_FORMAT_VERSION}`,
      binding.vaultId,
      binding.createdAt,
      binding.kdf.algorithm,
      binding.kdf.opsLimit,
      binding.kdf.memLimit,
      hex(binding.kdf.salt),
      hex(binding.signingPublicKey),
    ].join('\u0000'),
  );
}

export function passphraseVerifier(sodium: Sodium, kek: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, 'custodian.passphrase-verifier.v1', kek);
}

export function wrapVaultKey(
  sodium: Sodium,
  random: RandomSource,
  kek: Uint8Array,
  vaultKey: Uint8Array,
  binding: HeaderBinding,
): Uint8Array {
  const nonce = random(NONCE_BYTES);
  const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(vaultKey, headerAad(binding), null, nonce, kek);
  const out = new Uint8Array(NONCE_BYTES + body.length);
  out.set(nonce);
  out.set(body, NONCE_BYTES);
  return out;
}

export function unwrapVaultKey(
  sodium: Sodium,
  kek: Uint8Array,
  wrapped: Uint8Array,
  binding: HeaderBinding,
): Uint8Array {
  try {
    const key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      wrapped.subarray(NONCE_BYTES),
      headerAad(binding),
      wrapped.subarray(0, NONCE_BYTES),
      kek,
    );
    if (key.length !== KEY_BYTES) throw new Error('bad key length');
    return key;
  } catch {
    throw new CustodianError(
      'tampered',
      'The passphrase is right but the vault header does not verify: the file has been tampered with',
    );
  }
}

export const SIGNING_KEY_REF = { table: 'vault_header', row: 1, column: 'signing_secret_key' } as const;
export const OWNER_REF = { table: 'vault_header', row: 1, column: 'owner' } as const;

/** The unlocked keys of one vault. Dispose on lock. */
export class VaultKeys {
  readonly fields: FieldCipher;
  readonly rows: RowAuthenticator;
  /** Keys the audit chain, so only the key holder can extend or rewrite it. */
  readonly auditKey: Uint8Array;
  private readonly indexKey: Uint8Array;
  private readonly passwordKey: Uint8Array;
  private signingSecretKey: Uint8Array = new Uint8Array(0);

  private constructor(
    private readonly sodium: Sodium,
    private readonly vaultKey: Uint8Array,
    readonly signingPublicKey: Uint8Array,
    random: RandomSource,
  ) {
    this.fields = new FieldCipher(
      sodium,
      sodium.crypto_kdf_derive_from_key(KEY_BYTES, SUBKEYS.field.id, SUBKEYS.field.context, vaultKey),
      pooledRandom(random),
    );
    this.indexKey = sodium.crypto_kdf_derive_from_key(KEY_BYTES, SUBKEYS.index.id, SUBKEYS.index.context, vaultKey);
    this.rows = new RowAuthenticator(
      sodium,
      sodium.crypto_kdf_derive_from_key(KEY_BYTES, SUBKEYS.rows.id, SUBKEYS.rows.context, vaultKey),
    );
    this.auditKey = sodium.crypto_kdf_derive_from_key(KEY_BYTES, SUBKEYS.audit.id, SUBKEYS.audit.context, vaultKey);
    this.passwordKey = sodium.crypto_kdf_derive_from_key(
      KEY_BYTES,
      SUBKEYS.password.id,
      SUBKEYS.password.context,
      vaultKey,
    );
  }

  /** Fresh keys for a new vault, with the signing secret key sealed for storage. */
  static generate(sodium: Sodium, random: RandomSource): { keys: VaultKeys; sealedSigningKey: Ciphertext } {
    const pair = sodium.crypto_sign_seed_keypair(random(sodium.crypto_sign_SEEDBYTES));
    const keys = new VaultKeys(sodium, random(KEY_BYTES), pair.publicKey, random);
    keys.signingSecretKey = pair.privateKey;
    return { keys, sealedSigningKey: keys.fields.seal(SIGNING_KEY_REF, pair.privateKey) };
  }

  /** Keys of an existing vault, from its unwrapped vault key and stored signing key. */
  static open(
    sodium: Sodium,
    random: RandomSource,
    vaultKey: Uint8Array,
    signingPublicKey: Uint8Array,
    sealedSigningKey: Uint8Array,
  ): VaultKeys {
    // Owns `vaultKey` from here: on any refusal, it and everything derived from it are wiped.
    const keys = new VaultKeys(sodium, vaultKey, signingPublicKey, random);
    let secretKey: Uint8Array;
    try {
      secretKey = keys.fields.open(SIGNING_KEY_REF, sealedSigningKey);
    } catch (error) {
      keys.dispose();
      throw error;
    }
    // An Ed25519 secret key in libsodium is seed || public key.
    if (
      secretKey.length !== sodium.crypto_sign_SECRETKEYBYTES ||
      !bytesEqual(sodium, secretKey.subarray(32), signingPublicKey)
    ) {
      sodium.memzero(secretKey);
      keys.dispose();
      throw new CustodianError(
        'tampered',
        'The vault signing key does not match its public key: the file has been tampered with',
      );
    }
    keys.signingSecretKey = secretKey;
    return keys;
  }

  /** Keyed, so the index reveals nothing about handles without the vault key. */
  blindIndex(purpose: string, value: string): Uint8Array {
    return this.sodium.crypto_generichash(16, `${purpose}\u0000${value}`, this.indexKey);
  }

  /**
   * A password's keyed hash as one account stores it. Bound to the account,
   * so equal passwords on two accounts hash differently in the file (the file
   * shows no reuse); checking another account means hashing for its id.
   */
  passwordHash(accountId: number, password: string): Uint8Array {
    return this.sodium.crypto_generichash(
      PASSWORD_HASH_BYTES,
      `custodian.password.v1\u0000${accountId}\u0000${password}`,
      this.passwordKey,
    );
  }

  /** Constant-time comparison of two keyed hashes (or MACs). */
  sameHash(a: Uint8Array, b: Uint8Array): boolean {
    return bytesEqual(this.sodium, a, b);
  }

  sign(message: Uint8Array): Uint8Array {
    return this.sodium.crypto_sign_detached(message, this.signingSecretKey);
  }

  /** Wraps the (unchanged) vault key under a new KEK, for a passphrase change. */
  wrapUnder(random: RandomSource, kek: Uint8Array, binding: HeaderBinding): Uint8Array {
    return wrapVaultKey(this.sodium, random, kek, this.vaultKey, binding);
  }

  dispose(): void {
    this.fields.dispose();
    this.rows.dispose();
    this.sodium.memzero(this.auditKey);
    this.sodium.memzero(this.indexKey);
    this.sodium.memzero(this.passwordKey);
    this.sodium.memzero(this.signingSecretKey);
    this.sodium.memzero(this.vaultKey);
  }
}
