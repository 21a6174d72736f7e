import { Box, Group, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';

export function BrandMark({
  size = 28,
  withName = true,
  inverted = false,
}: {
  size?: number;
  withName?: boolean;
  inverted?: boolean;
}) {
  return (
    <Group gap={10} wrap="nowrap">
      <Box className={inverted ? 'brand-mark brand-mark-inverted' : 'brand-mark'} style={{ width: size, height: size }}>
        <IconShieldLock size={Math.round(size * 0.62)} stroke={2} aria-hidden />
      </Box>
      {withName ? (
        <Text
          fw={700}
          fz={size > 30 ? 'xl' : 'md'}
          c={inverted ? 'white' : undefined}
          style={{ letterSpacing: '-0.01em' }}
        >
          Custodian
        </Text>
      ) : null}
    </Group>
  );
}
