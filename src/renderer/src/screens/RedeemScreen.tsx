/**
 * Redeeming a one-time credential: no vault needed. The ticket says who
 * issued it (checked against its signature), for which account and window;
 * the code typed here opens it, but only on an explicit Reveal, so a chat
 * app's link preview or a stray paste cannot use it up. It opens once per
 * computer. What it reveals is dropped (here and in main) on leaving.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  List,
  Loader,
  Paper,
  RingProgress,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCircleCheck,
  IconClockPause,
  IconCopy,
  IconEye,
  IconEyeOff,
  IconFileImport,
  IconLockOpen,
  IconShieldX,
  IconTicket,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import type { Redeemed, TicketInfo } from '../../../shared/domain/takeover';
import type { ErrorCode } from '../../../shared/contract/envelope';
import { codeProblem } from '../../../shared/ticket-code';
import type { AppInfo } from '../lib/app-info';
import { FeedbackProvider, useFeedback } from '../components/Feedback';
import { PlatformIcon } from '../components/PlatformIcon';
import { ApiError, api, errorMessage } from '../lib/api';
import { formatDateTime, formatDuration, formatWindow } from '../lib/format';
import { useNow, useSecondsLeft } from '../lib/hooks';
import { useInspection } from '../lib/inspection';
import { displayHandle } from '../vault/accounts/labels';
import { PasswordGlyphs } from '../vault/accounts/SecretValue';
import { FingerprintField } from '../vault/escrow/labels';
import { WelcomeLayout } from './WelcomeLayout';
import { SectionLabel } from '../components/SectionLabel';

interface Refusal {
  code: ErrorCode;
  message: string;
}

const REFUSAL_TITLES: Partial<Record<ErrorCode, string>> = {
  wrong_code: 'Wrong code',
  backoff: 'Too many wrong codes',
  expired: 'This ticket has expired',
  not_yet_valid: 'This ticket is not open yet',
  already_used: 'Already redeemed on this computer',
  tampered: 'This ticket has been altered',
  invalid_input: 'Not a valid ticket',
  unsupported: 'Made by a different version of Custodian',
};

export function RedeemScreen({ info, onBack }: { info: AppInfo; onBack(): void }) {
  return (
    <FeedbackProvider>
      <Redeem info={info} onBack={onBack} />
    </FeedbackProvider>
  );
}

function Redeem({ info: app, onBack }: { info: AppInfo; onBack(): void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeTouched, setCodeTouched] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [redeemed, setRedeemed] = useState<Redeemed | null>(null);
  // What the ticket said about itself, kept for the "what next" after Reveal (no secret in it).
  const [redeemedTicket, setRedeemedTicket] = useState<TicketInfo | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const waitSeconds = useSecondsLeft(retryUntil);
  const tickets = useInspection(
    (ticket) => api.tickets.inspect({ ticket }),
    (e): Refusal => ({ code: e instanceof ApiError ? e.code : 'internal', message: errorMessage(e) }),
    {
      onAnswer: (found) => {
        setRetryUntil(found.retryAfterSeconds ? Date.now() + found.retryAfterSeconds * 1000 : null);
        if (found.window === 'valid' && !found.redeemedHere) window.setTimeout(() => codeInput.current?.focus(), 0);
      },
    },
  );
  const { answer: ticket, error: ticketError, inspecting } = tickets;

  // Whatever was revealed is dropped in main too when this screen goes (back, lock, close).
  useEffect(
    () => () => {
      void api.tickets.forget().catch(() => undefined);
    },
    [],
  );

  const inspect = (value: string) => {
    setRefusal(null);
    tickets.inspect(value);
  };

  const openFile = async () => {
    setFileError(null);
    try {
      const { content, name } = await api.app.openTextFile({ kind: 'ticket' });
      if (content === null) return;
      setText(content);
      setFileName(name);
      inspect(content);
    } catch (e) {
      setFileError(errorMessage(e));
    }
  };

  const problem = code.trim() ? codeProblem(code) : 'Type the code you were sent';
  const showProblem = codeTouched && code.trim() !== '' && problem !== null;
  const usable = ticket !== null && ticket.window === 'valid' && !ticket.redeemedHere;
  const waiting = waitSeconds > 0;

  const reveal = async (event: FormEvent) => {
    event.preventDefault();
    setCodeTouched(true);
    if (!usable || problem || busy || waiting) return;
    setBusy(true);
    setRefusal(null);
    try {
      const opened = await api.tickets.redeem({ ticket: text, code });
      setRedeemed(opened);
      setRedeemedTicket(ticket);
      // The ticket and code have done their job: nothing of them stays on screen.
      setText('');
      setCode('');
      tickets.inspect('');
    } catch (e) {
      const failure: Refusal = { code: e instanceof ApiError ? e.code : 'internal', message: errorMessage(e) };
      setRefusal(failure);
      if (e instanceof ApiError && e.retryAfterSeconds) setRetryUntil(Date.now() + e.retryAfterSeconds * 1000);
      if (failure.code === 'wrong_code' || failure.code === 'invalid_input') {
        window.setTimeout(() => codeInput.current?.select(), 0);
      }
      // The window or the ledger may have moved on: show the ticket's state as it is now.
      if (failure.code === 'expired' || failure.code === 'not_yet_valid' || failure.code === 'already_used') {
        inspect(text);
        setRefusal(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  const leave = () => {
    setRedeemed(null);
    setRedeemedTicket(null);
    void api.tickets.forget().catch(() => undefined);
    onBack();
  };

  if (redeemed) return <Revealed redeemed={redeemed} ticket={redeemedTicket} onDone={leave} />;

  return (
    <WelcomeLayout footer={`Version ${app.version}`}>
      <Box maw={560}>
        <Anchor component="button" type="button" size="sm" onClick={leave} c="dimmed">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            Start screen
          </Group>
        </Anchor>
        <Group gap="sm" mt="md" mb={4}>
          <IconTicket size={24} stroke={1.8} />
          <Title order={2}>Redeem a one-time credential</Title>
        </Group>
        <Text c="dimmed" size="sm">
          For a takeover, or a password an account manager handed over. You need the ticket and the code: they were sent
          to you separately.
        </Text>

        <form onSubmit={(e) => void reveal(e)} noValidate aria-label="Redeem a one-time credential">
          <Stack gap="md" mt="xl">
            <Box>
              <Textarea
                label="Ticket"
                description="Paste the whole block, from -----BEGIN to END-----, or the contents of the ticket file."
                inputWrapperOrder={['label', 'description', 'input', 'error']}
                placeholder="-----BEGIN CUSTODIAN TICKET-----"
                value={text}
                onChange={(e) => {
                  setText(e.currentTarget.value);
                  setFileName(null);
                  inspect(e.currentTarget.value);
                }}
                autosize
                minRows={4}
                maxRows={8}
                spellCheck={false}
                autoComplete="off"
                classNames={{ input: 'mono-input ticket-input' }}
                rightSection={inspecting ? <Loader size={14} /> : undefined}
                data-autofocus
                autoFocus
              />
              {app.fileDialogs ? (
                <Group gap="xs" mt={8}>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconFileImport size={14} />}
                    onClick={() => void openFile()}
                  >
                    Open a ticket file…
                  </Button>
                  {fileName ? (
                    <Text size="xs" c="dimmed" className="path-text">
                      {fileName}
                    </Text>
                  ) : null}
                </Group>
              ) : null}
              {fileError ? (
                <Text size="xs" c="red" mt={4} role="alert">
                  {fileError}
                </Text>
              ) : null}
            </Box>

            {ticketError ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconShieldX size={18} />}
                title={REFUSAL_TITLES[ticketError.code] ?? 'This ticket cannot be used'}
                role="alert"
              >
                <Text size="sm">{ticketError.message}</Text>
              </Alert>
            ) : null}

            {ticket ? <TicketCard ticket={ticket} /> : null}

            {ticket && usable ? (
              <Box>
                <TextInput
                  ref={codeInput}
                  label="Code"
                  description="10 characters, sent to you by text message or phone. Spaces and dashes do not matter."
                  inputWrapperOrder={['label', 'description', 'input', 'error']}
                  placeholder="XXXXX-XXXXX"
                  value={code}
                  onChange={(e) => {
                    setCode(e.currentTarget.value.toUpperCase());
                    if (refusal?.code === 'wrong_code' || refusal?.code === 'invalid_input') setRefusal(null);
                  }}
                  onBlur={() => setCodeTouched(true)}
                  error={showProblem ? problem : undefined}
                  rightSection={
                    // A well-formed code gets a tick, but not once main said it is the wrong one.
                    !problem && !refusal ? (
                      <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
                    ) : null
                  }
                  size="md"
                  maxLength={32}
                  spellCheck={false}
                  autoComplete="off"
                  autoCapitalize="characters"
                  classNames={{ input: 'code-input' }}
                />
              </Box>
            ) : null}

            {refusal && !shownByCard(refusal, ticket) ? (
              <RefusalAlert refusal={refusal} waitSeconds={waitSeconds} />
            ) : null}

            {ticket && usable ? (
              <Stack gap={6}>
                <Button
                  type="submit"
                  size="md"
                  leftSection={busy ? undefined : <IconLockOpen size={18} />}
                  loading={busy}
                  disabled={waiting || problem !== null}
                  fullWidth
                >
                  {waiting ? `Try again in ${formatDuration(waitSeconds)}` : 'Reveal'}
                </Button>
                <Text size="xs" c="dimmed" ta="center">
                  Revealing uses the ticket up on this computer: have somewhere ready to put the password.
                </Text>
              </Stack>
            ) : null}
          </Stack>
        </form>
      </Box>
    </WelcomeLayout>
  );
}

/** Whether the ticket's card already says what the refusal says (used up, expired, not open yet). */
function shownByCard(refusal: Refusal, ticket: TicketInfo | null): boolean {
  if (!ticket) return false;
  return (
    (refusal.code === 'already_used' && ticket.redeemedHere) ||
    (refusal.code === 'expired' && ticket.window === 'expired') ||
    (refusal.code === 'not_yet_valid' && ticket.window === 'not_yet_valid')
  );
}

function TicketCard({ ticket }: { ticket: TicketInfo }) {
  const now = useNow(1000, ticket.window === 'not_yet_valid');
  const platform = PLATFORM_INFO[ticket.account.platform].label;
  const state = ticket.redeemedHere
    ? { color: 'gray', label: 'Already redeemed here' }
    : ticket.window === 'valid'
      ? { color: 'teal', label: 'Valid' }
      : ticket.window === 'expired'
        ? { color: 'red', label: 'Expired' }
        : { color: 'yellow', label: 'Not yet valid' };
  const opensIn = Math.max(0, Math.ceil((ticket.notBefore - now) / 1000));
  return (
    <Paper withBorder className="ticket-card" role="region" aria-label="Ticket details">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <PlatformIcon platform={ticket.account.platform} size={40} />
          <Box miw={0}>
            <Text fw={600} className="truncate">
              {displayHandle(ticket.account.platform, ticket.account.handle)}
            </Text>
            <Text size="xs" c="dimmed">
              {platform}
              {ticket.includesTotp ? ' · includes a two-factor seed' : ''}
            </Text>
          </Box>
        </Group>
        <Badge color={state.color} variant="light" size="lg" aria-label={`State: ${state.label}`}>
          {state.label}
        </Badge>
      </Group>
      <dl className="detail-grid compact ticket-facts">
        <div className="detail-field">
          <dt>Issued by</dt>
          <dd>{ticket.issuer.name}</dd>
        </div>
        <FingerprintField
          label="Issuer’s key fingerprint"
          hint="Ask the person who sent it to read out the fingerprint on their side: if it matches, the ticket really comes from their vault."
          hintWidth={260}
          valueLabel="Issuer key fingerprint"
          value={ticket.issuer.keyFingerprint}
        />
        <div className="detail-field wide">
          <dt>Valid</dt>
          <dd>{formatWindow(ticket.notBefore, ticket.notAfter)} (your local time)</dd>
        </div>
      </dl>
      {ticket.redeemedHere ? (
        <Alert color="gray" variant="light" p="xs" mt="sm" icon={<IconCircleCheck size={16} />} role="status">
          <Text size="sm">
            This ticket was already opened on this computer, and opens only once on it. If you did not note the
            password, ask the sender for a new ticket.
          </Text>
        </Alert>
      ) : ticket.window === 'expired' ? (
        <Alert color="red" variant="light" p="xs" mt="sm" icon={<IconClockPause size={16} />} role="status">
          <Text size="sm">
            Its window closed on {formatDateTime(ticket.notAfter)}. Ask the sender for a new ticket.
          </Text>
        </Alert>
      ) : ticket.window === 'not_yet_valid' ? (
        <Alert color="yellow" variant="light" p="xs" mt="sm" icon={<IconClockPause size={16} />} role="status">
          <Text size="sm">
            It opens on {formatDateTime(ticket.notBefore)}
            {opensIn > 0 ? `, in ${formatDuration(opensIn)}` : ''}. Come back then, with the code.
          </Text>
        </Alert>
      ) : null}
    </Paper>
  );
}

function RefusalAlert({ refusal, waitSeconds }: { refusal: Refusal; waitSeconds: number }) {
  const title = REFUSAL_TITLES[refusal.code] ?? 'Could not open the ticket';
  const waiting = (refusal.code === 'wrong_code' || refusal.code === 'backoff') && waitSeconds > 0;
  return (
    <Alert
      color={refusal.code === 'wrong_code' || refusal.code === 'backoff' ? 'orange' : 'red'}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      role="alert"
    >
      <Text size="sm">
        {waiting
          ? `${refusal.code === 'backoff' ? 'Too many wrong codes' : 'That code does not open this ticket'}. Check it with the person who sent it; you can try again in ${formatDuration(waitSeconds)}.`
          : refusal.message}
      </Text>
    </Alert>
  );
}

/** After Reveal: the password (and live code), copy buttons, and a way out that forgets them. */
function Revealed({ redeemed, ticket, onDone }: { redeemed: Redeemed; ticket: TicketInfo | null; onDone(): void }) {
  const feedback = useFeedback();
  const [shown, setShown] = useState(true);
  const [copying, setCopying] = useState<CopyField | null>(null);

  const copy = async (field: CopyField) => {
    setCopying(field);
    try {
      const { clearAfterSeconds } = await api.tickets.copy({ ticketId: redeemed.ticketId, field });
      feedback.copied(COPY_LABELS[field], clearAfterSeconds);
    } catch (e) {
      feedback.toast(errorMessage(e), 'error');
    } finally {
      setCopying(null);
    }
  };

  return (
    <WelcomeLayout>
      <Box maw={560}>
        <Group gap="sm" mb={4}>
          <ThemeIcon color="teal" variant="light" size={34} radius="xl">
            <IconCircleCheck size={20} />
          </ThemeIcon>
          <Title order={2}>Opened</Title>
        </Group>
        <Text c="dimmed" size="sm">
          {redeemed.signInName ? 'The sign-in name and password' : 'The password'} of <b>{redeemed.accountLabel}</b>.
          The ticket is now used up on this computer: copy the password before you leave this screen.
        </Text>

        {redeemed.signInName || redeemed.url ? (
          <SignIn redeemed={redeemed} copying={copying === 'signInName'} onCopy={() => void copy('signInName')} />
        ) : null}

        <Paper
          withBorder
          mt={redeemed.signInName || redeemed.url ? 'md' : 'xl'}
          className="redeemed-card"
          role="group"
          aria-label="Password"
        >
          <Group justify="space-between" wrap="nowrap">
            <SectionLabel>Password</SectionLabel>
            <Tooltip label={shown ? 'Hide' : 'Show'}>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => setShown((s) => !s)}
                aria-label={shown ? 'Hide password' : 'Show password'}
                aria-pressed={shown}
              >
                {shown ? <IconEyeOff size={16} /> : <IconEye size={16} />}
              </ActionIcon>
            </Tooltip>
          </Group>
          <Box className="redeemed-password" aria-label="Revealed password" data-revealed={shown || undefined}>
            {shown ? (
              <span className="password-text">
                <PasswordGlyphs value={redeemed.password} />
              </span>
            ) : (
              <span className="mask">••••••••••••</span>
            )}
          </Box>
          <Button
            mt="md"
            leftSection={<IconCopy size={16} />}
            onClick={() => void copy('password')}
            loading={copying === 'password'}
            fullWidth
          >
            Copy password
          </Button>
        </Paper>

        {redeemed.totp ? (
          <LiveCode redeemed={redeemed} copying={copying === 'totpCode'} onCopy={() => void copy('totpCode')} />
        ) : null}

        {ticket ? <WhatNext ticket={ticket} signInName={redeemed.signInName} /> : null}

        <Text size="xs" c="dimmed" mt="md">
          Copies clear themselves from the clipboard. Nothing is kept on this computer once you leave, and the ticket
          will not open again on this computer.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onDone}>
            Done: forget it
          </Button>
        </Group>
      </Box>
    </WelcomeLayout>
  );
}

type CopyField = 'signInName' | 'password' | 'totpCode';
const COPY_LABELS: Record<CopyField, string> = { signInName: 'Sign-in name', password: 'Password', totpCode: 'Code' };

/** What to type above the password, and where: tickets issued before they carried it show neither. */
function SignIn({ redeemed, copying, onCopy }: { redeemed: Redeemed; copying: boolean; onCopy(): void }) {
  return (
    <Paper withBorder mt="xl" className="redeemed-card" role="group" aria-label="Sign in">
      {redeemed.url ? (
        <>
          <SectionLabel>The account’s page</SectionLabel>
          <Text className="redeemed-url" aria-label="Account address" mt={2}>
            {redeemed.url}
          </Text>
        </>
      ) : null}
      {redeemed.signInName ? (
        <>
          <SectionLabel mt={redeemed.url ? 'md' : undefined}>Sign-in name</SectionLabel>
          <Group justify="space-between" wrap="nowrap" mt={2} gap="sm">
            <Text className="redeemed-signin password-text" aria-label="Revealed sign-in name">
              {redeemed.signInName}
            </Text>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconCopy size={14} />}
              onClick={onCopy}
              loading={copying}
              aria-label="Copy sign-in name"
            >
              Copy
            </Button>
          </Group>
        </>
      ) : null}
    </Paper>
  );
}

/** The live sign-in code from a redeemed seed, asked of main as each period rolls over. */
function LiveCode({ redeemed, copying, onCopy }: { redeemed: Redeemed; copying: boolean; onCopy(): void }) {
  const first = redeemed.totp!;
  const [current, setCurrent] = useState<{ code: string; period: number; expiresAt: number }>(() => ({
    code: first.code,
    period: first.period,
    expiresAt: Date.now() + first.remaining * 1000,
  }));
  const [error, setError] = useState<string | null>(null);
  const now = useNow(250);

  useEffect(() => {
    const wait = Math.max(300, current.expiresAt - Date.now() + 200);
    const timer = window.setTimeout(() => {
      api.tickets
        .code({ ticketId: redeemed.ticketId })
        .then((answer) => {
          setCurrent((old) =>
            answer.code === old.code
              ? { ...old, expiresAt: Date.now() + 300 }
              : { code: answer.code, period: answer.period, expiresAt: Date.now() + answer.remaining * 1000 },
          );
          setError(null);
        })
        .catch((e: unknown) => setError(errorMessage(e)));
    }, wait);
    return () => window.clearTimeout(timer);
  }, [current, redeemed.ticketId]);

  const remainingMs = Math.max(0, current.expiresAt - now);
  const seconds = Math.ceil(remainingMs / 1000);
  const urgent = seconds <= 5;
  const half = Math.ceil(current.code.length / 2);
  return (
    <Paper withBorder mt="md" className="redeemed-card" role="group" aria-label="Sign-in code">
      <SectionLabel>Two-factor code</SectionLabel>
      {error ? (
        <Text size="sm" c="red" mt={4} role="alert">
          {error}
        </Text>
      ) : (
        <Group justify="space-between" wrap="nowrap" mt={4}>
          <Text className="totp-code" data-urgent={urgent || undefined} aria-label="Sign-in code value">
            <span>{current.code.slice(0, half)}</span>
            <span className="totp-gap">{current.code.slice(half)}</span>
          </Text>
          <Group gap={6} wrap="nowrap">
            <RingProgress
              size={38}
              thickness={3.5}
              roundCaps
              sections={[
                { value: (remainingMs / (current.period * 1000)) * 100, color: urgent ? 'red.6' : 'custodian' },
              ]}
              label={
                <Text ta="center" size="11px" fw={600} c={urgent ? 'red' : 'dimmed'}>
                  {seconds}
                </Text>
              }
              aria-label={`Code changes in ${seconds} seconds`}
              role="timer"
            />
            <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={onCopy} loading={copying}>
              Copy
            </Button>
          </Group>
        </Group>
      )}
      <Text size="xs" c="dimmed" mt={6}>
        A new code every {current.period} seconds, for as long as this screen is open.
      </Text>
    </Paper>
  );
}

/** After Reveal: where to sign in, until when, what happens at the end, and who to ask. */
function WhatNext({ ticket, signInName }: { ticket: TicketInfo; signInName: string | null }) {
  const platform = PLATFORM_INFO[ticket.account.platform].label;
  return (
    <Paper withBorder mt="md" p="md" role="region" aria-label="What next">
      <SectionLabel>What next</SectionLabel>
      <List size="sm" spacing={6} mt={6}>
        <List.Item>
          {signInName ? (
            <>
              Sign in to {platform} as <b className="selectable">{signInName}</b> (the account{' '}
              <b className="selectable">{displayHandle(ticket.account.platform, ticket.account.handle)}</b>) with this
              password.
            </>
          ) : (
            <>
              Sign in to {platform} as{' '}
              <b className="selectable">{displayHandle(ticket.account.platform, ticket.account.handle)}</b> with this
              password.
            </>
          )}
        </List.Item>
        <List.Item>
          You can use it until <b>{formatDateTime(ticket.notAfter)}</b> (your local time).
        </List.Item>
        <List.Item>
          Then sign out: {ticket.issuer.name} changes the password after the takeover, so it stops working.
        </List.Item>
        <List.Item>
          If it does not work, or you are locked out, contact {ticket.issuer.name}, who sent you the ticket.
        </List.Item>
      </List>
    </Paper>
  );
}
