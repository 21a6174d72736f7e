/**
 * Password generation. Uniform by construction: each character is drawn by
 * rejection sampling from the alphabet, and required classes are enforced by
 * redrawing the whole password, which keeps every valid password equally
 * likely (fixing up positions afterwards would bias the result).
 */
import { z } from 'zod';
import { PLATFORM_INFO, type Platform } from '../domain/platforms';

/** Fills the array with cryptographically secure random bytes. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!#$%&()*+,-./:;<=>?@[]^_{|}~';
/** Characters people misread when typing a password from a screen. */
const AMBIGUOUS = new Set('Il1O0o|`\'"');

export const CHARACTER_CLASSES = ['lower', 'upper', 'digits', 'symbols'] as const;
export type CharacterClass = (typeof CHARACTER_CLASSES)[number];

const CLASS_CHARS: Record<CharacterClass, string> = { lower: LOWER, upper: UPPER, digits: DIGITS, symbols: SYMBOLS };

/** The lengths the generator makes (a platform's own limits narrow them further). */
export const MIN_GENERATED_LENGTH = 8;
export const MAX_GENERATED_LENGTH = 128;

export const GeneratorOptionsSchema = z.strictObject({
  length: z.number().int().min(MIN_GENERATED_LENGTH).max(MAX_GENERATED_LENGTH),
  lower: z.boolean(),
  upper: z.boolean(),
  digits: z.boolean(),
  symbols: z.boolean(),
  avoidAmbiguous: z.boolean(),
});
export type GeneratorOptions = z.infer<typeof GeneratorOptionsSchema>;

export const DEFAULT_GENERATOR_OPTIONS: GeneratorOptions = {
  length: 24,
  lower: true,
  upper: true,
  digits: true,
  symbols: true,
  avoidAmbiguous: true,
};

export class GeneratorError extends Error {
  override name = 'GeneratorError';
}

/** Applies a platform's limits: clamps the length and switches on classes it requires. */
export function fitToPlatform(options: GeneratorOptions, platform: Platform | undefined): GeneratorOptions {
  if (!platform) return options;
  const rules = PLATFORM_INFO[platform].password;
  const fitted = { ...options, length: Math.min(Math.max(options.length, rules.minLength), rules.maxLength) };
  for (const cls of rules.requires ?? []) fitted[cls] = true;
  return fitted;
}

function classAlphabet(cls: CharacterClass, avoidAmbiguous: boolean): string {
  const chars = CLASS_CHARS[cls];
  return avoidAmbiguous ? [...chars].filter((c) => !AMBIGUOUS.has(c)).join('') : chars;
}

export function generatePassword(options: GeneratorOptions, fill: RandomFill): string {
  const parsed = GeneratorOptionsSchema.parse(options);
  const classes = CHARACTER_CLASSES.filter((cls) => parsed[cls]);
  if (classes.length === 0) throw new GeneratorError('Choose at least one character class');
  if (classes.length > parsed.length)
    throw new GeneratorError('Password is shorter than the number of required classes');
  const sets = classes.map((cls) => classAlphabet(cls, parsed.avoidAmbiguous));
  const alphabet = sets.join('');
  // With n >= 8 characters and at most 4 classes, a draw misses some class with
  // small probability, so this loop ends after very few rounds.
  for (;;) {
    const password = drawString(alphabet, parsed.length, fill);
    if (sets.every((set) => [...password].some((c) => set.includes(c)))) return password;
  }
}

/** Uniform characters from `alphabet` (at most 256 symbols) by rejection sampling. */
export function drawString(alphabet: string, length: number, fill: RandomFill): string {
  const n = alphabet.length;
  const limit = 256 - (256 % n); // bytes >= limit would bias the modulo
  let out = '';
  const buffer = new Uint8Array(length * 2);
  while (out.length < length) {
    fill(buffer);
    for (const byte of buffer) {
      if (byte >= limit) continue;
      out += alphabet[byte % n];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Bits of entropy of a password drawn by `generatePassword` (ignoring the small class-rejection loss). */
export function generatedEntropyBits(options: GeneratorOptions): number {
  const size = CHARACTER_CLASSES.filter((cls) => options[cls])
    .map((cls) => classAlphabet(cls, options.avoidAmbiguous).length)
    .reduce((a, b) => a + b, 0);
  return size === 0 ? 0 : options.length * Math.log2(size);
}
