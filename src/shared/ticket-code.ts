/**
 * The short code that unlocks a one-time credential. Sent by a second channel
 * (a text message, a phone call), so it is made of characters nobody misreads:
 * digits 2-9 and capital letters without I, L and O. Ten of them drawn
 * uniformly from 31 symbols give 10 x log2(31) = 49.5 bits.
 */
import { drawString, type RandomFill } from './password/generator';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

export function generateCode(fill: RandomFill): string {
  return drawString(CODE_ALPHABET, CODE_LENGTH, fill);
}

/** "7K3M9PQ2XH" -> "7K3M9-PQ2XH", for reading out. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What people type: any case, with spaces or hyphens. Null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const char of code) if (!CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** Why a typed code is not a code, for the form; null when it could be one. */
export function codeProblem(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  const bad = [...code].find((c) => !CODE_ALPHABET.includes(c));
  if (bad !== undefined) {
    return /[01ILO]/.test(bad)
      ? `Codes never contain ${bad}: check the character (codes use 2-9 and A-Z without I, L, O)`
      : `"${bad}" cannot appear in a code`;
  }
  if (code.length !== CODE_LENGTH) return `A code has ${CODE_LENGTH} characters (you typed ${code.length})`;
  return null;
}
