import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_FORMAT_VERSION, FieldCipher, fieldAad, type FieldRef } from '../../../src/main/core/crypto/field-cipher';
import { nodeRandom, type RandomSource } from '../../../src/main/core/crypto/random';
import { loadSodium, type Sodium } from '../../../src/main/core/crypto/sodium';
import { CustodianError } from '../../../src/main/core/errors';
import { hchacha20, xchachaEncrypt } from '../../support/xchacha';

const hex = (text: string) => Buffer.from(text.replace(/[\s:]/g, ''), 'hex');
const REF: FieldRef = { table: 'account_secrets', row: 7, column: 'password' };

let sodium: Sodium;
let key: Uint8Array;
let cipher: FieldCipher;

beforeAll(async () => {
  sodium = await loadSodium();
  key = nodeRandom(32);
  cipher = new FieldCipher(sodium, Uint8Array.from(key), nodeRandom);
});

function expectTampered(fn: () => unknown, ref: FieldRef = REF): CustodianError {
  let error: unknown;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(CustodianError);
  expect((error as CustodianError).code).toBe('tampered');
  expect((error as CustodianError).message).toContain(`${ref.table}.${ref.column} of row ${ref.row}`);
  return error as CustodianError;
}

describe('the reference XChaCha20-Poly1305 used below', () => {
  it('matches the HChaCha20 vector of draft-irtf-cfrg-xchacha section 2.2.1', () => {
    const subkey = hchacha20(
      hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
      hex('000000090000004a0000000031415927'),
    );
    expect(Buffer.from(subkey).toString('hex')).toBe(
      '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc',
    );
  });

  it('matches the AEAD vector of draft-irtf-cfrg-xchacha appendix A.3.1', () => {
    const plaintext = Buffer.from(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const sealed = xchachaEncrypt(
      hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
      hex('404142434445464748494a4b4c4d4e4f5051525354555657'),
      plaintext,
      hex('50515253c0c1c2c3c4c5c6c7'),
    );
    expect(sealed.toString('hex')).toBe(
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
        '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
        '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
        '21f9664c97637da9768812f615c68b13b52e' +
        'c0875924c1c7987947deafd8780acf49',
    );
  });
});

describe('FieldCipher stored format', () => {
  it('binds table, row, column and format version in the associated data', () => {
    expect(Buffer.from(fieldAad(REF)).toString('utf8')).toBe(
      'custodian.field.v1\u0000account_secrets\u00007\u0000password',
    );
  });

  it('writes [version 1][24-byte nonce][XChaCha20-Poly1305(ciphertext || tag)], byte for byte', () => {
    const nonce = hex('000102030405060708090a0b0c0d0e0f1011121314151617');
    const fixedNonce: RandomSource = (length) => {
      expect(length).toBe(24);
      return Uint8Array.from(nonce);
    };
    const fixed = new FieldCipher(sodium, Uint8Array.from(key), fixedNonce);
    const plaintext = Buffer.from('hunter2 — with ünïcödé');
    const stored = Buffer.from(fixed.seal(REF, plaintext));
    const expected = Buffer.concat([
      Buffer.from([FIELD_FORMAT_VERSION]),
      nonce,
      xchachaEncrypt(key, nonce, plaintext, fieldAad(REF)),
    ]);
    expect(stored.toString('hex')).toBe(expected.toString('hex'));
    expect(stored.length).toBe(1 + 24 + plaintext.length + 16);
    expect(stored[0]).toBe(1);
  });
});

describe('FieldCipher round trips', () => {
  it('text, including empty, multi-byte and long values', () => {
    for (const text of ['', 'a', 'correct horse', 'Música 大学 🎓', 'x'.repeat(20_000)]) {
      expect(cipher.openText(REF, cipher.sealText(REF, text))).toBe(text);
    }
  });

  it('JSON and raw bytes', () => {
    const value = { secret: 'JBSWY3DPEHPK3PXP', digits: 6, list: ['a', 'b'] };
    const schema = z.strictObject({ secret: z.string(), digits: z.number(), list: z.array(z.string()) });
    expect(cipher.openJson(REF, cipher.sealJson(REF, value), schema)).toEqual(value);
    // A value that decrypts but is not what its column holds is refused as tampered, naming where, not a TypeError.
    expect(() => cipher.openJson(REF, cipher.sealJson(REF, { secret: 42 }), schema)).toThrow(
      new RegExp(
        `^This vault file has been changed outside Custodian: table ${REF.table}, row ${REF.row}, column ${REF.column} `,
      ),
    );
    expect(() => cipher.openJson(REF, cipher.sealText(REF, '{not json'), schema)).toThrow(/changed outside Custodian/);
    const bytes = nodeRandom(100);
    expect(Buffer.from(cipher.open(REF, cipher.seal(REF, bytes)))).toEqual(Buffer.from(bytes));
  });

  it('a ciphertext does not contain its plaintext', () => {
    const text = 'plain-text-canary-1234567890';
    expect(Buffer.from(cipher.sealText(REF, text)).includes(Buffer.from(text))).toBe(false);
  });
});

describe('FieldCipher refuses anything altered', () => {
  const text = 'the password';

  it('a flipped bit at any position: version, nonce, ciphertext or tag', () => {
    const stored = cipher.sealText(REF, text);
    for (let i = 0; i < stored.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const altered = Uint8Array.from(stored);
        altered[i] = altered[i]! ^ bit;
        expectTampered(() => cipher.openText(REF, altered));
      }
    }
  });

  it('moved to another row, column or table', () => {
    const stored = cipher.sealText(REF, text);
    const elsewhere: FieldRef[] = [
      { ...REF, row: 8 },
      { ...REF, row: 70 },
      { ...REF, column: 'notes' },
      { ...REF, table: 'accounts' },
      // "7" + "0password" must not read as "70" + "password": the separator keeps fields apart.
      { table: 'account_secrets', row: 70, column: 'assword' },
    ];
    for (const ref of elsewhere) expectTampered(() => cipher.openText(ref, stored), ref);
  });

  it('truncated, to any length, or extended', () => {
    const stored = cipher.sealText(REF, text);
    for (let length = 0; length < stored.length; length++) {
      expectTampered(() => cipher.openText(REF, stored.subarray(0, length)));
    }
    expectTampered(() => cipher.openText(REF, Buffer.concat([stored, Buffer.from([0])])));
  });

  it('a different format version byte', () => {
    const stored = cipher.sealText(REF, text);
    for (const version of [0, 2, 255]) {
      const altered = Uint8Array.from(stored);
      altered[0] = version;
      expectTampered(() => cipher.openText(REF, altered));
    }
  });

  it('sealed under another key (another vault)', () => {
    const other = new FieldCipher(sodium, nodeRandom(32), nodeRandom);
    expectTampered(() => cipher.openText(REF, other.sealText(REF, text)));
  });

  it('valid ciphertext of bytes that are not UTF-8, read as text', () => {
    expectTampered(() => cipher.openText(REF, cipher.seal(REF, Uint8Array.from([0xff, 0xfe, 0x80]))));
  });

  it('the error message names the field, never the plaintext', () => {
    const stored = Uint8Array.from(cipher.sealText(REF, 'secret-canary-value'));
    stored[30] = stored[30]! ^ 1;
    const error = expectTampered(() => cipher.openText(REF, stored));
    expect(error.message).not.toContain('secret-canary-value');
  });
});

describe('FieldCipher nonces', () => {
  it('are fresh for every seal: 20,000 seals of one plaintext, no repeated nonce or ciphertext', () => {
    const nonces = new Set<string>();
    const bodies = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const stored = Buffer.from(cipher.sealText(REF, 'same plaintext'));
      nonces.add(stored.subarray(1, 25).toString('hex'));
      bodies.add(stored.subarray(25).toString('hex'));
    }
    expect(nonces.size).toBe(20_000);
    expect(bodies.size).toBe(20_000);
  });

  it('come from the injected random source, one 24-byte draw per seal', () => {
    const lengths: number[] = [];
    const counting = new FieldCipher(sodium, nodeRandom(32), (length) => {
      lengths.push(length);
      return nodeRandom(length);
    });
    counting.sealText(REF, 'a');
    counting.sealText(REF, 'b');
    expect(lengths).toEqual([24, 24]);
  });
});

describe('FieldCipher.dispose', () => {
  it('zeroes the key, after which old ciphertexts no longer open', () => {
    const own = Uint8Array.from(nodeRandom(32));
    const disposable = new FieldCipher(sodium, own, nodeRandom);
    const stored = disposable.sealText(REF, 'x');
    disposable.dispose();
    expect(own.every((b) => b === 0)).toBe(true);
    expectTampered(() => disposable.openText(REF, stored));
  });
});
