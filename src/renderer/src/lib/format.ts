import { parseIsoDate, toIsoDate } from '../../../shared/dates';
import { appLocale, type AppLocale } from './locale';

/**
 * Every date, time and number the renderer shows goes through these helpers,
 * so one screen never mixes styles: "3 Dec 2026", "3 Dec 2026, 17:45",
 * "17:45:09", in the app's locale (`lib/locale.ts`), on a 24-hour clock.
 */
interface Formats {
  number: Intl.NumberFormat;
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  dateTimeSeconds: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  timeSeconds: Intl.DateTimeFormat;
  relative: Intl.RelativeTimeFormat;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

const cache = new Map<AppLocale, Formats>();
function formats(): Formats {
  const locale = appLocale();
  let found = cache.get(locale);
  if (!found) {
    found = {
      number: new Intl.NumberFormat(locale),
      date: new Intl.DateTimeFormat(locale, DAY),
      dateTime: new Intl.DateTimeFormat(locale, { ...DAY, ...HM }),
      dateTimeSeconds: new Intl.DateTimeFormat(locale, { ...DAY, ...HM, second: '2-digit' }),
      time: new Intl.DateTimeFormat(locale, HM),
      timeSeconds: new Intl.DateTimeFormat(locale, { ...HM, second: '2-digit' }),
      relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    };
    cache.set(locale, found);
  }
  return found;
}

export const formatCount = (n: number): string => formats().number.format(n);
export const formatDate = (ms: number): string => formats().date.format(ms);
export const formatDateTime = (ms: number): string => formats().dateTime.format(ms);
/** Local time to the second: for the audit trail, where order within a minute matters. */
export const formatDateTimeSeconds = (ms: number): string => formats().dateTimeSeconds.format(ms);
/** "17:45:09". */
export const formatTime = (ms: number): string => formats().timeSeconds.format(ms);
/** "17:45". */
export const formatClock = (ms: number): string => formats().time.format(ms);

/** "3 Mar 2026" for a calendar date typed as YYYY-MM-DD (no time zone involved); the text itself if not a date. */
export function formatIsoDate(iso: string): string {
  const parts = parseIsoDate(iso);
  return parts ? formatDate(new Date(parts.year, parts.month - 1, parts.day).getTime()) : iso;
}

/**
 * Text from main ("Ada Lovelace left on 2026-03-03") with its YYYY-MM-DD dates
 * in the app's style ("Ada Lovelace left on 3 Mar 2026").
 */
export function localiseIsoDates(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => formatIsoDate(iso));
}

/** Today's local date as YYYY-MM-DD, for date inputs. */
export const todayIso = (): string => toIsoDate(Date.now());

/** "3 days ago", "yesterday", "in 2 hours": for the detail pane's timestamps. */
export function formatRelative(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  const { relative } = formats();
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  if (abs < 365 * 86_400) return relative.format(Math.round(seconds / (30 * 86_400)), 'month');
  return relative.format(Math.round(seconds / (365 * 86_400)), 'year');
}

/** Whole local calendar days from the day of `now` to the day of `ms` (negative when past). */
export function calendarDaysFrom(ms: number, now = Date.now()): number {
  const day = (t: number) => {
    const d = new Date(t);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  };
  return Math.round((day(ms) - day(now)) / 86_400_000);
}

/** "today", "tomorrow", "in 3 days", "yesterday", "2 days overdue": a due day relative to today. */
export function formatDueDay(ms: number, now = Date.now()): string {
  const days = calendarDaysFrom(ms, now);
  if (days >= -1) return formats().relative.format(days, 'day');
  return `${plural(-days, 'day')} overdue`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "5 minutes", "1 hour 30 minutes". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return plural(minutes, 'minute');
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? plural(h, 'hour') : `${plural(h, 'hour')} ${plural(m, 'minute')}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A moment as a `datetime-local` input value (local wall-clock time, to the minute): "2026-03-03T14:30". */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * A `datetime-local` value as an ISO instant with this computer's offset at that moment
 * ("2026-03-03T14:30:00+00:00"), as main expects; null when it is not a complete date and time.
 */
export function localInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}T${pad2(date.getHours())}:${pad2(
    date.getMinutes(),
  )}:00${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The moment a `datetime-local` value names, or null. */
export function localInputToMs(value: string): number | null {
  const iso = localInputToIso(value);
  return iso === null ? null : Date.parse(iso);
}

/** "3 Mar 2026, 14:30 – 18:00" or "3 Mar 2026, 14:30 – 4 Mar 2026, 09:00": a window in local time. */
export function formatWindow(from: number, to: number): string {
  const sameDay = new Date(from).toDateString() === new Date(to).toDateString();
  return sameDay ? `${formatDateTime(from)} – ${formatClock(to)}` : `${formatDateTime(from)} – ${formatDateTime(to)}`;
}

/** "1 h 5 min", "3 min", "45 s": a short duration for countdowns. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  return plural(Math.round(h / 24), 'day');
}
