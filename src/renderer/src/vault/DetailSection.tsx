import { Box, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { SectionLabel } from '../components/SectionLabel';

/** A titled block of a detail pane: small caps title, optional controls on the right, a bordered card. */
export function Section({
  title,
  aside,
  children,
  card = true,
  mt = 'xl',
}: {
  title: ReactNode;
  /** Controls beside the title (an as-of date, a button). */
  aside?: ReactNode;
  children: ReactNode;
  /** Wrap the content in a bordered card (default) or lay it out bare. */
  card?: boolean;
  mt?: string | number;
}) {
  const label = typeof title === 'string' ? title : undefined;
  return (
    <Box mt={mt} component="section" aria-label={label}>
      <Group justify="space-between" align="flex-end" mb={8} gap="sm" wrap="nowrap" mih={aside ? 30 : undefined}>
        <SectionLabel>{title}</SectionLabel>
        {aside}
      </Group>
      {card ? (
        <Paper withBorder className="detail-card">
          {children}
        </Paper>
      ) : (
        children
      )}
    </Box>
  );
}

/** The quiet line shown in a card with nothing to list. */
export function EmptyRow({ children }: { children: ReactNode }) {
  return (
    <Box className="secret-row">
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Box>
  );
}

/** One term of a detail grid (`<dl className="detail-grid">`): "Not set" when empty. */
export function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  const empty = children === '' || children === null || children === undefined;
  return (
    <div className={wide ? 'detail-field wide' : 'detail-field'}>
      <dt>{label}</dt>
      <dd data-empty={empty || undefined}>{empty ? 'Not set' : children}</dd>
    </div>
  );
}
