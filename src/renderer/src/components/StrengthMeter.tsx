import { Box, Group, Text } from '@mantine/core';
import type { Strength } from '../lib/strength';

const COLORS = ['red.7', 'orange.6', 'yellow.6', 'teal.6', 'green.7'] as const;

/** Four segments filled by zxcvbn's score, its label and its main warning. */
export function StrengthMeter({
  strength,
  minLength,
  length,
}: {
  strength: Strength | null;
  minLength?: number;
  length: number;
}) {
  const score = strength?.score ?? -1;
  const short = minLength !== undefined && length > 0 && length < minLength;
  const color = short ? 'red.7' : strength ? COLORS[strength.score] : 'gray.4';
  const filled = short ? 1 : score + (score >= 0 ? 1 : 0);
  let note: string;
  if (length === 0) note = minLength ? `At least ${minLength} characters. A few unrelated words work well.` : '';
  else if (short) note = `${length} of at least ${minLength} characters`;
  else if (!strength) note = 'Checking…';
  else note = strength.warning ?? strength.suggestions[0] ?? '';
  return (
    <Box mt={6} aria-live="polite">
      <Group gap={4} wrap="nowrap" aria-hidden>
        {[0, 1, 2, 3, 4].map((i) => (
          <Box
            key={i}
            h={4}
            style={{ flex: 1, borderRadius: 2 }}
            bg={i < filled ? color : 'var(--mantine-color-default-border)'}
          />
        ))}
      </Group>
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" lineClamp={1}>
          {note}
        </Text>
        {length > 0 && strength && !short ? (
          // The label in its colour's text shade (AA on white, theme-contrast.ts), the bar in the bright one.
          <Text size="xs" fw={600} c={color.split('.')[0]} style={{ whiteSpace: 'nowrap' }}>
            {strength.label}
          </Text>
        ) : null}
      </Group>
    </Box>
  );
}
