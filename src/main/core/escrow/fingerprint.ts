/**
 * Fingerprints people read aloud to each other (Signal-safety-number style):
 *
 *   digest = BLAKE2b-256( UTF-8(domain) || 0x00 || input )
 *   group i (i = 0..5) = (digest[5i .. 5i+4] as a 40-bit big-endian integer) mod 100000,
 *                        written as 5 decimal digits with leading zeros
 *
 * 6 groups of 5 digits carry log2(10^30) ≈ 99.7 bits: a forger would need
 * about 2^99 tries to find another card with the same fingerprint. The reduction
 * mod 100000 of a 40-bit value is biased by less than 1e-7 per group.
 */
import { formatFingerprint, FINGERPRINT_GROUPS, FINGERPRINT_GROUP_DIGITS } from '../../../shared/domain/escrow';
import type { Sodium } from '../crypto/sodium';
import { domainSeparated } from '../formats/signed-envelope';

export const CARD_FINGERPRINT_DOMAIN = 'custodian.press-card.fingerprint.v1';
export const SIGNING_KEY_FINGERPRINT_DOMAIN = 'custodian.signing-key.fingerprint.v1';

const GROUP_MODULUS = 10 ** FINGERPRINT_GROUP_DIGITS;

/** The 30 digits of a digest (no spaces). */
export function digitsOf(digest: Uint8Array): string {
  let out = '';
  for (let group = 0; group < FINGERPRINT_GROUPS; group++) {
    let value = 0;
    // 5 bytes = 40 bits: exact in a double (< 2^53).
    for (let i = 0; i < 5; i++) value = value * 256 + digest[group * 5 + i]!;
    out += String(value % GROUP_MODULUS).padStart(FINGERPRINT_GROUP_DIGITS, '0');
  }
  return out;
}

export interface Fingerprint {
  digest: Uint8Array;
  /** 30 digits, no spaces: what is stored and compared. */
  digits: string;
  /** "12345 67890 ...": what people read. */
  text: string;
}

function fingerprint(sodium: Sodium, domain: string, input: Uint8Array): Fingerprint {
  const digest = sodium.crypto_generichash(32, domainSeparated(domain, input), null);
  const digits = digitsOf(digest);
  return { digest, digits, text: formatFingerprint(digits) };
}

/** The fingerprint of a press card: over its exact body bytes, so it covers the team, every key and the quorum. */
export function cardFingerprint(sodium: Sodium, bodyBytes: Uint8Array): Fingerprint {
  return fingerprint(sodium, CARD_FINGERPRINT_DOMAIN, bodyBytes);
}

/** The fingerprint of a vault's Ed25519 signing key, for pinning warnings. */
export function signingKeyFingerprint(sodium: Sodium, publicKey: Uint8Array): string {
  return fingerprint(sodium, SIGNING_KEY_FINGERPRINT_DOMAIN, publicKey).text;
}
