/**
 * Passphrase -> key with Argon2id (libsodium crypto_pwhash). The parameters are
 * stored in the vault header; a header whose parameters fall below the floor
 * is refused, because lowering them is how an attacker with write access to
 * the file would make a stolen copy cheap to brute-force.
 *
 * Argon2id at the default cost takes about a second of CPU and 256 MiB, so it
 * runs in a worker thread: in the app, the main process keeps answering the
 * window while it works.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { KdfPreset } from '../../../shared/domain/vault';
import { CustodianError } from '../errors';

export const KDF_ALGORITHM = 'argon2id13';
export const KEY_BYTES = 32;
export const SALT_BYTES = 16;

export interface KdfParams {
  algorithm: typeof KDF_ALGORITHM;
  opsLimit: number;
  /** Bytes. */
  memLimit: number;
  salt: Uint8Array;
}

const MiB = 1024 * 1024;

export const KDF_PRESET_PARAMS: Record<KdfPreset, { opsLimit: number; memLimit: number }> = {
  interactive: { opsLimit: 2, memLimit: 64 * MiB },
  moderate: { opsLimit: 3, memLimit: 256 * MiB },
  sensitive: { opsLimit: 4, memLimit: 1024 * MiB },
};

/** Refuse to open anything cheaper than this (64 MiB, 2 passes): a weaker stored cost is a downgrade attack. */
export const KDF_FLOOR = { opsLimit: 2, memLimit: 64 * MiB };
/** And anything absurdly expensive: a tampered header could otherwise hang or crash the app. */
export const KDF_CEILING = { opsLimit: 20, memLimit: 2048 * MiB };

export function presetOf(params: Pick<KdfParams, 'opsLimit' | 'memLimit'>): KdfPreset | 'custom' {
  for (const [name, preset] of Object.entries(KDF_PRESET_PARAMS) as [KdfPreset, typeof KDF_FLOOR][]) {
    if (preset.opsLimit === params.opsLimit && preset.memLimit === params.memLimit) return name;
  }
  return 'custom';
}

/** Throws unless the stored parameters are ones we are willing to run. */
export function checkKdfParams(params: KdfParams): void {
  if (params.algorithm !== KDF_ALGORITHM) {
    throw new CustodianError('unsupported', `Unsupported key derivation algorithm "${params.algorithm}"`);
  }
  if (params.opsLimit < KDF_FLOOR.opsLimit || params.memLimit < KDF_FLOOR.memLimit) {
    throw new CustodianError(
      'kdf_too_weak',
      `Refusing to open: the vault's key derivation settings (${params.memLimit / MiB} MiB, ${params.opsLimit} passes) are below the minimum (64 MiB, 2 passes); the file may have been tampered with`,
    );
  }
  if (params.opsLimit > KDF_CEILING.opsLimit || params.memLimit > KDF_CEILING.memLimit) {
    throw new CustodianError(
      'tampered',
      'Refusing to open: the vault header asks for implausible key derivation settings',
    );
  }
  if (params.salt.length !== SALT_BYTES) {
    throw new CustodianError('tampered', 'Refusing to open: the vault header has a malformed salt');
  }
}

/** Passphrases are compared as NFC text, so the same words typed on any OS give the same key. */
export function encodePassphrase(passphrase: string): Uint8Array {
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

/**
 * Runs in the worker. CommonJS source evaluated by the Worker constructor:
 * it has to work unchanged under vitest, tsx and the bundled Electron main,
 * where a separate worker file would have a different path in each.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const { passphrase, salt, opsLimit, memLimit, keyBytes } = workerData;
  const key = sodium.crypto_pwhash(keyBytes, passphrase, salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  sodium.memzero(passphrase);
  parentPort.postMessage({ key });
}).catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

const SODIUM_PATH = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');

/**
 * Derives the key-encryption key off the calling thread. The encoded
 * passphrase buffer is transferred to the worker (and zeroed there), so no
 * copy of it stays behind on this thread.
 */
export function deriveKey(passphrase: string, params: KdfParams): Promise<Uint8Array> {
  checkKdfParams(params);
  const encoded = encodePassphrase(passphrase);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sodiumPath: SODIUM_PATH,
        passphrase: encoded,
        salt: params.salt,
        opsLimit: params.opsLimit,
        memLimit: params.memLimit,
        keyBytes: KEY_BYTES,
      },
      transferList: [encoded.buffer as ArrayBuffer],
    });
    worker.once('message', (message: { key?: Uint8Array; error?: string }) => {
      void worker.terminate();
      if (message.key) resolve(message.key);
      else reject(new CustodianError('internal', `Key derivation failed: ${message.error ?? 'unknown error'}`));
    });
    worker.once('error', (error) => reject(new CustodianError('internal', `Key derivation failed: ${error.message}`)));
    // A worker killed without answering (out of memory, say) must not leave the unlock pending forever.
    worker.once('exit', (code) =>
      reject(new CustodianError('internal', `Key derivation stopped unexpectedly (exit ${code})`)),
    );
  });
}
