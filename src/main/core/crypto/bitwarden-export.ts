/**
 * The cryptography of Bitwarden's password-protected export: a master key
 * from the password (PBKDF2-SHA256 over the salt string, or Argon2id over the
 * SHA-256 of it), stretched by HKDF-Expand-SHA256 into an encryption key
 * ("enc") and a MAC key ("mac"); each value is an EncString of type 2,
 * "2.<iv>|<ciphertext>|<mac>" in base64, AES-256-CBC with an HMAC-SHA256 over
 * iv || ciphertext, checked before decrypting.
 */
import { createDecipheriv, createHash, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Argon2, Argon2Params } from './argon2';

export interface BitwardenKeys {
  encKey: Buffer;
  macKey: Buffer;
}

export type BitwardenKdf =
  | { kind: 'pbkdf2'; password: string; salt: string; iterations: number }
  | { kind: 'argon2id'; password: string; salt: string; params: Argon2Params; argon2: Argon2 };

const pbkdf2Async = promisify(pbkdf2);

export async function deriveBitwardenKeys(kdf: BitwardenKdf): Promise<BitwardenKeys> {
  const password = Buffer.from(kdf.password, 'utf8');
  const master =
    kdf.kind === 'pbkdf2'
      ? await pbkdf2Async(password, Buffer.from(kdf.salt, 'utf8'), kdf.iterations, 32, 'sha256')
      : Buffer.from(await kdf.argon2(password, createHash('sha256').update(kdf.salt, 'utf8').digest(), kdf.params));
  return { encKey: hkdfExpand(master, 'enc'), macKey: hkdfExpand(master, 'mac') };
}

/** HKDF-Expand (RFC 5869) for one 32-byte block: HMAC(prk, info || 0x01). */
export function hkdfExpand(prk: Buffer, info: string): Buffer {
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(info, 'utf8'), Buffer.from([1])]))
    .digest();
}

/** The plaintext of an EncString, or null when it does not authenticate under these keys. */
export function decryptBitwardenString(encString: string, keys: BitwardenKeys): Uint8Array | null {
  const match = /^2\.([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(encString.trim());
  if (!match) return null;
  const iv = Buffer.from(match[1]!, 'base64');
  const body = Buffer.from(match[2]!, 'base64');
  const mac = Buffer.from(match[3]!, 'base64');
  if (iv.length !== 16 || mac.length !== 32 || body.length === 0 || body.length % 16 !== 0) return null;
  const expected = createHmac('sha256', keys.macKey).update(iv).update(body).digest();
  if (!timingSafeEqual(expected, mac)) return null;
  try {
    const decipher = createDecipheriv('aes-256-cbc', keys.encKey, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}
