import { describe, expect, it } from 'vitest';
import { calendar, escapeText, foldLine } from '../../../src/main/core/services/ics';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('iCalendar writer', () => {
  it('escapes text values (RFC 5545 3.3.11)', () => {
    expect(escapeText('a,b;c\\d\nnext')).toBe('a\\,b\\;c\\\\d\\nnext');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'Rotate @université_news — é'.repeat(8)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('writes one all-day event per entry with CRLF lines and an optional alarm', () => {
    const ics = calendar(
      'Rotations',
      [
        { uid: 'a@custodian', date: '2026-12-31', summary: 'Rotate @x', description: 'Due', alarmDaysBefore: 1 },
        { uid: 'b@custodian', date: '2028-02-29', summary: 'Rotate @y', description: 'Overdue' },
      ],
      Date.UTC(2026, 10, 22, 3, 4, 5),
    );
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101');
    expect(ics).toContain('DTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301');
    expect(ics).toContain('DTSTAMP:20261122T030405Z');
    expect(ics.match(/BEGIN:VALARM/g)).toHaveLength(1);
    expect(ics).toContain('TRIGGER:-P1D');
  });
});
