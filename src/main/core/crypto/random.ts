/**
 * Random bytes from Node's CSPRNG. libsodium.js's randombytes_buf costs
 * ~200 µs a call in Node (it crosses into WebAssembly and back through a JS
 * shim), twenty times the AEAD it feeds, so nonces and keys come from here.
 */
import { getRandomValues } from 'node:crypto';

export type RandomSource = (length: number) => Uint8Array;

/** getRandomValues fills at most 65,536 bytes per call. */
const CHUNK = 65536;

export const nodeRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += CHUNK) {
    getRandomValues(out.subarray(offset, Math.min(length, offset + CHUNK)));
  }
  return out;
};

/** Adapts a RandomSource to the fill-in-place form the password generator takes. */
export const fillFrom =
  (random: RandomSource) =>
  (bytes: Uint8Array): Uint8Array => {
    bytes.set(random(bytes.length));
    return bytes;
  };
