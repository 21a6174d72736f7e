import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Radio,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertOctagon,
  IconArchive,
  IconArchiveOff,
  IconDots,
  IconExternalLink,
  IconFlag,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
  IconRotateClockwise,
  IconUserShare,
  IconX,
} from '@tabler/icons-react';
import { memo, useEffect, useState } from 'react';
import {
  LANGUAGE_LABELS,
  PLATFORM_CLOSURE_LABELS,
  PLATFORM_CLOSURES,
  TWO_FACTOR_LABELS,
  type AccountDetail as Detail,
  type PlatformClosure,
} from '../../../../shared/domain/account';
import { toIsoDate } from '../../../../shared/dates';
import { STRENGTH_LABELS } from '../../../../shared/password/strength-labels';
import { DateField } from '../../components/DateField';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { PlatformIcon } from '../../components/PlatformIcon';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { formatDate, formatDateTime, formatRelative, formatWindow, plural } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { AccessHistory } from '../access/AccessHistory';
import { AccessTab } from '../access/AccessTab';
import { dueText, obligationText } from '../access/labels';
import { Field, Section } from '../DetailSection';
import { AccountRotation, RotateSoonDialog } from '../rotation/AccountRotation';
import { IncidentPanels, ReportCompromiseDialog } from '../rotation/Incidents';
import { CompromisedBadge, InProgressBadge } from '../rotation/labels';
import { TAKEOVER_STATE_COLORS } from '../takeovers/labels';
import { ScheduleTakeover } from '../takeovers/ScheduleTakeover';
import { useVaultData } from '../VaultData';
import { useNavigation, type AccountTab } from '../navigation';
import { TwoFactorBadge, displayHandle } from './labels';
import { MASK, PasswordGlyphs, SecretValue } from './SecretValue';
import { TotpCode } from './TotpCode';
import { DialogActions } from '../../components/DialogParts';

interface Props {
  id: number;
  /** Bumped by the page after an edit, to fetch again. */
  version: number;
  tab: AccountTab;
  onTab(tab: AccountTab): void;
  onEdit(account: Detail): void;
  onStatusChanged(account: Detail): Promise<void>;
  onClose(): void;
}

/** Memoised: the page re-renders on every search keystroke, the open account need not. */
export const AccountDetail = memo(function AccountDetail({
  id,
  version,
  tab,
  onTab,
  onEdit,
  onStatusChanged,
  onClose,
}: Props) {
  const { obligationsByAccount, peopleById, accountsById, compromised, rotation, takeovers, revision } = useVaultData();
  const { openPerson, openAccount, startRotation, openTakeovers } = useNavigation();
  const feedback = useFeedback();
  const now = useNow(60_000);
  const [state, setState] = useState<{ detail: Detail | null; error: string | null; for: string }>({
    detail: null,
    error: null,
    for: '',
  });
  const [confirming, setConfirming] = useState(false);
  const [dialog, setDialog] = useState<'soon' | 'compromise' | 'takeover' | null>(null);
  const key = `${id}:${version}`;

  useEffect(() => {
    let live = true;
    api.accounts
      .get({ id })
      .then((detail) => live && setState({ detail, error: null, for: `${id}:${version}` }))
      .catch(
        (error: unknown) => live && setState({ detail: null, error: errorMessage(error), for: `${id}:${version}` }),
      );
    return () => {
      live = false;
    };
  }, [id, version, revision]);

  // Keep showing the previous version while an edit's fresh copy loads.
  const { detail, error } = state;
  if (error && state.for === key) {
    return (
      <Box p="xl">
        <Alert color="red" title="Could not open this account">
          {error}
        </Alert>
      </Box>
    );
  }
  if (!detail) return <DetailSkeleton />;

  const archived = detail.status === 'archived';
  const info = PLATFORM_INFO[detail.platform];
  const title = detail.displayName || displayHandle(detail.platform, detail.handle);
  const obligations = obligationsByAccount.get(detail.id) ?? [];
  const manager = detail.managerId === null ? undefined : peopleById.get(detail.managerId);
  const isCompromised = compromised.has(detail.id);
  const queued = rotation?.items.find((i) => i.accountId === detail.id);
  const takeoverDraft =
    queued !== undefined && queued.draftId !== null && takeovers?.some((t) => t.draftId === queued.draftId);
  const inProgress = queued !== undefined && queued.draftId !== null && !takeoverDraft;
  const due =
    queued !== undefined && (queued.bucket === 'overdue' || queued.bucket === 'today' || queued.bucket === 'week');
  const takeover = takeovers?.find(
    (t) => t.accountId === detail.id && (t.state === 'scheduled' || t.state === 'active'),
  );

  const openUrl = (url: string) => {
    api.app.openExternal({ url }).catch((e: unknown) => feedback.toast(errorMessage(e), 'error'));
  };

  return (
    <Box className="detail-scroll">
      <Box className="detail-inner">
        <Box className="detail-head">
          <Group gap="md" wrap="nowrap" miw={0} className="detail-head-title">
            <PlatformIcon platform={detail.platform} size={48} />
            <Box miw={0}>
              <Title order={3} className="truncate" lh={1.2}>
                {title}
              </Title>
              <Group gap={8} mt={4} wrap="wrap" className="detail-subline">
                <Text size="sm" c="dimmed" className="truncate">
                  {displayHandle(detail.platform, detail.handle)} · {info.label}
                </Text>
                {archived ? (
                  <Badge color="gray" variant="outline" size="sm">
                    Archived
                  </Badge>
                ) : null}
                {isCompromised ? (
                  <CompromisedBadge
                    size="sm"
                    onClick={() => onTab('overview')}
                    label="Compromised: show the incident"
                  />
                ) : null}
                <TwoFactorBadge method={detail.twoFactor} hasTotp={detail.hasTotp} />
                {inProgress ? <InProgressBadge size="sm" /> : null}
                {takeover ? (
                  <Tooltip
                    label={`${takeover.personName}: ${formatWindow(takeover.startsAt, takeover.endsAt)}`}
                    multiline
                    maw={320}
                  >
                    <Badge
                      size="sm"
                      variant="light"
                      color={TAKEOVER_STATE_COLORS[takeover.state]}
                      leftSection={<IconUserShare size={12} stroke={2} />}
                      component="button"
                      type="button"
                      className="badge-button"
                      onClick={openTakeovers}
                      aria-label={`Takeover ${takeover.state === 'active' ? 'running' : 'scheduled'}: ${takeover.personName}. Show takeovers`}
                    >
                      {takeover.state === 'active' ? 'Takeover running' : 'Takeover scheduled'}
                    </Badge>
                  </Tooltip>
                ) : null}
                {obligations.length > 0 ? (
                  <Tooltip
                    multiline
                    maw={320}
                    label={obligations.map((o) => `${obligationText(o)} (${dueText(o, now)})`).join('\n')}
                    style={{ whiteSpace: 'pre-line' }}
                  >
                    <Badge
                      size="sm"
                      variant="light"
                      color="orange"
                      leftSection={<IconRotateClockwise size={12} stroke={2} />}
                      component="button"
                      type="button"
                      onClick={() => onTab('rotation')}
                      className="badge-button"
                      // The name starts with what the badge shows (WCAG 2.5.3: speech users say what they see).
                      aria-label={`Rotation due: ${plural(obligations.length, 'open obligation')}. Show rotation`}
                    >
                      Rotation due
                    </Badge>
                  </Tooltip>
                ) : null}
              </Group>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap" className="detail-head-actions">
            {!archived && !takeoverDraft && (due || inProgress || isCompromised) ? (
              <Button
                variant={due || inProgress || isCompromised ? 'filled' : 'default'}
                color={isCompromised ? 'red' : undefined}
                size="sm"
                leftSection={inProgress ? <IconPlayerPlay size={16} /> : <IconRotateClockwise size={16} />}
                onClick={() => startRotation(detail.id)}
              >
                {inProgress ? 'Resume rotation' : 'Rotate'}
              </Button>
            ) : null}
            <Tooltip label={archived ? 'Restore the account to edit it' : 'Edit account'} disabled={!archived}>
              <Button
                variant="default"
                size="sm"
                leftSection={<IconPencil size={16} />}
                onClick={() => onEdit(detail)}
                disabled={archived}
              >
                Edit
              </Button>
            </Tooltip>
            {archived ? (
              <Button
                variant="default"
                size="sm"
                leftSection={<IconArchiveOff size={16} />}
                onClick={() => setConfirming(true)}
              >
                Restore
              </Button>
            ) : (
              <Menu position="bottom-end" width={220} withinPortal>
                <Menu.Target>
                  <Tooltip label="More actions">
                    <ActionIcon variant="default" size={36} aria-label="More actions">
                      <IconDots size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Menu.Target>
                <Menu.Dropdown>
                  {!takeoverDraft && !(due || inProgress || isCompromised) ? (
                    <Menu.Item leftSection={<IconRotateClockwise size={16} />} onClick={() => startRotation(detail.id)}>
                      Rotate password…
                    </Menu.Item>
                  ) : null}
                  <Menu.Item leftSection={<IconFlag size={16} />} onClick={() => setDialog('soon')}>
                    Rotate soon…
                  </Menu.Item>
                  <Menu.Item leftSection={<IconUserShare size={16} />} onClick={() => setDialog('takeover')}>
                    Schedule takeover…
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    leftSection={<IconAlertOctagon size={16} />}
                    onClick={() => setDialog('compromise')}
                  >
                    Report compromise…
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => setConfirming(true)}>
                    Archive…
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
            <Tooltip label="Close">
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Close details" onClick={onClose}>
                <IconX size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Box>

        <Tabs
          value={tab}
          onChange={(next) => next && onTab(next as AccountTab)}
          mt="lg"
          keepMounted={false}
          className="detail-tabs"
        >
          <Tabs.List aria-label="Account sections">
            <Tabs.Tab value="overview">Overview</Tabs.Tab>
            <Tabs.Tab value="access">Access</Tabs.Tab>
            <Tabs.Tab
              value="rotation"
              rightSection={
                obligations.length > 0 || due ? (
                  <span className="tab-dot" data-tone={isCompromised ? 'red' : undefined} aria-label="rotation due" />
                ) : undefined
              }
            >
              Rotation
            </Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
          </Tabs.List>

          <Tabs.Panel value="overview">
            <IncidentPanels account={detail} />
            {archived ? (
              <Alert mt="lg" color="gray" variant="light" p="sm">
                <Text size="sm">
                  Archived {detail.archivedAt ? formatDate(detail.archivedAt) : ''}
                  {detail.platformClosure
                    ? ` (${PLATFORM_CLOSURE_LABELS[detail.platformClosure].toLowerCase()}${detail.platformClosedOn ? ` on ${detail.platformClosedOn}` : ''})`
                    : ''}
                  . It stays on record with its secrets; restore it to use or edit it again.
                </Text>
              </Alert>
            ) : null}

            {/* Keyed by the update time: after an edit, nothing revealed from the old version survives. */}
            <Box key={detail.updatedAt}>
              <Section title="Sign-in">
                {detail.hasSignInName ? (
                  <SecretValue
                    accountId={detail.id}
                    field="signInName"
                    label="Sign-in name"
                    hidden={<span className="mask">{MASK}</span>}
                    render={(value) => <span className="password-text">{value}</span>}
                  />
                ) : null}
                {detail.hasPassword ? (
                  <SecretValue
                    accountId={detail.id}
                    field="password"
                    label="Password"
                    hidden={<span className="mask">{MASK}</span>}
                    render={(value) => (
                      <span className="password-text">
                        <PasswordGlyphs value={value} />
                      </span>
                    )}
                    meta={[
                      detail.passwordChangedAt ? `Changed ${formatRelative(detail.passwordChangedAt)}` : null,
                      detail.passwordStrength !== null ? `Strength: ${STRENGTH_LABELS[detail.passwordStrength]}` : null,
                      detail.strengthOverride ? `Accepted below the policy’s floor: ${detail.strengthOverride}` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                ) : (
                  <Missing
                    label="Password"
                    text="No password stored"
                    onAdd={archived ? undefined : () => onEdit(detail)}
                  />
                )}
                {detail.hasTotp ? (
                  <TotpCode accountId={detail.id} params={detail.totp} />
                ) : detail.twoFactor === 'totp' || detail.twoFactor === 'none' ? (
                  <Missing
                    label="One-time code"
                    text={detail.twoFactor === 'totp' ? 'TOTP seed not stored here' : 'No TOTP seed stored'}
                    onAdd={archived ? undefined : () => onEdit(detail)}
                  />
                ) : null}
                {detail.recoveryCodeCount > 0 ? (
                  <SecretValue
                    accountId={detail.id}
                    field="recoveryCodes"
                    label="Recovery codes"
                    block
                    hidden={`${plural(detail.recoveryCodeCount, 'code')} stored`}
                    render={(value) => (
                      <ol className="recovery-codes">
                        {value.split('\n').map((code, i) => (
                          <li key={i}>{code}</li>
                        ))}
                      </ol>
                    )}
                  />
                ) : null}
              </Section>

              <Section title="Details">
                <dl className="detail-grid">
                  <Field label="Platform">{info.label}</Field>
                  <Field label="Handle">{displayHandle(detail.platform, detail.handle)}</Field>
                  <Field label="Display name">{detail.displayName}</Field>
                  <Field label="Profile URL">
                    {detail.url ? (
                      <Anchor
                        href={detail.url}
                        size="sm"
                        className="external-link"
                        onClick={(event) => {
                          event.preventDefault();
                          openUrl(detail.url);
                        }}
                        title="Opens in your browser"
                      >
                        {detail.url.replace(/^https?:\/\/(www\.)?/i, '')}
                        <IconExternalLink size={13} stroke={1.8} aria-hidden />
                      </Anchor>
                    ) : (
                      ''
                    )}
                  </Field>
                  <Field label="Department">{detail.department}</Field>
                  <Field label="Account manager">
                    {detail.managerId !== null && detail.manager ? (
                      <Group gap={6} wrap="wrap" component="span">
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          onClick={() => openPerson(detail.managerId!)}
                        >
                          {detail.manager}
                        </Anchor>
                        {manager && manager.status === 'left' ? (
                          <Badge size="xs" color="red" variant="light">
                            Has left: choose a new manager
                          </Badge>
                        ) : null}
                      </Group>
                    ) : (
                      detail.manager
                    )}
                  </Field>
                  <Field label="Monitored hours">{detail.monitoredHours}</Field>
                  <Field label="Two-factor method">{TWO_FACTOR_LABELS[detail.twoFactor]}</Field>
                  <Field label="Status">
                    {archived ? `Archived${detail.archivedAt ? ` on ${formatDate(detail.archivedAt)}` : ''}` : 'Active'}
                  </Field>
                  <Field label="Last changed">{formatDateTime(detail.updatedAt)}</Field>
                  <Field label="Purpose" wide>
                    {detail.purpose}
                  </Field>
                </dl>
              </Section>

              <Section title="Register">
                <dl className="field-grid">
                  <Field label="Two-factor device">{detail.twoFactorDevice}</Field>
                  <Field label="Device holder">{detail.twoFactorHolder}</Field>
                  <Field label="Recovery email">{detail.recoveryEmail}</Field>
                  <Field label="Recovery phone">{detail.recoveryPhone}</Field>
                  <Field label="Language">{detail.language ? LANGUAGE_LABELS[detail.language] : ''}</Field>
                  <Field label="Other-language account">
                    {detail.otherLanguageAccountId !== null ? (
                      <Anchor component="button" size="sm" onClick={() => openAccount(detail.otherLanguageAccountId!)}>
                        {accountsById.has(detail.otherLanguageAccountId)
                          ? `@${accountsById.get(detail.otherLanguageAccountId)!.handle}`
                          : `Account ${detail.otherLanguageAccountId}`}
                      </Anchor>
                    ) : (
                      ''
                    )}
                  </Field>
                  <Field label="Approved by">{detail.approvedBy}</Field>
                  <Field label="Approved on">{detail.approvedOn ?? ''}</Field>
                  <Field label="Response time">{detail.responseTime}</Field>
                  <Field label="Held by">{detail.holders.join(', ')}</Field>
                  <Field label="Business case" wide>
                    {detail.businessCase}
                  </Field>
                </dl>
              </Section>

              {detail.hasNotes ? (
                <Section title="Notes">
                  <SecretValue
                    accountId={detail.id}
                    field="notes"
                    label="Notes"
                    block
                    hidden="Hidden. Notes can hold sensitive details."
                    render={(value) => <div className="notes-text">{value}</div>}
                  />
                </Section>
              ) : null}
            </Box>

            <Text size="xs" c="dimmed" mt="lg">
              Registered {formatDateTime(detail.createdAt)} · Updated {formatRelative(detail.updatedAt)} · Account #
              {detail.id}
            </Text>
          </Tabs.Panel>

          <Tabs.Panel value="access">
            <AccessTab account={detail} />
          </Tabs.Panel>

          <Tabs.Panel value="rotation">
            <AccountRotation account={detail} />
          </Tabs.Panel>

          <Tabs.Panel value="history">
            <AccessHistory account={detail} />
          </Tabs.Panel>
        </Tabs>
      </Box>

      {dialog === 'soon' ? <RotateSoonDialog account={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'takeover' ? <ScheduleTakeover accountId={detail.id} onClose={() => setDialog(null)} /> : null}
      {dialog === 'compromise' ? (
        <ReportCompromiseDialog
          account={detail}
          onClose={() => setDialog(null)}
          onReported={() => {
            setDialog(null);
            onTab('overview');
          }}
        />
      ) : null}

      <ConfirmStatus
        opened={confirming}
        account={detail}
        onClose={() => setConfirming(false)}
        onDone={async (next) => {
          setConfirming(false);
          setState({ detail: next, error: null, for: key });
          await onStatusChanged(next);
        }}
      />
    </Box>
  );
});

function Missing({ label, text, onAdd }: { label: string; text: string; onAdd: (() => void) | undefined }) {
  return (
    <Box className="secret-row" role="group" aria-label={label}>
      <Group justify="space-between" wrap="nowrap">
        <Box>
          <Text size="xs" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text size="sm" c="dimmed" mt={2}>
            {text}
          </Text>
        </Box>
        {onAdd ? (
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={onAdd}>
            Add
          </Button>
        ) : null}
      </Group>
    </Box>
  );
}

function ConfirmStatus({
  opened,
  account,
  onClose,
  onDone,
}: {
  opened: boolean;
  account: Detail;
  onClose(): void;
  onDone(next: Detail): Promise<void>;
}) {
  const [closure, setClosure] = useState<PlatformClosure>('deactivated');
  const [today] = useState(() => toIsoDate(Date.now()));
  const [closedOn, setClosedOn] = useState(today);
  const archiving = account.status === 'active';
  const name = displayHandle(account.platform, account.handle);
  const { run, busy, error } = useAction(async () =>
    onDone(
      await (archiving
        ? api.accounts.archive({
            id: account.id,
            closure,
            ...(closure !== 'left_open' && closedOn ? { closedOn } : {}),
          })
        : api.accounts.restore({ id: account.id })),
    ),
  );
  return (
    <Dialog opened={opened} onClose={onClose} title={archiving ? `Archive ${name}?` : `Restore ${name}?`} size="sm">
      <Text size="sm">
        {archiving
          ? 'It leaves the active list and cannot be edited until restored. Everyone who holds access loses it (“Account archived”); its secrets and the access log are kept.'
          : 'It returns to the active list and can be used and edited again. Access revoked by the archive stays revoked: grant it again as needed.'}
      </Text>
      {archiving ? (
        <Stack gap="xs" mt="md">
          <Radio.Group
            label="What happened to the channel on the platform?"
            description="The policy asks for unused channels to be deleted or deactivated."
            value={closure}
            onChange={(value) => setClosure(value as PlatformClosure)}
          >
            <Stack gap={6} mt={6}>
              {PLATFORM_CLOSURES.map((value) => (
                <Radio key={value} value={value} label={PLATFORM_CLOSURE_LABELS[value]} />
              ))}
            </Stack>
          </Radio.Group>
          {closure !== 'left_open' ? (
            <DateField label="On" value={closedOn} onChange={setClosedOn} max={today} />
          ) : null}
        </Stack>
      ) : null}
      {error ? (
        <Text size="sm" c="red" mt="sm" role="alert">
          {error}
        </Text>
      ) : null}
      <DialogActions busy={busy} onCancel={onClose} mt="lg">
        <Button color={archiving ? 'red' : undefined} onClick={() => void run()} loading={busy} data-autofocus>
          {archiving ? 'Archive' : 'Restore'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function DetailSkeleton() {
  return (
    <Box className="detail-inner" aria-busy="true" aria-label="Loading account">
      <Group gap="md">
        <Skeleton height={48} width={48} radius="md" />
        <Stack gap={8} style={{ flex: 1 }}>
          <Skeleton height={18} width="40%" />
          <Skeleton height={12} width="25%" />
        </Stack>
      </Group>
      <Skeleton height={150} mt={44} radius="md" />
      <Skeleton height={200} mt="xl" radius="md" />
    </Box>
  );
}
