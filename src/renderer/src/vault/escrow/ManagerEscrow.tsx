/**
 * The account manager's side of escrow: the press team's card (imported only
 * when the fingerprint read out on the phone matches), the bundle exported to
 * it and whether it is still current (an account rotated, added or archived
 * since makes it stale: one click exports a new one), and the break-glass
 * notices the press team sends after opening accounts, which put those
 * accounts in the rotation queue.
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
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconFileImport,
  IconLifebuoy,
  IconPackageExport,
  IconPhoneCall,
  IconPlus,
  IconRotateClockwise,
  IconShieldX,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import {
  FINGERPRINT_DIGITS,
  formatFingerprint,
  normalizeFingerprint,
  type EscrowCardStatus,
  type NoticeView,
  type PressCardView,
  type Staleness,
} from '../../../../shared/domain/escrow';
import { useFeedback } from '../../components/Feedback';
import { PlatformIcon } from '../../components/PlatformIcon';
import { SavedTo } from '../../components/SaveToFile';
import { ApiError, api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { formatCount, formatDate, formatDateTime, plural } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { EmptyRow, Section } from '../DetailSection';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { PastedText, quorumText } from './labels';
import { DialogActions } from '../../components/DialogParts';

/** "1 account rotated, 2 added" (what changed since the bundle); empty when nothing did. */
export function stalenessText(reasons: Staleness): string {
  const parts: [string, number][] = [
    ['rotated', reasons.rotated.length],
    ['added', reasons.added.length],
    ['archived', reasons.archived.length],
  ];
  return parts
    .filter(([, n]) => n > 0)
    .map(([verb, n], i) => `${i === 0 ? plural(n, 'account') : formatCount(n)} ${verb}`)
    .join(', ');
}

/** Exporting a bundle to a card (the save dialog, then where it went); the escrow status is read again after. */
export function useBundleExport() {
  const { invalidate } = useVaultData();
  const feedback = useFeedback();
  const [saved, setSaved] = useState<{ fingerprint: string; team: string; path: string; count: number } | null>(null);

  const { run: exportTo, pending } = useAction(
    async (card: PressCardView) => {
      const result = await api.escrow.export({ fingerprint: card.fingerprint });
      if (result.path !== null) {
        setSaved({ fingerprint: card.fingerprint, team: card.team, path: result.path, count: result.count });
        feedback.toast(`Escrow bundle of ${plural(result.count, 'account')} saved for ${card.team}`);
      }
      await invalidate('escrow');
    },
    { refusal: 'toast' },
  );

  /** The fingerprint of the card being exported to, or null. */
  const busy = pending?.[0].fingerprint ?? null;
  return { exportTo, busy, saved, dismiss: () => setSaved(null) };
}

export function ManagerEscrow({ onSetUpPressKey }: { onSetUpPressKey: (() => void) | null }) {
  const { escrow } = useVaultData();
  const [importing, setImporting] = useState<'card' | 'notice' | null>(null);
  const exporter = useBundleExport();

  if (escrow === null) {
    return (
      <Stack mt="xl" gap="md" aria-busy="true" aria-label="Loading the escrow status">
        <Skeleton height={110} radius="md" />
        <Skeleton height={70} radius="md" />
      </Stack>
    );
  }

  const dialogs = (
    <>
      {importing === 'card' ? (
        <ImportCardDialog
          onClose={() => setImporting(null)}
          onExport={(card) => {
            setImporting(null);
            void exporter.exportTo(card);
          }}
        />
      ) : null}
      {importing === 'notice' ? <ImportNoticeDialog onClose={() => setImporting(null)} /> : null}
    </>
  );

  // The dialogs stay at one place in the tree: importing the first card must not remount them.
  return (
    <Box>
      {escrow.cards.length === 0 ? (
        <Stack align="center" gap="xs" ta="center" mt={48}>
          <ThemeIcon size={64} radius="xl" variant="light">
            <IconLifebuoy size={32} stroke={1.6} />
          </ThemeIcon>
          <Title order={4} mt="sm">
            Give the press team emergency access
          </Title>
          <Text c="dimmed" size="sm" maw={480}>
            If one of your accounts is hacked out of hours, the press office must be able to get in. Import their card,
            then export a bundle to it: your logins sealed so that only the press vault can open them, and only by
            breaking the glass, which you are told about.
          </Text>
          <Button mt="md" leftSection={<IconFileImport size={16} />} onClick={() => setImporting('card')}>
            Import the press team’s card
          </Button>
          {onSetUpPressKey ? (
            <Text size="sm" c="dimmed" mt="lg">
              Is this the press office’s own vault?{' '}
              <Anchor component="button" type="button" size="sm" onClick={onSetUpPressKey}>
                Set up the press key instead
              </Anchor>
            </Text>
          ) : null}
        </Stack>
      ) : (
        <>
          <Section
            title="Bundles for the press team"
            mt="lg"
            aside={
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => setImporting('card')}
              >
                Import another card…
              </Button>
            }
          >
            <Box role="list" aria-label="Press cards">
              {escrow.cards.map((status) => (
                <CardStatusRow
                  key={status.card.id}
                  status={status}
                  busy={exporter.busy === status.card.fingerprint}
                  disabled={exporter.busy !== null}
                  saved={exporter.saved?.fingerprint === status.card.fingerprint ? exporter.saved.path : null}
                  onExport={() => void exporter.exportTo(status.card)}
                />
              ))}
            </Box>
          </Section>
          <Text size="xs" c="dimmed" mt={6}>
            A bundle holds every active account’s password, two-factor seed and recovery codes (never notes), sealed to
            the press key, and the register: managers, who holds access, last rotations. Send the file to the press
            office by any route: only their vault can open it.
          </Text>

          <Section
            title="Break-glass notices"
            aside={
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconFileImport size={14} />}
                onClick={() => setImporting('notice')}
              >
                Import a notice…
              </Button>
            }
          >
            {escrow.notices.length === 0 ? (
              <EmptyRow>
                None. When the press team opens your accounts in an emergency, they send you a signed notice: import it
                here, and every account they saw goes to your rotation queue.
              </EmptyRow>
            ) : (
              <Box role="list" aria-label="Imported notices">
                {[...escrow.notices]
                  .sort((a, b) => b.openedAt - a.openedAt)
                  .map((notice) => (
                    <NoticeRow key={notice.noticeId} notice={notice} />
                  ))}
              </Box>
            )}
          </Section>
        </>
      )}
      {dialogs}
    </Box>
  );
}

function CardStatusRow({
  status,
  busy,
  disabled,
  saved,
  onExport,
}: {
  status: EscrowCardStatus;
  busy: boolean;
  disabled: boolean;
  saved: string | null;
  onExport(): void;
}) {
  const { card, latest, stale, reasons } = status;
  const tone = latest === null ? 'red' : stale ? 'orange' : 'teal';
  return (
    <Box className="queue-row" role="listitem" aria-label={card.team}>
      <ThemeIcon size={36} radius="md" variant="light" color={tone}>
        <IconLifebuoy size={20} stroke={1.7} />
      </ThemeIcon>
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Text fw={600} size="sm">
            {card.team}
          </Text>
          <Badge size="xs" variant="light" color={card.quorum ? 'grape' : 'gray'}>
            {quorumText(card.quorum, false)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" mt={2}>
          Card <span className="mono-small selectable">{card.fingerprint}</span> · imported{' '}
          {formatDate(card.importedAt)}
        </Text>
        <Group gap={6} mt={8} wrap="nowrap" align="flex-start" role="status" aria-label="Escrow status">
          {latest === null ? (
            <IconShieldX size={16} color="var(--mantine-color-red-7)" style={{ flexShrink: 0, marginTop: 2 }} />
          ) : stale ? (
            <IconAlertTriangle
              size={16}
              color="var(--mantine-color-orange-7)"
              style={{ flexShrink: 0, marginTop: 2 }}
            />
          ) : (
            <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" style={{ flexShrink: 0, marginTop: 2 }} />
          )}
          <Text size="sm" fw={500} c={latest === null ? 'red' : stale ? 'orange' : undefined}>
            {latest === null
              ? 'No bundle yet: the press team cannot reach your accounts in an emergency.'
              : stale
                ? `Out of date: ${stalenessText(reasons)} since the bundle of ${formatDateTime(latest.createdAt)}.`
                : `Up to date: the bundle of ${formatDateTime(latest.createdAt)} holds ${
                    latest.accounts === 1
                      ? 'the only active account'
                      : latest.accounts === 2
                        ? 'both active accounts'
                        : `all ${formatCount(latest.accounts)} active accounts`
                  } as they are now.`}
          </Text>
        </Group>
        {stale && latest !== null ? <StaleAccounts reasons={reasons} /> : null}
        {saved ? (
          <Box mt={8}>
            <SavedTo path={saved} label="Bundle saved">
              . Send it to {card.team}: until they import it, they hold the one before.
            </SavedTo>
          </Box>
        ) : null}
      </Box>
      <Box className="access-row-action">
        <Button
          size="xs"
          variant={stale ? 'filled' : 'default'}
          color={stale && latest !== null ? 'orange' : undefined}
          leftSection={<IconPackageExport size={14} />}
          onClick={onExport}
          loading={busy}
          disabled={disabled && !busy}
          aria-label={`${latest === null ? 'Export bundle' : 'Re-export'} for ${card.team}`}
        >
          {latest === null ? 'Export bundle…' : 'Re-export…'}
        </Button>
      </Box>
    </Box>
  );
}

/** Which accounts changed since the bundle, by name. */
function StaleAccounts({ reasons }: { reasons: Staleness }) {
  const { accountsById } = useVaultData();
  const name = (id: number) => {
    const account = accountsById.get(id);
    return account ? displayHandle(account.platform, account.handle) : `account #${id}`;
  };
  const list = (ids: number[]) =>
    ids.length <= 6
      ? ids.map(name).join(', ')
      : `${ids.slice(0, 6).map(name).join(', ')} and ${plural(ids.length - 6, 'more', 'more')}`;
  const rows = [
    { label: 'Rotated since', ids: reasons.rotated },
    { label: 'Added since', ids: reasons.added },
    { label: 'Archived since', ids: reasons.archived },
  ].filter((row) => row.ids.length > 0);
  return (
    <Stack gap={2} mt={4} ml={22}>
      {rows.map((row) => (
        <Text key={row.label} size="xs" c="dimmed">
          {row.label}: <span className="reason-text">{list(row.ids)}</span>
        </Text>
      ))}
    </Stack>
  );
}

function NoticeRow({ notice, queueLink = true }: { notice: NoticeView; queueLink?: boolean }) {
  const { accountsById, obligationsByAccount } = useVaultData();
  const { openAccount, openRotation } = useNavigation();
  const waiting = notice.accounts.filter((id) =>
    (obligationsByAccount.get(id) ?? []).some((o) => o.reasonKind === 'escrow_opened'),
  ).length;
  return (
    <Box
      className="queue-row"
      role="listitem"
      aria-label={`Opened by ${notice.team} on ${formatDate(notice.openedAt)}`}
    >
      <ThemeIcon size={36} radius="md" variant="light" color="red">
        <IconLifebuoy size={20} stroke={1.7} />
      </ThemeIcon>
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Text fw={600} size="sm">
            {notice.team} broke the glass on {plural(notice.accounts.length, 'account')}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(notice.openedAt)} · imported {formatDate(notice.importedAt)}
          </Text>
        </Group>
        <Text size="sm" mt={6} className="grant-reason">
          {notice.reason}
        </Text>
        <Group gap={6} mt={8} wrap="wrap" role="list" aria-label="Accounts opened">
          {notice.accounts.map((id) => {
            const account = accountsById.get(id);
            return (
              <Badge
                key={id}
                role="listitem"
                variant="default"
                size="lg"
                radius="sm"
                tt="none"
                fw={500}
                leftSection={account ? <PlatformIcon platform={account.platform} size={16} decorative /> : null}
                component="button"
                type="button"
                className="badge-button"
                onClick={() => openAccount(id, 'rotation')}
              >
                {account ? displayHandle(account.platform, account.handle) : `account #${id}`}
              </Badge>
            );
          })}
        </Group>
        <Text size="xs" mt={8} c={waiting > 0 ? 'orange' : 'dimmed'} fw={waiting > 0 ? 600 : 400}>
          {waiting > 0 ? (
            <>
              {plural(waiting, 'password')} still to change.
              {queueLink ? (
                <>
                  {' '}
                  <Anchor component="button" type="button" size="xs" onClick={openRotation}>
                    {waiting === 1 ? 'Show it' : 'Show them'} in the rotation queue
                  </Anchor>
                </>
              ) : null}
            </>
          ) : (
            'Every password they saw has changed since.'
          )}
        </Text>
      </Box>
    </Box>
  );
}

/**
 * Why a card was refused. When the fingerprint typed is not the card's, main's
 * message names the card's own fingerprint: it is not shown, or a mistyped
 * check would only invite copying it from the screen into the field.
 */
function cardRefusal(error: unknown, typed: string): { title: string; message: string } {
  const code = error instanceof ApiError ? error.code : 'internal';
  const digits = normalizeFingerprint(typed);
  const mismatch =
    error instanceof ApiError &&
    code === 'tampered' &&
    (error.issues.some((i) => i.path === 'fingerprint') ||
      (digits !== null && error.message.includes(formatFingerprint(digits))));
  if (mismatch) {
    return {
      title: 'The fingerprints differ: do not use this card',
      message:
        'The fingerprint you typed is not this card’s. Check the digits again with the press office, on a number you already know. If they still differ, the card is not theirs: someone may be trying to receive your bundle.',
    };
  }
  const titles: Partial<Record<string, string>> = {
    tampered: 'This card has been altered',
    conflict: 'Already imported',
    invalid_input: 'Not a press card',
    corrupt: 'Not a press card',
    unsupported: 'Made by a different version of Custodian',
  };
  return { title: titles[code] ?? 'The card was not imported', message: errorMessage(error) };
}

/**
 * Importing the press team's card. The fingerprint is typed from what the
 * press team reads out on the phone, and main refuses the card unless it
 * matches: the card's own fingerprint is never shown before that check, so it
 * cannot be copied from the card itself.
 */
function ImportCardDialog({ onClose, onExport }: { onClose(): void; onExport(card: PressCardView): void }) {
  const { fileDialogs, invalidate } = useVaultData();
  const feedback = useFeedback();
  const [content, setContent] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [errors, setErrors] = useState<{ content?: string; fingerprint?: string }>({});
  const [refusal, setRefusal] = useState<{ title: string; message: string } | null>(null);
  const [imported, setImported] = useState<PressCardView | null>(null);
  const importCard = useAction(
    async () => {
      const card = await api.escrow.importCard({ content, fingerprint });
      setImported(card);
      feedback.toast(`Press card of ${card.team} imported`);
      await invalidate('escrow');
    },
    {
      onRefused(e) {
        setRefusal(cardRefusal(e, fingerprint));
        return true;
      },
    },
  );
  const busy = importCard.busy;
  const digits = fingerprint.replace(/\D/g, '').length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!content.trim()) found.content = 'Paste the card, or open the card file';
    if (digits !== FINGERPRINT_DIGITS) {
      found.fingerprint = `The fingerprint is ${FINGERPRINT_DIGITS} digits: ${digits} typed`;
    }
    setErrors(found);
    setRefusal(null);
    if (Object.keys(found).length > 0) return;
    void importCard.run();
  };

  return (
    <Dialog
      opened
      onClose={busy ? () => undefined : onClose}
      title={imported ? 'Press card imported' : 'Import the press team’s card'}
      size={640}
    >
      {imported ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={imported.team} role="status">
            <Text size="sm">
              The fingerprint matched. Bundles you export to this card open only in their press vault
              {imported.quorum ? `, and only with ${quorumText(imported.quorum)}` : ''}.
            </Text>
          </Alert>
          <dl className="detail-grid compact">
            <div className="detail-field wide">
              <dt>Card fingerprint</dt>
              <dd className="mono-small selectable">{imported.fingerprint}</dd>
            </div>
            <div className="detail-field wide">
              <dt>Press vault’s signing key (checks their break-glass notices)</dt>
              <dd className="mono-small selectable">{imported.signingKeyFingerprint}</dd>
            </div>
          </dl>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Later
            </Button>
            <Button leftSection={<IconPackageExport size={16} />} onClick={() => onExport(imported)} data-autofocus>
              Export the bundle now…
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Import the press team’s card">
          <Stack gap="md">
            <PastedText
              label="Card"
              description="The text block the press office sent you, from -----BEGIN to END-----, or the card file."
              placeholder="-----BEGIN CUSTODIAN PRESS CARD-----"
              kind="card"
              fileDialogs={fileDialogs}
              value={content}
              onChange={(value) => {
                setContent(value);
                setRefusal(null);
                setErrors((old) => ({ ...old, content: undefined }));
              }}
              error={errors.content}
              autoFocus
            />
            <Paper withBorder p="md" className="subtle-panel">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon size={30} radius="xl" variant="light" color="grape">
                  <IconPhoneCall size={16} />
                </ThemeIcon>
                <Box style={{ flex: 1 }} miw={0}>
                  <Text size="sm" fw={600}>
                    Check it by phone
                  </Text>
                  <Text size="xs" c="dimmed">
                    Call the press office on a number you already know, not one in the message, and ask them to read out
                    their card’s fingerprint. Type what you hear: a card someone else slipped you will not match.
                  </Text>
                  <TextInput
                    mt="sm"
                    label="Fingerprint read out by the press office"
                    placeholder="12345 67890 12345 67890 12345 67890"
                    value={fingerprint}
                    onChange={(e) => {
                      setFingerprint(e.currentTarget.value);
                      setRefusal(null);
                      setErrors((old) => ({ ...old, fingerprint: undefined }));
                    }}
                    error={errors.fingerprint}
                    description={`${digits} of ${FINGERPRINT_DIGITS} digits · spaces and dashes do not matter`}
                    inputWrapperOrder={['label', 'input', 'error', 'description']}
                    classNames={{ input: 'fingerprint-input' }}
                    inputMode="numeric"
                    spellCheck={false}
                    autoComplete="off"
                    maxLength={60}
                  />
                </Box>
              </Group>
            </Paper>
            {refusal ? (
              <Alert color="red" variant="light" icon={<IconShieldX size={18} />} title={refusal.title} role="alert">
                <Text size="sm">{refusal.message}</Text>
              </Alert>
            ) : null}
            <DialogActions busy={busy} onCancel={onClose}>
              <Button type="submit" loading={busy}>
                Check and import
              </Button>
            </DialogActions>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}

/** Importing the press team's break-glass notice: what they opened, and why, goes to the rotation queue. */
function ImportNoticeDialog({ onClose }: { onClose(): void }) {
  const { fileDialogs, escrow, rotationChanged, invalidate } = useVaultData();
  const { openRotation } = useNavigation();
  const feedback = useFeedback();
  const [content, setContent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ noticeId: string; obligations: number; archivedSkipped: number } | null>(null);
  const importNotice = useAction(async () => {
    const imported = await api.escrow.importNotice({ content });
    setResult(imported);
    feedback.toast(`Notice from ${imported.team} imported: ${plural(imported.obligations, 'account')} to rotate`);
    await Promise.all([invalidate('escrow'), rotationChanged()]);
  });
  const { busy, error: refusal, reset: clearRefusal } = importNotice;
  const notice = result ? escrow?.notices.find((n) => n.noticeId === result.noticeId) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!content.trim()) return setError('Paste the notice, or open the notice file');
    void importNotice.run();
  };

  return (
    <Dialog
      opened
      onClose={busy ? () => undefined : onClose}
      title={result ? 'Break-glass notice imported' : 'Import a break-glass notice'}
      size={640}
    >
      {result ? (
        <Stack gap="md">
          {notice ? (
            <Paper withBorder className="detail-card" role="list" aria-label="Notice imported">
              <NoticeRow notice={notice} queueLink={false} />
            </Paper>
          ) : (
            <Skeleton height={120} radius="md" />
          )}
          <Alert
            color={result.obligations > 0 ? 'orange' : 'gray'}
            variant="light"
            icon={<IconRotateClockwise size={18} />}
            role="status"
            aria-label="Obligations created"
          >
            <Text size="sm">
              {result.obligations > 0
                ? `${plural(result.obligations, 'account')} now ${result.obligations === 1 ? 'has' : 'have'} an “Escrow opened” obligation, due at once: the press team saw ${result.obligations === 1 ? 'its password' : 'their passwords'}, so change ${result.obligations === 1 ? 'it' : 'them'}.`
                : 'No account needs rotating: every account it names is archived.'}
              {result.archivedSkipped > 0 && result.obligations > 0
                ? ` ${plural(result.archivedSkipped, 'archived account')} left alone.`
                : ''}
            </Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
            {result.obligations > 0 ? (
              <Button
                leftSection={<IconRotateClockwise size={16} />}
                onClick={() => {
                  onClose();
                  openRotation();
                }}
                data-autofocus
              >
                Open the rotation queue
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Import a break-glass notice">
          <Stack gap="md">
            <Text size="sm">
              The press office sends one each time it opens your accounts. It is checked against the key of their card
              you imported, and recorded in your audit trail.
            </Text>
            <PastedText
              label="Notice"
              description="The contents of the notice file."
              placeholder='{"custodianBreakGlassNotice":1,…}'
              kind="notice"
              fileDialogs={fileDialogs}
              value={content}
              onChange={(value) => {
                setContent(value);
                setError(null);
                clearRefusal();
              }}
              error={error}
              autoFocus
            />
            {refusal ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconShieldX size={18} />}
                title="The notice was not imported"
                role="alert"
              >
                <Text size="sm">{refusal}</Text>
              </Alert>
            ) : null}
            <DialogActions busy={busy} onCancel={onClose}>
              <Button type="submit" loading={busy}>
                Import notice
              </Button>
            </DialogActions>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}
