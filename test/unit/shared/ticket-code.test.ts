import { describe, expect, it } from 'vitest';
import { drawString } from '../../../src/shared/password/generator';
import {
  CODE_ALPHABET,
  CODE_BITS,
  codeProblem,
  formatCode,
  generateCode,
  normalizeCode,
} from '../../../src/shared/ticket-code';

describe('one-time credential codes', () => {
  it('use 31 symbols with no look-alikes, about 50 bits in 10 characters', () => {
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    for (const lookalike of '01ILOilo') expect(CODE_ALPHABET).not.toContain(lookalike);
    expect(CODE_BITS).toBeGreaterThan(49);
    expect(CODE_BITS).toBeLessThan(50);
  });

  it('draws every symbol equally often from an exhaustive byte stream (no modulo bias)', () => {
    // One pass over the byte values 0..255: the 248 accepted ones (8 x 31) must give each symbol 8 times,
    // and the 8 values above the rejection limit must give nothing.
    const fill = (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
      return bytes;
    };
    const drawn = drawString(CODE_ALPHABET, 248, fill);
    const counts = new Map<string, number>();
    for (const char of drawn) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(31);
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
    expect(generateCode(fill)).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
  });

  it('reads what people type: any case, spaces and hyphens; refuses the rest with a reason', () => {
    expect(normalizeCode('7k3m9-pq2xh')).toBe('7K3M9PQ2XH');
    expect(normalizeCode(' 7K3M9 PQ2XH ')).toBe('7K3M9PQ2XH');
    expect(formatCode('7K3M9PQ2XH')).toBe('7K3M9-PQ2XH');
    expect(normalizeCode('7K3M9-PQ2X')).toBeNull();
    expect(codeProblem('7K3M9-PQ2X')).toMatch(/10 characters/);
    expect(codeProblem('7K3M9-PQ2X0')).toMatch(/never contain 0/);
    expect(codeProblem('7K3M9-PQ2XO')).toMatch(/never contain O/);
    expect(codeProblem('7K3M9-PQ2X!')).toMatch(/"!" cannot appear/);
    expect(codeProblem('7K3M9-PQ2XH')).toBeNull();
  });
});
