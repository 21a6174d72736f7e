/**
 * Every grant and its end (revoked or expired) as one timeline, newest first:
 * an account's access history, or a person's across accounts.
 */
import { Anchor, Box, Button, Group, Text, Timeline } from '@mantine/core';
import { IconClockOff, IconKey, IconKeyOff } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import type { GrantView } from '../../../../shared/domain/access';
import { formatCount, formatDateTime, localiseIsoDates } from '../../lib/format';
import { useNavigation } from '../navigation';
import { GrantKindBadge, lastDay, PersonLink } from './labels';

type EntryType = 'granted' | 'revoked' | 'expired';

interface Entry {
  key: string;
  at: number;
  type: EntryType;
  grant: GrantView;
}

const PAGE = 100;

const STYLE: Record<EntryType, { color: string; icon: ReactNode }> = {
  granted: { color: 'teal', icon: <IconKey size={13} stroke={2} /> },
  revoked: { color: 'red', icon: <IconKeyOff size={13} stroke={2} /> },
  expired: { color: 'gray', icon: <IconClockOff size={13} stroke={2} /> },
};

export function timelineEntries(grants: readonly GrantView[]): Entry[] {
  const entries: Entry[] = [];
  for (const grant of grants) {
    entries.push({ key: `${grant.id}:granted`, at: grant.grantedAt, type: 'granted', grant });
    if (grant.revokedAt !== null) {
      entries.push({ key: `${grant.id}:revoked`, at: grant.revokedAt, type: 'revoked', grant });
    } else if (grant.state === 'expired' && grant.endsAt !== null) {
      entries.push({ key: `${grant.id}:expired`, at: grant.endsAt, type: 'expired', grant });
    }
  }
  // Newest first; at the same instant, an end after its start and later grants first.
  const order: Record<EntryType, number> = { granted: 0, expired: 1, revoked: 1 };
  return entries.sort((a, b) => b.at - a.at || order[b.type] - order[a.type] || b.grant.id - a.grant.id);
}

export function GrantTimeline({
  grants,
  perspective,
  label,
}: {
  grants: readonly GrantView[];
  /** Whose history it is: an account's names the people; a person's names the accounts. */
  perspective: 'account' | 'person';
  label: string;
}) {
  const { openPerson, openAccount } = useNavigation();
  const entries = useMemo(() => timelineEntries(grants), [grants]);
  const [shown, setShown] = useState(PAGE);

  const subject = (grant: GrantView) =>
    perspective === 'account' ? (
      <Anchor component="button" type="button" fw={600} inherit onClick={() => openPerson(grant.personId)}>
        {grant.personName}
      </Anchor>
    ) : (
      <Anchor component="button" type="button" fw={600} inherit onClick={() => openAccount(grant.accountId, 'access')}>
        {grant.accountLabel}
      </Anchor>
    );

  const title = (entry: Entry): ReactNode => {
    const { grant } = entry;
    const who = subject(grant);
    if (perspective === 'account') {
      if (entry.type === 'granted') return <>Access granted to {who}</>;
      if (entry.type === 'revoked') return <>Access revoked from {who}</>;
      return <>Access ended for {who}</>;
    }
    if (entry.type === 'granted') return <>Granted access to {who}</>;
    if (entry.type === 'revoked') return <>Access to {who} revoked</>;
    return <>Access to {who} ended</>;
  };

  const meta = (entry: Entry): ReactNode => {
    const { grant } = entry;
    if (entry.type === 'granted') {
      return (
        <>
          {formatDateTime(entry.at)} · by <PersonLink id={grant.grantedById} name={grant.grantedBy} />
          {grant.endsAt !== null ? ` · until ${lastDay(grant.endsAt)}` : ''}
        </>
      );
    }
    if (entry.type === 'revoked') {
      return (
        <>
          {formatDateTime(entry.at)} · by <PersonLink id={grant.revokedById} name={grant.revokedBy ?? 'unknown'} />
        </>
      );
    }
    return `${formatDateTime(entry.at)} · the end date passed`;
  };

  // Main words some reasons itself ("Ada Lovelace left on 2026-03-03"): their dates take the app's style.
  const reason = (entry: Entry): string | null => {
    const text =
      entry.type === 'granted' ? entry.grant.reason : entry.type === 'revoked' ? entry.grant.revokeReason : null;
    return text ? localiseIsoDates(text) : text;
  };

  return (
    <Box>
      <Timeline bulletSize={24} lineWidth={2} active={-1} aria-label={label} role="list" className="grant-timeline">
        {entries.slice(0, shown).map((entry) => (
          <Timeline.Item
            key={entry.key}
            role="listitem"
            bullet={STYLE[entry.type].icon}
            color={STYLE[entry.type].color}
            data-type={entry.type}
            title={
              <Group gap={8} wrap="wrap">
                <Text size="sm" span>
                  {title(entry)}
                </Text>
                {entry.type === 'granted' ? <GrantKindBadge kind={entry.grant.kind} size="xs" /> : null}
              </Group>
            }
          >
            <Text size="xs" c="dimmed" mt={2}>
              {meta(entry)}
            </Text>
            {reason(entry) ? (
              <Text size="sm" mt={4} className="grant-reason">
                {reason(entry)}
              </Text>
            ) : null}
          </Timeline.Item>
        ))}
      </Timeline>
      {entries.length > shown ? (
        <Button variant="subtle" size="xs" mt="md" onClick={() => setShown((n) => n + PAGE)}>
          Show older ({formatCount(entries.length - shown)} more)
        </Button>
      ) : null}
    </Box>
  );
}
