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
