import { getRandomValues } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, PLATFORM_INFO } from '../../../src/shared/domain/platforms';
import {
  CHARACTER_CLASSES,
  DEFAULT_GENERATOR_OPTIONS,
  GeneratorError,
  fitToPlatform,
  generatePassword,
  generatedEntropyBits,
  type CharacterClass,
  type GeneratorOptions,
  type RandomFill,
} from '../../../src/shared/password/generator';
import { fillFrom, nodeRandom } from '../../../src/main/core/crypto/random';
import { generateFor } from '../../../src/main/core/services/generator.service';

const csprng: RandomFill = (bytes) => getRandomValues(bytes);

/** The character classes as people know them, written out independently of the generator. */
const CLASS_SETS: Record<CharacterClass, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{|}~',
};
/** Characters misread on screen. */
const AMBIGUOUS = 'Il1O0o|`\'"';

const only = (cls: CharacterClass, avoidAmbiguous = false): GeneratorOptions => ({
  length: 16,
  lower: cls === 'lower',
  upper: cls === 'upper',
  digits: cls === 'digits',
  symbols: cls === 'symbols',
  avoidAmbiguous,
});

const classOf = (char: string) => CHARACTER_CLASSES.find((cls) => CLASS_SETS[cls].includes(char));

describe('password options', () => {
  it('honours the length, for every allowed length', () => {
    for (let length = 8; length <= 128; length++) {
      expect(generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length }, csprng)).toHaveLength(length);
    }
  });

  it('uses only the chosen classes, and every chosen class appears', () => {
    const subsets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((mask) =>
      CHARACTER_CLASSES.filter((_, i) => mask & (1 << i)),
    );
    for (const chosen of subsets) {
      const options: GeneratorOptions = {
        length: 8,
        avoidAmbiguous: false,
        lower: chosen.includes('lower'),
        upper: chosen.includes('upper'),
        digits: chosen.includes('digits'),
        symbols: chosen.includes('symbols'),
      };
      // Length 8 with four classes is the tightest case for "every class present".
      for (let i = 0; i < 200; i++) {
        const password = generatePassword(options, csprng);
        const seen = new Set([...password].map(classOf));
        expect(seen.has(undefined)).toBe(false);
        expect([...seen].sort()).toEqual([...chosen].sort());
      }
    }
  });

  it('leaves out ambiguous characters when asked, and only then', () => {
    const avoid = Array.from({ length: 300 }, () =>
      generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length: 64, avoidAmbiguous: true }, csprng),
    ).join('');
    expect([...AMBIGUOUS].filter((c) => avoid.includes(c))).toEqual([]);
    // 19,200 characters from 90 symbols: a given one is missing with probability
    // (89/90)^19200 < 1e-90, so every ambiguous character that is in a class shows up.
    const keep = Array.from({ length: 300 }, () =>
      generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length: 64, avoidAmbiguous: false }, csprng),
    ).join('');
    expect([...'Il1O0o|'].filter((c) => !keep.includes(c))).toEqual([]);
  });

  it('refuses options with no character class', () => {
    const none = { ...DEFAULT_GENERATOR_OPTIONS, lower: false, upper: false, digits: false, symbols: false };
    expect(() => generatePassword(none, csprng)).toThrow(GeneratorError);
    expect(() => generatePassword(none, csprng)).toThrow('Choose at least one character class');
  });

  it('refuses lengths outside 8..128', () => {
    expect(() => generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length: 7 }, csprng)).toThrow();
    expect(() => generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length: 129 }, csprng)).toThrow();
  });

  it('reports entropy as length x log2(alphabet size)', () => {
    // Without ambiguous characters: 24 lower, 24 upper, 8 digits, 27 symbols.
    expect(generatedEntropyBits(DEFAULT_GENERATOR_OPTIONS)).toBeCloseTo(24 * Math.log2(83), 10);
    expect(generatedEntropyBits({ ...DEFAULT_GENERATOR_OPTIONS, avoidAmbiguous: false })).toBeCloseTo(
      24 * Math.log2(90),
      10,
    );
    expect(generatedEntropyBits({ ...only('digits'), length: 10 })).toBeCloseTo(10 * Math.log2(10), 10);
  });
});

describe('platform limits', () => {
  it('TikTok: at most 20 characters, with lower case, digits and symbols switched on', () => {
    const fitted = fitToPlatform(
      { length: 24, lower: false, upper: true, digits: false, symbols: false, avoidAmbiguous: true },
      'tiktok',
    );
    expect(fitted).toEqual({ length: 20, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: true });
    for (let i = 0; i < 100; i++) {
      const { password, options } = generateFor(nodeRandom, { ...only('upper'), length: 64 }, 'tiktok');
      expect(options.length).toBe(20);
      expect(password).toHaveLength(20);
      for (const cls of ['lower', 'digits', 'symbols'] as const) {
        expect([...password].some((c) => CLASS_SETS[cls].includes(c))).toBe(true);
      }
    }
  });

  it('WeChat: between 8 and 16 characters', () => {
    expect(fitToPlatform({ ...DEFAULT_GENERATOR_OPTIONS, length: 24 }, 'wechat').length).toBe(16);
    expect(fitToPlatform({ ...DEFAULT_GENERATOR_OPTIONS, length: 8 }, 'wechat').length).toBe(8);
    expect(fitToPlatform({ ...DEFAULT_GENERATOR_OPTIONS, length: 12 }, 'wechat').length).toBe(12);
    expect(generateFor(nodeRandom, { ...DEFAULT_GENERATOR_OPTIONS, length: 128 }, 'wechat').password).toHaveLength(16);
  });

  it('every platform: the fitted length is within its limits and its required classes are on', () => {
    for (const platform of PLATFORMS) {
      const rules = PLATFORM_INFO[platform].password;
      for (const length of [8, 24, 128]) {
        const fitted = fitToPlatform({ ...only('digits'), length }, platform);
        expect(fitted.length).toBeGreaterThanOrEqual(Math.max(8, rules.minLength));
        expect(fitted.length).toBeLessThanOrEqual(rules.maxLength);
        expect(fitted.length).toBe(Math.min(Math.max(length, rules.minLength), rules.maxLength));
        for (const cls of rules.requires ?? []) expect(fitted[cls]).toBe(true);
      }
    }
  });

  it('without a platform the options are used as given', () => {
    const options = { ...DEFAULT_GENERATOR_OPTIONS, length: 100 };
    expect(fitToPlatform(options, undefined)).toEqual(options);
  });
});

describe('sampling is unbiased by construction', () => {
  /**
   * Feeds the generator one byte value, repeated, and reports the symbol it
   * produced, or null when it threw the byte away and asked for more.
   */
  function symbolFor(options: GeneratorOptions, byte: number): string | null {
    let calls = 0;
    const fill: RandomFill = (bytes) => {
      calls += 1;
      if (calls > 1) throw new RejectedAll();
      return bytes.fill(byte);
    };
    try {
      const password = generatePassword(options, fill);
      expect(new Set(password).size).toBe(1);
      return password[0]!;
    } catch (error) {
      if (error instanceof RejectedAll) return null;
      throw error;
    }
  }
  class RejectedAll extends Error {}

  const alphabets: [string, GeneratorOptions][] = CHARACTER_CLASSES.flatMap((cls) => [
    [`${cls}`, only(cls)] as [string, GeneratorOptions],
    [`${cls} without ambiguous`, only(cls, true)] as [string, GeneratorOptions],
  ]);

  it.each(alphabets)(
    '%s: over all 256 byte values each symbol comes from equally many, the rest are rejected',
    (_name, options) => {
      const cls = CHARACTER_CLASSES.find((c) => options[c])!;
      const expected = [...CLASS_SETS[cls]].filter((c) => !options.avoidAmbiguous || !AMBIGUOUS.includes(c));
      const n = expected.length;
      const counts = new Map<string, number>();
      const rejected: number[] = [];
      for (let byte = 0; byte < 256; byte++) {
        const symbol = symbolFor(options, byte);
        if (symbol === null) rejected.push(byte);
        else counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
      }
      // Every symbol of the alphabet, and nothing else, each from floor(256 / n) byte values...
      expect([...counts.keys()].sort()).toEqual([...expected].sort());
      expect(new Set(counts.values())).toEqual(new Set([Math.floor(256 / n)]));
      // ...and the 256 mod n leftover values, the top of the range, are thrown away rather than
      // folded in (folding them in would make some symbols more likely than others).
      expect(rejected).toEqual(Array.from({ length: 256 % n }, (_, i) => 256 - (256 % n) + i));
    },
  );

  it('a rejected byte is skipped and the next byte used, so nothing is lost or repeated', () => {
    const digits = only('digits');
    const accepted = Array.from({ length: 256 }, (_, b) => b).filter((b) => symbolFor(digits, b) !== null);
    const rejected = Array.from({ length: 256 }, (_, b) => b).filter((b) => symbolFor(digits, b) === null);
    // Twelve accepted values with rejected ones in between.
    const wanted = [accepted[0]!, accepted[7]!, accepted[100]!, accepted[249]!, 3, 4, 5, 6, 7, 8, 9, 10];
    const stream = wanted.flatMap((b, i) => (i % 3 === 0 ? [rejected[i % rejected.length]!, b] : [b]));
    const fill: RandomFill = (bytes) => {
      bytes.fill(rejected[0]!);
      bytes.set(stream.slice(0, bytes.length));
      return bytes;
    };
    const password = generatePassword({ ...digits, length: 12 }, fill);
    expect(password).toBe(wanted.map((b) => symbolFor(digits, b)).join(''));
  });
});

describe('the real CSPRNG output looks uniform', () => {
  /** Pearson's chi-squared statistic of observed counts against equal expected counts. */
  function chiSquared(text: string, alphabet: string[]): number {
    const counts = new Map(alphabet.map((c) => [c, 0]));
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = text.length / alphabet.length;
    return [...counts.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
  }

  /**
   * Upper quantile of chi-squared with k degrees of freedom by the
   * Wilson-Hilferty approximation (accurate to a few tenths of a percent for k ~ 80).
   */
  const chiSquaredQuantile = (k: number, z: number) => k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
  /** z = 6.5 standard deviations: a correct generator fails with probability about 4e-11. */
  const Z = 6.5;

  const alphabet = [...new Set(Object.values(CLASS_SETS).join(''))].filter((c) => !AMBIGUOUS.includes(c));
  // 2,000 passwords of 64 characters: 128,000 characters, about 1,540 per symbol.
  const sample = Array.from({ length: 2000 }, () =>
    generatePassword({ ...DEFAULT_GENERATOR_OPTIONS, length: 64 }, fillFrom(nodeRandom)),
  ).join('');

  it('uses exactly the 83 symbols of the default options', () => {
    expect(alphabet).toHaveLength(83);
    expect(new Set(sample)).toEqual(new Set(alphabet));
  });

  it('passes a chi-squared test of symbol frequencies (false failure probability ~4e-11)', () => {
    const threshold = chiSquaredQuantile(alphabet.length - 1, Z);
    expect(threshold).toBeGreaterThan(150);
    expect(threshold).toBeLessThan(220);
    expect(chiSquared(sample, alphabet)).toBeLessThan(threshold);
  });

  it('the same test catches the classic modulo bias (byte % 83) on the same number of draws', () => {
    // Control: without rejection, the first 256 mod 83 = 7 symbols come up 4/3 as often.
    const bytes = nodeRandom(sample.length);
    const biased = Array.from(bytes, (b) => alphabet[b % alphabet.length]!).join('');
    expect(chiSquared(biased, alphabet)).toBeGreaterThan(chiSquaredQuantile(alphabet.length - 1, Z));
  });

  it('first characters are uniform too (no positional bias at the start)', () => {
    const firsts = Array.from({ length: 40_000 }, () =>
      generatePassword({ ...only('digits', true), length: 8 }, csprng),
    )
      .map((p) => p[0]!)
      .join('');
    const digits = [...'23456789'];
    expect(chiSquared(firsts, digits)).toBeLessThan(chiSquaredQuantile(digits.length - 1, Z));
  });
});
