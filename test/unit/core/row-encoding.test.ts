/**
 * The row MAC's message, checked against an encoding written from
 * docs/vault-format.md alone (concatenating parts, nothing shared with
 * row-auth.ts): another implementation verifying a vault must get the
 * same bytes for every storage class.
 */
import { describe, expect, it } from 'vitest';
import { encodeRow, type StoredValue } from '../../../src/main/core/crypto/row-auth';

function fromTheDocs(table: string, values: readonly StoredValue[]): Buffer {
  const parts: Buffer[] = [
    Buffer.from('custodian.row.v1', 'utf8'),
    Buffer.from([0]),
    Buffer.from(table, 'utf8'),
    Buffer.from([0]),
  ];
  for (const value of values) {
    if (value === null) parts.push(Buffer.from([0]));
    else if (typeof value === 'bigint') {
      const b = Buffer.alloc(9);
      b[0] = 1;
      b.writeBigInt64BE(value, 1);
      parts.push(b);
    } else if (typeof value === 'number') {
      const b = Buffer.alloc(9);
      b[0] = 2;
      b.writeDoubleBE(value, 1);
      parts.push(b);
    } else {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      const head = Buffer.alloc(5);
      head[0] = typeof value === 'string' ? 3 : 4;
      head.writeUInt32BE(bytes.length, 1);
      parts.push(head, bytes);
    }
  }
  return Buffer.concat(parts);
}

const ROWS: StoredValue[][] = [
  [],
  [null, 0n, -1n, 9007199254740993n, 1.5, -0, ''],
  ['standing', 'Cover for the summer', 'Música · Cymraeg ŵ ŷ', '😀 emoji outside the BMP', new Uint8Array([0, 1, 255])],
  [new Uint8Array(0), 'x'.repeat(5000), new Uint8Array(9000).fill(7)],
];

describe('row encoding (docs/vault-format.md)', () => {
  it('gives the documented bytes for every storage class, short and long', () => {
    for (const row of ROWS) {
      expect(Buffer.from(encodeRow('custodian.row.v1', 'grants', row)).equals(fromTheDocs('grants', row))).toBe(true);
    }
  });

  it('gives the same bytes whatever was encoded before (the buffer is reused)', () => {
    const small = ['a', 1n];
    const first = Buffer.from(encodeRow('custodian.row.v1', 'people', small));
    encodeRow('custodian.row.v1', 'people', ROWS[3]!);
    expect(Buffer.from(encodeRow('custodian.row.v1', 'people', small)).equals(first)).toBe(true);
    expect(first.equals(fromTheDocs('people', small))).toBe(true);
  });
});
