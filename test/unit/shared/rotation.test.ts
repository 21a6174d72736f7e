/**
 * Due-date rules at their boundaries: calendar months across month ends and
 * leap years, days across DST changes, the last instant of a quarter, the
 * week window, and the same instant seen from different time zones.
 */
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { toIsoDate } from '../../../src/shared/dates';
import { dueBucket, policyLabel, RotationPolicySchema, scheduledDue } from '../../../src/shared/rotation';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const at = (zone: string, y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) =>
  new TZDate(y, m - 1, d, h, min, s, ms, zone).getTime();
const months = (count: number) => ({ unit: 'months' as const, count });
const days = (count: number) => ({ unit: 'days' as const, count });

describe('scheduled due dates', () => {
  it('adds calendar months, keeping the wall-clock time across the spring DST change', () => {
    const last = at(LONDON, 2026, 1, 15, 10, 30); // GMT
    const due = scheduledDue(last, months(3), LONDON);
    expect(due).toBe(at(LONDON, 2026, 4, 15, 10, 30)); // BST
    expect(due - last).toBe((31 + 28 + 31) * 86_400_000 - 3_600_000); // one hour shorter: the clocks went forward
  });

  it('clamps to the last day of a shorter month', () => {
    expect(scheduledDue(at(LONDON, 2026, 1, 31, 9), months(3), LONDON)).toBe(at(LONDON, 2026, 4, 30, 9));
    expect(scheduledDue(at(LONDON, 2026, 8, 31, 9), months(1), LONDON)).toBe(at(LONDON, 2026, 9, 30, 9));
  });

  it('handles leap years: into 29 February, and out of it', () => {
    expect(scheduledDue(at(LONDON, 2027, 11, 30, 12), months(3), LONDON)).toBe(at(LONDON, 2028, 2, 29, 12));
    expect(scheduledDue(at(LONDON, 2026, 11, 30, 12), months(3), LONDON)).toBe(at(LONDON, 2027, 2, 28, 12));
    expect(scheduledDue(at(LONDON, 2028, 2, 29, 12), months(12), LONDON)).toBe(at(LONDON, 2029, 2, 28, 12));
    expect(scheduledDue(at(LONDON, 2028, 2, 28, 12), days(1), LONDON)).toBe(at(LONDON, 2028, 2, 29, 12));
  });

  it('adds calendar days across both DST changes (23- and 25-hour days)', () => {
    const spring = at(LONDON, 2026, 3, 28, 12);
    expect(scheduledDue(spring, days(1), LONDON) - spring).toBe(23 * 3_600_000);
    const autumn = at(NEW_YORK, 2026, 10, 31, 12);
    expect(scheduledDue(autumn, days(1), NEW_YORK) - autumn).toBe(25 * 3_600_000);
    expect(scheduledDue(autumn, days(90), NEW_YORK)).toBe(at(NEW_YORK, 2027, 1, 29, 12));
  });

  it('refuses periods of zero or negative days', () => {
    expect(RotationPolicySchema.safeParse(days(0)).success).toBe(false);
    expect(RotationPolicySchema.safeParse(days(-5)).success).toBe(false);
    expect(RotationPolicySchema.safeParse(months(0)).success).toBe(false);
    expect(RotationPolicySchema.safeParse(days(1.5)).success).toBe(false);
    expect(policyLabel(months(3))).toBe('every quarter');
    expect(policyLabel(days(1))).toBe('every 1 day');
  });
});

describe('due buckets', () => {
  const now = at(LONDON, 2026, 3, 20, 15);

  it('is due today all of its local day, and overdue only from the next day', () => {
    expect(dueBucket(now, now, LONDON)).toBe('today');
    expect(dueBucket(now - 1, now, LONDON)).toBe('today');
    expect(dueBucket(now + 1, now, LONDON)).toBe('today');
    expect(dueBucket(at(LONDON, 2026, 3, 20, 0, 0, 0, 0), now, LONDON)).toBe('today');
    expect(dueBucket(at(LONDON, 2026, 3, 19, 23, 59, 59, 999), now, LONDON)).toBe('overdue');
    expect(dueBucket(at(LONDON, 2026, 3, 20, 23, 59, 59, 999), now, LONDON)).toBe('today');
    expect(dueBucket(at(LONDON, 2026, 3, 21, 0, 0, 0, 0), now, LONDON)).toBe('week');
  });

  it('counts "this week" to the end of the seventh day from today', () => {
    expect(dueBucket(at(LONDON, 2026, 3, 27, 23, 59, 59, 999), now, LONDON)).toBe('week');
    expect(dueBucket(at(LONDON, 2026, 3, 28, 0, 0, 0, 0), now, LONDON)).toBe('quarter');
  });

  it('puts the last millisecond of the quarter in the quarter, the next one after it', () => {
    expect(dueBucket(at(LONDON, 2026, 3, 31, 23, 59, 59, 999), now, LONDON)).toBe('quarter');
    expect(dueBucket(at(LONDON, 2026, 4, 1, 0, 0, 0, 0), now, LONDON)).toBe('later');
  });

  it('reads the quarter in the user’s zone: the same instants differ in London and Tokyo', () => {
    const instant = Date.UTC(2026, 2, 31, 22, 30); // 23:30 on 31 March in London, 07:30 on 1 April in Tokyo
    const due = Date.UTC(2026, 4, 15, 9, 0);
    expect(dueBucket(due, instant, LONDON)).toBe('later');
    expect(dueBucket(due, instant, TOKYO)).toBe('quarter');
    expect(toIsoDate(instant, LONDON)).toBe('2026-03-31');
    expect(toIsoDate(instant, TOKYO)).toBe('2026-04-01');
  });
});
