/**
 * The unlocked app's pages, in sidebar order: one row each, with what the
 * sidebar shows beside the name (a count, the due badge, the escrow dot).
 */
import { Badge, Text, Tooltip } from '@mantine/core';
import {
  IconAddressBook,
  IconLifebuoy,
  IconListCheck,
  IconRotateClockwise,
  IconSettings,
  IconShieldCheck,
  IconUserShare,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatCount } from '../../lib/format';
import type { VaultData } from '../VaultData';
import type { Page } from '../navigation';

export interface PageRow {
  page: Page;
  label: string;
  icon: Icon;
  /** What the sidebar shows at the right of the entry, from the store; null for nothing. */
  aside?(data: VaultData): ReactNode;
}

/** Takeovers that still need something: not started, running, or waiting for the password to change back. */
const OPEN_TAKEOVER = new Set(['scheduled', 'active', 'awaiting_change_back']);

function Count({ n }: { n: number | null | undefined }) {
  if (n === null || n === undefined) return null;
  return (
    <Text size="xs" c="dimmed" fw={500}>
      {formatCount(n)}
    </Text>
  );
}

/** Overdue, due today and due within the week, counted together; red only when something is past due. */
function DueBadge({ overdue, today, week }: { overdue: number; today: number; week: number }) {
  const dueSoon = overdue + today + week;
  if (dueSoon === 0) return null;
  const parts = [
    overdue > 0 ? `${formatCount(overdue)} overdue` : null,
    today > 0 ? `${formatCount(today)} due today` : null,
    week > 0 ? `${formatCount(week)} due this week` : null,
  ].filter(Boolean);
  return (
    <Badge size="sm" variant="filled" color={overdue > 0 ? 'red' : 'orange'} radius="xl" aria-label={parts.join(', ')}>
      {formatCount(dueSoon)}
    </Badge>
  );
}

export const PAGES: readonly PageRow[] = [
  {
    page: 'accounts',
    label: 'Accounts',
    icon: IconUsersGroup,
    aside: ({ accounts }) => <Count n={accounts?.filter((a) => a.status === 'active').length} />,
  },
  {
    page: 'people',
    label: 'People',
    icon: IconAddressBook,
    aside: ({ people }) => <Count n={people?.filter((p) => p.status !== 'left').length} />,
  },
  {
    page: 'rotation',
    label: 'Rotation',
    icon: IconRotateClockwise,
    aside: ({ rotation }) =>
      rotation ? (
        <DueBadge overdue={rotation.counts.overdue} today={rotation.counts.today} week={rotation.counts.week} />
      ) : null,
  },
  {
    page: 'takeovers',
    label: 'Takeovers',
    icon: IconUserShare,
    aside: ({ takeovers }) => {
      const open = takeovers?.filter((t) => OPEN_TAKEOVER.has(t.state)).length;
      return open ? <Count n={open} /> : null;
    },
  },
  {
    page: 'escrow',
    label: 'Escrow',
    icon: IconLifebuoy,
    // The manager's bundle no longer matches the vault: the press team would open old passwords.
    aside: ({ escrow }) =>
      escrow?.needsExport ? (
        <Tooltip label="Escrow out of date: re-export the bundle">
          <span className="tab-dot" role="img" aria-label="Escrow out of date" />
        </Tooltip>
      ) : null,
  },
  { page: 'compliance', label: 'Compliance', icon: IconShieldCheck },
  { page: 'audit', label: 'Audit trail', icon: IconListCheck },
  { page: 'settings', label: 'Settings', icon: IconSettings },
];
