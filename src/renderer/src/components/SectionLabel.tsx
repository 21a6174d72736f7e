import { Text, type TextProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** The small uppercase heading over a group ("Vault", "Revoked", "Overdue"). */
export function SectionLabel({
  children,
  component,
  ...props
}: TextProps & { children: ReactNode; component?: 'legend' | 'h3' | 'div' }) {
  return (
    <Text
      component={component ?? 'p'}
      size="xs"
      fw={600}
      c="dimmed"
      tt="uppercase"
      {...props}
      style={{ letterSpacing: '0.05em' }}
    >
      {children}
    </Text>
  );
}
