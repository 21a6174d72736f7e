/**
 * The rotation wizard, in three steps:
 *
 * 1. a new password (generated to fit the platform, or typed), optionally a
 *    new TOTP seed and recovery codes: main seals them as a draft, so nothing
 *    is lost if the app closes while the manager is on the platform;
 * 2. old and new side by side while the manager changes it on the platform;
 * 3. "I've changed it": main records the rotation, keeps the old password in
 *    the encrypted history and resolves every open obligation of the account.
 *
 * Abandoning records no rotation. A draft left pending is resumed (and says
 * so) the next time the wizard opens on the account.
 */
import {
  Alert,
  Anchor,
  Box,
  Button,
  Collapse,
  Group,
  List,
  Loader,
  PasswordInput,
  SegmentedControl,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconExternalLink,
  IconHistory,
  IconPlayerPause,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import type { ObligationView } from '../../../../shared/domain/access';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { DraftView, PasswordAcceptance, RotationRecord } from '../../../../shared/domain/rotation';
import { useFeedback } from '../../components/Feedback';
import { StrengthMeter } from '../../components/StrengthMeter';
import { ApiError, api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { formatDateTime, formatRelative, plural } from '../../lib/format';
import { useStrength } from '../../lib/strength';
import { GeneratorPanel } from '../accounts/GeneratorDialog';
import { displayHandle } from '../accounts/labels';
import { checkTotp, EMPTY_TOTP, TotpSeedInput, type TotpDraft } from '../accounts/TotpSeedInput';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { AcceptanceFields, acceptanceRequest, cleanAcceptance, type AcceptanceRequest } from './Acceptance';
import { reasonWords } from './labels';
import { NewTwoFactorSeed } from './NewTwoFactor';
import { CurrentPassword, NewPassword, PasswordPair, SetOnBadge } from './PasswordPair';
import { SectionLabel } from '../../components/SectionLabel';
import { DialogActions } from '../../components/DialogParts';

type Step =
  | { name: 'loading' }
  | { name: 'blocked'; title: string; message: string; takeover: boolean }
  | { name: 'new' }
  | { name: 'change'; draft: DraftView }
  | { name: 'confirm'; draft: DraftView }
  | { name: 'done'; draft: DraftView; record: RotationRecord };

const STEP_INDEX = { loading: 0, blocked: 0, new: 0, change: 1, confirm: 2, done: 3 } as const;

interface BeginInput {
  password: string;
  totp?: TotpDraft;
  recoveryCodes?: string[];
  acceptance?: PasswordAcceptance;
}

/** Why a rotation could not start, and what the user may accept to go on. */
interface BeginProblem {
  message: string;
  request: AcceptanceRequest | null;
}

export function RotationWizard({
  accountId,
  sitting,
  onClose,
  onNext,
}: {
  accountId: number;
  /** Several rotations in one sitting: where this one is in it. */
  sitting?: { index: number; total: number } | undefined;
  /** Stops (this rotation may stay in progress, resumable from the queue); `recorded` when it was recorded. */
  onClose(recorded?: boolean): void;
  /** After a recorded rotation: the next account of the sitting, or the end. */
  onNext?(): void;
}) {
  const feedback = useFeedback();
  const { rotationChanged, takeovers, rotation } = useVaultData();
  const { openTakeovers, openAccount } = useNavigation();
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [step, setStep] = useState<Step>({ name: 'loading' });
  const [busy, setBusy] = useState(false);
  // Read when the wizard opens, not followed after: the minute's refresh must not restart it.
  const takeoverList = useRef(takeovers);
  useEffect(() => {
    takeoverList.current = takeovers;
  }, [takeovers]);

  useEffect(() => {
    let live = true;
    Promise.all([api.accounts.get({ id: accountId }), api.rotation.drafts()])
      .then(([detail, { drafts }]) => {
        if (!live) return;
        setAccount(detail);
        const name = displayHandle(detail.platform, detail.handle);
        const pending = drafts.find((d) => d.accountId === accountId);
        if (pending?.purpose === 'takeover') {
          // The draft says what it is; the takeover list only gives the person's name.
          const who = takeoverList.current?.find((t) => t.draftId === pending.id)?.personName;
          setStep({
            name: 'blocked',
            title: 'A takeover’s temporary password is waiting',
            message: `${who ? `${who}’s takeover` : 'A takeover'} of ${name} has a temporary password that is not yet set on the platform. Set it or cancel the takeover before rotating.`,
            takeover: true,
          });
        } else if (pending) {
          setStep({ name: 'change', draft: pending });
        } else if (detail.status === 'archived') {
          setStep({
            name: 'blocked',
            title: 'This account is archived',
            message: `Restore ${name} before you rotate its password.`,
            takeover: false,
          });
        } else {
          setStep({ name: 'new' });
        }
      })
      .catch((error: unknown) => {
        if (!live) return;
        setStep({ name: 'blocked', title: 'Could not start', message: errorMessage(error), takeover: false });
      });
    return () => {
      live = false;
    };
  }, [accountId]);

  const name = account ? displayHandle(account.platform, account.handle) : '';
  // A seed of this account left the vault: this rotation should record a new one.
  const reenrol =
    rotation?.items.find((i) => i.accountId === accountId)?.reasons.some((r) => r.kind === 'reenrol_totp') ?? false;
  const pendingDraft = step.name === 'change' || step.name === 'confirm';

  const close = () => {
    if (busy) return;
    if (pendingDraft)
      feedback.toast(`The rotation of ${name} is still in progress: resume it from the queue`, 'warning');
    onClose(step.name === 'done');
  };

  const begin = async (input: BeginInput): Promise<BeginProblem | null> => {
    setBusy(true);
    try {
      const draft = await api.rotation.begin({
        accountId,
        password: input.password,
        ...(input.acceptance ? { acceptance: cleanAcceptance(input.acceptance) } : {}),
        ...(input.totp
          ? {
              totp: {
                seed: input.totp.seed.trim(),
                ...(input.totp.digits ? { digits: input.totp.digits } : {}),
                ...(input.totp.period ? { period: input.totp.period } : {}),
                ...(input.totp.algorithm ? { algorithm: input.totp.algorithm } : {}),
              },
            }
          : {}),
        ...(input.recoveryCodes ? { recoveryCodes: input.recoveryCodes } : {}),
      });
      setStep({ name: 'change', draft });
      void rotationChanged();
      return null;
    } catch (error) {
      return { message: errorMessage(error), request: acceptanceRequest(error) };
    } finally {
      setBusy(false);
    }
  };

  const place = sitting ? ` (${sitting.index + 1} of ${sitting.total})` : '';
  const title =
    (step.name === 'done'
      ? `${name}: rotated`
      : step.name === 'change' && step.draft.resumed
        ? `Resume the rotation of ${name}`
        : `Rotate the password of ${name}`) + place;

  return (
    <Dialog
      opened
      onClose={close}
      title={account ? title : 'Rotate password'}
      size={760}
      closeOnClickOutside={step.name === 'done' || step.name === 'blocked'}
      closeOnEscape={!busy}
    >
      {step.name !== 'blocked' ? (
        <Stepper active={STEP_INDEX[step.name]} size="xs" mb="lg" allowNextStepsSelect={false}>
          <Stepper.Step label="New password" />
          <Stepper.Step label="Change it on the platform" />
          <Stepper.Step label="Record" />
        </Stepper>
      ) : null}

      {step.name === 'loading' || !account ? (
        step.name === 'blocked' ? (
          <Blocked step={step} onClose={onClose} onTakeovers={openTakeovers} />
        ) : (
          <Group justify="center" py="xl">
            <Loader size="sm" aria-label="Loading" />
          </Group>
        )
      ) : step.name === 'blocked' ? (
        <Blocked
          step={step}
          onClose={onClose}
          onTakeovers={() => {
            onClose();
            openTakeovers();
          }}
        />
      ) : step.name === 'new' ? (
        <ChoosePassword account={account} reenrol={reenrol} busy={busy} onBegin={begin} onCancel={onClose} />
      ) : step.name === 'change' ? (
        <ChangeOnPlatform
          account={account}
          draft={step.draft}
          onNext={() => setStep({ name: 'confirm', draft: step.draft })}
          onLater={close}
          onAbandoned={() => {
            feedback.toast(`Rotation abandoned: ${name} keeps its current password`);
            void rotationChanged();
            onClose();
          }}
        />
      ) : step.name === 'confirm' ? (
        <RecordRotation
          draft={step.draft}
          busy={busy}
          onBusy={setBusy}
          onBack={() => setStep({ name: 'change', draft: { ...step.draft, resumed: false } })}
          onDone={(record) => {
            // Recorded: the new password is the stored one now.
            setStep({ name: 'done', draft: step.draft, record });
            feedback.toast(`Rotated the password of ${name}`);
            void rotationChanged();
          }}
        />
      ) : (
        <Outcome
          account={account}
          draft={step.draft}
          record={step.record}
          onOpenAccount={() => {
            onClose();
            openAccount(account.id, 'rotation');
          }}
          onClose={onNext ?? onClose}
          doneLabel={sitting && sitting.index + 1 < sitting.total ? 'Next account' : 'Done'}
        />
      )}
    </Dialog>
  );
}

function Blocked({
  step,
  onClose,
  onTakeovers,
}: {
  step: Extract<Step, { name: 'blocked' }>;
  onClose(): void;
  onTakeovers(): void;
}) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={step.title} role="alert">
        <Text size="sm">{step.message}</Text>
      </Alert>
      <Group justify="flex-end">
        {step.takeover ? (
          <Button variant="default" onClick={onTakeovers}>
            Open takeovers
          </Button>
        ) : null}
        <Button onClick={onClose} data-autofocus>
          Close
        </Button>
      </Group>
    </Stack>
  );
}

/** Step 1: a generated password fitted to the platform, or one typed by the manager; optionally new 2FA secrets. */
function ChoosePassword({
  account,
  reenrol,
  busy,
  onBegin,
  onCancel,
}: {
  account: AccountDetail;
  reenrol: boolean;
  busy: boolean;
  onBegin(input: BeginInput): Promise<BeginProblem | null>;
  onCancel(): void;
}) {
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const [extrasOpen, setExtrasOpen] = useState(reenrol);
  // A refusal the user may accept, for the password it was about (typing another one starts over).
  const [request, setRequest] = useState<AcceptanceRequest | null>(null);
  const [acceptance, setAcceptance] = useState<PasswordAcceptance>({});
  const [totp, setTotp] = useState<TotpDraft>(EMPTY_TOTP);
  const [codes, setCodes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const strength = useStrength(typed, [account.handle, account.displayName]);
  const info = PLATFORM_INFO[account.platform];

  const start = async (password: string) => {
    setError(null);
    const totpCheck = checkTotp(totp);
    if (totpCheck && 'problem' in totpCheck) {
      setExtrasOpen(true);
      setError(`The new TOTP seed cannot be used: ${totpCheck.problem}`);
      return;
    }
    const recoveryCodes = codes
      .split('\n')
      .map((c) => c.trim())
      .filter(Boolean);
    if (reenrol && !totpCheck) {
      setExtrasOpen(true);
      setError(
        'Two-factor must be re-enrolled: enter the new TOTP seed the platform gives you when you set it up again',
      );
      return;
    }
    const problem = await onBegin({
      password,
      ...(totpCheck ? { totp } : {}),
      ...(recoveryCodes.length > 0 ? { recoveryCodes } : {}),
      ...(request ? { acceptance } : {}),
    });
    if (!problem) return;
    if (problem.request) {
      setRequest(problem.request);
    } else {
      setError(problem.message);
    }
  };

  const startTyped = () => {
    if (!typed) return setTypedError('Type the new password, or generate one');
    if (typed.length > 1024) return setTypedError('At most 1024 characters');
    const rules = info.password;
    if (typed.length < rules.minLength || typed.length > rules.maxLength) {
      return setTypedError(`${info.label} takes ${rules.minLength}–${rules.maxLength} characters`);
    }
    void start(typed);
  };

  const extras = (
    <Box>
      <UnstyledButton className="disclosure" onClick={() => setExtrasOpen((o) => !o)} aria-expanded={extrasOpen}>
        <Group gap={4}>
          {extrasOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          <Text size="sm" fw={500}>
            Also replace the TOTP seed or recovery codes
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={extrasOpen}>
        <Stack gap="sm" mt="sm">
          {reenrol ? (
            <Alert color="red" variant="light" p="xs" title="Two-factor must be re-enrolled" role="status">
              <Text size="sm">
                A TOTP seed of this account has left the vault. On the platform, turn the authenticator off and on
                again, and enter the new seed it shows here: the old one must stop working.
              </Text>
            </Alert>
          ) : (
            <Text size="xs" c="dimmed">
              Optional. Leave empty to keep what is stored. Both are saved only when you record the rotation.
            </Text>
          )}
          <TotpSeedInput value={totp} onChange={setTotp} />
          <Textarea
            label="New recovery codes"
            description="One per line. Replaces every stored code."
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={codes}
            onChange={(e) => setCodes(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            spellCheck={false}
            autoComplete="off"
            classNames={{ input: 'mono-input' }}
          />
        </Stack>
      </Collapse>
      {error ? (
        <Alert color="red" variant="light" p="xs" mt="sm" role="alert">
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
    </Box>
  );

  return (
    <Stack gap="md">
      <SegmentedControl
        value={mode}
        onChange={(value) => setMode(value as 'generate' | 'type')}
        data={[
          { value: 'generate', label: 'Generate one' },
          { value: 'type', label: 'Type my own' },
        ]}
        aria-label="Where the new password comes from"
      />
      {mode === 'generate' ? (
        <GeneratorPanel
          platform={account.platform}
          onUse={(password) => void start(password)}
          onCancel={onCancel}
          useLabel="Start rotation"
          busy={busy}
          extra={extras}
        />
      ) : (
        <Stack gap="md">
          <Box>
            <PasswordInput
              label="New password"
              description={`${info.label} takes ${info.password.minLength}–${info.password.maxLength} characters. It is stored encrypted as soon as you start.`}
              inputWrapperOrder={['label', 'description', 'input', 'error']}
              value={typed}
              onChange={(e) => {
                setTyped(e.currentTarget.value);
                setTypedError(null);
                setRequest(null);
                setAcceptance({});
              }}
              error={typedError}
              autoComplete="new-password"
              spellCheck={false}
              maxLength={1024}
              classNames={{ input: 'mono-input' }}
              data-autofocus
            />
            <StrengthMeter strength={strength} minLength={info.password.minLength} length={typed.length} />
          </Box>
          {extras}
          {request ? <AcceptanceFields request={request} value={acceptance} onChange={setAcceptance} /> : null}
          <DialogActions busy={busy} onCancel={onCancel}>
            <Button onClick={startTyped} loading={busy}>
              {request ? 'Accept and start rotation' : 'Start rotation'}
            </Button>
          </DialogActions>
        </Stack>
      )}
    </Stack>
  );
}

/** Step 2: old and new side by side, with what to do on the platform. */
function ChangeOnPlatform({
  account,
  draft,
  onNext,
  onLater,
  onAbandoned,
}: {
  account: AccountDetail;
  draft: DraftView;
  onNext(): void;
  onLater(): void;
  onAbandoned(): void;
}) {
  const feedback = useFeedback();
  const [abandoning, setAbandoning] = useState(false);
  const info = PLATFORM_INFO[account.platform];
  const name = displayHandle(account.platform, account.handle);

  const {
    run: abandon,
    busy,
    error,
  } = useAction(async () => {
    await api.rotation.abandon({ draftId: draft.id });
    onAbandoned();
  });

  const openUrl = (url: string) => {
    api.app.openExternal({ url }).catch((e: unknown) => feedback.toast(errorMessage(e), 'error'));
  };

  return (
    <Stack gap="md">
      {draft.resumed ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconHistory size={18} />}
          title={`A rotation started on ${formatDateTime(draft.createdAt)} is waiting`}
          role="status"
        >
          <Text size="sm">
            The new password below may already be set on {info.label}. Try signing in with it: if it works, record the
            rotation; if the old one still works, change it now.
          </Text>
        </Alert>
      ) : null}
      <Box>
        <Text fw={600}>Change it on {info.label} now</Text>
        <List size="sm" mt={6} spacing={4} type="ordered" className="wizard-steps">
          <List.Item>
            Sign in to {name} with the current password
            {account.url ? (
              <>
                {' '}
                (
                <Anchor
                  href={account.url}
                  size="sm"
                  className="external-link"
                  onClick={(event) => {
                    event.preventDefault();
                    openUrl(account.url);
                  }}
                  title="Opens in your browser"
                >
                  open the profile
                  <IconExternalLink size={12} stroke={1.8} aria-hidden />
                </Anchor>
                )
              </>
            ) : null}
            .
          </List.Item>
          <List.Item>In its security settings, change the password to the new one: copy it from here.</List.Item>
          {draft.totpChanging ? (
            <List.Item>Set up the authenticator again with the new TOTP seed you entered.</List.Item>
          ) : null}
          {draft.recoveryChanging ? (
            <List.Item>Generate new recovery codes there (the ones you entered replace the stored ones).</List.Item>
          ) : null}
          <List.Item>Sign out and back in with the new password, to be sure it took.</List.Item>
        </List>
      </Box>
      <PasswordPair
        current={<CurrentPassword accountId={account.id} hasPassword={draft.hasCurrentPassword} />}
        next={<NewPassword draftId={draft.id} badge={<SetOnBadge />} />}
      />
      {draft.totpChanging ? <NewTwoFactorSeed draftId={draft.id} /> : null}
      <Text size="xs" c="dimmed">
        Copies clear themselves from the clipboard. The new password is already stored, encrypted, as part of this
        rotation: closing this window does not lose it.
      </Text>
      {abandoning ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Abandon this rotation?">
          <Text size="sm">
            Nothing is recorded and {name} keeps its stored password. If you have already changed it on {info.label}, do
            not abandon: record the rotation instead.
          </Text>
          {error ? (
            <Text size="sm" c="red" mt="xs" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" size="xs" onClick={() => setAbandoning(false)} disabled={busy}>
              Keep going
            </Button>
            <Button color="red" size="xs" onClick={() => void abandon()} loading={busy}>
              Abandon rotation
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Group justify="space-between" mt="xs">
        <Button variant="subtle" color="red" onClick={() => setAbandoning(true)} disabled={abandoning}>
          Abandon…
        </Button>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPlayerPause size={16} />} onClick={onLater}>
            Finish later
          </Button>
          <Button onClick={onNext} leftSection={<IconCheck size={16} />} data-autofocus>
            I’ve changed it on the platform
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** Step 3: what the rotation resolves, an optional note, and the record. */
function RecordRotation({
  draft,
  busy,
  onBusy,
  onBack,
  onDone,
}: {
  draft: DraftView;
  busy: boolean;
  onBusy(busy: boolean): void;
  onBack(): void;
  onDone(record: RotationRecord): void;
}) {
  const [note, setNote] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [request, setRequest] = useState<AcceptanceRequest | null>(null);
  const [acceptance, setAcceptance] = useState<PasswordAcceptance>({});
  const codeWanted = draft.totpChanging;
  const codeReady = /^\d{6,8}$/.test(code.replace(/\s/g, ''));
  // Only the obligations this rotation meets: a re-enrolment needs the new seed.
  const meets = draft.obligations.filter((o) => o.reasonKind !== 'reenrol_totp' || draft.totpChanging);

  const confirm = async () => {
    if (codeWanted && !codeReady) {
      setError('Type the code your authenticator shows for the new seed (6 to 8 digits)');
      return;
    }
    onBusy(true);
    setError(null);
    try {
      const record = await api.rotation.confirm({
        draftId: draft.id,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(codeWanted ? { totpCode: code.replace(/\s/g, '') } : {}),
        ...(request ? { acceptance: cleanAcceptance(acceptance) } : {}),
      });
      onDone(record);
    } catch (e) {
      const asked = acceptanceRequest(e);
      if (asked) {
        setRequest(asked);
        return;
      }
      // Recorded or abandoned meanwhile (another window, the command line): say so, change nothing.
      setError(
        e instanceof ApiError && e.code === 'conflict'
          ? `${e.message}. Nothing was recorded now: close this window to see where things stand.`
          : errorMessage(e),
      );
    } finally {
      onBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        Recording it stores the new password in place of the old one, keeps the old one in the encrypted history (in
        case the change did not take), and restarts the rotation schedule.
      </Text>
      <ResolvedList
        title={
          meets.length === 0
            ? 'No open obligations: this is a routine rotation'
            : `Resolves ${plural(meets.length, 'open obligation')}`
        }
        obligations={meets}
      />
      {draft.reenrolTotp && !draft.totpChanging ? (
        <Alert color="red" variant="light" p="xs" role="status" icon={<IconAlertTriangle size={16} />}>
          <Text size="sm">
            Two-factor still has to be re-enrolled: this rotation does not record a new TOTP seed, so that obligation
            stays open.
          </Text>
        </Alert>
      ) : null}
      {codeWanted ? (
        <TextInput
          label="Code from the new seed"
          description="Type the code your authenticator shows for the new seed: it proves the seed was set up right."
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          classNames={{ input: 'mono-input' }}
        />
      ) : null}
      {request ? <AcceptanceFields request={request} value={acceptance} onChange={setAcceptance} /> : null}
      <Textarea
        label="Note"
        description="Optional. Kept encrypted with the rotation."
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        placeholder="e.g. Changed after Ada left; checked that sign-in works"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={5}
        maxLength={1000}
        data-autofocus
      />
      {error ? (
        <Alert color="red" variant="light" p="xs" role="alert" icon={<IconAlertTriangle size={16} />}>
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
      <Group justify="space-between" mt="xs">
        <Button variant="default" onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button onClick={() => void confirm()} loading={busy}>
          Record rotation
        </Button>
      </Group>
    </Stack>
  );
}

function ResolvedList({ title, obligations }: { title: string; obligations: readonly ObligationView[] }) {
  return (
    <Box component="section" aria-label="Obligations">
      <SectionLabel mb={6}>{title}</SectionLabel>
      {obligations.length > 0 ? (
        <Stack gap={4} role="list" aria-label="Obligations resolved">
          {obligations.map((o) => (
            <Group key={o.id} gap={8} wrap="nowrap" role="listitem" align="flex-start">
              <ThemeIcon size={18} radius="xl" variant="light" color="teal" mt={1}>
                <IconCheck size={12} stroke={2.4} />
              </ThemeIcon>
              <Text size="sm" style={{ flex: 1 }}>
                {reasonWords(o.reasonKind, o.reasonDetail)}
                <Text span size="xs" c="dimmed">
                  {' '}
                  · raised {formatRelative(o.createdAt)}
                </Text>
              </Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Box>
  );
}

function Outcome({
  account,
  draft,
  record,
  onOpenAccount,
  onClose,
  doneLabel,
}: {
  account: AccountDetail;
  draft: DraftView;
  record: RotationRecord;
  onOpenAccount(): void;
  onClose(): void;
  doneLabel: string;
}) {
  const changed: ReactNode[] = ['the password'];
  if (record.totpChanged) changed.push('the TOTP seed');
  if (record.recoveryChanged) changed.push('the recovery codes');
  return (
    <Stack gap="md" aria-label="Result">
      <Alert
        color="teal"
        variant="light"
        icon={<IconCheck size={18} />}
        title={`Rotation recorded at ${formatDateTime(record.rotatedAt)}`}
      >
        <Text size="sm">
          Replaced {changed.join(', ').replace(/, ([^,]*)$/, ' and $1')} of{' '}
          {displayHandle(account.platform, account.handle)}. The previous password is kept, encrypted, in the account’s
          rotation history.
          {record.resolvedObligations > 0
            ? ` ${plural(record.resolvedObligations, 'obligation')} resolved.`
            : ' No obligation was open.'}
        </Text>
      </Alert>
      {record.resolvedObligations > 0 ? (
        <ResolvedList
          title="Resolved"
          obligations={draft.obligations.filter((o) => o.reasonKind !== 'reenrol_totp' || record.totpChanged)}
        />
      ) : null}
      {record.note ? (
        <Text size="sm">
          <Text span fw={600}>
            Note:{' '}
          </Text>
          <span className="selectable">{record.note}</span>
        </Text>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onOpenAccount}>
          Show rotation history
        </Button>
        <Button onClick={onClose} data-autofocus>
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}
