/**
 * What compliance needs to know about every stored password, computed inside
 * the core and never handed out: its strength (zxcvbn score) and which other
 * accounts have the same one. Equal passwords are found by a keyed hash
 * (BLAKE2b under the vault's index key) kept in memory for the session only:
 * the stored hashes are bound to their account, so the file shows no reuse.
 *
 * Estimating strength is the expensive part (zxcvbn takes 10-300 ms a
 * password on a busy machine), so it runs once per distinct password per
 * session: strengths are kept by keyed hash, and each account's keyed hash
 * by the ciphertext's nonce it was computed from (a password that changed
 * has a new nonce and is opened again; the rest are not).
 */
import type { Ciphertext } from '../crypto/field-cipher';
import { secretRef } from './accounts.service';
import { passwordTag, sessionStrengths, strengthScore } from './password-strength';
import type { VaultSession } from './vault-session';

const CACHE_KEY = 'password-analysis';
/** The field format's header: version byte, then the 24-byte nonce. */
const NONCE_END = 25;

interface Verdict {
  nonce: Buffer;
  tag: string;
}

export interface PasswordVerdicts {
  strength: Map<number, number>;
  /** Account id -> every account with the same password, itself included (one array per group). */
  sameAs: Map<number, readonly number[]>;
}

/** A view of the ciphertext's nonce (no copy: compared against the cached one on every report). */
const nonceOf = (stored: Ciphertext) => Buffer.from(stored.buffer, stored.byteOffset + 1, NONCE_END - 1);

export function analysePasswords(
  session: VaultSession,
  rows: readonly { accountId: number; password: Ciphertext }[],
): PasswordVerdicts {
  let cache = session.cache.get(CACHE_KEY) as Map<number, Verdict> | undefined;
  if (!cache) session.cache.set(CACHE_KEY, (cache = new Map()));
  const strengths = sessionStrengths(session);
  const strength = new Map<number, number>();
  const byTag = new Map<string, number[]>();
  const present = new Set<number>();
  for (const { accountId, password } of rows) {
    present.add(accountId);
    const nonce = nonceOf(password);
    let verdict = cache.get(accountId);
    if (!verdict || !verdict.nonce.equals(nonce)) {
      const plain = session.keys.fields.openText(secretRef(accountId, 'password'), password);
      const tag = passwordTag(session, plain);
      strengthScore(session, plain, tag);
      verdict = { nonce: Buffer.from(nonce), tag };
      cache.set(accountId, verdict);
    }
    strength.set(accountId, strengths.get(verdict.tag) ?? 0);
    const group = byTag.get(verdict.tag);
    if (group) group.push(accountId);
    else byTag.set(verdict.tag, [accountId]);
  }
  for (const id of cache.keys()) if (!present.has(id)) cache.delete(id);
  for (const tag of strengths.keys()) if (!byTag.has(tag)) strengths.delete(tag);
  const sameAs = new Map<number, readonly number[]>();
  for (const group of byTag.values()) {
    if (group.length < 2) continue;
    for (const id of group) sameAs.set(id, group);
  }
  return { strength, sameAs };
}
