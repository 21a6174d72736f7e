/**
 * Failed-unlock back-off. The count and time of the last failure live in the
 * vault header, so quitting and restarting the app (or switching to the CLI)
 * does not reset the wait. Two free attempts for typos, then 1 s, 2 s, 4 s...
 * doubling up to 5 minutes.
 *
 * This slows guessing through the app only: whoever holds a copy of the file
 * can run Argon2id offline, which is what the KDF cost is for.
 */
export const FREE_ATTEMPTS = 2;
export const MAX_DELAY_MS = 5 * 60 * 1000;

export function backoffDelayMs(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS - 1), MAX_DELAY_MS);
}

/** Milliseconds to wait before the next attempt; 0 when one is allowed now. */
export function backoffRemainingMs(failures: number, lastFailedAt: number | null, now: number): number {
  if (lastFailedAt === null) return 0;
  // A last failure "in the future" means the clock was moved back: how long ago it really was is unknown,
  // and waiting for the clock to catch up could lock the user out for days. Allow the attempt; the count
  // is kept, so the next failure backs off again from the (new) current time.
  if (lastFailedAt > now) return 0;
  return Math.max(0, Math.min(lastFailedAt + backoffDelayMs(failures) - now, MAX_DELAY_MS));
}
