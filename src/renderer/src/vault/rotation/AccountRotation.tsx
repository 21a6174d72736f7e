/**
 * An account's Rotation tab: whether (and why) its password must change,
 * its rotation period (the vault's policy or its own), "rotate soon", and
 * every rotation with the password it replaced (revealed on request, and
 * audited, for when a platform change did not take).
 */
import {
  Alert,
  Box,
  Button,
  Group,
  NumberInput,
  Radio,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconCalendarRepeat,
  IconCircleCheck,
  IconEye,
  IconEyeOff,
  IconFlag,
  IconPencil,
  IconPlayerPlay,
  IconRotateClockwise,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import type { PasswordHistoryEntry, RotationRecord } from '../../../../shared/domain/rotation';
import { policyLabel, scheduledDue } from '../../../../shared/rotation';
import { DateField } from '../../components/DateField';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { fieldErrors } from '../../lib/schema';
import { formatDate, formatDateTime, formatRelative, plural, todayIso } from '../../lib/format';
import { useNow, useSecondsLeft } from '../../lib/hooks';
import { displayHandle } from '../accounts/labels';
import { MASK, PasswordGlyphs, REVEAL_MS } from '../accounts/SecretValue';
import { EmptyRow, Section } from '../DetailSection';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { dueWords, REASON_COLORS, REASON_ICONS, reasonText } from './labels';
import { DialogActions, NoteField } from '../../components/DialogParts';

interface History {
  rotations: RotationRecord[];
  passwords: PasswordHistoryEntry[];
}

export function AccountRotation({ account }: { account: AccountDetail }) {
  const { rotation, takeovers, revision } = useVaultData();
  const { startRotation, openTakeovers } = useNavigation();
  const now = useNow(60_000);
  const [history, setHistory] = useState<{ value: History | null; error: string | null }>({
    value: null,
    error: null,
  });
  const [dialog, setDialog] = useState<'soon' | 'period' | null>(null);
  const archived = account.status === 'archived';

  useEffect(() => {
    let live = true;
    api.rotation
      .history({ accountId: account.id })
      .then((value) => live && setHistory({ value, error: null }))
      .catch((error: unknown) => live && setHistory({ value: null, error: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [account.id, account.updatedAt, revision]);

  const item = rotation?.items.find((i) => i.accountId === account.id);
  const takeover =
    item !== undefined && item.draftId !== null ? takeovers?.find((t) => t.draftId === item.draftId) : undefined;
  const inProgress = item !== undefined && item.draftId !== null && !takeover;
  const policy = rotation?.policy;
  /** The account's own period (days), or null when it follows the vault's policy. */
  const ownDays = account.rotationDays;
  const effective = ownDays !== null ? { unit: 'days' as const, count: ownDays } : policy;
  const nextScheduled =
    effective && rotation && account.passwordChangedAt !== null
      ? scheduledDue(account.passwordChangedAt, effective, rotation.timeZone)
      : null;
  const name = displayHandle(account.platform, account.handle);
  /** The status when nothing is due this week: in progress, waiting for a takeover, due later, or fine. */
  const calmTitle = inProgress
    ? 'A rotation is in progress'
    : takeover
      ? 'A takeover’s temporary password is waiting'
      : item && item.reasons.some((r) => r.obligationId !== null)
        ? 'The password must change later'
        : 'Within policy';

  const rotations = [...(history.value?.rotations ?? [])].sort((a, b) => b.rotatedAt - a.rotatedAt);
  const replaced = new Map<number, PasswordHistoryEntry>();
  for (const p of history.value?.passwords ?? []) if (p.rotationId !== null) replaced.set(p.rotationId, p);

  return (
    <Box>
      <Section
        title="Status"
        aside={
          !archived ? (
            <Button size="xs" variant="subtle" leftSection={<IconFlag size={14} />} onClick={() => setDialog('soon')}>
              Rotate soon…
            </Button>
          ) : undefined
        }
      >
        {archived ? (
          <EmptyRow>Archived: restore the account to rotate its password.</EmptyRow>
        ) : rotation === null ? (
          <Stack p="md" gap="sm" aria-busy="true">
            <Skeleton height={14} width="50%" />
            <Skeleton height={10} width="70%" />
          </Stack>
        ) : item && item.bucket !== 'later' ? (
          <Box className="status-block" role="status" aria-label="Rotation due">
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
              <Box style={{ flex: 1 }} miw={0}>
                <Text fw={600} size="sm" c={item.bucket === 'overdue' ? 'red' : 'orange'}>
                  {inProgress
                    ? 'A rotation is in progress'
                    : item.bucket === 'overdue'
                      ? 'The password is overdue: it must change now'
                      : item.bucket === 'today'
                        ? 'The password must change today'
                        : `The password must change ${dueWords(item.dueAt, now)}`}
                </Text>
                <Stack gap={4} mt={8} role="list" aria-label="Reasons">
                  {item.reasons.map((reason, i) => {
                    const Glyph = REASON_ICONS[reason.kind];
                    return (
                      <Group
                        key={reason.obligationId ?? `s${i}`}
                        gap={8}
                        wrap="nowrap"
                        align="flex-start"
                        role="listitem"
                      >
                        <Glyph
                          size={15}
                          stroke={1.8}
                          color={`var(--mantine-color-${REASON_COLORS[reason.kind]}-6)`}
                          style={{ flexShrink: 0, marginTop: 2 }}
                          aria-hidden
                        />
                        <Text size="sm" style={{ flex: 1 }}>
                          {reasonText(reason)}
                        </Text>
                        <Text
                          size="xs"
                          fw={600}
                          c={reason.dueAt <= now ? 'red' : 'dimmed'}
                          style={{ whiteSpace: 'nowrap' }}
                          mt={2}
                        >
                          {dueWords(reason.dueAt, now)}
                        </Text>
                      </Group>
                    );
                  })}
                </Stack>
              </Box>
              {takeover ? (
                <Button size="sm" variant="default" onClick={openTakeovers}>
                  Open takeover
                </Button>
              ) : (
                <Button
                  size="sm"
                  leftSection={inProgress ? <IconPlayerPlay size={16} /> : <IconRotateClockwise size={16} />}
                  onClick={() => startRotation(account.id)}
                >
                  {inProgress ? 'Resume rotation…' : 'Rotate password…'}
                </Button>
              )}
            </Group>
          </Box>
        ) : (
          <Box className="status-block" role="status" aria-label={calmTitle}>
            <Group justify="space-between" wrap="nowrap" gap="md">
              <Group gap="sm" wrap="nowrap" miw={0}>
                <ThemeIcon
                  size={30}
                  radius="xl"
                  variant="light"
                  color={
                    calmTitle === 'Within policy'
                      ? 'teal'
                      : calmTitle === 'The password must change later'
                        ? 'orange'
                        : 'custodian'
                  }
                >
                  {calmTitle === 'Within policy' ? <IconCircleCheck size={18} /> : <IconRotateClockwise size={18} />}
                </ThemeIcon>
                <Box miw={0}>
                  <Text fw={600} size="sm">
                    {calmTitle}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {inProgress
                      ? 'A new password is stored and waiting: resume to record it, or abandon it.'
                      : takeover
                        ? `${takeover.personName}’s takeover: set it on the platform, or cancel the takeover.`
                        : item && item.reasons.some((r) => r.obligationId !== null)
                          ? item.reasons
                              .filter((r) => r.obligationId !== null)
                              .map((r) => `${reasonText(r)} (${dueWords(r.dueAt, now)})`)
                              .join(' · ')
                          : nextScheduled !== null
                            ? `Next scheduled rotation ${dueWords(nextScheduled, now)}.`
                            : 'No password is stored, so no rotation is scheduled.'}
                  </Text>
                </Box>
              </Group>
              {takeover ? (
                <Button size="sm" variant="default" onClick={openTakeovers}>
                  Open takeover
                </Button>
              ) : (
                <Button
                  size="sm"
                  variant={inProgress ? 'filled' : 'default'}
                  leftSection={inProgress ? <IconPlayerPlay size={16} /> : <IconRotateClockwise size={16} />}
                  onClick={() => startRotation(account.id)}
                >
                  {inProgress ? 'Resume rotation…' : 'Rotate now…'}
                </Button>
              )}
            </Group>
          </Box>
        )}
      </Section>

      <Section
        title="Rotation period"
        aside={
          !archived && policy ? (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPencil size={14} />}
              onClick={() => setDialog('period')}
            >
              Change…
            </Button>
          ) : undefined
        }
      >
        <Box className="secret-row">
          <Group gap="sm" wrap="nowrap">
            <IconCalendarRepeat size={18} stroke={1.7} color="var(--mantine-color-dimmed)" aria-hidden />
            <Box>
              <Text size="sm" fw={500} aria-live="polite">
                {ownDays !== null
                  ? `Every ${plural(ownDays, 'day')}, for this account`
                  : policy
                    ? `Follows the vault’s policy: ${policyLabel(policy)}`
                    : '\u00a0'}
              </Text>
              <Text size="xs" c="dimmed">
                {policy && ownDays !== null
                  ? `Instead of the vault’s policy (${policyLabel(policy)}).`
                  : 'Counted from the last password change.'}
                {account.passwordChangedAt !== null
                  ? ` Last changed ${formatDate(account.passwordChangedAt)} (${formatRelative(account.passwordChangedAt, now)}).`
                  : ''}
              </Text>
            </Box>
          </Group>
        </Box>
      </Section>

      <Section title="Rotation history" card={false}>
        {history.error ? (
          <Alert color="red" title="Could not load the rotation history">
            {history.error}
          </Alert>
        ) : history.value === null ? (
          <Skeleton height={80} radius="md" />
        ) : rotations.length === 0 ? (
          <Text size="sm" c="dimmed">
            {name} has not been rotated in Custodian yet.
          </Text>
        ) : (
          <Box role="list" aria-label="Rotations" className="rotation-timeline">
            {rotations.map((record) => (
              <RotationEntry key={record.id} record={record} replaced={replaced.get(record.id)} />
            ))}
          </Box>
        )}
      </Section>
      <Text size="xs" c="dimmed" mt="sm">
        Previous passwords are kept encrypted in case a platform change did not take. Revealing one is recorded in the
        audit trail.
      </Text>

      {dialog === 'soon' ? <RotateSoonDialog account={account} onClose={() => setDialog(null)} /> : null}
      {dialog === 'period' && policy ? (
        <PeriodDialog
          account={account}
          current={ownDays}
          vaultPolicy={policyLabel(policy)}
          onClose={() => setDialog(null)}
          onSaved={() => setDialog(null)}
        />
      ) : null}
    </Box>
  );
}

function RotationEntry({ record, replaced }: { record: RotationRecord; replaced: PasswordHistoryEntry | undefined }) {
  const changed = [record.totpChanged ? 'TOTP seed' : null, record.recoveryChanged ? 'recovery codes' : null].filter(
    Boolean,
  );
  return (
    <Box className="rotation-entry" role="listitem" aria-label={`Rotated ${formatDateTime(record.rotatedAt)}`}>
      <span className="rotation-entry-dot" aria-hidden />
      <Box miw={0} style={{ flex: 1 }}>
        <Group gap={8} wrap="wrap">
          <Text size="sm" fw={600}>
            Rotated {formatDateTime(record.rotatedAt)}
          </Text>
          <Text size="xs" c="dimmed">
            {record.resolvedObligations > 0
              ? `resolved ${plural(record.resolvedObligations, 'obligation')}`
              : 'no obligation was open'}
            {changed.length > 0 ? ` · also replaced the ${changed.join(' and ')}` : ''}
          </Text>
        </Group>
        {record.note ? (
          <Text size="sm" mt={4} className="grant-reason">
            {record.note}
          </Text>
        ) : null}
        {replaced ? <PreviousPassword entry={replaced} /> : null}
      </Box>
    </Box>
  );
}

/** A replaced password: shown on request for REVEAL_MS; main records each reveal. */
function PreviousPassword({ entry }: { entry: PasswordHistoryEntry }) {
  const [revealed, setRevealed] = useState<{ value: string; until: number } | null>(null);
  const read = useAction(
    async () =>
      setRevealed({
        value: (await api.rotation.revealOld({ historyId: entry.id })).value,
        until: Date.now() + REVEAL_MS,
      }),
    { refusal: 'toast' },
  );
  const loading = read.busy;
  const left = useSecondsLeft(revealed?.until ?? null);

  useEffect(() => {
    if (!revealed) return;
    const timer = window.setTimeout(() => setRevealed(null), revealed.until - Date.now());
    return () => window.clearTimeout(timer);
  }, [revealed]);

  const toggle = () => (revealed ? setRevealed(null) : void read.run());

  const span =
    entry.setAt !== null
      ? `in use ${formatDate(entry.setAt)} – ${formatDate(entry.replacedAt)}`
      : `replaced ${formatDate(entry.replacedAt)}`;
  return (
    <Group className="previous-password" mt={8} gap="sm" wrap="nowrap" role="group" aria-label="Previous password">
      <Box miw={0} style={{ flex: 1 }}>
        <Text size="xs" c="dimmed">
          Previous password · {span}
          {revealed ? ` · hides in ${left} s` : ''}
        </Text>
        <Box className="secret-inline" aria-label="Previous password value">
          {revealed ? (
            <span className="password-text">
              <PasswordGlyphs value={revealed.value} />
            </span>
          ) : (
            <span className="mask">{MASK}</span>
          )}
        </Box>
      </Box>
      <Tooltip label="Recorded in the audit trail">
        <Button
          size="xs"
          variant="default"
          leftSection={revealed ? <IconEyeOff size={14} /> : <IconEye size={14} />}
          onClick={() => void toggle()}
          loading={loading}
          aria-label={revealed ? 'Hide previous password' : 'Reveal previous password'}
        >
          {revealed ? 'Hide' : 'Reveal'}
        </Button>
      </Tooltip>
    </Group>
  );
}

/** "Rotate soon": a manual obligation with a note, due on a chosen day (today by default). */
export function RotateSoonDialog({ account, onClose }: { account: AccountDetail; onClose(): void }) {
  const feedback = useFeedback();
  const { rotationChanged } = useVaultData();
  const [note, setNote] = useState('');
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<{ note?: string; due?: string }>({});
  const name = displayHandle(account.platform, account.handle);

  const request = useAction(
    async () => {
      const obligation = await api.rotation.requestSoon({
        accountId: account.id,
        note,
        ...(due ? { dueDate: due } : {}),
      });
      feedback.toast(`${name} is in the rotation queue, ${dueWords(obligation.dueAt, Date.now())}`);
      await rotationChanged();
      onClose();
    },
    {
      onRefused(e) {
        const mapped = fieldErrors(e, { note: 'note', dueDate: 'due' });
        setErrors(mapped);
        return Object.keys(mapped).length > 0;
      },
    },
  );
  const { busy, error: formError } = request;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    void request.run();
  };

  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title={`Rotate ${name} soon`} size="md">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Rotate ${name} soon`}>
        <Stack gap="md">
          <Text size="sm">
            Puts {name} in the rotation queue with your note, until its password is rotated. Use it when you know it
            should change but not now: an agency’s contract ending, a shared screen, a suspicion.
          </Text>
          <NoteField
            label="Why"
            placeholder="e.g. The agency’s contract ends on Friday"
            description="Kept encrypted; shown in the queue."
            value={note}
            onChange={(value) => {
              setNote(value);
              setErrors((old) => ({ ...old, note: undefined }));
            }}
            error={errors.note}
            autoFocus
          />
          <DateField
            label="Due"
            description="Empty: due today"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            value={due}
            onChange={(value) => {
              setDue(value);
              setErrors((old) => ({ ...old, due: undefined }));
            }}
            min={todayIso()}
            error={errors.due}
            wrapperProps={{ style: { maxWidth: 220 } }}
          />
          <DialogActions refusal={formError} busy={busy} onCancel={onClose}>
            <Button type="submit" loading={busy}>
              Add to the queue
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}

function PeriodDialog({
  account,
  current,
  vaultPolicy,
  onClose,
  onSaved,
}: {
  account: AccountDetail;
  current: number | null;
  vaultPolicy: string;
  onClose(): void;
  onSaved(): void;
}) {
  const feedback = useFeedback();
  const { rotationChanged } = useVaultData();
  const [own, setOwn] = useState(current !== null);
  const [days, setDays] = useState<number | string>(current ?? 30);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = displayHandle(account.platform, account.handle);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = typeof days === 'number' ? days : Number.parseInt(days, 10);
    if (own && !Number.isFinite(n)) return setError('Enter a whole number of days');
    setBusy(true);
    setError(null);
    try {
      await api.rotation.setAccountPeriod({ accountId: account.id, days: own ? n : null });
      feedback.toast(own ? `${name} now rotates every ${plural(n, 'day')}` : `${name} follows the vault’s policy`);
      // The queue moves, and the account's own period is read again with it.
      await rotationChanged();
      onSaved();
    } catch (e) {
      setError(
        fieldErrors(e, { days: 'days' }).days ??
          (e instanceof ApiError && e.code === 'invalid_input' ? e.message : errorMessage(e)),
      );
      setBusy(false);
    }
  };

  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title={`Rotation period of ${name}`} size="md">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Rotation period of ${name}`}>
        <Stack gap="md">
          <Radio.Group value={own ? 'own' : 'vault'} onChange={(v) => setOwn(v === 'own')} aria-label="Period">
            <Stack gap="sm">
              <Radio value="vault" label={`Follow the vault’s policy (${vaultPolicy})`} />
              <Radio value="own" label="Its own period" description="For accounts that need changing more often" />
            </Stack>
          </Radio.Group>
          {own ? (
            <NumberInput
              label="Every"
              suffix=" days"
              value={days}
              onChange={(v) => {
                setDays(v);
                setError(null);
              }}
              allowDecimal={false}
              clampBehavior="none"
              error={error}
              w={180}
              ml={30}
              aria-label="Days"
            />
          ) : error ? (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          ) : null}
          <DialogActions busy={busy} onCancel={onClose}>
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}
