/**
 * A calendar date as YYYY-MM-DD: the platform's own date input (keyboard
 * entry, the system's calendar popup, the user's locale), styled as a Mantine
 * field. An empty string means no date.
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';

interface Props extends Omit<TextInputProps, 'value' | 'onChange' | 'type'> {
  value: string;
  onChange(value: string): void;
  min?: string;
  max?: string;
}

export function DateField({ value, onChange, min, max, ...rest }: Props) {
  return (
    <TextInput
      {...rest}
      type="date"
      value={value}
      min={min}
      max={max}
      onChange={(event) => onChange(event.currentTarget.value)}
      leftSection={rest.leftSection ?? <IconCalendarEvent size={16} stroke={1.7} aria-hidden />}
      classNames={{ input: 'date-input' }}
    />
  );
}
