/**
 * "Who had access on …?": a date that turns a "now" view into a view of any
 * moment of that local day. Empty means now.
 */
import { Button, Group, Text } from '@mantine/core';
import { useId } from 'react';
import { DateField } from '../../components/DateField';
import { todayIso } from '../../lib/format';

export function AsOfPicker({ label, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  const id = useId();
  return (
    <Group gap={6} wrap="nowrap" className="as-of">
      <Text size="xs" c="dimmed" component="label" htmlFor={id} className="truncate" maw={240} title={label}>
        {label}
      </Text>
      <DateField id={id} size="xs" w={150} value={value} onChange={onChange} max={todayIso()} min="2000-01-01" />
      {value ? (
        <Button size="compact-xs" variant="subtle" onClick={() => onChange('')} aria-label="Back to now">
          Now
        </Button>
      ) : null}
    </Group>
  );
}
