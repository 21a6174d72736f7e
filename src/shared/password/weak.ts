/**
 * A fast weak-password flag for bulk checks (an import of thousands of
 * rows): zxcvbn costs milliseconds a password here, too slow for 10,000. A
 * password is flagged when it is short (under 12 characters), uses a single
 * character class and is under 16, or is a common password (zxcvbn's own
 * list) with at most a few digits or symbols added. It flags; it never refuses.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export const WEAK_MIN_LENGTH = 12;

/** Why the password is weak, or null when nothing cheap says so. */
export function weakPasswordReason(password: string): string | null {
  if (password.length < WEAK_MIN_LENGTH) return `shorter than ${WEAK_MIN_LENGTH} characters`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
  if (classes === 1 && password.length < 16) return 'only one kind of character';
  const lower = password.toLowerCase();
  const stem = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  const list = commonPasswords();
  if (list.has(lower) || (stem.length >= 4 && lower.length - stem.length <= 6 && list.has(stem))) {
    return 'a common password';
  }
  return null;
}
