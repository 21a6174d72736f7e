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
