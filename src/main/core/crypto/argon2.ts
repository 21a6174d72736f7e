/**
 * Argon2 as other password managers use it, for opening their files on
 * import. libsodium (our own vault's KDF) computes only one lane and has no
 * Argon2d, which is KeePassXC's default (Argon2d, one lane per CPU core), and
 * Bitwarden's default uses four lanes; hash-wasm's WebAssembly Argon2 does
 * all three variants with any parallelism, about five times faster than a
 * pure-JavaScript one.
 */
import { argon2d, argon2i, argon2id } from 'hash-wasm';

export interface Argon2Params {
  type: 'argon2d' | 'argon2i' | 'argon2id';
  iterations: number;
  memoryKiB: number;
  parallelism: number;
  hashLength: number;
}

const FUNCTIONS = { argon2d, argon2i, argon2id } as const;

export type Argon2 = (password: Uint8Array, salt: Uint8Array, params: Argon2Params) => Promise<Uint8Array>;

export const argon2: Argon2 = (password, salt, params) =>
  FUNCTIONS[params.type]({
    password,
    salt,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    parallelism: params.parallelism,
    hashLength: params.hashLength,
    outputType: 'binary',
  });
