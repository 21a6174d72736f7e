/**
 * Calendar dates typed by people ("2026-03-03") and the instants they mean.
 * Instants are stored as UTC milliseconds; a date means the whole day in the
 * user's time zone. The core is given that zone (a setting of the host, the
 * system's by default) and passes it; code with no zone of its own (the
 * renderer) gets the system's. One implementation either way, through
 * @date-fns/tz, so a "local day" means the same wherever it is computed.
 */
import { TZDate } from '@date-fns/tz/date';

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD, refusing dates that do not exist (2026-02-30). */
export function parseIsoDate(text: string): DateParts | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** The IANA time zone of the system this runs on. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Midnight at the start of the date in `zone`. */
export function startOfLocalDay(date: DateParts, zone = systemTimeZone()): number {
  return new TZDate(date.year, date.month - 1, date.day, zone).getTime();
}

/** Midnight at the start of the following date in `zone` (the exclusive end of the day). */
export function endOfLocalDay(date: DateParts, zone = systemTimeZone()): number {
  return new TZDate(date.year, date.month - 1, date.day + 1, zone).getTime();
}

/** The calendar date of an instant in `zone`, as YYYY-MM-DD. */
export function toIsoDate(ms: number, zone = systemTimeZone()): string {
  const d = new TZDate(ms, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * "As of" for the access views: a date means any moment of that day in
 * `zone`, an ISO date-time means that instant. Returns the window [from, to).
 */
export function parseAsOf(text: string, zone = systemTimeZone()): { from: number; to: number } | null {
  const date = parseIsoDate(text);
  if (date) return { from: startOfLocalDay(date, zone), to: endOfLocalDay(date, zone) };
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { from: ms, to: ms + 1 };
}
