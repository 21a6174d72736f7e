/**
 * The audit chain's hash, against docs/audit-trail.md computed independently
 * (Buffer concatenation and libsodium's BLAKE2b directly), and a pinned
 * vector so the format cannot drift: existing trails must keep verifying.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/clock';
import { loadSodium, type Sodium } from '../../../src/main/core/crypto/sodium';
import { AuditTrail, canonicalJson } from '../../../src/main/core/audit/audit-trail';

let sodium: Sodium;
let trail: AuditTrail;

beforeAll(async () => {
  sodium = await loadSodium();
  trail = new AuditTrail(sodium, new ManualClock(), 'test');
});

type Row = Parameters<AuditTrail['hashEvent']>[1];

/** The documented construction, written out again without the app's code. */
function documentedHash(prev: Uint8Array, row: Row): Uint8Array {
  const body = JSON.stringify([row.seq, row.at, row.actor, row.kind, row.accountId, row.personId, row.details]);
  const message = Buffer.concat([
    Buffer.from('custodian.audit.event.v1\u0000', 'utf8'),
    prev,
    Buffer.from(body, 'utf8'),
  ]);
  return sodium.crypto_generichash(32, message, null);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const ROW: Row = {
  seq: 42,
  at: Date.UTC(2026, 2, 3, 9, 30),
  actor: 'owner@app',
  kind: 'grant.created',
  accountId: 7,
  personId: 3,
  details: '{"kind":"standing","until":null}',
};

describe('the audit chain hash', () => {
  it('follows the documented construction, for ASCII and for multi-byte details', () => {
    const prev = trail.genesis('vault-1234');
    expect(hex(prev)).toBe(
      hex(sodium.crypto_generichash(32, Buffer.from('custodian.audit.genesis.v1\u0000vault-1234', 'utf8'), null)),
    );
    const rows: Row[] = [
      ROW,
      { ...ROW, details: canonicalJson({ note: 'Café 日本 🎉 — “quoted”', count: 3 }) },
      { ...ROW, accountId: null, personId: null, actor: 'unknown@cli', details: '{}' },
      { ...ROW, details: canonicalJson({ text: '\u{1F600}'.repeat(400) }) },
    ];
    for (const row of rows) expect(hex(trail.hashEvent(prev, row))).toBe(hex(documentedHash(prev, row)));
  });

  // Computed by the implementation the first vaults were written with.
  it('is pinned: the same event hashes as it always has', () => {
    const prev = new Uint8Array(32).fill(0xab);
    expect(hex(trail.hashEvent(prev, ROW))).toBe('2beda5ab8db0fd2a903bcb221507ff29351028e0be98b49dba0639635359b488');
  });

  it('sorts detail keys, whatever order the caller wrote them in', () => {
    expect(canonicalJson({ b: 1, a: 'x', c: null })).toBe('{"a":"x","b":1,"c":null}');
    expect(canonicalJson({ a: 'x', b: 1 })).toBe('{"a":"x","b":1}');
    expect(canonicalJson({ field: 'password' })).toBe('{"field":"password"}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ zeta: true, alpha: false })).toBe(canonicalJson({ alpha: false, zeta: true }));
  });
});
