/**
 * The two-pane page of a searchable directory (accounts, people): the list
 * with its toolbar on the left, the open record on the right, and the states
 * around them (nothing yet, nothing matches, could not load, nothing open).
 */
import {
  Alert,
  Box,
  Button,
  Group,
  Kbd,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  type SegmentedControlProps,
} from '@mantine/core';
import { IconSearchOff, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatCount, plural } from '../../lib/format';
import { MOD_KEY } from '../../lib/keys';

export function ListPage({
  className,
  layout,
  searching,
  listLabel,
  toolbar,
  list,
  detailLabel,
  detail,
  children,
}: {
  className: string;
  /** "table": the list takes the whole width (its rows are a table) and the detail pane is not shown. */
  layout?: 'table' | undefined;
  searching: boolean;
  listLabel: string;
  toolbar: ReactNode;
  list: ReactNode;
  detailLabel: string;
  detail: ReactNode;
  /** Drawers and dialogs the page opens. */
  children?: ReactNode;
}) {
  return (
    <Box className={className} data-searching={searching || undefined} data-layout={layout}>
      <Box component="section" className="list-pane" aria-label={listLabel}>
        <Box className="list-toolbar">{toolbar}</Box>
        {list}
      </Box>
      {layout === 'table' ? null : (
        <Box component="section" className="detail-pane" aria-label={detailLabel}>
          {detail}
        </Box>
      )}
      {children}
    </Box>
  );
}

/** The toolbar's first line: the title, how many show ("12 of 40"), and the page's "new" button. */
export function ListHeading({
  title,
  shown,
  total,
  noun,
  loaded,
  countProps,
  action,
}: {
  title: string;
  shown: number;
  total: number;
  /** [singular, plural]. */
  noun: [string, string];
  loaded: boolean;
  countProps: Record<string, string>;
  action: ReactNode;
}) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Box>
        <Title order={4}>{title}</Title>
        <Text size="xs" c="dimmed" aria-live="polite" {...countProps}>
          {loaded
            ? shown === total
              ? plural(total, noun[0], noun[1])
              : `${formatCount(shown)} of ${formatCount(total)}`
            : 'Loading…'}
        </Text>
      </Box>
      {action}
    </Group>
  );
}

export function ListLoadError({ title, message, onRetry }: { title: string; message: string; onRetry(): void }) {
  return (
    <Alert color="red" m="sm" title={title}>
      {message}
      <Button size="xs" variant="light" color="red" mt="xs" onClick={onRetry} display="block">
        Try again
      </Button>
    </Alert>
  );
}

export function NoMatch({ message, onClear }: { message: string; onClear(): void }) {
  return (
    <Stack align="center" gap="xs" p="xl" mt="lg" ta="center">
      <ThemeIcon size={44} radius="xl" variant="light" color="gray">
        <IconSearchOff size={22} />
      </ThemeIcon>
      <Text fw={600} mt="xs">
        {message}
      </Text>
      <Button variant="subtle" size="xs" onClick={onClear}>
        Clear search and filters
      </Button>
    </Stack>
  );
}

/** The detail pane while nothing is open. */
export function NothingOpen({
  icon: Glyph,
  title,
  text,
  maw,
  children,
}: {
  icon: Icon;
  title: string;
  text: string;
  maw: number;
  children?: ReactNode;
}) {
  return (
    <Stack align="center" justify="center" h="100%" gap="xs" c="dimmed" ta="center">
      <ThemeIcon size={56} radius="xl" variant="light" color="gray">
        <Glyph size={28} stroke={1.6} />
      </ThemeIcon>
      <Text fw={600} c="var(--mantine-color-text)" mt="xs">
        {title}
      </Text>
      <Text size="sm" maw={maw}>
        {text}
      </Text>
      {children}
    </Stack>
  );
}

/** A directory with nothing in it yet: what it is for, and the button (and shortcut) to add the first. */
export function EmptyDirectory({
  icon: Glyph,
  title,
  text,
  maw,
  action,
  actionIcon: ActionGlyph,
  onAction,
  secondary,
  children,
}: {
  icon: Icon;
  title: string;
  text: string;
  maw: number;
  action: string;
  actionIcon: Icon;
  onAction(): void;
  /** Another way to fill the directory, beside the action (with its own line under them, if any). */
  secondary?: { button: ReactNode; note?: string };
  /** The drawer the action opens. */
  children?: ReactNode;
}) {
  return (
    <Box className="accounts-empty">
      <Stack align="center" gap="xs" ta="center" maw={maw}>
        <ThemeIcon size={64} radius="xl" variant="light">
          <Glyph size={32} stroke={1.6} />
        </ThemeIcon>
        <Title order={3} mt="sm">
          {title}
        </Title>
        <Text c="dimmed">{text}</Text>
        <Group mt="md" justify="center">
          <Button size="md" leftSection={<ActionGlyph size={18} />} onClick={onAction}>
            {action}
          </Button>
          {secondary?.button}
        </Group>
        {secondary?.note ? (
          <Text size="xs" c="dimmed">
            {secondary.note}
          </Text>
        ) : null}
        <Group gap={6} mt="xs" className="shortcut-hints">
          <Text size="xs" c="dimmed">
            or press
          </Text>
          <Kbd size="xs">{MOD_KEY}</Kbd>
          <Kbd size="xs">N</Kbd>
        </Group>
      </Stack>
      {children}
    </Box>
  );
}

/** Rows shaped like the list's while it is read (and decrypted) on unlock. */
export function ListSkeleton() {
  return (
    <Stack gap={0} px="sm" pt={4} aria-busy="true" aria-label="Loading accounts">
      {Array.from({ length: 9 }, (_, i) => (
        <Box key={i} className="skeleton-row">
          <Skeleton height={34} width={34} radius="md" />
          <Box style={{ flex: 1 }}>
            <Skeleton height={11} width={`${50 + ((i * 17) % 35)}%`} radius="sm" />
            <Skeleton height={9} mt={8} width={`${35 + ((i * 23) % 30)}%`} radius="sm" />
          </Box>
        </Box>
      ))}
      <Text size="xs" c="dimmed" ta="center" mt="md">
        Decrypting the account list…
      </Text>
    </Stack>
  );
}

/** The status filter under a list's search: one of a few values, "all" included. */
export function StatusSwitch<T extends string>({
  value,
  onChange,
  data,
  ...props
}: {
  value: T;
  onChange(value: T): void;
  data: { value: T; label: string }[];
} & Omit<SegmentedControlProps, 'value' | 'onChange' | 'data'>) {
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(next) => onChange(next as T)}
      data={data}
      aria-label="Status"
      {...props}
    />
  );
}
