/**
 * Takeovers: who runs which account for a while, and what each still needs.
 * A takeover is scheduled (ticket and code handed over, temporary password
 * to set), active, awaiting change-back (its window closed: the account is
 * in the rotation queue), then closed by that rotation, or cancelled.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertTriangle,
  IconKey,
  IconPlayerStop,
  IconPlus,
  IconRotateClockwise,
  IconUserShare,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { AccountSummary } from '../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { TAKEOVER_STATE_LABELS, type TakeoverState, type TakeoverView } from '../../../../shared/domain/takeover';
import { PlatformIcon } from '../../components/PlatformIcon';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { formatCount, formatDateTime, formatRelative, formatWindow } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { displayHandle } from '../accounts/labels';
import { PersonAvatar } from '../people/labels';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { accountName, TAKEOVER_STATE_COLORS } from './labels';
import { ScheduleTakeover } from './ScheduleTakeover';
import { TemporaryPassword } from './TemporaryPassword';
import { SectionLabel } from '../../components/SectionLabel';

const GROUPS: { title: string; note: string; states: TakeoverState[] }[] = [
  {
    title: 'Change the password back',
    note: 'The takeover is over: rotate the password to close it.',
    states: ['awaiting_change_back'],
  },
  { title: 'Running now', note: 'The ticket opens until the end of the window.', states: ['active'] },
  { title: 'Scheduled', note: 'Not started yet.', states: ['scheduled'] },
  {
    title: 'Past',
    note: 'Closed by a rotation, or cancelled before the password changed.',
    states: ['closed', 'cancelled'],
  },
];

export function TakeoversPage() {
  const { takeovers, accountsById, invalidate } = useVaultData();
  const now = useNow(30_000);
  const [scheduling, setScheduling] = useState(false);
  const [temporary, setTemporary] = useState<TakeoverView | null>(null);
  const [ending, setEnding] = useState<TakeoverView | null>(null);

  // Fresh on every visit: reading the list ends takeovers whose window has closed.
  useEffect(() => {
    void invalidate('takeovers', 'obligations');
  }, [invalidate]);

  const list = takeovers ?? [];

  return (
    <Box className="page-scroll">
      <Box className="page-inner">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
          <Box>
            <Title order={3}>Takeovers</Title>
            <Text c="dimmed" size="sm" mt={4} maw={620}>
              A student, guest or colleague runs an account for a while with a temporary password they learn from a
              one-time credential. When it ends, the password is changed back.
            </Text>
          </Box>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setScheduling(true)} style={{ flexShrink: 0 }}>
            Schedule takeover
          </Button>
        </Group>

        {takeovers === null ? (
          <Stack mt="xl" gap="md" aria-busy="true" aria-label="Loading takeovers">
            <Skeleton height={90} radius="md" />
            <Skeleton height={90} radius="md" />
          </Stack>
        ) : list.length === 0 ? (
          <Stack align="center" gap="xs" ta="center" mt={56}>
            <ThemeIcon size={64} radius="xl" variant="light">
              <IconUserShare size={32} stroke={1.6} />
            </ThemeIcon>
            <Title order={4} mt="sm">
              No takeovers yet
            </Title>
            <Text c="dimmed" size="sm" maw={440}>
              Schedule one when someone outside the team will run an account: they get a ticket and a code, never your
              real password, and the password changes back afterwards.
            </Text>
            <Button mt="md" leftSection={<IconPlus size={16} />} onClick={() => setScheduling(true)}>
              Schedule a takeover
            </Button>
          </Stack>
        ) : (
          GROUPS.map((group) => {
            const items = list.filter((t) => group.states.includes(t.state));
            if (items.length === 0) return null;
            return (
              <Box key={group.title} component="section" aria-label={group.title} mt="xl">
                <Group gap="xs" mb={8} align="baseline">
                  <SectionLabel>
                    {group.title} · {formatCount(items.length)}
                  </SectionLabel>
                  <Text size="xs" c="dimmed">
                    {group.note}
                  </Text>
                </Group>
                <Paper withBorder className="detail-card">
                  <Box role="list" aria-label={group.title}>
                    {items.map((takeover) => (
                      <TakeoverRow
                        key={takeover.id}
                        takeover={takeover}
                        account={accountsById.get(takeover.accountId)}
                        now={now}
                        onTemporary={() => setTemporary(takeover)}
                        onEnd={() => setEnding(takeover)}
                      />
                    ))}
                  </Box>
                </Paper>
              </Box>
            );
          })
        )}
      </Box>
      {scheduling ? <ScheduleTakeover onClose={() => setScheduling(false)} /> : null}
      {temporary ? (
        <Dialog
          opened
          onClose={() => setTemporary(null)}
          title={`Takeover of ${accountName(accountsById.get(temporary.accountId), temporary.accountLabel)}`}
          size={720}
        >
          <TemporaryPassword takeover={temporary} onSet={() => setTemporary(null)} onLater={() => setTemporary(null)} />
        </Dialog>
      ) : null}
      {ending ? <EndTakeover takeover={ending} onClose={() => setEnding(null)} /> : null}
    </Box>
  );
}

function TakeoverRow({
  takeover,
  account,
  now,
  onTemporary,
  onEnd,
}: {
  takeover: TakeoverView;
  account: AccountSummary | undefined;
  now: number;
  onTemporary(): void;
  onEnd(): void;
}) {
  const { openAccount, openPerson, openRotation, startRotation } = useNavigation();
  const waiting = takeover.draftId !== null;
  const open = takeover.state === 'scheduled' || takeover.state === 'active';
  return (
    <Box className="queue-row" role="listitem" aria-label={`${takeover.accountLabel}: ${takeover.personName}`}>
      {account ? (
        <PlatformIcon platform={account.platform} size={36} decorative />
      ) : (
        <span className="person-avatar" style={{ width: 36, height: 36 }} aria-hidden />
      )}
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Anchor
            component="button"
            type="button"
            fw={600}
            size="sm"
            c="var(--mantine-color-text)"
            className="access-row-name"
            onClick={() => openAccount(takeover.accountId, 'rotation')}
          >
            {account ? displayHandle(account.platform, account.handle) : takeover.accountLabel}
          </Anchor>
          {account ? (
            <Text size="xs" c="dimmed">
              {[account.displayName, PLATFORM_INFO[account.platform].label].filter(Boolean).join(' · ')}
            </Text>
          ) : null}
          <Badge size="xs" variant="light" color={TAKEOVER_STATE_COLORS[takeover.state]} aria-label="State">
            {TAKEOVER_STATE_LABELS[takeover.state]}
          </Badge>
          {takeover.includesTotp ? (
            <Badge size="xs" variant="outline" color="orange">
              TOTP seed handed over
            </Badge>
          ) : null}
        </Group>
        <Group gap={6} mt={4} wrap="nowrap">
          <PersonAvatar id={takeover.personId} name={takeover.personName} size={20} />
          <Anchor component="button" type="button" size="sm" onClick={() => openPerson(takeover.personId)}>
            {takeover.personName}
          </Anchor>
          <Text size="xs" c="dimmed">
            · {formatWindow(takeover.startsAt, takeover.endsAt)}
          </Text>
        </Group>
        {takeover.reason ? (
          <Text size="sm" mt={6} className="grant-reason">
            {takeover.reason}
          </Text>
        ) : null}
        <Text
          size="xs"
          mt={6}
          c={waiting || takeover.state === 'awaiting_change_back' ? 'orange' : 'dimmed'}
          fw={waiting ? 600 : 400}
        >
          {statusLine(takeover, now)}
        </Text>
      </Box>
      <Stack gap={6} className="access-row-action" align="flex-end">
        {waiting ? (
          <Button size="xs" leftSection={<IconKey size={14} />} onClick={onTemporary}>
            Set temporary password…
          </Button>
        ) : null}
        {takeover.state === 'awaiting_change_back' ? (
          <>
            <Button
              size="xs"
              color="orange"
              leftSection={<IconRotateClockwise size={14} />}
              onClick={() => startRotation(takeover.accountId)}
            >
              Change it back…
            </Button>
            <Anchor component="button" type="button" size="xs" onClick={openRotation}>
              In the rotation queue
            </Anchor>
          </>
        ) : null}
        {open ? (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconPlayerStop size={14} />}
            onClick={onEnd}
            aria-label={`${waiting ? 'Cancel' : takeover.state === 'active' ? 'End now' : 'End early'}: the takeover of ${takeover.accountLabel}`}
          >
            {waiting ? 'Cancel…' : takeover.state === 'active' ? 'End now…' : 'End early…'}
          </Button>
        ) : null}
      </Stack>
    </Box>
  );
}

function statusLine(t: TakeoverView, now: number): string {
  switch (t.state) {
    case 'scheduled':
      return t.draftId !== null
        ? `Temporary password not yet set on the platform. Starts ${formatRelative(t.startsAt, now)}.`
        : `Temporary password set ${formatDateTime(t.temporarySetAt!)}. Starts ${formatRelative(t.startsAt, now)}.`;
    case 'active':
      return t.draftId !== null
        ? `Running, but the temporary password is not set on the platform yet. Ends ${formatRelative(t.endsAt, now)}.`
        : `Running. Ends ${formatRelative(t.endsAt, now)}.`;
    case 'awaiting_change_back':
      return `Ended ${t.endedAt !== null ? formatDateTime(t.endedAt) : ''}: the password must change back.`;
    case 'closed':
      return `Closed ${t.closedAt !== null ? formatDateTime(t.closedAt) : ''}: the password was changed back.`;
    case 'cancelled':
      return `Cancelled${t.cancelledAt !== null ? ` ${formatDateTime(t.cancelledAt)}` : ''} before the temporary password was set: nothing to change back.`;
  }
}

function EndTakeover({ takeover, onClose }: { takeover: TakeoverView; onClose(): void }) {
  const feedback = useFeedback();
  const { rotationChanged } = useVaultData();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = takeover.temporarySetAt === null;
  const first = takeover.personName.split(/\s+/)[0] || takeover.personName;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await api.takeovers.end({ id: takeover.id });
      feedback.toast(
        next.state === 'cancelled'
          ? `Takeover of ${takeover.accountLabel} cancelled`
          : `Takeover of ${takeover.accountLabel} ended: change the password back`,
      );
      await rotationChanged();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      opened
      onClose={busy ? () => undefined : onClose}
      title={cancel ? 'Cancel this takeover?' : 'End this takeover now?'}
      size="md"
    >
      <Stack gap="md">
        <Text size="sm">
          {cancel
            ? `The temporary password was never set on the platform, so nothing needs changing back. ${first}’s takeover access ends now, and their ticket only carries a password that never worked.`
            : `${first}’s takeover access ends now, and ${takeover.accountLabel} goes to the rotation queue: change the password back to close the takeover.`}
        </Text>
        {!cancel ? (
          <Alert color="orange" variant="light" p="sm" icon={<IconAlertTriangle size={16} />}>
            <Text size="sm">Until you rotate it, {first} still knows the temporary password.</Text>
          </Alert>
        ) : null}
        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Keep it
          </Button>
          <Button color="red" onClick={() => void run()} loading={busy} data-autofocus>
            {cancel ? 'Cancel takeover' : 'End takeover'}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
