/**
 * Per-field authenticated encryption: XChaCha20-Poly1305 with associated data
 * naming the table, row and column, so a ciphertext moved to another row or
 * column (or another vault's file) fails to open instead of being read as
 * someone else's secret.
 *
 * Stored layout: [format version: 1 byte][nonce: 24 bytes][ciphertext || tag].
 */
import type { z } from 'zod';
import { parseStoredJson } from '../stored-value';
import { CustodianError } from '../errors';
import type { RandomSource } from './random';
import type { Sodium } from './sodium';

export const FIELD_FORMAT_VERSION = 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

declare const sealed: unique symbol;
/** Bytes as stored in the database. Only FieldCipher makes them or reads them. */
export type Ciphertext = Uint8Array & { readonly [sealed]: true };

/** Where a field lives; bound into the ciphertext as associated data. */
export interface FieldRef {
  table: string;
  row: number;
  column: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The associated data: "custodian.field.v1\0<table>\0<row>\0<column>" as UTF-8.
 * Built from cached prefix/suffix bytes around the row number: it is computed
 * for every field of every row on unlock, so it must cost next to nothing.
 */
const aadParts = new Map<string, { prefix: Uint8Array; suffix: Uint8Array }>();

export function fieldAad(ref: FieldRef): Uint8Array {
  const key = `${ref.table}\u0000${ref.column}`;
  let parts = aadParts.get(key);
  if (!parts) {
    parts = {
      prefix: encoder.encode(`custodian.field.v${FIELD_FORMAT_VERSION}\u0000${ref.table}\u0000`),
      suffix: encoder.encode(`\u0000${ref.column}`),
    };
    aadParts.set(key, parts);
  }
  const row = String(ref.row);
  const out = new Uint8Array(parts.prefix.length + row.length + parts.suffix.length);
  out.set(parts.prefix);
  for (let i = 0; i < row.length; i++) out[parts.prefix.length + i] = row.charCodeAt(i);
  out.set(parts.suffix, parts.prefix.length + row.length);
  return out;
}

export class FieldCipher {
  constructor(
    private readonly sodium: Sodium,
    private readonly key: Uint8Array,
    private readonly random: RandomSource,
  ) {}

  seal(ref: FieldRef, plaintext: Uint8Array): Ciphertext {
    const nonce = this.random(NONCE_BYTES);
    const body = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      fieldAad(ref),
      null,
      nonce,
      this.key,
    );
    const out = new Uint8Array(HEADER_BYTES + body.length);
    out[0] = FIELD_FORMAT_VERSION;
    out.set(nonce, 1);
    out.set(body, HEADER_BYTES);
    return out as Ciphertext;
  }

  sealText(ref: FieldRef, text: string): Ciphertext {
    return this.seal(ref, encoder.encode(text));
  }

  sealJson(ref: FieldRef, value: unknown): Ciphertext {
    return this.sealText(ref, JSON.stringify(value));
  }

  open(ref: FieldRef, stored: Uint8Array): Uint8Array {
    if (stored.length < HEADER_BYTES + TAG_BYTES || stored[0] !== FIELD_FORMAT_VERSION) {
      throw tampered(ref);
    }
    try {
      return this.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        stored.subarray(HEADER_BYTES),
        fieldAad(ref),
        stored.subarray(1, HEADER_BYTES),
        this.key,
      );
    } catch {
      throw tampered(ref);
    }
  }

  openText(ref: FieldRef, stored: Uint8Array): string {
    const bytes = this.open(ref, stored);
    try {
      return decoder.decode(bytes);
    } catch {
      throw tampered(ref);
    }
  }

  /** Opens a sealed JSON value and parses it with its schema (a value that fails is refused as tampered). */
  openJson<S extends z.ZodType>(ref: FieldRef, stored: Uint8Array, schema: S): z.output<S> {
    return parseStoredJson(schema, this.openText(ref, stored), ref);
  }

  /** Overwrites the key; the cipher is unusable afterwards. */
  dispose(): void {
    this.sodium.memzero(this.key);
  }
}

function tampered(ref: FieldRef): CustodianError {
  return new CustodianError(
    'tampered',
    `Encrypted field ${ref.table}.${ref.column} of row ${ref.row} failed authentication: the vault file has been altered`,
  );
}
