/**
 * Press officers' keys, for quorum cards. Each officer has an X25519 key
 * pair; the secret half is wrapped under a key derived from that officer's
 * own passphrase, and the wrapped key is then sealed in the press vault like
 * any other field. So opening a quorum bundle needs the press vault unlocked
 * AND k officers typing their passphrases, and guessing an officer's
 * passphrase offline first needs the vault key.
 *
 *   kek     = Argon2id13(officer passphrase (NFC, UTF-8), salt 16 B, opslimit, memlimit)  -> 32 B
 *   wrapped = nonce (24 B) || XChaCha20-Poly1305(kek, nonce, AD, officer secret key)
 *   AD      = "custodian.press-officer.v1" 0x00 card-fingerprint-digits 0x00 position 0x00 || officer public key
 */
import type { RandomSource } from '../crypto/random';
import type { Sodium } from '../crypto/sodium';
import { concatBytes } from '../formats/signed-envelope';

export const OFFICER_WRAP_DOMAIN = 'custodian.press-officer.v1';
const NONCE_BYTES = 24;
const encoder = new TextEncoder();

export function officerAd(cardDigits: string, position: number, publicKey: Uint8Array): Uint8Array {
  return concatBytes(encoder.encode(`${OFFICER_WRAP_DOMAIN}\u0000${cardDigits}\u0000${position}\u0000`), publicKey);
}

export function wrapOfficerKey(
  sodium: Sodium,
  random: RandomSource,
  kek: Uint8Array,
  secretKey: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  const nonce = random(NONCE_BYTES);
  return concatBytes(nonce, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(secretKey, ad, null, nonce, kek));
}

/** The officer's secret key, or null when the passphrase (hence the KEK) is wrong. */
export function unwrapOfficerKey(
  sodium: Sodium,
  kek: Uint8Array,
  wrapped: Uint8Array,
  ad: Uint8Array,
): Uint8Array | null {
  if (wrapped.length < NONCE_BYTES + 16) return null;
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      wrapped.subarray(NONCE_BYTES),
      ad,
      wrapped.subarray(0, NONCE_BYTES),
      kek,
    );
  } catch {
    return null;
  }
}

/** True when `secretKey` is the X25519 secret key of `publicKey`. */
export function keyPairMatches(sodium: Sodium, publicKey: Uint8Array, secretKey: Uint8Array): boolean {
  if (secretKey.length !== sodium.crypto_box_SECRETKEYBYTES) return false;
  const derived = sodium.crypto_scalarmult_base(secretKey);
  return derived.length === publicKey.length && sodium.memcmp(derived, publicKey);
}
