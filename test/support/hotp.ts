/**
 * A reference HOTP/TOTP (RFC 4226 section 5.3, RFC 6238 section 4) on
 * node:crypto, independent of otplib, to cross-check codes at times and
 * parameters the RFC tables do not cover.
 */
import { createHmac } from 'node:crypto';

export function referenceHotp(key: Uint8Array, counter: bigint, digits: number, algorithm: string): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function referenceTotp(
  key: Uint8Array,
  epochSeconds: number,
  { digits = 6, period = 30, algorithm = 'sha1' } = {},
): string {
  return referenceHotp(key, BigInt(Math.floor(epochSeconds / period)), digits, algorithm);
}
