import { describe, expect, it } from 'vitest';
import { armour, fromBase64Url, toBase64Url, unarmour } from '../../../src/main/core/formats/signed-envelope';

describe('strict encodings', () => {
  it('round-trips base64url and refuses any non-canonical spelling of the same bytes', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37) & 255);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    const canonical = toBase64Url(new Uint8Array([0xff])); // "_w": the last character carries 4 unused bits
    expect(fromBase64Url(canonical)).toEqual(new Uint8Array([0xff]));
    expect(fromBase64Url('_x')).toBeNull(); // same byte, non-zero padding bits
    expect(fromBase64Url(`${canonical}=`)).toBeNull();
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('ab c')).toBeNull();
  });

  it('armours and unarmours, refusing a damaged block', () => {
    const text = armour('CUSTODIAN TICKET', '{"a":"é"}'.repeat(20));
    expect(text.split('\n').every((line) => line.length <= 64 || line.startsWith('-----'))).toBe(true);
    expect(unarmour('CUSTODIAN TICKET', `\n  ${text}  \n`)).toBe('{"a":"é"}'.repeat(20));
    expect(unarmour('CUSTODIAN TICKET', '{"plain":true}')).toBe('{"plain":true}');
    expect(unarmour('CUSTODIAN TICKET', text.replace('-----END', '-----ENX'))).toBeNull();
    const lines = text.split('\n');
    lines[2] = `${lines[2]!.slice(0, -1)}*`;
    expect(unarmour('CUSTODIAN TICKET', lines.join('\n'))).toBeNull();
  });
});
