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

/**
 * Random bytes handed out from a buffer refilled from `source` 16 KiB at a
 * time: each CSPRNG call costs ~1.6 µs here, a third of sealing a field. For
 * nonces only, which are public; keys are drawn directly so no future key
 * material sits in memory.
 */
export function pooledRandom(source: RandomSource, poolBytes = 16384): RandomSource {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (length) => {
    if (length > poolBytes) return source(length);
    if (offset + length > pool.length) {
      pool = source(poolBytes);
      offset = 0;
    }
    const out = pool.slice(offset, offset + length);
    pool.fill(0, offset, offset + length);
    offset += length;
    return out;
  };
}
