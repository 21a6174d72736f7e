/**
 * After breaking the glass: the opened accounts' secrets. Each shows only on
 * an explicit Reveal and hides again after 30 seconds; copies go through main
 * (`press.copy`: recorded, marked concealed, cleared); the two-factor code is
 * asked of main (`press.totp`) once shown, then as each period rolls over.
 * The values live in this panel's state only: leaving it (Done, another
 * screen, the vault locking) drops them. Main keeps them for copying until
 * the vault locks, so a past opening can still be copied from ("held"), but
 * seeing them again means breaking the glass again.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  RingProgress,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconCopy,
  IconDeviceFloppy,
  IconExternalLink,
  IconEye,
  IconEyeOff,
  IconHammer,
  IconMailForward,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { EscrowCopyField, EscrowRegister, OpenedAccount, RegisterEntry } from '../../../../shared/domain/escrow';
import { PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import { CodeDigits } from '../../components/CodeDigits';
import { useFeedback } from '../../components/Feedback';
import { PlatformIcon } from '../../components/PlatformIcon';
import { SaveOutcome, useSaveToFile } from '../../components/SaveToFile';
import { api, errorMessage } from '../../lib/api';
import { formatDateTime, plural } from '../../lib/format';
import { useSecondsLeft } from '../../lib/hooks';
import { useLiveCode } from '../../lib/live-code';
import { displayHandle } from '../accounts/labels';
import { MASK, PasswordGlyphs, REVEAL_MS, useCopyWithFeedback } from '../accounts/SecretValue';

/** One opened account: what it is, and its secrets when they were just opened (null: main holds them, copy only). */
export interface OpenedRow {
  ref: number;
  platform: Platform;
  handle: string;
  displayName: string;
  url: string;
  hasPassword: boolean;
  hasTotp: boolean;
  secrets: Pick<OpenedAccount, 'signInName' | 'password' | 'totp' | 'recoveryCodes'> | null;
  /** What the register says beside the secrets: where resets go, the two-factor device and who holds it. */
  register: string[];
  /** Who to call about it, from the register (not in the opened secrets); null when the register lacks it. */
  contacts: Pick<RegisterEntry, 'manager' | 'holders'> | null;
}

/** The register's word on who manages and holds an account of a bundle. */
export function contactsOf(
  register: EscrowRegister | null | undefined,
  bundleId: string,
  ref: number,
): OpenedRow['contacts'] {
  const entry = register?.accounts.find((a) => a.bundleId === bundleId && a.ref === ref);
  return entry ? { manager: entry.manager, holders: entry.holders } : null;
}

export interface Opening {
  openingId: number;
  issuerName: string;
  openedAt: number;
  reason: string;
  rows: OpenedRow[];
}

/** An opening's rows from what `press.open` returned: the secrets themselves, for this panel only. */
export function rowsFromResult(
  accounts: readonly OpenedAccount[],
  contacts: (ref: number) => OpenedRow['contacts'] = () => null,
): OpenedRow[] {
  return accounts.map((a) => ({
    contacts: contacts(a.ref),
    ref: a.ref,
    platform: a.platform,
    handle: a.handle,
    displayName: a.displayName,
    url: a.url,
    hasPassword: a.password !== null,
    hasTotp: a.totp !== null,
    secrets: { signInName: a.signInName, password: a.password, totp: a.totp, recoveryCodes: a.recoveryCodes },
    register: registerLines(a),
  }));
}

/** The register's contact lines for an opened account (from the opening or from the press register). */
export function registerLines(
  a: Pick<OpenedAccount, 'recoveryEmail' | 'recoveryPhone' | 'twoFactorDevice' | 'twoFactorHolder'>,
): string[] {
  const lines: string[] = [];
  const recovery = [a.recoveryEmail, a.recoveryPhone].filter(Boolean).join(' · ');
  if (recovery) lines.push(`Resets go to ${recovery}`);
  const holder = a.twoFactorHolder && [a.twoFactorHolder.name, a.twoFactorHolder.phone].filter(Boolean).join(', ');
  const device = [a.twoFactorDevice, holder && `held by ${holder}`].filter(Boolean).join(', ');
  if (device) lines.push(`Two-factor device: ${device}`);
  return lines;
}

function useEscrowCopy(openingId: number, ref: number) {
  return useCopyWithFeedback((field: EscrowCopyField) => api.press.copy({ openingId, ref, field }));
}

export function OpenedSecrets({ opening, onDone }: { opening: Opening; onDone(): void }) {
  const notice = useSaveToFile(() => api.press.exportNotice({ openingId: opening.openingId }));
  const held = opening.rows.every((r) => r.secrets === null);

  return (
    <Box>
      <Paper className="incident-card" mt="lg" role="region" aria-label="Break-glass opening">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start" miw={0}>
            <ThemeIcon color="red" variant="filled" size={32} radius="md">
              <IconHammer size={19} stroke={2} />
            </ThemeIcon>
            <Box miw={0}>
              <Title order={4} c="red">
                {held ? 'Opened secrets, held for copying' : 'Glass broken'}: {plural(opening.rows.length, 'account')}{' '}
                of {opening.issuerName}
              </Title>
              <Text size="xs" c="dimmed">
                Opened {formatDateTime(opening.openedAt)} · recorded in this vault’s audit trail
                {held ? ' · available until this vault locks' : ''}
              </Text>
            </Box>
          </Group>
          <Button variant="default" onClick={onDone} style={{ flexShrink: 0 }}>
            Done: hide the secrets
          </Button>
        </Group>
        <Text size="sm" mt="sm" className="incident-note selectable">
          {opening.reason}
        </Text>
        <Group gap="sm" mt="md" wrap="nowrap" align="center">
          <Button
            size="xs"
            color="red"
            variant={notice.saved ? 'default' : 'filled'}
            leftSection={<IconDeviceFloppy size={14} />}
            onClick={() => void notice.run()}
            loading={notice.saving}
          >
            Save break-glass notice…
          </Button>
          <Group gap={6} wrap="nowrap">
            <IconMailForward size={15} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" c="dimmed">
              Send it to {opening.issuerName}: importing it puts these accounts in their rotation queue.
            </Text>
          </Group>
        </Group>
        <SaveOutcome state={notice} label="Notice saved" />
      </Paper>

      {held ? (
        <Alert color="gray" variant="light" mt="md" p="sm">
          <Text size="sm">
            What was revealed left the screen when you moved on. Copies and live codes still work until the vault locks;
            to see a secret again, break the glass again (recorded, with a new notice).
          </Text>
        </Alert>
      ) : null}

      <Stack gap="md" mt="lg" role="list" aria-label="Opened accounts">
        {opening.rows.map((row) => (
          <OpenedAccountCard key={row.ref} openingId={opening.openingId} row={row} />
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="sm">
        Secrets hide again after 30 seconds; copies clear themselves from the clipboard. Nothing fills itself in.
      </Text>
    </Box>
  );
}

function OpenedAccountCard({ openingId, row }: { openingId: number; row: OpenedRow }) {
  const feedback = useFeedback();
  const handle = displayHandle(row.platform, row.handle);
  const info = PLATFORM_INFO[row.platform];
  const openUrl = () =>
    api.app.openExternal({ url: row.url }).catch((e: unknown) => feedback.toast(errorMessage(e), 'error'));
  return (
    <Paper withBorder className="detail-card" role="listitem" aria-label={`${handle} (${info.label})`}>
      {/* At 2 a.m. the eye goes first to what to type: who to sign in as, the password, the code. */}
      <Group className="opened-head" justify="space-between" wrap="nowrap" gap="md">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <PlatformIcon platform={row.platform} size={36} decorative />
          <Box miw={0}>
            <Text size="xs" c="dimmed" fw={500}>
              Sign in to {info.label} as
            </Text>
            <Text fw={700} size="lg" className="truncate selectable" aria-label="Sign in as">
              {handle}
            </Text>
            {row.displayName ? (
              <Text size="xs" c="dimmed" className="truncate">
                {row.displayName}
              </Text>
            ) : null}
          </Box>
        </Group>
        {/^https?:\/\//i.test(row.url) ? (
          <Anchor component="button" type="button" size="xs" onClick={() => void openUrl()} className="external-link">
            Open profile <IconExternalLink size={12} />
          </Anchor>
        ) : null}
      </Group>
      {row.secrets?.signInName ? (
        <RowShell label="Sign in as" left={0} actions={null}>
          <Text size="sm" className="secret-value" mt={2} aria-label="Sign-in name value">
            {row.secrets.signInName}
          </Text>
        </RowShell>
      ) : null}
      <PasswordRow openingId={openingId} row={row} />
      <TotpRow openingId={openingId} row={row} />
      <RecoveryRow openingId={openingId} row={row} />
      <ContactsRow contacts={row.contacts} />
      {row.register.map((line) => (
        <Text key={line} size="xs" c="dimmed" mt="xs">
          {line}
        </Text>
      ))}
    </Paper>
  );
}

/** A value shown on Reveal, hidden again on Hide or after REVEAL_MS; null while hidden. */
function useReveal(): [string | null, (value: string | null) => void, number] {
  const [shown, setShown] = useState<{ value: string; until: number } | null>(null);
  const left = useSecondsLeft(shown?.until ?? null);
  useEffect(() => {
    if (!shown) return;
    const timer = window.setTimeout(() => setShown(null), shown.until - Date.now());
    return () => window.clearTimeout(timer);
  }, [shown]);
  return [
    shown?.value ?? null,
    (value) => setShown(value === null ? null : { value, until: Date.now() + REVEAL_MS }),
    left,
  ];
}

function RowShell({
  label,
  left,
  children,
  actions,
}: {
  label: string;
  /** Seconds until a revealed value hides, or 0. */
  left: number;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <Box className="secret-row" role="group" aria-label={label}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="xs" c="dimmed" fw={500}>
            {label}
            {left > 0 ? (
              <Text span size="xs" c="dimmed" fw={400} aria-live="off">
                {' '}
                · hides in {left} s
              </Text>
            ) : null}
          </Text>
          {children}
        </Box>
        <Group gap={4} wrap="nowrap">
          {actions}
        </Group>
      </Group>
    </Box>
  );
}

function RevealButton({ name, shown, onToggle }: { name: string; shown: boolean; onToggle(): void }) {
  return (
    <Tooltip label={shown ? 'Hide' : 'Reveal'}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={onToggle}
        aria-label={shown ? `Hide ${name}` : `Reveal ${name}`}
        aria-pressed={shown}
      >
        {shown ? <IconEyeOff size={18} /> : <IconEye size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function CopyButton({ name, busy, onCopy }: { name: string; busy: boolean; onCopy(): void }) {
  return (
    <Tooltip label="Copy (clears itself)">
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={onCopy} loading={busy} aria-label={`Copy ${name}`}>
        <IconCopy size={18} />
      </ActionIcon>
    </Tooltip>
  );
}

function PasswordRow({ openingId, row }: { openingId: number; row: OpenedRow }) {
  const [shown, setShown, left] = useReveal();
  const { copy, busy } = useEscrowCopy(openingId, row.ref);
  if (!row.hasPassword) {
    return (
      <RowShell label="Password" left={0} actions={null}>
        <Text size="sm" c="dimmed" mt={2}>
          None in the bundle
        </Text>
      </RowShell>
    );
  }
  const value = row.secrets?.password ?? null;
  return (
    <RowShell
      label="Password"
      left={shown !== null ? left : 0}
      actions={
        <>
          {value !== null ? (
            <RevealButton name="password" shown={shown !== null} onToggle={() => setShown(shown ? null : value)} />
          ) : null}
          <CopyButton name="password" busy={busy === 'password'} onCopy={() => void copy('password', 'Password')} />
        </>
      }
    >
      <Box className="secret-inline" mt={2} aria-label="Password value" data-revealed={shown !== null || undefined}>
        {shown !== null ? (
          <span className="password-text">
            <PasswordGlyphs value={shown} />
          </span>
        ) : (
          <span className="mask">{MASK}</span>
        )}
      </Box>
    </RowShell>
  );
}

/** The live two-factor code: asked of main only when shown (an audited view), then at each period's end. */
function TotpRow({ openingId, row }: { openingId: number; row: OpenedRow }) {
  const { copy, busy } = useEscrowCopy(openingId, row.ref);
  const [showing, setShowing] = useState(false);
  if (!row.hasTotp) {
    return (
      <RowShell label="Two-factor code" left={0} actions={null}>
        <Text size="sm" c="dimmed" mt={2}>
          No authenticator seed in the bundle
        </Text>
      </RowShell>
    );
  }
  const totp = row.secrets?.totp ?? null;
  return (
    <RowShell
      label="Two-factor code"
      left={0}
      actions={
        <>
          {showing ? (
            <Button
              size="md"
              leftSection={<IconCopy size={18} />}
              onClick={() => void copy('totpCode', 'Code')}
              loading={busy === 'totpCode'}
            >
              Copy code
            </Button>
          ) : null}
          <Tooltip label="Copy the seed, to add it to an authenticator app (clears itself)">
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => void copy('totpSecret', 'Two-factor seed')}
              loading={busy === 'totpSecret'}
            >
              Copy seed
            </Button>
          </Tooltip>
        </>
      }
    >
      {showing ? (
        <LiveCode openingId={openingId} refNo={row.ref} />
      ) : (
        <Group gap="sm" mt={2}>
          <Text className="totp-code totp-placeholder" aria-hidden>
            ••• •••
          </Text>
          <Button size="md" onClick={() => setShowing(true)}>
            Show code
          </Button>
        </Group>
      )}
      {totp ? (
        <Text size="xs" c="dimmed" mt={2}>
          {totp.digits} digits · every {totp.period} s · {totp.algorithm.toUpperCase().replace('SHA', 'SHA-')}
        </Text>
      ) : null}
    </RowShell>
  );
}

function LiveCode({ openingId, refNo }: { openingId: number; refNo: number }) {
  const { code, period, remainingMs, seconds, urgent, error } = useLiveCode(
    (refresh) => api.press.totp({ openingId, ref: refNo, refresh }),
    `${openingId}:${refNo}`,
  );
  if (error) {
    return (
      <Text size="sm" c="red" mt={2} role="alert">
        {error}
      </Text>
    );
  }
  return (
    <Group gap="sm" mt={2} wrap="nowrap">
      <CodeDigits code={code} urgent={urgent} label="Two-factor code value" />
      <RingProgress
        size={34}
        thickness={3}
        roundCaps
        sections={[
          {
            value: code ? (remainingMs / (period * 1000)) * 100 : 0,
            color: urgent ? 'red.6' : 'custodian',
          },
        ]}
        label={
          <Text ta="center" size="10px" fw={600} c={urgent ? 'red' : 'dimmed'}>
            {code ? seconds : ''}
          </Text>
        }
        aria-label={`Code changes in ${seconds} seconds`}
        role="timer"
      />
    </Group>
  );
}

function RecoveryRow({ openingId, row }: { openingId: number; row: OpenedRow }) {
  const [shown, setShown, left] = useReveal();
  const { copy, busy } = useEscrowCopy(openingId, row.ref);
  const codes = row.secrets?.recoveryCodes ?? null;
  if (codes !== null && codes.length === 0) {
    return (
      <RowShell label="Recovery codes" left={0} actions={null}>
        <Text size="sm" c="dimmed" mt={2}>
          None in the bundle
        </Text>
      </RowShell>
    );
  }
  return (
    <RowShell
      label="Recovery codes"
      left={shown !== null ? left : 0}
      actions={
        <>
          {codes !== null ? (
            <RevealButton
              name="recovery codes"
              shown={shown !== null}
              onToggle={() => setShown(shown ? null : codes.join('\n'))}
            />
          ) : null}
          <CopyButton
            name="recovery codes"
            busy={busy === 'recoveryCodes'}
            onCopy={() => void copy('recoveryCodes', 'Recovery codes')}
          />
        </>
      }
    >
      {shown !== null ? (
        <ol className="recovery-codes secret-block" aria-label="Recovery codes value">
          {shown.split('\n').map((code, i) => (
            <li key={i}>{code}</li>
          ))}
        </ol>
      ) : (
        <Text size="sm" c="dimmed" mt={2}>
          {codes !== null ? plural(codes.length, 'code') : 'Held for copying'}
          {codes !== null ? (
            <Badge ml={8} size="xs" variant="light" color="orange">
              each works once
            </Badge>
          ) : null}
        </Text>
      )}
    </RowShell>
  );
}

/** The manager and the holders, by name and email, as the bundle's register lists them. */
/** A phone number to call at 2 a.m., when the directory has one (bundles before manifest v2 have none). */
function Phone({ phone }: { phone: string }) {
  if (!phone) return null;
  return (
    <>
      {' · '}
      <span className="selectable" aria-label="Phone">
        {phone}
      </span>
    </>
  );
}

function ContactsRow({ contacts }: { contacts: OpenedRow['contacts'] }) {
  if (!contacts) return null;
  const { manager, holders } = contacts;
  const others = holders.filter((h) => h.email !== manager?.email);
  return (
    <Box className="secret-row" role="group" aria-label="Who to call">
      <Text size="xs" c="dimmed" fw={500}>
        Who to call
      </Text>
      <Stack gap={2} mt={2}>
        <Text size="sm">
          {manager ? (
            <>
              <Text span fw={600}>
                {manager.name}
              </Text>{' '}
              (manager) · <span className="selectable">{manager.email}</span>
              <Phone phone={manager.phone} />
            </>
          ) : (
            'No manager named'
          )}
        </Text>
        {others.map((h) => (
          <Text size="sm" key={h.email}>
            <Text span fw={600}>
              {h.name}
            </Text>{' '}
            (holds access) · <span className="selectable">{h.email}</span>
            <Phone phone={h.phone} />
          </Text>
        ))}
      </Stack>
    </Box>
  );
}
