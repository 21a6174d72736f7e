/**
 * What people type into a date or date-and-time field, read back as the
 * calendar values the app works in ("2026-12-03", "2026-12-03T14:30").
 * The fields show dates the way every other screen does (`formatIsoDate`,
 * "3 Dec 2026, 14:30"); this reads that back, the ISO forms, and the
 * day-first numeric forms used in Britain and Wales ("3/12/2026"), with
 * month names in English or Welsh. US month-first input is not guessed at.
 */
import { parseIsoDate } from '../../../shared/dates';
import { APP_LOCALES, appLocale } from './locale';

const pad2 = (n: number) => String(n).padStart(2, '0');

let monthNames: Map<string, number> | null = null;
/** Month names and abbreviations in both languages, lowercased, without a trailing dot: "dec", "rhag", "rhagfyr". */
function months(): Map<string, number> {
  if (monthNames) return monthNames;
  monthNames = new Map();
  for (const locale of APP_LOCALES) {
    for (const month of ['short', 'long'] as const) {
      const format = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const name = format
          .format(Date.UTC(2026, m, 15))
          .toLowerCase()
          .replace(/\.$/, '');
        monthNames.set(name, m + 1);
      }
    }
  }
  // Common short forms the formatter may not produce ("sept", "chwe").
  monthNames.set('sept', 9);
  return monthNames;
}

const iso = (year: number, month: number, day: number): string | null => {
  const text = `${year}-${pad2(month)}-${pad2(day)}`;
  return parseIsoDate(text) ? text : null;
};

/** A typed date as YYYY-MM-DD, or null when it is not (yet) a whole, real date. */
export function parseTypedDate(text: string): string | null {
  const value = text.trim().toLowerCase().replace(/,$/, '');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (match) return iso(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /^(\d{1,2})(?:af|ed|ydd|fed|ain|eg)?\s+([\p{L}]+)\.?\s+(\d{4})$/u.exec(value);
  if (match) {
    const month = months().get(match[2]!);
    return month ? iso(Number(match[3]), month, Number(match[1])) : null;
  }
  return null;
}

/** A typed date and 24-hour time as YYYY-MM-DDTHH:mm, or null. */
export function parseTypedDateTime(text: string): string | null {
  const match = /^(.*?)(?:[T,\s]\s*|\s+)(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const date = parseTypedDate(match[1]!);
  const [hour, minute] = [Number(match[2]), Number(match[3])];
  if (!date || hour > 23 || minute > 59) return null;
  return `${date}T${pad2(hour)}:${pad2(minute)}`;
}

/** The dayjs locale the pickers' calendars use for the app's locale. */
export const dayjsLocale = (): string => (appLocale() === 'cy' ? 'cy' : 'en-gb');
