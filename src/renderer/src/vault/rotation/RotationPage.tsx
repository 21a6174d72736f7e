/**
 * The rotation queue: every account whose password must change by the end
 * of the quarter (or has any open obligation), grouped overdue / this week /
 * this quarter, each with all its reasons and dates. The policy is shown and
 * changed here; the calendar export gives managers a reminder in their own
 * calendar app.
 */
import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconCalendarDown,
  IconCircleCheck,
  IconListCheck,
  IconPencil,
  IconPlayerPlay,
  IconRotateClockwise,
  IconUserShare,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { AccountSummary } from '../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { RotationQueueItem } from '../../../../shared/domain/rotation';
import type { TakeoverView } from '../../../../shared/domain/takeover';
import { DUE_BUCKET_LABELS, policyLabel, type DueBucket, type RotationPolicy } from '../../../../shared/rotation';
import { PlatformIcon } from '../../components/PlatformIcon';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { fieldErrors } from '../../lib/schema';
import { formatCount, formatDate, formatRelative, plural } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { displayHandle } from '../accounts/labels';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import {
  BUCKET_COLORS,
  CompromisedBadge,
  dueWords,
  isPastDue,
  InProgressBadge,
  REASON_COLORS,
  REASON_ICONS,
  reasonText,
} from './labels';
import { SectionLabel } from '../../components/SectionLabel';
import { DialogActions } from '../../components/DialogParts';

const BUCKETS: DueBucket[] = ['overdue', 'today', 'week', 'quarter', 'later'];

const BUCKET_NOTES: Record<DueBucket, string> = {
  overdue: 'Past their due date: change these first.',
  today: 'Due today: not late yet, but do them today.',
  week: 'Due within the next seven days.',
  quarter: 'Due before the quarter ends.',
  later: 'Not due yet, but something is open on them.',
};

export function RotationPage() {
  const { rotation, takeovers, accountsById, invalidate } = useVaultData();
  const { startRotation, startRotations, openAccount, openTakeovers } = useNavigation();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const feedback = useFeedback();
  const now = useNow(60_000);
  const [editingPolicy, setEditingPolicy] = useState(false);
  const [exported, setExported] = useState<{ path: string | null; count: number } | null>(null);
  const calendar = useAction(async () => setExported(await api.rotation.exportCalendar()));
  const { busy: exporting, error: exportError } = calendar;

  // Fresh on every visit: the clock alone moves accounts between groups and ends takeovers.
  useEffect(() => {
    void invalidate('takeovers', 'obligations');
  }, [invalidate]);

  const exportCalendar = calendar.run;

  const items = rotation?.items ?? [];
  const groups = BUCKETS.map((bucket) => ({ bucket, items: items.filter((i) => i.bucket === bucket) })).filter(
    (g) => g.items.length > 0,
  );
  const takeoverByDraft = new Map<number, TakeoverView>();
  for (const t of takeovers ?? []) if (t.draftId !== null) takeoverByDraft.set(t.draftId, t);
  // A takeover's temporary password waiting on the platform blocks rotating that account.
  const rotatable = items.filter((i) => i.draftId === null || !takeoverByDraft.has(i.draftId));
  const overdue = rotatable.filter((i) => i.bucket === 'overdue').map((i) => i.accountId);
  // In queue order, and only what is still in the queue.
  const chosen = rotatable.map((i) => i.accountId).filter((id) => selected.has(id));
  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const workThrough = (ids: readonly number[]) => {
    setSelected(new Set());
    startRotations(ids);
  };

  return (
    <Box className="page-scroll">
      <Box className="page-inner">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
          <Box>
            <Title order={3}>Rotation</Title>
            <Text c="dimmed" size="sm" mt={4} maw={620}>
              A password changes when someone who knew it leaves or moves role, after a takeover, an escrow opening or a
              compromise, and in any case {rotation ? policyLabel(rotation.policy) : 'every quarter'}.
            </Text>
          </Box>
          <Button
            variant="default"
            leftSection={<IconCalendarDown size={16} />}
            onClick={() => void exportCalendar()}
            loading={exporting}
            style={{ flexShrink: 0 }}
          >
            Export calendar (.ics)
          </Button>
        </Group>

        {exported ? (
          <Alert
            mt="md"
            color="teal"
            variant="light"
            withCloseButton
            onClose={() => setExported(null)}
            title={exported.path ? `Calendar saved: ${plural(exported.count, 'event')}` : 'Export cancelled'}
            role="status"
          >
            {exported.path ? (
              <Text size="sm">
                One all-day event per account on its due date (overdue ones today), with a reminder the day before.
                Import it into your calendar app:{' '}
                <Text span className="selectable path-text" ff="monospace" size="xs">
                  {exported.path}
                </Text>
              </Text>
            ) : (
              <Text size="sm">Nothing was written.</Text>
            )}
          </Alert>
        ) : null}
        {exportError ? (
          <Alert mt="md" color="red" variant="light" title="Could not export the calendar" role="alert">
            {exportError}
          </Alert>
        ) : null}

        <Paper withBorder mt="lg" className="policy-strip" component="section" aria-label="Rotation policy">
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon variant="light" size={34} radius="md">
                <IconRotateClockwise size={18} />
              </ThemeIcon>
              <Box>
                <Text size="sm" fw={600}>
                  {rotation ? `Rotate ${policyLabel(rotation.policy)}` : '\u00a0'}
                </Text>
                <Text size="xs" c="dimmed">
                  {rotation
                    ? `Counted from each password’s last change, in ${rotation.timeZone} time. An account can have its own period (on its Rotation tab).`
                    : '\u00a0'}
                </Text>
              </Box>
            </Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPencil size={14} />}
              onClick={() => setEditingPolicy(true)}
              disabled={!rotation}
            >
              Change policy
            </Button>
          </Group>
        </Paper>

        <SimpleGrid cols={4} spacing="md" mt="md">
          {(['overdue', 'today', 'week', 'quarter'] as const).map((bucket) => {
            const n = rotation?.counts[bucket] ?? null;
            return (
              <Paper
                key={bucket}
                withBorder
                className="stat-tile"
                data-tone={n ? BUCKET_COLORS[bucket] : undefined}
                role="group"
                aria-label={`${DUE_BUCKET_LABELS[bucket]}: ${n ?? 'loading'}`}
              >
                <SectionLabel>{DUE_BUCKET_LABELS[bucket]}</SectionLabel>
                <Text className="stat-value" c={n ? `${BUCKET_COLORS[bucket]}.8` : 'dimmed'}>
                  {n === null ? '–' : formatCount(n)}
                </Text>
              </Paper>
            );
          })}
        </SimpleGrid>

        {rotatable.length > 1 ? (
          <Group mt="md" gap="xs" role="toolbar" aria-label="Work through the queue">
            <Button
              leftSection={<IconListCheck size={16} />}
              disabled={overdue.length === 0}
              onClick={() => workThrough(overdue)}
            >
              Work through all overdue ({formatCount(overdue.length)})
            </Button>
            <Button variant="light" disabled={chosen.length === 0} onClick={() => workThrough(chosen)}>
              Rotate selected ({formatCount(chosen.length)})
            </Button>
            <Text size="xs" c="dimmed">
              One after another, each with its own new password and confirmation. Stop at any time: the rest stay here.
            </Text>
          </Group>
        ) : null}

        {rotation === null ? (
          <Stack mt="xl" gap="md" aria-busy="true" aria-label="Loading the queue">
            <Skeleton height={90} radius="md" />
            <Skeleton height={90} radius="md" />
          </Stack>
        ) : groups.length === 0 ? (
          <Stack align="center" gap="xs" ta="center" mt={48} mb="xl">
            <ThemeIcon size={56} radius="xl" variant="light" color="teal">
              <IconCircleCheck size={28} stroke={1.6} />
            </ThemeIcon>
            <Text fw={600} mt="xs">
              Nothing to rotate this quarter
            </Text>
            <Text size="sm" c="dimmed" maw={420}>
              Every password is within policy and nothing is open. Leavers, movers, takeovers and reported compromises
              will put accounts here.
            </Text>
          </Stack>
        ) : (
          groups.map(({ bucket, items: list }) => (
            <Box key={bucket} component="section" aria-label={DUE_BUCKET_LABELS[bucket]} mt="xl">
              <Group gap="xs" mb={8} align="baseline">
                <span className="bucket-dot" data-color={BUCKET_COLORS[bucket]} aria-hidden />
                <SectionLabel>
                  {DUE_BUCKET_LABELS[bucket]} · {formatCount(list.length)}
                </SectionLabel>
                <Text size="xs" c="dimmed">
                  {BUCKET_NOTES[bucket]}
                </Text>
              </Group>
              <Paper withBorder className="detail-card">
                <Box role="list" aria-label={`${DUE_BUCKET_LABELS[bucket]} accounts`}>
                  {list.map((item) => (
                    <QueueRow
                      key={item.accountId}
                      item={item}
                      account={accountsById.get(item.accountId)}
                      now={now}
                      takeover={item.draftId !== null ? takeoverByDraft.get(item.draftId) : undefined}
                      onOpen={() => openAccount(item.accountId, 'rotation')}
                      onRotate={() => startRotation(item.accountId)}
                      onTakeovers={openTakeovers}
                      selected={rotatable.length > 1 ? selected.has(item.accountId) : undefined}
                      onSelect={(on) => toggle(item.accountId, on)}
                    />
                  ))}
                </Box>
              </Paper>
            </Box>
          ))
        )}
      </Box>
      {editingPolicy && rotation ? (
        <PolicyDialog
          policy={rotation.policy}
          onClose={() => setEditingPolicy(false)}
          onSaved={(label) => {
            setEditingPolicy(false);
            feedback.toast(`Rotation policy: ${label}`);
            void invalidate('obligations');
          }}
        />
      ) : null}
    </Box>
  );
}

function QueueRow({
  item,
  account,
  now,
  takeover,
  onOpen,
  onRotate,
  onTakeovers,
  selected,
  onSelect,
}: {
  item: RotationQueueItem;
  /** Whether it is chosen for working through several; undefined: no selection offered. */
  selected: boolean | undefined;
  onSelect(on: boolean): void;
  /** The account's summary, for its handle and name (the queue carries only a label). */
  account: AccountSummary | undefined;
  now: number;
  /** The takeover whose temporary password is the pending draft, if it is one. */
  takeover: TakeoverView | undefined;
  onOpen(): void;
  onRotate(): void;
  onTakeovers(): void;
}) {
  const inProgress = item.draftId !== null && !takeover;
  return (
    <Box className="queue-row" role="listitem" aria-label={item.accountLabel}>
      {selected !== undefined && !takeover ? (
        <Checkbox
          checked={selected}
          onChange={(e) => onSelect(e.currentTarget.checked)}
          aria-label={`Select ${item.accountLabel}`}
          mt={8}
        />
      ) : null}
      <PlatformIcon platform={item.platform} size={36} decorative />
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Anchor
            component="button"
            type="button"
            fw={600}
            size="sm"
            c="var(--mantine-color-text)"
            onClick={onOpen}
            className="access-row-name"
          >
            {account ? displayHandle(account.platform, account.handle) : item.accountLabel}
          </Anchor>
          {account ? (
            <Text size="xs" c="dimmed">
              {[account.displayName, PLATFORM_INFO[account.platform].label].filter(Boolean).join(' · ')}
            </Text>
          ) : null}
          {item.compromised ? <CompromisedBadge size="xs" /> : null}
          {inProgress ? <InProgressBadge size="xs" /> : null}
          {takeover ? <InProgressBadge size="xs" label="Takeover password waiting" /> : null}
        </Group>
        <Stack gap={3} mt={6} role="list" aria-label="Reasons">
          {item.reasons.map((reason, i) => {
            const Glyph = REASON_ICONS[reason.kind];
            const overdue = isPastDue(reason.dueAt, now);
            return (
              <Group key={reason.obligationId ?? `s${i}`} gap={8} wrap="nowrap" align="flex-start" role="listitem">
                <Glyph
                  size={15}
                  stroke={1.8}
                  color={`var(--mantine-color-${REASON_COLORS[reason.kind]}-6)`}
                  style={{ flexShrink: 0, marginTop: 2 }}
                  aria-hidden
                />
                <Text size="sm" style={{ flex: 1 }} className="reason-text">
                  {reasonText(reason)}
                  {reason.createdAt !== null ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · raised {formatRelative(reason.createdAt, now)}
                    </Text>
                  ) : null}
                </Text>
                <Text
                  size="xs"
                  fw={600}
                  c={overdue ? 'red' : reason.kind === 'scheduled' ? 'dimmed' : 'orange'}
                  style={{ whiteSpace: 'nowrap' }}
                  mt={2}
                >
                  {dueWords(reason.dueAt, now)}
                </Text>
              </Group>
            );
          })}
        </Stack>
        <Text size="xs" c="dimmed" mt={6}>
          Password last changed {formatDate(item.lastRotatedAt)} ({formatRelative(item.lastRotatedAt, now)})
        </Text>
      </Box>
      <Box className="access-row-action">
        {takeover ? (
          <Tooltip label={`${takeover.personName}’s takeover: set or cancel its temporary password first`}>
            <Button size="xs" variant="default" leftSection={<IconUserShare size={14} />} onClick={onTakeovers}>
              Open takeover
            </Button>
          </Tooltip>
        ) : (
          <Button
            size="xs"
            variant={item.bucket === 'overdue' || inProgress ? 'filled' : 'light'}
            leftSection={inProgress ? <IconPlayerPlay size={14} /> : <IconRotateClockwise size={14} />}
            onClick={onRotate}
            aria-label={`${inProgress ? 'Resume rotation of' : 'Rotate'} ${item.accountLabel}`}
          >
            {inProgress ? 'Resume…' : 'Rotate…'}
          </Button>
        )}
      </Box>
    </Box>
  );
}

/** The vault's period: months (calendar months, "every quarter" = 3) or days. Main refuses zero or less. */
function PolicyDialog({
  policy,
  onClose,
  onSaved,
}: {
  policy: RotationPolicy;
  onClose(): void;
  onSaved(label: string): void;
}) {
  const [unit, setUnit] = useState<RotationPolicy['unit']>(policy.unit);
  const [count, setCount] = useState<number | string>(policy.count);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = typeof count === 'number' ? count : Number.parseInt(count, 10);
    if (!Number.isFinite(n)) return setError('Enter a whole number');
    setBusy(true);
    setError(null);
    try {
      const saved = await api.rotation.setPolicy({ policy: { unit, count: n } });
      onSaved(saved.label);
    } catch (e) {
      setError(fieldErrors(e, { 'policy.count': 'count', policy: 'count' }).count ?? errorMessage(e));
      setBusy(false);
    }
  };

  const n = typeof count === 'number' ? count : NaN;
  const preview = Number.isInteger(n) && n >= 1 ? policyLabel({ unit, count: n } as RotationPolicy) : null;
  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title="Rotation policy" size="md">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Rotation policy">
        <Stack gap="md">
          <Text size="sm">
            How long a password may stay unchanged when nothing else requires it. Counted from each password’s last
            change; an account can have its own period.
          </Text>
          <Group align="flex-end" wrap="nowrap" gap="sm">
            <NumberInput
              label="Every"
              value={count}
              onChange={(v) => {
                setCount(v);
                setError(null);
              }}
              allowDecimal={false}
              clampBehavior="none"
              error={error !== null}
              w={140}
              data-autofocus
              aria-label="Period"
              aria-describedby={error ? 'policy-error' : undefined}
            />
            <SegmentedControl
              value={unit}
              onChange={(v) => setUnit(v as RotationPolicy['unit'])}
              data={[
                { value: 'months', label: 'Months' },
                { value: 'days', label: 'Days' },
              ]}
              aria-label="Unit"
            />
          </Group>
          {error ? (
            <Text size="sm" c="red" id="policy-error" role="alert" mt={-6}>
              {error}
            </Text>
          ) : (
            <Text size="xs" c="dimmed" mt={-6}>
              {preview ? `Passwords will rotate ${preview}.` : 'A whole number, at least one.'} Policy says “in any case
              every quarter”: 3 months.
            </Text>
          )}
          <DialogActions busy={busy} onCancel={onClose}>
            <Button type="submit" loading={busy}>
              Save policy
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}
