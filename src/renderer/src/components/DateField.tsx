/**
 * Date fields: a calendar date (YYYY-MM-DD) or a date and 24-hour time
 * (YYYY-MM-DDTHH:mm, local wall-clock time). Mantine's DateInput, so the
 * calendar follows the app's language (not the system's US `mm/dd/yyyy` or
 * 12-hour clock), and the field shows its value in the app's one date style
 * ("3 Dec 2026", "3 Dec 2026, 14:30"). People can type that, an ISO date, or
 * a day-first date ("3/12/2026"). An empty string means no date.
 *
 * `min` and `max` grey out days in the calendar; they do not block typing,
 * so a date out of range reaches the form and gets its explanation there.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { IconCalendarEvent } from '@tabler/icons-react';
import { dayjsLocale, parseTypedDate, parseTypedDateTime } from '../lib/date-input';
import { formatDateTime, formatIsoDate } from '../lib/format';

interface Props extends Omit<DateInputProps, 'value' | 'onChange' | 'minDate' | 'maxDate' | 'valueFormat'> {
  value: string;
  onChange(value: string): void;
  min?: string;
  max?: string;
}

/** Days outside [min, max] are greyed out in the calendar. */
function dayProps(min: string | undefined, max: string | undefined) {
  if (!min && !max) return undefined;
  return (day: string) => ({ disabled: (min !== undefined && day < min) || (max !== undefined && day > max) });
}

export function DateField({ value, onChange, min, max, ...rest }: Props) {
  return (
    <DateInput
      {...rest}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      valueFormat={(date) => formatIsoDate(date.slice(0, 10))}
      dateParser={parseTypedDate}
      locale={dayjsLocale()}
      getDayProps={dayProps(min, max)}
      allowDeselect
      leftSection={rest.leftSection ?? <IconCalendarEvent size={16} stroke={1.7} aria-hidden />}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

/** "2026-12-03 14:30:00" (the picker's form) <-> "2026-12-03T14:30" (the form's). */
const toPicker = (local: string) => (local ? `${local.replace('T', ' ')}:00` : null);
const fromPicker = (picked: string | null) => (picked ? picked.slice(0, 16).replace(' ', 'T') : '');

/** A local date and time, as a `datetime-local` value would hold it ("2026-12-03T14:30"). */
export function DateTimeField({ value, onChange, min, max, ...rest }: Props) {
  return (
    <DateInput
      {...rest}
      withTime
      value={toPicker(value)}
      onChange={(next) => onChange(fromPicker(next))}
      valueFormat={(picked) => {
        const local = fromPicker(picked);
        const [date, time] = local.split('T') as [string, string];
        const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
        const [h, mi] = time.split(':').map(Number) as [number, number];
        return formatDateTime(new Date(y, mo - 1, d, h, mi).getTime());
      }}
      dateParser={(text) => toPicker(parseTypedDateTime(text) ?? '')}
      locale={dayjsLocale()}
      getDayProps={dayProps(min?.slice(0, 10), max?.slice(0, 10))}
      leftSection={rest.leftSection ?? <IconCalendarEvent size={16} stroke={1.7} aria-hidden />}
      spellCheck={false}
      autoComplete="off"
    />
  );
}
