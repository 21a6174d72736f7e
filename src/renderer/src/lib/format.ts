import { parseIsoDate, toIsoDate } from '../../../shared/dates';

const numberFormat = new Intl.NumberFormat('en-GB');
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateTimeSecondsFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });

export const formatCount = (n: number): string => numberFormat.format(n);
export const formatDate = (ms: number): string => dateFormat.format(ms);
export const formatDateTime = (ms: number): string => dateTimeFormat.format(ms);
/** Local time to the second: for the audit trail, where order within a minute matters. */
export const formatDateTimeSeconds = (ms: number): string => dateTimeSecondsFormat.format(ms);
export const formatTime = (ms: number): string => timeFormat.format(ms);

/** "3 Mar 2026" for a calendar date typed as YYYY-MM-DD (no time zone involved); the text itself if not a date. */
export function formatIsoDate(iso: string): string {
  const parts = parseIsoDate(iso);
  return parts ? dateFormat.format(new Date(parts.year, parts.month - 1, parts.day)) : iso;
}

/** Today's local date as YYYY-MM-DD, for date inputs. */
export const todayIso = (): string => toIsoDate(Date.now());

/** "3 days ago", "yesterday", "in 2 hours": for the detail pane's timestamps. */
export function formatRelative(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  if (abs < 365 * 86_400) return relative.format(Math.round(seconds / (30 * 86_400)), 'month');
  return relative.format(Math.round(seconds / (365 * 86_400)), 'year');
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
  return sameDay
    ? `${formatDateTime(from)} – ${new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(to)}`
    : `${formatDateTime(from)} – ${formatDateTime(to)}`;
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
