import { describe, expect, it } from 'vitest';
import {
  FREE_ATTEMPTS,
  MAX_DELAY_MS,
  backoffDelayMs,
  backoffRemainingMs,
} from '../../../src/main/core/services/backoff';

const SECOND = 1000;
const T = Date.UTC(2026, 0, 15, 9, 0, 0);

describe('failed-unlock back-off delays', () => {
  it('gives two free attempts, then 1 s, 2 s, 4 s... doubling', () => {
    expect(FREE_ATTEMPTS).toBe(2);
    const delays = Array.from({ length: 12 }, (_, failures) => backoffDelayMs(failures) / SECOND);
    expect(delays).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });

  it('is capped at five minutes, however many failures', () => {
    expect(MAX_DELAY_MS).toBe(5 * 60 * SECOND);
    expect(backoffDelayMs(11)).toBe(256 * SECOND);
    expect(backoffDelayMs(12)).toBe(MAX_DELAY_MS);
    for (const failures of [13, 50, 1023, 1024, 1e6, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelayMs(failures)).toBe(MAX_DELAY_MS);
    }
  });

  it('never decreases as failures grow', () => {
    for (let failures = 0; failures < 40; failures++) {
      expect(backoffDelayMs(failures + 1)).toBeGreaterThanOrEqual(backoffDelayMs(failures));
    }
  });
});

describe('time left before the next attempt', () => {
  it('is zero with no recorded failure, or within the free attempts', () => {
    expect(backoffRemainingMs(0, null, T)).toBe(0);
    expect(backoffRemainingMs(5, null, T)).toBe(0);
    expect(backoffRemainingMs(2, T, T)).toBe(0);
  });

  it('counts down from the last failure', () => {
    // Five failures: 4 s.
    expect(backoffRemainingMs(5, T, T)).toBe(4 * SECOND);
    expect(backoffRemainingMs(5, T, T + 1500)).toBe(2500);
    expect(backoffRemainingMs(5, T, T + 4 * SECOND - 1)).toBe(1);
    expect(backoffRemainingMs(5, T, T + 4 * SECOND)).toBe(0);
    expect(backoffRemainingMs(5, T, T + 3_600_000)).toBe(0);
  });

  it('never exceeds the cap', () => {
    expect(backoffRemainingMs(100, T, T)).toBe(MAX_DELAY_MS);
    expect(backoffRemainingMs(100, T, T + 60 * SECOND)).toBe(MAX_DELAY_MS - 60 * SECOND);
  });

  it('does not lock the user out when the clock has been moved back', () => {
    // The last failure is recorded a day "in the future": waiting for the clock to catch up would lock
    // the vault for a day. The attempt is allowed; the failure count is kept, so a wrong guess backs off again.
    const dayLater = T + 24 * 3_600_000;
    expect(backoffRemainingMs(8, dayLater, T)).toBe(0);
    expect(backoffRemainingMs(8, T + 1, T)).toBe(0);
    // And after that next failure (recorded at the corrected time) the normal wait applies.
    expect(backoffRemainingMs(9, T, T)).toBe(backoffDelayMs(9));
  });
});
