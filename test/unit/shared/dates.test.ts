import { describe, expect, it } from 'vitest';
import { endOfLocalDay, parseAsOf, parseIsoDate, startOfLocalDay, toIsoDate } from '../../../src/shared/dates';

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('2026-1-01')).toBeNull();
    expect(parseIsoDate('01/03/2026')).toBeNull();
  });

  it('maps a date to its whole local day', () => {
    const day = parseIsoDate('2026-03-29')!; // a DST change day in Europe
    expect(toIsoDate(startOfLocalDay(day))).toBe('2026-03-29');
    expect(toIsoDate(endOfLocalDay(day))).toBe('2026-03-30');
    expect(toIsoDate(endOfLocalDay(day) - 1)).toBe('2026-03-29');
  });

  it('reads "as of" as a day window or an instant', () => {
    const window = parseAsOf('2026-03-03')!;
    expect(window.to - window.from).toBeGreaterThanOrEqual(23 * 3600_000);
    expect(parseAsOf('2026-03-03T10:00:00Z')).toEqual({
      from: Date.UTC(2026, 2, 3, 10),
      to: Date.UTC(2026, 2, 3, 10) + 1,
    });
    expect(parseAsOf('last tuesday')).toBeNull();
    expect(parseAsOf('2026-02-30')).toBeNull();
  });
});
