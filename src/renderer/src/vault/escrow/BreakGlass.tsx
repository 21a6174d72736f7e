/**
 * Breaking the glass: choose accounts from one manager's bundle (or all of
 * them), say why, and confirm on a step of its own, where a quorum card's
 * officers each type their passphrase. The opening is recorded (the reason
 * sealed) before any secret comes back, and yields the notice the manager
 * must receive.
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertOctagon,
  IconEye,
  IconHammer,
  IconListCheck,
  IconMailForward,
  IconSearch,
  IconUsers,
} from '@tabler/icons-react';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  MAX_OFFICERS,
  type EscrowRegister,
  type OpeningResult,
  type PressKeyView,
} from '../../../../shared/domain/escrow';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { PassphraseInput } from '../../components/PassphraseInput';
import { PlatformIcon } from '../../components/PlatformIcon';
import { ApiError, api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatDateTime, plural } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { DialogActions } from '../../components/DialogParts';

const MAX_REASON = 2000;

/** "the only account", "both accounts", "all 12 accounts". */
function everyAccount(n: number): string {
  return n === 1 ? 'the only account' : n === 2 ? 'both accounts' : `all ${plural(n, 'account')}`;
}

interface OfficerEntry {
  /** Position on the card (0-based), or null until chosen. */
  officer: number | null;
  passphrase: string;
}

export function BreakGlassDialog({
  register,
  pressKey,
  bundleId,
  refs,
  onClose,
  onOpened,
}: {
  register: EscrowRegister;
  pressKey: PressKeyView;
  bundleId: string;
  /** The accounts chosen in the register; null for the whole bundle. */
  refs: number[] | null;
  onClose(): void;
  onOpened(result: OpeningResult, reason: string): void;
}) {
  const bundle = register.bundles.find((b) => b.bundleId === bundleId)!;
  const accounts = useMemo(
    () =>
      register.accounts
        .filter((a) => a.bundleId === bundleId)
        .sort((a, b) => a.handle.localeCompare(b.handle, 'en-GB', { sensitivity: 'base' })),
    [register, bundleId],
  );
  // The officers' names are on the card: known for bundles made for this vault's current key.
  const quorum = bundle.mode === 'quorum' && bundle.cardFingerprint === pressKey.fingerprint ? pressKey.quorum : null;
  const officerOptions = quorum
    ? quorum.officers.map((name, i) => ({ value: String(i), label: name }))
    : Array.from({ length: MAX_OFFICERS }, (_, i) => ({ value: String(i), label: `Officer ${i + 1} on the card` }));
  const needed = quorum?.k ?? 2;

  const [step, setStep] = useState<'choose' | 'confirm'>('choose');
  const [scope, setScope] = useState<'all' | 'some'>(refs === null ? 'all' : 'some');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(refs ?? []));
  const [filter, setFilter] = useState('');
  const [reason, setReason] = useState('');
  const [officers, setOfficers] = useState<OfficerEntry[]>(() =>
    Array.from({ length: bundle.mode === 'quorum' ? needed : 0 }, (_, i) => ({
      officer: quorum ? i : null,
      passphrase: '',
    })),
  );
  const [understood, setUnderstood] = useState(false);
  const [errors, setErrors] = useState<{ accounts?: string; reason?: string; officers?: string }>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wrongEntry, setWrongEntry] = useState<OfficerEntry | null>(null);
  const passphraseFields = useRef<(HTMLInputElement | null)[]>([]);

  const selected =
    scope === 'all' ? accounts.map((a) => a.ref) : accounts.filter((a) => chosen.has(a.ref)).map((a) => a.ref);
  const words = filter.trim().toLowerCase().replace(/^@/, '');
  const listed = words
    ? accounts.filter((a) => `${a.handle}\u0000${a.displayName}`.toLowerCase().includes(words))
    : accounts;
  const names = selected.map((ref) => {
    const a = accounts.find((x) => x.ref === ref)!;
    return displayHandle(a.platform, a.handle);
  });
  const subject =
    scope === 'all'
      ? everyAccount(accounts.length)
      : names.length <= 3
        ? names.join(', ')
        : plural(names.length, 'account');

  const next = () => {
    const found: typeof errors = {};
    if (selected.length === 0) found.accounts = 'Choose at least one account';
    if (!reason.trim()) found.reason = 'Say why: it goes to the manager with the notice';
    else if (reason.trim().length > MAX_REASON) found.reason = `At most ${MAX_REASON} characters`;
    setErrors(found);
    if (Object.keys(found).length === 0) setStep('confirm');
  };

  const open = async () => {
    const given = officers.filter((o) => o.officer !== null && o.passphrase !== '');
    if (bundle.mode === 'quorum' && given.length < needed) {
      return setErrors({ officers: `${needed} officers must each type their passphrase` });
    }
    setBusy(true);
    setRefusal(null);
    setErrors({});
    try {
      const result = await api.press.open({
        bundleId,
        reason,
        ...(scope === 'some' ? { accountIds: selected } : {}),
        ...(bundle.mode === 'quorum'
          ? { officerPassphrases: given.map((o) => ({ officer: o.officer!, passphrase: o.passphrase })) }
          : {}),
      });
      // The passphrases have done their job.
      setOfficers((list) => list.map((o) => ({ ...o, passphrase: '' })));
      onOpened(result, reason.trim());
    } catch (e) {
      const mapped = fieldErrors(e, { reason: 'reason', accountIds: 'accounts' });
      if (mapped.reason || mapped.accounts) {
        setErrors(mapped);
        setStep('choose');
      } else {
        setRefusal(errorMessage(e));
        if (e instanceof ApiError && e.code === 'wrong_passphrase') {
          // Main names the wrong one (by its place in what was sent): only that passphrase is typed again.
          const wrong = wrongOfficer(e, given);
          setOfficers((list) => list.map((o) => (wrong === null || o === wrong ? { ...o, passphrase: '' } : o)));
          setWrongEntry(wrong);
          // Straight to the field to type again, clear of the buttons stuck to the dialog's bottom.
          const index = wrong === null ? -1 : officers.indexOf(wrong);
          window.setTimeout(() => {
            const field = passphraseFields.current[index];
            field?.scrollIntoView({ block: 'center' });
            field?.focus({ preventScroll: true });
          }, 0);
        }
      }
      setBusy(false);
    }
  };

  return (
    <Dialog
      opened
      onClose={busy ? () => undefined : onClose}
      title={`Break glass: accounts of ${bundle.issuerName}`}
      size={720}
    >
      <Stepper active={step === 'choose' ? 0 : 1} size="xs" mb="md" allowNextStepsSelect={false}>
        <Stepper.Step label="Accounts and reason" />
        <Stepper.Step label="Confirm" />
        <Stepper.Step label="Secrets" />
      </Stepper>

      {step === 'choose' ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            From the bundle that {bundle.issuerName} exported on {formatDateTime(bundle.createdAt)}. Open only what the
            emergency needs: every account opened must have its password changed afterwards.
          </Text>
          <Radio.Group value={scope} onChange={(v) => setScope(v as 'all' | 'some')} aria-label="Accounts to open">
            <Stack gap={8}>
              <Radio value="some" label="Only the accounts I choose" />
              <Radio
                value="all"
                label={`${everyAccount(accounts.length).replace(/^./, (c) => c.toUpperCase())} in the bundle`}
              />
            </Stack>
          </Radio.Group>
          {scope === 'some' ? (
            <Paper withBorder p={0} role="group" aria-label="Accounts">
              {accounts.length > 8 ? (
                <TextInput
                  m="xs"
                  size="xs"
                  aria-label="Find an account"
                  placeholder="Find an account"
                  leftSection={<IconSearch size={14} />}
                  value={filter}
                  onChange={(e) => setFilter(e.currentTarget.value)}
                />
              ) : null}
              <ScrollArea.Autosize mah={220} type="auto">
                <Stack gap={0} py={4}>
                  {listed.map((a) => (
                    <Checkbox
                      key={a.ref}
                      className="pick-row"
                      checked={chosen.has(a.ref)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setChosen((old) => {
                          const set = new Set(old);
                          if (on) set.add(a.ref);
                          else set.delete(a.ref);
                          return set;
                        });
                        setErrors((old) => ({ ...old, accounts: undefined }));
                      }}
                      label={
                        <Group gap={8} wrap="nowrap">
                          <PlatformIcon platform={a.platform} size={20} decorative />
                          <Text size="sm" fw={500}>
                            {displayHandle(a.platform, a.handle)}
                          </Text>
                          <Text size="xs" c="dimmed" className="truncate">
                            {[a.displayName, PLATFORM_INFO[a.platform].label].filter(Boolean).join(' · ')}
                          </Text>
                        </Group>
                      }
                      aria-label={`${displayHandle(a.platform, a.handle)} (${PLATFORM_INFO[a.platform].label})`}
                    />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
              <Text size="xs" c="dimmed" px="sm" py={6} className="pick-count" aria-live="polite">
                {selected.length === 0
                  ? 'None chosen'
                  : `${selected.length} of ${plural(accounts.length, 'account')} chosen`}
              </Text>
            </Paper>
          ) : null}
          {errors.accounts ? (
            <Text size="sm" c="red" role="alert" mt={-6}>
              {errors.accounts}
            </Text>
          ) : null}
          <Textarea
            label="Reason"
            withAsterisk
            description="What happened and who asked. Kept sealed in this vault and sent to the manager in the notice; never in the audit trail."
            inputWrapperOrder={['label', 'description', 'input', 'error']}
            placeholder="e.g. The account is posting spam; the digital team needs to get back in tonight"
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setErrors((old) => ({ ...old, reason: undefined }));
            }}
            error={errors.reason}
            autosize
            minRows={3}
            maxRows={6}
            maxLength={MAX_REASON}
            data-autofocus
          />
          <DialogActions onCancel={onClose}>
            <Button color="red" onClick={next}>
              Continue
            </Button>
          </DialogActions>
        </Stack>
      ) : (
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertOctagon size={18} />} title="This is an emergency opening">
            <Text size="sm">
              You are about to open {subject} from the vault of {bundle.issuerName}, because:
            </Text>
            <Text size="sm" mt={6} className="grant-reason">
              {reason.trim()}
            </Text>
          </Alert>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Breaking the glass will, at once:
            </Text>
            <Consequence icon={<IconEye size={16} />} title="Show the secrets on this screen">
              Passwords, live two-factor codes and recovery codes, revealed and copied one by one (each copy is
              recorded). They stay available until this vault locks.
            </Consequence>
            <Consequence icon={<IconListCheck size={16} />} title="Record the opening">
              In this vault’s audit trail: who, when, which accounts. The reason is kept sealed with it.
            </Consequence>
            <Consequence icon={<IconMailForward size={16} />} title={`Make a notice for ${bundle.issuerName}`}>
              Signed by this vault. Send it to them: importing it puts every account opened in their rotation queue, so
              the passwords you saw are changed.
            </Consequence>
          </Stack>

          {bundle.mode === 'quorum' ? (
            <Paper withBorder p="md" role="group" aria-label="Officers’ passphrases">
              <Group gap="sm" wrap="nowrap" mb="sm">
                <ThemeIcon size={28} radius="xl" variant="light" color="grape">
                  <IconUsers size={15} />
                </ThemeIcon>
                <Box>
                  <Text size="sm" fw={600}>
                    {quorum
                      ? `${quorum.k} of ${quorum.officers.length} officers must type their passphrase`
                      : 'Officers must type their passphrases'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {quorum
                      ? 'Each at the keyboard in turn. A wrong passphrase is recorded.'
                      : `This bundle was made for an earlier press key (card ${bundle.cardFingerprint}): choose each officer by their place on that card.`}
                  </Text>
                </Box>
              </Group>
              <Stack gap="sm">
                {officers.map((entry, i) => (
                  <Group key={i} gap="sm" wrap="nowrap" align="flex-start">
                    <Select
                      aria-label={`Officer ${i + 1}`}
                      placeholder="Officer"
                      data={officerOptions.filter(
                        (o) =>
                          o.value === String(entry.officer) || !officers.some((x) => String(x.officer) === o.value),
                      )}
                      value={entry.officer === null ? null : String(entry.officer)}
                      onChange={(v) =>
                        setOfficers((list) =>
                          list.map((o, j) => (j === i ? { ...o, officer: v === null ? null : Number(v) } : o)),
                        )
                      }
                      w={220}
                    />
                    <PassphraseInput
                      ref={(el) => {
                        passphraseFields.current[i] = el;
                      }}
                      aria-label={`Passphrase of ${entry.officer !== null ? (officerOptions[entry.officer]?.label ?? `officer ${i + 1}`) : `officer ${i + 1}`}`}
                      placeholder="Their passphrase"
                      value={entry.passphrase}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setOfficers((list) =>
                          list.map((o, j) => {
                            if (j !== i) return o;
                            const typed = { ...o, passphrase: value };
                            if (o === wrongEntry) setWrongEntry(typed);
                            return typed;
                          }),
                        );
                        setErrors((old) => ({ ...old, officers: undefined }));
                      }}
                      error={entry === wrongEntry && entry.passphrase === ''}
                      style={{ flex: 1 }}
                    />
                  </Group>
                ))}
                {quorum === null && officers.length < MAX_OFFICERS ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => setOfficers((list) => [...list, { officer: null, passphrase: '' }])}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    Add an officer
                  </Button>
                ) : null}
                {errors.officers ? (
                  <Text size="sm" c="red" role="alert">
                    {errors.officers}
                  </Text>
                ) : null}
              </Stack>
            </Paper>
          ) : null}

          <Checkbox
            checked={understood}
            onChange={(e) => setUnderstood(e.currentTarget.checked)}
            label={`This is an emergency, and I will send the notice to ${bundle.issuerName}`}
          />
          <Stack gap="sm" className="dialog-actions">
            {refusal ? (
              <Alert color="red" variant="light" p="sm" role="alert" icon={<IconAlertOctagon size={16} />}>
                <Text size="sm">{refusal}</Text>
              </Alert>
            ) : null}
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep('choose')} disabled={busy}>
                Back
              </Button>
              <Button
                color="red"
                leftSection={<IconHammer size={16} />}
                onClick={() => void open()}
                loading={busy}
                disabled={!understood}
              >
                Break the glass
              </Button>
            </Group>
          </Stack>
        </Stack>
      )}
    </Dialog>
  );
}

function Consequence({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon size={28} radius="xl" variant="light" color="red">
        {icon}
      </ThemeIcon>
      <Box>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {children}
        </Text>
      </Box>
    </Group>
  );
}

/** The entry whose passphrase main refused (`officerPassphrases.N.passphrase` among those sent), or null. */
function wrongOfficer(error: ApiError, sent: OfficerEntry[]): OfficerEntry | null {
  for (const issue of error.issues) {
    const match = /^officerPassphrases\.(\d+)\.passphrase$/.exec(issue.path);
    if (match) return sent[Number(match[1])] ?? null;
  }
  return null;
}
