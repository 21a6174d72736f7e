/**
 * Scheduling a takeover, in three steps: who runs which account, when and
 * why; the ticket and its code to hand over; the temporary password to set
 * on the platform. Main does the first step in one transaction (takeover
 * grant, temporary password sealed as a draft, signed ticket).
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  type ComboboxParsedItem,
} from '@mantine/core';
import { DateTimeField } from '../../components/DateField';
import { Dialog } from '../../components/Dialog';
import { IconAlertTriangle, IconCalendarTime, IconCheck, IconRotateClockwise } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { IssuedTicket, TakeoverView } from '../../../../shared/domain/takeover';
import { PlatformIcon } from '../../components/PlatformIcon';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatWindow, localInputToIso, localInputToMs, toLocalInput } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { PersonSelect } from '../people/PersonSelect';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { accountName } from './labels';
import { TemporaryPassword } from './TemporaryPassword';
import { TicketHandover } from './TicketHandover';
import { DialogActions, NoteField } from '../../components/DialogParts';

type Field =
  'account' | 'person' | 'guestName' | 'guestEmail' | 'guestRole' | 'guestDepartment' | 'start' | 'end' | 'reason';

const PATHS: Record<string, Field> = {
  accountId: 'account',
  personId: 'person',
  'guest.name': 'guestName',
  'guest.email': 'guestEmail',
  'guest.role': 'guestRole',
  'guest.department': 'guestDepartment',
  start: 'start',
  end: 'end',
  reason: 'reason',
};

type Step =
  | { name: 'details' }
  | { name: 'handover'; takeover: TakeoverView; ticket: IssuedTicket }
  | { name: 'temporary'; takeover: TakeoverView }
  | { name: 'done'; takeover: TakeoverView };

const STEP_INDEX = { details: 0, handover: 1, temporary: 2, done: 3 } as const;
const ACCOUNT_LIMIT = 60;
const HOUR = 3600_000;

/** The next whole hour from now, as a datetime-local value. */
function nextHour(now: number): number {
  return Math.ceil(now / HOUR) * HOUR;
}

export function ScheduleTakeover({ accountId, onClose }: { accountId?: number; onClose(): void }) {
  const feedback = useFeedback();
  const { accounts, accountsById, people, rotationChanged, invalidate } = useVaultData();
  const { openRotation } = useNavigation();
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [account, setAccount] = useState<number | null>(accountId ?? null);
  const [who, setWho] = useState<'directory' | 'guest'>('directory');
  const [personId, setPersonId] = useState<number | null>(null);
  const [guest, setGuest] = useState({ name: '', email: '', role: '', department: '' });
  const [start, setStart] = useState(() => toLocalInput(nextHour(Date.now())));
  const [end, setEnd] = useState(() => toLocalInput(nextHour(Date.now()) + 8 * HOUR));
  const [reason, setReason] = useState('');
  const [includeTotp, setIncludeTotp] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const chosen = account === null ? undefined : accountsById.get(account);
  const { options, haystacks } = useMemo(() => {
    const haystacks = new Map<string, string>();
    const options = (accounts ?? [])
      .filter((a) => a.status === 'active')
      .map((a) => {
        const label = `${displayHandle(a.platform, a.handle)} · ${PLATFORM_INFO[a.platform].label}`;
        haystacks.set(String(a.id), `${label}\u0000${a.displayName}\u0000${a.department}`.toLowerCase());
        return { value: String(a.id), label };
      });
    return { options, haystacks };
  }, [accounts]);

  const clear = (field: Field) => setErrors((old) => ({ ...old, [field]: undefined }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (account === null) found.account = 'Choose the account';
    if (who === 'directory' && personId === null) found.person = 'Choose who runs it, or add a guest';
    if (who === 'guest' && !guest.name.trim()) found.guestName = 'Name is empty';
    if (who === 'guest' && !guest.email.trim()) found.guestEmail = 'Needed, to know who they are';
    const startIso = localInputToIso(start);
    const endIso = localInputToIso(end);
    if (!startIso) found.start = 'Enter a date and time';
    if (!endIso) found.end = 'Enter a date and time';
    if (!reason.trim()) found.reason = 'Give a reason';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || account === null || !startIso || !endIso) return;
    setBusy(true);
    try {
      const result = await api.takeovers.schedule({
        accountId: account,
        ...(who === 'directory' && personId !== null
          ? { personId }
          : {
              guest: {
                name: guest.name,
                email: guest.email,
                ...(guest.role.trim() ? { role: guest.role } : {}),
                ...(guest.department.trim() ? { department: guest.department } : {}),
              },
            }),
        start: startIso,
        end: endIso,
        reason,
        includeTotp,
      });
      setStep({ name: 'handover', takeover: result.takeover, ticket: result.ticket });
      feedback.toast(
        `Takeover of ${accountName(accountsById.get(result.takeover.accountId), result.takeover.accountLabel)} scheduled`,
      );
      void rotationChanged();
      void invalidate('people');
    } catch (e) {
      const mapped = fieldErrors(e, PATHS) as typeof errors;
      if (e instanceof ApiError && Object.keys(mapped).length === 0) {
        if (/already in the directory|email/i.test(e.message)) mapped.guestEmail = e.message;
        else if (/has left/i.test(e.message)) mapped.person = e.message;
        else if (/archived|already has a takeover|rotation/i.test(e.message)) mapped.account = e.message;
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const requestClose = () => {
    if (busy) return;
    if (step.name === 'handover' && !leaving) return setLeaving(true);
    onClose();
  };

  const startMs = localInputToMs(start);
  const endMs = localInputToMs(end);
  const windowText = startMs !== null && endMs !== null && endMs > startMs ? formatWindow(startMs, endMs) : null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <Dialog
      opened
      onClose={requestClose}
      title={
        step.name === 'details'
          ? 'Schedule a takeover'
          : step.name === 'done'
            ? 'Takeover ready'
            : `Takeover of ${accountName(accountsById.get(step.takeover.accountId), step.takeover.accountLabel)}`
      }
      size={720}
      closeOnClickOutside={step.name === 'done'}
    >
      <Stepper active={STEP_INDEX[step.name]} size="xs" mb="md" allowNextStepsSelect={false}>
        <Stepper.Step label="Who, when, why" />
        <Stepper.Step label="Ticket and code" />
        <Stepper.Step label="Temporary password" />
      </Stepper>

      {step.name === 'details' ? (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Schedule a takeover">
          <Stack gap="md">
            <Select
              label="Account"
              withAsterisk
              placeholder="Search accounts"
              data={options}
              value={account === null ? null : String(account)}
              onChange={(v) => {
                setAccount(v === null ? null : Number(v));
                setIncludeTotp(false);
                clear('account');
              }}
              searchable
              limit={ACCOUNT_LIMIT}
              filter={({ options: list, search, limit }) => {
                const q = search.trim().toLowerCase();
                const out: ComboboxParsedItem[] = [];
                for (const option of list) {
                  if (out.length >= limit) break;
                  if (!('value' in option)) continue;
                  if (!q || haystacks.get(option.value)?.includes(q)) out.push(option);
                }
                return out;
              }}
              renderOption={({ option }) => {
                const a = accountsById.get(Number(option.value));
                return (
                  <Group gap="sm" wrap="nowrap">
                    {a ? <PlatformIcon platform={a.platform} size={22} decorative /> : null}
                    <Box miw={0}>
                      <Text size="sm" className="truncate">
                        {option.label}
                      </Text>
                      {a?.displayName ? (
                        <Text size="xs" c="dimmed" className="truncate">
                          {a.displayName}
                        </Text>
                      ) : null}
                    </Box>
                  </Group>
                );
              }}
              leftSection={chosen ? <PlatformIcon platform={chosen.platform} size={18} decorative /> : undefined}
              nothingFoundMessage="No active account matches"
              error={errors.account}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-autofocus={accountId === undefined || undefined}
            />

            <Stack gap={6}>
              <Text size="sm" fw={500} id="takeover-who">
                Who runs it
              </Text>
              <SegmentedControl
                value={who}
                onChange={(v) => setWho(v as 'directory' | 'guest')}
                data={[
                  { value: 'directory', label: 'Someone in the directory' },
                  { value: 'guest', label: 'A guest (add them now)' },
                ]}
                aria-labelledby="takeover-who"
                fullWidth
              />
              {who === 'guest' ? (
                <Text size="xs" c="dimmed">
                  They are added to the directory, so the access log can name them.
                </Text>
              ) : null}
              {who === 'directory' ? (
                <PersonSelect
                  label="Person"
                  placeholder="Search the directory"
                  people={people}
                  value={personId}
                  onChange={(id) => {
                    setPersonId(id);
                    clear('person');
                  }}
                  onAddPerson={(typed) => {
                    setWho('guest');
                    setGuest((g) => ({ ...g, name: typed }));
                  }}
                  error={errors.person}
                />
              ) : (
                <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
                  <TextInput
                    label="Name"
                    withAsterisk
                    value={guest.name}
                    onChange={(e) => {
                      const name = e.currentTarget.value;
                      setGuest((g) => ({ ...g, name }));
                      clear('guestName');
                    }}
                    error={errors.guestName}
                    maxLength={200}
                    autoComplete="off"
                  />
                  <TextInput
                    label="Email"
                    withAsterisk
                    type="email"
                    value={guest.email}
                    onChange={(e) => {
                      const email = e.currentTarget.value;
                      setGuest((g) => ({ ...g, email }));
                      clear('guestEmail');
                    }}
                    error={errors.guestEmail}
                    maxLength={254}
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <TextInput
                    label="Role"
                    placeholder="e.g. Student ambassador"
                    value={guest.role}
                    onChange={(e) => {
                      const role = e.currentTarget.value;
                      setGuest((g) => ({ ...g, role }));
                    }}
                    error={errors.guestRole}
                    maxLength={200}
                    autoComplete="off"
                  />
                  <TextInput
                    label="Department"
                    value={guest.department}
                    onChange={(e) => {
                      const department = e.currentTarget.value;
                      setGuest((g) => ({ ...g, department }));
                    }}
                    error={errors.guestDepartment}
                    maxLength={200}
                    autoComplete="off"
                  />
                </SimpleGrid>
              )}
            </Stack>

            <SimpleGrid cols={2} spacing="sm">
              <DateTimeField
                label="Starts"
                withAsterisk
                value={start}
                onChange={(next) => {
                  setStart(next);
                  clear('start');
                }}
                error={errors.start}
                leftSection={<IconCalendarTime size={16} stroke={1.7} aria-hidden />}
              />
              <DateTimeField
                label="Ends"
                withAsterisk
                value={end}
                min={start}
                onChange={(next) => {
                  setEnd(next);
                  clear('end');
                }}
                error={errors.end}
                leftSection={<IconCalendarTime size={16} stroke={1.7} aria-hidden />}
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt={-8}>
              {windowText ? `${windowText}, your local time (${zone})` : `Your local time (${zone})`}. The ticket opens
              only within this window.
            </Text>

            <NoteField
              placeholder="e.g. Open day: student ambassadors post live from campus"
              description="Kept encrypted in the access log with the takeover grant."
              value={reason}
              onChange={(value) => {
                setReason(value);
                clear('reason');
              }}
              error={errors.reason}
              minRows={1}
            />

            <Box>
              <Checkbox
                label="Include the TOTP seed in the ticket"
                description={
                  chosen && !chosen.hasTotp
                    ? 'No TOTP seed is stored for this account.'
                    : 'Only if they must sign in with no one there to read them a code.'
                }
                checked={includeTotp}
                onChange={(e) => setIncludeTotp(e.currentTarget.checked)}
                disabled={!chosen?.hasTotp}
              />
              {includeTotp ? (
                <Alert
                  mt="sm"
                  color="orange"
                  variant="light"
                  icon={<IconAlertTriangle size={18} />}
                  title="Two-factor must be reset afterwards"
                >
                  <Text size="sm">
                    With the seed they can make codes for as long as they keep it, even after the password changes back.
                    When the takeover ends, reset two-factor on the platform and store the new seed while rotating.
                  </Text>
                </Alert>
              ) : null}
            </Box>

            <DialogActions refusal={formError} busy={busy} onCancel={onClose}>
              <Button type="submit" loading={busy}>
                Schedule takeover
              </Button>
            </DialogActions>
          </Stack>
        </form>
      ) : step.name === 'handover' ? (
        <Stack gap="md">
          <TicketHandover ticket={step.ticket} recipient={step.takeover.personName} />
          {leaving ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Close without the code?">
              <Text size="sm">
                The code cannot be shown again. Without it the ticket is useless: you would have to end this takeover
                and schedule a new one.
              </Text>
              <Group justify="flex-end" mt="sm" gap="xs">
                <Button size="xs" variant="default" onClick={() => setLeaving(false)}>
                  Stay
                </Button>
                <Button size="xs" color="red" onClick={onClose}>
                  Close anyway
                </Button>
              </Group>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button onClick={() => setStep({ name: 'temporary', takeover: step.takeover })} data-autofocus>
              I’ve sent the ticket and the code
            </Button>
          </Group>
        </Stack>
      ) : step.name === 'temporary' ? (
        <TemporaryPassword
          takeover={step.takeover}
          onSet={(takeover) => {
            feedback.toast('Temporary password recorded as set');
            setStep({ name: 'done', takeover });
          }}
          onLater={onClose}
        />
      ) : (
        <Stack gap="md" aria-label="Result">
          <Alert color="teal" variant="light" icon={<IconCheck size={18} />} title="Ready for the takeover">
            <Text size="sm">
              {step.takeover.personName} can redeem the ticket{' '}
              {formatWindow(step.takeover.startsAt, step.takeover.endsAt)}. When it ends, {step.takeover.accountLabel}{' '}
              joins the rotation queue to have its password changed back, and rotating it closes the takeover.
            </Text>
          </Alert>
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              leftSection={<IconRotateClockwise size={16} />}
              onClick={() => {
                onClose();
                openRotation();
              }}
            >
              Rotation queue
            </Button>
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Dialog>
  );
}
