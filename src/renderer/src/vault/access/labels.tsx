import { Anchor, Badge } from '@mantine/core';
import {
  GRANT_KIND_LABELS,
  type GrantKind,
  type GrantView,
  type ObligationView,
} from '../../../../shared/domain/access';
import { formatDate } from '../../lib/format';
import { dueWords, reasonWords } from '../rotation/labels';
import { useNavigation } from '../navigation';

export const GRANT_KIND_COLORS: Record<GrantKind, string> = {
  standing: 'custodian',
  takeover: 'grape',
  emergency: 'red',
};

export const GRANT_KIND_DESCRIPTIONS: Record<GrantKind, string> = {
  standing: 'Part of their job: runs or backs up the account',
  takeover: 'A student or guest runs the account for a while',
  emergency: 'Urgent access, e.g. while the account is compromised',
};

export function GrantKindBadge({ kind, size = 'sm' }: { kind: GrantKind; size?: 'xs' | 'sm' }) {
  return (
    <Badge size={size} variant="light" color={GRANT_KIND_COLORS[kind]}>
      {GRANT_KIND_LABELS[kind]}
    </Badge>
  );
}

/** "Holder left: Ada Lovelace left on 2026-03-03": worded as the rotation queue words its reasons. */
export function obligationText(obligation: ObligationView): string {
  return reasonWords(obligation.reasonKind, obligation.reasonDetail);
}

/** Whether an obligation is past its due day, due today, or later (by local calendar day). */
export function dueState(obligation: ObligationView, now: number): 'overdue' | 'today' | 'later' {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const tomorrow = new Date(start);
  tomorrow.setDate(start.getDate() + 1);
  return obligation.dueAt < start.getTime() ? 'overdue' : obligation.dueAt < tomorrow.getTime() ? 'today' : 'later';
}

/** "due today", "due in 3 days", "2 days overdue": worded as the rotation queue words them. */
export function dueText(obligation: ObligationView, now: number): string {
  return dueWords(obligation.dueAt, now);
}

/** The last day of access for a grant that ends: endsAt is the exclusive end (midnight after). */
export function lastDay(endsAt: number): string {
  return formatDate(endsAt - 1);
}

/** "since 3 Mar 2026 · until 31 Mar 2026" for a grant. */
export function grantSpan(grant: GrantView): string {
  const parts = [`since ${formatDate(grant.grantedAt)}`];
  if (grant.endsAt !== null) parts.push(`until ${lastDay(grant.endsAt)}`);
  return parts.join(' · ');
}

/** Accounts a set of grants reaches, each once, in first-seen order. */
export function distinctAccounts(grants: readonly GrantView[]): { accountId: number; accountLabel: string }[] {
  const seen = new Map<number, string>();
  for (const grant of grants) if (!seen.has(grant.accountId)) seen.set(grant.accountId, grant.accountLabel);
  return [...seen].map(([accountId, accountLabel]) => ({ accountId, accountLabel }));
}

/**
 * Who granted or revoked access: a link to the person in the directory, or
 * plain text for the vault owner (no directory entry) and unknown authors.
 */
export function PersonLink({ id, name }: { id: number | null; name: string }) {
  const { openPerson } = useNavigation();
  if (id === null) return <>{name}</>;
  return (
    <Anchor
      component="button"
      type="button"
      inherit
      onClick={() => openPerson(id)}
      aria-label={`${name}: open in People`}
    >
      {name}
    </Anchor>
  );
}
