/**
 * libsodium, loaded once. The sumo build is required: the standard build of
 * libsodium.js has no crypto_pwhash (Argon2id).
 */
import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

let loaded: Promise<Sodium> | undefined;

export function loadSodium(): Promise<Sodium> {
  loaded ??= sodiumModule.ready.then(() => sodiumModule);
  return loaded;
}

/** Constant-time equality that, unlike sodium.memcmp, does not throw on different lengths. */
export function bytesEqual(sodium: Sodium, a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium.memcmp(a, b);
}
