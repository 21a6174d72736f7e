/**
 * Row authentication: a keyed BLAKE2b MAC over one stored row, so that a
 * plaintext column (a grant's revocation time, an account's status, a pinned
 * issuer key) cannot be edited, and a sealed column cannot be swapped for an
 * older ciphertext or NULL, without the vault key. docs/vault-format.md
 * defines the encoding exactly; in short:
 *
 *   message = "custodian.row.v1" 0x00 <table> 0x00 ‖ value(1) ‖ value(2) ‖ ...   (columns in schema order)
 *   value   = 0x00                                  NULL
 *           | 0x01 ‖ int64 big-endian               INTEGER
 *           | 0x02 ‖ float64 big-endian             REAL
 *           | 0x03 ‖ uint32 BE byte length ‖ UTF-8  TEXT
 *           | 0x04 ‖ uint32 BE byte length ‖ bytes  BLOB
 *   mac     = crypto_generichash(32, message, key = row key)
 *
 * Values arrive as better-sqlite3 gives them with safe integers on: INTEGER
 * as bigint, REAL as number, so the storage class is part of the MAC.
 */
import { CustodianError } from '../errors';
import type { Sodium } from './sodium';

export const ROW_MAC_BYTES = 32;
const ROW_DOMAIN = 'custodian.row.v1';
const CHECKSUM_DOMAIN = 'custodian.header-checksum.v1';

export type StoredValue = bigint | number | string | Uint8Array | null;

const prefixes = new Map<string, Buffer>();

function prefixOf(domain: string, table: string): Buffer {
  const key = `${domain}\u0000${table}`;
  let prefix = prefixes.get(key);
  if (!prefix) {
    prefix = Buffer.from(`${key}\u0000`, 'utf8');
    prefixes.set(key, prefix);
  }
  return prefix;
}

/** Reused by every encoding: verifying a vault encodes every row, and an allocation per row and per text doubled the cost. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * The documented, unambiguous encoding of one row's values after a domain
 * and table name. The bytes are a view of a buffer the next call overwrites:
 * hash them at once, or copy them.
 */
export function encodeRow(domain: string, table: string, values: readonly StoredValue[]): Uint8Array {
  const prefix = prefixOf(domain, table);
  // An upper bound (UTF-8 takes at most 3 bytes per UTF-16 unit), so the buffer is sized once.
  let bound = prefix.length;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) bound += 1;
    else if (typeof value === 'bigint' || typeof value === 'number') bound += 9;
    else bound += 5 + (typeof value === 'string' ? value.length * 3 : value.length);
  }
  if (bound > scratch.length) scratch = Buffer.allocUnsafe(Math.max(bound, scratch.length * 2));
  const out = scratch;
  prefix.copy(out, 0);
  let at = prefix.length;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      out[at++] = 0;
    } else if (typeof value === 'bigint') {
      out[at] = 1;
      out.writeBigInt64BE(value, at + 1);
      at += 9;
    } else if (typeof value === 'number') {
      out[at] = 2;
      out.writeDoubleBE(value, at + 1);
      at += 9;
    } else if (typeof value === 'string') {
      out[at] = 3;
      const written = out.write(value, at + 5, 'utf8');
      out.writeUInt32BE(written, at + 1);
      at += 5 + written;
    } else {
      out[at] = 4;
      out.writeUInt32BE(value.length, at + 1);
      out.set(value, at + 5);
      at += 5 + value.length;
    }
  }
  return out.subarray(0, at);
}

/**
 * The unkeyed checksum of the vault header's unlock columns. Anyone can
 * recompute it, so it proves nothing against an attacker; it tells accidental
 * damage apart from a wrong passphrase before Argon2 runs (the header's row
 * MAC, checked after the key is unwrapped, is what authenticates it).
 */
export function headerChecksum(sodium: Sodium, values: readonly StoredValue[]): Uint8Array {
  return sodium.crypto_generichash(32, encodeRow(CHECKSUM_DOMAIN, 'vault_header', values), null);
}

/** MACs rows under the vault's row key. Dispose on lock. */
export class RowAuthenticator {
  private disposed = false;

  constructor(
    private readonly sodium: Sodium,
    private readonly key: Uint8Array,
  ) {}

  mac(table: string, values: readonly StoredValue[]): Uint8Array {
    if (this.disposed) throw new CustodianError('locked', 'The vault is locked');
    return this.sodium.crypto_generichash(ROW_MAC_BYTES, encodeRow(ROW_DOMAIN, table, values), this.key);
  }

  /** Constant-time comparison of a stored MAC with the one the row should have. */
  verify(table: string, values: readonly StoredValue[], stored: unknown): boolean {
    if (!(stored instanceof Uint8Array) || stored.length !== ROW_MAC_BYTES) return false;
    return this.sodium.memcmp(this.mac(table, values), stored);
  }

  checksum(values: readonly StoredValue[]): Uint8Array {
    return headerChecksum(this.sodium, values);
  }

  dispose(): void {
    this.disposed = true;
    this.sodium.memzero(this.key);
  }
}
