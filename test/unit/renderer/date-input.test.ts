import { afterEach, describe, expect, it } from 'vitest';
import { parseTypedDate, parseTypedDateTime } from '../../../src/renderer/src/lib/date-input';
import { formatDateTime, formatIsoDate } from '../../../src/renderer/src/lib/format';
import { setAppLocale } from '../../../src/renderer/src/lib/locale';

afterEach(() => setAppLocale('en-GB'));

describe('typed dates', () => {
  it('reads ISO, day-first numbers and month names in English and Welsh', () => {
    expect(parseTypedDate('2026-12-03')).toBe('2026-12-03');
    expect(parseTypedDate('3/12/2026')).toBe('2026-12-03');
    expect(parseTypedDate('03.12.2026')).toBe('2026-12-03');
    expect(parseTypedDate('3 Dec 2026')).toBe('2026-12-03');
    expect(parseTypedDate('3 December 2026')).toBe('2026-12-03');
    expect(parseTypedDate('3 Rhagfyr 2026')).toBe('2026-12-03');
    expect(parseTypedDate('3 Rhag 2026')).toBe('2026-12-03');
  });

  it('refuses what is not a whole, real date', () => {
    for (const text of ['', '2026-12', '2026-02-30', '31/2/2026', '3 Foo 2026', '12/31/2026', 'tomorrow']) {
      expect(parseTypedDate(text), text).toBeNull();
    }
  });

  it('reads back what the app shows, in either language', () => {
    for (const locale of ['en-GB', 'cy'] as const) {
      setAppLocale(locale);
      expect(parseTypedDate(formatIsoDate('2026-03-09')), locale).toBe('2026-03-09');
      const at = new Date(2026, 2, 9, 14, 5).getTime();
      expect(parseTypedDateTime(formatDateTime(at)), locale).toBe('2026-03-09T14:05');
    }
  });

  it('reads a date and a 24-hour time', () => {
    expect(parseTypedDateTime('2026-12-03T14:30')).toBe('2026-12-03T14:30');
    expect(parseTypedDateTime('2026-12-03 09:05:00')).toBe('2026-12-03T09:05');
    expect(parseTypedDateTime('3 Dec 2026, 14:30')).toBe('2026-12-03T14:30');
    expect(parseTypedDateTime('3/12/2026 14.30')).toBe('2026-12-03T14:30');
    expect(parseTypedDateTime('3 Dec 2026, 24:00')).toBeNull();
    expect(parseTypedDateTime('3 Dec 2026')).toBeNull();
  });
});

describe('one date style', () => {
  it('formats dates and times the same way everywhere, 24-hour in both languages', () => {
    const at = new Date(2026, 11, 3, 17, 45).getTime();
    expect(formatIsoDate('2026-12-03')).toBe('3 Dec 2026');
    expect(formatDateTime(at)).toBe('3 Dec 2026, 17:45');
    setAppLocale('cy');
    expect(formatDateTime(at)).toMatch(/^3 Rhag 2026,? 17:45$/);
  });
});
