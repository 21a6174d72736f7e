/**
 * Leavers and movers, in three steps: what happened and when; exactly what
 * will be revoked and flagged (from main's preview, nothing changed yet);
 * then what was done. Main does it all in one transaction.
 */
import { Alert, Anchor, Box, Button, Group, List, Paper, Radio, Stack, Stepper, Text, ThemeIcon } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertTriangle,
  IconCheck,
  IconKeyOff,
  IconRotateClockwise,
  IconUserExclamation,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import type { GrantView, LeaverResult } from '../../../../shared/domain/access';
import type { PersonView } from '../../../../shared/domain/people';
import { DateField } from '../../components/DateField';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { useAction } from '../../lib/useAction';
import { formatIsoDate, plural, todayIso } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { distinctAccounts, dueText, GrantKindBadge, grantSpan, obligationText } from '../access/labels';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { SectionLabel } from '../../components/SectionLabel';
import { DialogActions, NoteField } from '../../components/DialogParts';

type Kind = 'left' | 'moved';
type Preview = ChannelOutput<'access.previewLeaver'>;

type Step = { name: 'details' } | { name: 'confirm'; preview: Preview } | { name: 'done'; result: LeaverResult };

const STEP_INDEX = { details: 0, confirm: 1 } as const;

export function LeaverDialog({ person, onClose }: { person: PersonView; onClose(): void }) {
  const feedback = useFeedback();
  const { patch, invalidate } = useVaultData();
  const { openAccount } = useNavigation();
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [kind, setKind] = useState<Kind>('left');
  const [date, setDate] = useState(todayIso());
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ date?: string; note?: string }>({});
  const first = person.name.split(/\s+/)[0] || person.name;
  const verb = kind === 'left' ? 'left' : 'moved role';

  // Main checks the date too (not implausibly early, not too far ahead) before anything is shown as settled.
  const preview = useAction(
    async () => setStep({ name: 'confirm', preview: await api.access.previewLeaver({ personId: person.id, date }) }),
    {
      onRefused(e) {
        const mapped = dateRefusal(e);
        if (mapped) setErrors((old) => ({ ...old, date: mapped }));
        return mapped !== null;
      },
    },
  );

  const mark = useAction(
    async () => {
      const result = await api.access.processLeaver({
        personId: person.id,
        kind,
        date,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setStep({ name: 'done', result });
      feedback.toast(`${person.name} marked as ${kind === 'left' ? 'a leaver' : 'a mover'}`);
      // The answer is the person as they now are and the obligations just created: no list is read again for them.
      patch.person(result.person);
      patch.obligations(result.obligations);
      // The grants revoked change the account list's holders.
      void invalidate('accounts');
    },
    {
      // A refused date or note (the preview checked the date, but a day may have passed) goes back to its field.
      onRefused(e) {
        const mapped = fieldErrors(e, { date: 'date', note: 'note' });
        const date = Object.keys(mapped).length === 0 ? dateRefusal(e) : null;
        if (date) mapped.date = date;
        if (Object.keys(mapped).length === 0) return false;
        setErrors(mapped);
        setStep({ name: 'details' });
        return true;
      },
    },
  );
  const busy = preview.busy || mark.busy;
  const formError = preview.error ?? mark.error;

  const review = () => {
    const found: typeof errors = {};
    if (!date) found.date = 'Enter the date as a full day, month and year';
    if (note.length > 1000) found.note = 'At most 1000 characters';
    setErrors(found);
    mark.reset();
    if (Object.keys(found).length > 0) return preview.reset();
    void preview.run();
  };

  const title =
    step.name === 'done'
      ? `${person.name}: done`
      : kind === 'left'
        ? `${person.name} is leaving`
        : `${person.name} is moving role`;

  return (
    <Dialog
      opened
      onClose={busy ? () => undefined : onClose}
      title={title}
      size="lg"
      closeOnClickOutside={step.name === 'done'}
    >
      <Stepper active={step.name === 'done' ? 3 : STEP_INDEX[step.name]} size="xs" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label="What happened" />
        <Stepper.Step label="Check" />
        <Stepper.Step label="Result" />
      </Stepper>

      {step.name === 'details' ? (
        <Stack gap="md">
          <Radio.Group
            label="What happened"
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            aria-label="What happened"
          >
            <Stack gap={8} mt={6}>
              <Radio value="left" label="Left the organisation" description="They can never be granted access again" />
              <Radio
                value="moved"
                label="Moved to another role"
                description="Access is revoked now; their new role can be granted access afresh"
              />
            </Stack>
          </Radio.Group>
          <DateField
            label={kind === 'left' ? 'Leaving date' : 'Date of the move'}
            description="Access is revoked as soon as you confirm; each password change is due on this date."
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            value={date}
            onChange={(value) => {
              setDate(value);
              setErrors((old) => ({ ...old, date: undefined }));
            }}
            error={errors.date}
            wrapperProps={{ style: { maxWidth: 220 } }}
            required
            withAsterisk
          />
          <NoteField
            label="Note"
            required={false}
            placeholder="e.g. Last day agreed with HR"
            description="Optional. Kept encrypted with their record; it never goes into the audit trail."
            value={note}
            onChange={(value) => {
              setNote(value);
              setErrors((old) => ({ ...old, note: undefined }));
            }}
            error={errors.note}
          />
          <DialogActions refusal={formError} onCancel={onClose} mt="xs">
            <Button onClick={review} loading={busy}>
              Review what will change
            </Button>
          </DialogActions>
        </Stack>
      ) : step.name === 'confirm' ? (
        <Stack gap="md">
          <Text size="sm">
            Marking <b>{person.name}</b> as {verb} on <b>{formatIsoDate(date)}</b> will, in one step:
          </Text>
          <Consequence
            icon={<IconKeyOff size={16} />}
            color="red"
            title={
              step.preview.revoke.length === 0
                ? 'Revoke nothing: they hold no access'
                : `Revoke ${plural(step.preview.revoke.length, 'grant')} now`
            }
          >
            {step.preview.revoke.length > 0 ? (
              <GrantList grants={step.preview.revoke} label="Access to be revoked" />
            ) : null}
          </Consequence>
          <Consequence
            icon={<IconRotateClockwise size={16} />}
            color="orange"
            title={
              step.preview.revoke.length === 0
                ? 'Flag no passwords for change'
                : `Flag ${plural(distinctAccounts(step.preview.revoke).length, 'account')} for a password change, due ${formatIsoDate(date)}`
            }
          >
            {step.preview.revoke.length > 0 ? (
              <Text size="xs" c="dimmed">
                Each gets a rotation obligation naming {first}: they knew the password, so it must change.
              </Text>
            ) : null}
          </Consequence>
          {step.preview.managedAccounts.length > 0 ? (
            <Consequence
              icon={<IconUserExclamation size={16} />}
              color="yellow"
              title={`${plural(step.preview.managedAccounts.length, 'account needs', 'accounts need')} a new manager`}
            >
              <Text size="xs" c="dimmed" mb={4}>
                {first} is the named manager. Choose someone else afterwards:
              </Text>
              <List size="sm" spacing={2}>
                {step.preview.managedAccounts.map((a) => (
                  <List.Item key={a.accountId}>{a.accountLabel}</List.Item>
                ))}
              </List>
            </Consequence>
          ) : null}
          <Text size="xs" c="dimmed">
            Nothing is deleted: the grants stay in the access log as revoked, and the audit trail records the change.
          </Text>
          {formError ? (
            <Alert color="red" variant="light" p="xs" role="alert" icon={<IconAlertTriangle size={16} />}>
              <Text size="sm">{formError}</Text>
            </Alert>
          ) : null}
          <Group justify="space-between" mt="xs">
            <Button variant="default" onClick={() => setStep({ name: 'details' })} disabled={busy}>
              Back
            </Button>
            <Button color="red" onClick={() => void mark.run()} loading={busy} data-autofocus>
              {kind === 'left' ? 'Mark as left' : 'Mark as moved'}
              {step.preview.revoke.length > 0 ? ` and revoke ${plural(step.preview.revoke.length, 'grant')}` : ''}
            </Button>
          </Group>
        </Stack>
      ) : (
        <LeaverOutcome
          result={step.result}
          onOpenAccount={(id) => {
            onClose();
            openAccount(id, 'access');
          }}
          onClose={onClose}
        />
      )}
    </Dialog>
  );
}

function Consequence({
  icon,
  color,
  title,
  children,
}: {
  icon: ReactNode;
  color: string;
  title: string;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="sm">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon size={28} radius="xl" variant="light" color={color}>
          {icon}
        </ThemeIcon>
        <Box style={{ flex: 1 }} miw={0}>
          <Text size="sm" fw={600} mt={4}>
            {title}
          </Text>
          {children ? <Box mt={6}>{children}</Box> : null}
        </Box>
      </Group>
    </Paper>
  );
}

function GrantList({ grants, label }: { grants: readonly GrantView[]; label: string }) {
  return (
    <Stack gap={4} role="list" aria-label={label}>
      {grants.map((grant) => (
        <Group key={grant.id} gap={8} wrap="nowrap" role="listitem">
          <Text size="sm" fw={500} className="truncate">
            {grant.accountLabel}
          </Text>
          <GrantKindBadge kind={grant.kind} size="xs" />
          <Text size="xs" c="dimmed" className="truncate">
            {grantSpan(grant)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function LeaverOutcome({
  result,
  onOpenAccount,
  onClose,
}: {
  result: LeaverResult;
  onOpenAccount(id: number): void;
  onClose(): void;
}) {
  const now = useNow(60_000);
  const { person } = result;
  const what = person.status === 'left' ? 'left' : 'moved role';
  return (
    <Stack gap="md" aria-label="Result">
      <Alert color="teal" variant="light" icon={<IconCheck size={18} />} title={`${person.name} marked as ${what}`}>
        <Text size="sm">
          {person.statusDate ? `On ${formatIsoDate(person.statusDate)}. ` : ''}
          {result.revoked.length === 0
            ? 'They held no access, so nothing was revoked.'
            : `${plural(result.revoked.length, 'grant')} revoked and ${plural(result.obligations.length, 'password change')} scheduled.`}
        </Text>
      </Alert>
      {result.revoked.length > 0 ? (
        <Box component="section" aria-label="Revoked">
          <SectionLabel mb={6}>Revoked</SectionLabel>
          <GrantList grants={result.revoked} label="Revoked grants" />
        </Box>
      ) : null}
      {result.obligations.length > 0 ? (
        <Box component="section" aria-label="Rotation obligations">
          <SectionLabel mb={6}>Passwords to change</SectionLabel>
          <Stack gap={4} role="list" aria-label="Rotation obligations">
            {result.obligations.map((obligation) => (
              <Group key={obligation.id} gap={8} wrap="nowrap" role="listitem" justify="space-between">
                <Box miw={0}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={500}
                    onClick={() => onOpenAccount(obligation.accountId)}
                  >
                    {obligation.accountLabel}
                  </Anchor>
                  <Text size="xs" c="dimmed" className="truncate">
                    {obligationText(obligation)}
                  </Text>
                </Box>
                <Text size="xs" fw={600} c="orange" style={{ whiteSpace: 'nowrap' }}>
                  {dueText(obligation, now)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Box>
      ) : null}
      {result.managedAccounts.length > 0 ? (
        <Alert color="yellow" variant="light" icon={<IconUserExclamation size={18} />} title="Choose a new manager">
          <Text size="sm" mb={4}>
            {person.name} is still the named manager of:
          </Text>
          <Stack gap={2} align="flex-start">
            {result.managedAccounts.map((a) => (
              <Anchor
                key={a.accountId}
                component="button"
                type="button"
                size="sm"
                fw={500}
                c="var(--mantine-color-text)"
                underline="always"
                onClick={() => onOpenAccount(a.accountId)}
              >
                {a.accountLabel}
              </Anchor>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The date's refusal, from the preview or the marking: the only thing the
 * person types that main can refuse as invalid input is the date (and the
 * note, which has its own path).
 */
function dateRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input') return null;
  const mapped = fieldErrors(error, { date: 'date' });
  if (mapped.date) return mapped.date;
  return error.issues.some((issue) => issue.path.startsWith('note')) ? null : error.message;
}
