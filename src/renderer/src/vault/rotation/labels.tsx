/**
 * Rotation in words and colours: why an account must rotate (each reason
 * with its own icon), when (overdue, due today, due on a day), and the
 * markers shared by the queue, the account list and the account pane.
 */
import { Badge, type BadgeProps } from '@mantine/core';
import {
  IconAlertOctagon,
  IconArrowsExchange,
  IconCalendarRepeat,
  IconFlag,
  IconLifebuoy,
  IconLoader2,
  IconUserMinus,
  IconShieldLock,
  IconUserShare,
  type Icon,
} from '@tabler/icons-react';
import { OBLIGATION_KIND_LABELS } from '../../../../shared/domain/access';
import type { RotationReason } from '../../../../shared/domain/rotation';
import type { DueBucket } from '../../../../shared/rotation';
import { calendarDaysFrom, formatDate, formatDueDay, localiseIsoDates } from '../../lib/format';

export type ReasonKind = RotationReason['kind'];

export const REASON_LABELS: Record<ReasonKind, string> = {
  ...OBLIGATION_KIND_LABELS,
  scheduled: 'Scheduled rotation',
};

export const REASON_ICONS: Record<ReasonKind, Icon> = {
  leaver: IconUserMinus,
  mover: IconArrowsExchange,
  quarterly: IconCalendarRepeat,
  scheduled: IconCalendarRepeat,
  takeover_end: IconUserShare,
  escrow_opened: IconLifebuoy,
  compromise: IconAlertOctagon,
  manual: IconFlag,
  reenrol_totp: IconShieldLock,
};

export const REASON_COLORS: Record<ReasonKind, string> = {
  leaver: 'orange',
  mover: 'orange',
  quarterly: 'gray',
  scheduled: 'gray',
  takeover_end: 'grape',
  escrow_opened: 'red',
  compromise: 'red',
  manual: 'custodian',
  reenrol_totp: 'red',
};

export const BUCKET_COLORS: Record<DueBucket, string> = {
  overdue: 'red',
  today: 'orange',
  week: 'orange',
  quarter: 'yellow',
  later: 'gray',
};

/** Past its due day (due earlier today is "due today", not overdue): the words the queue's headings use. */
export function isPastDue(dueAt: number, now: number): boolean {
  return calendarDaysFrom(dueAt, now) < 0;
}

/**
 * "3 days overdue", "due today", "due tomorrow", "due in 5 days", "due 3 Mar 2026" (further than a week).
 * Main decides the bucket; this only words the date, with the same helpers as every other screen.
 */
export function dueWords(dueAt: number, now: number): string {
  const days = calendarDaysFrom(dueAt, now);
  if (days < 0) return formatDueDay(dueAt, now);
  if (days <= 7) return `due ${formatDueDay(dueAt, now)}`;
  return `due ${formatDate(dueAt)}`;
}

/**
 * The reason in words: its kind, then its own detail (who left, the note):
 * "Holder left: Ada Lovelace left on 2026-03-03", "Rotate soon: agency contract ends".
 * Details that already name their kind (the schedule, a compromise report) are not prefixed twice.
 */
export function reasonWords(kind: ReasonKind, raw: string): string {
  const label = REASON_LABELS[kind];
  // Main words the details with YYYY-MM-DD dates; they read in the app's one date style.
  const detail = localiseIsoDates(raw);
  if (!detail || detail === label) return label;
  if (kind === 'scheduled') return detail;
  if (kind === 'compromise') return `${label}: ${detail.replace(/^Reported compromised:\s*/i, '')}`;
  // "Escrow opened by the Press Office on 2026-03-03: the reason" names its kind already.
  if (kind === 'escrow_opened' && /^escrow opened\b/i.test(detail)) return detail;
  return `${label}: ${detail}`;
}

export const reasonText = (reason: RotationReason): string => reasonWords(reason.kind, reason.detail);

/** The red "Compromised" marker; a button when given `onClick` (e.g. "show the incident"). */
export function CompromisedBadge({
  size = 'sm',
  onClick,
  label,
}: {
  size?: BadgeProps['size'];
  onClick?: () => void;
  label?: string;
}) {
  const glyph = <IconAlertOctagon size={12} stroke={2.2} />;
  return onClick ? (
    <Badge
      size={size}
      color="red"
      variant="filled"
      leftSection={glyph}
      component="button"
      type="button"
      className="badge-button"
      onClick={onClick}
      aria-label={label}
    >
      Compromised
    </Badge>
  ) : (
    <Badge size={size} color="red" variant="filled" leftSection={glyph} aria-label={label}>
      Compromised
    </Badge>
  );
}

export function InProgressBadge({
  size = 'sm',
  label = 'Rotation in progress',
}: {
  size?: BadgeProps['size'];
  label?: string;
}) {
  return (
    <Badge size={size} color="custodian" variant="light" leftSection={<IconLoader2 size={12} stroke={2} />}>
      {label}
    </Badge>
  );
}
