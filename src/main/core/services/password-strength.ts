/**
 * zxcvbn scores for the session, one per distinct password. Estimating costs
 * milliseconds a password (more on a busy machine), and the account view, a
 * create and the compliance report all ask: they share one estimate per
 * password, found by its keyed hash (BLAKE2b under the vault's index key,
 * kept in memory only), never by the password itself.
 */
import { estimateStrength } from '../../../shared/password/strength';
import type { VaultSession } from './vault-session';

const STRENGTH_KEY = 'password-strength';

/** The keyed hash equal passwords share (base64), for the session's caches. */
export function passwordTag(session: VaultSession, plain: string): string {
  return Buffer.from(session.keys.blindIndex('password-reuse', plain)).toString('base64');
}

/** The session's scores by keyed hash (the compliance report prunes the ones no account has any more). */
export function sessionStrengths(session: VaultSession): Map<string, number> {
  let strengths = session.cache.get(STRENGTH_KEY) as Map<string, number> | undefined;
  if (!strengths) session.cache.set(STRENGTH_KEY, (strengths = new Map()));
  return strengths;
}

/** The zxcvbn score of a password, estimated once per distinct password in a session. */
export function strengthScore(session: VaultSession, plain: string, tag = passwordTag(session, plain)): number {
  const strengths = sessionStrengths(session);
  let score = strengths.get(tag);
  if (score === undefined) strengths.set(tag, (score = estimateStrength(plain).score));
  return score;
}
