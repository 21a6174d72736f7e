/**
 * A vault's keys outside the app, for tests that check a file the way the
 * app would after unlock without paying for Argon2 on every trial: the KEK is
 * derived once and the vault key unwrapped from the header as documented.
 */
import { deriveKey, type KdfParams } from '../../src/main/core/crypto/kdf';
import { nodeRandom } from '../../src/main/core/crypto/random';
import { headerChecksum, type StoredValue } from '../../src/main/core/crypto/row-auth';
import { loadSodium, type Sodium } from '../../src/main/core/crypto/sodium';
import { VaultKeys, unwrapVaultKey } from '../../src/main/core/crypto/vault-keys';
import type Database from 'better-sqlite3';
import { withRawDb } from './raw-db';

interface HeaderCells {
  vault_id: string;
  created_at: number;
  kdf_algorithm: string;
  kdf_ops_limit: number;
  kdf_mem_limit: number;
  kdf_salt: Buffer;
  wrapped_key: Buffer;
  signing_public_key: Buffer;
  signing_secret_key: Buffer;
}

/** Returns a function that builds fresh VaultKeys for the vault at `path` (each call its own copy). */
export async function keysOf(path: string, passphrase: string): Promise<{ vaultId: string; keys: () => VaultKeys }> {
  const sodium = await loadSodium();
  const header = withRawDb(path, (db) => db.prepare('SELECT * FROM vault_header WHERE id = 1').get() as HeaderCells);
  const kdf: KdfParams = {
    algorithm: 'argon2id13',
    opsLimit: header.kdf_ops_limit,
    memLimit: header.kdf_mem_limit,
    salt: header.kdf_salt,
  };
  const kek = await deriveKey(passphrase, kdf);
  const vaultKey = unwrapVaultKey(sodium, kek, header.wrapped_key, {
    vaultId: header.vault_id,
    createdAt: header.created_at,
    kdf,
    signingPublicKey: header.signing_public_key,
  });
  return {
    vaultId: header.vault_id,
    keys: () =>
      VaultKeys.open(sodium, nodeRandom, vaultKey.slice(), header.signing_public_key, header.signing_secret_key),
  };
}

/** The header's checksummed columns, in schema order (as the format document lists them). */
const CHECKSUMMED = [
  'id',
  'format',
  'vault_id',
  'created_at',
  'kdf_algorithm',
  'kdf_ops_limit',
  'kdf_mem_limit',
  'kdf_salt',
  'verifier',
  'wrapped_key',
  'signing_public_key',
  'signing_secret_key',
  'owner',
];

/** What an attacker who read docs/vault-format.md does after editing the header: recompute its checksum. */
export function recomputeHeaderChecksum(db: Database.Database, sodium: Sodium): void {
  const values = db
    .prepare(`SELECT ${CHECKSUMMED.join(', ')} FROM vault_header WHERE id = 1`)
    .raw()
    .safeIntegers()
    .get() as StoredValue[];
  db.prepare('UPDATE vault_header SET checksum = ? WHERE id = 1').run(headerChecksum(sodium, values));
}
