/**
 * Granting and revoking access to one account. Reasons are required (they go
 * into the encrypted access log, never into the audit trail); who authorised
 * it defaults to the vault owner.
 */
import { Alert, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import { GRANT_KINDS, GRANT_KIND_LABELS, type GrantKind, type GrantView } from '../../../../shared/domain/access';
import type { PersonView } from '../../../../shared/domain/people';
import { DateField } from '../../components/DateField';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatDateTime, todayIso } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { AddPersonModal } from '../people/PersonForm';
import { PersonSelect } from '../people/PersonSelect';
import { useVaultData } from '../VaultData';
import { GRANT_KIND_DESCRIPTIONS } from './labels';
import { DialogActions, NoteField } from '../../components/DialogParts';

type GrantField = 'person' | 'kind' | 'reason' | 'until' | 'grantedBy';

const GRANT_PATHS: Record<string, GrantField> = {
  personId: 'person',
  kind: 'kind',
  reason: 'reason',
  until: 'until',
  grantedBy: 'grantedBy',
};

export function GrantDialog({
  account,
  holders,
  onClose,
  onGranted,
}: {
  account: AccountDetail;
  holders: readonly GrantView[];
  onClose(): void;
  onGranted(grant: GrantView): void;
}) {
  const feedback = useFeedback();
  const { people, owner, invalidate } = useVaultData();
  const [personId, setPersonId] = useState<number | null>(null);
  const [kind, setKind] = useState<GrantKind>('standing');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [grantedBy, setGrantedBy] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<GrantField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState<{ for: 'person' | 'grantedBy'; name: string } | null>(null);
  const name = displayHandle(account.platform, account.handle);

  const unavailable = useMemo(() => {
    const holding = new Set(holders.map((g) => g.personId));
    return (person: PersonView) => (holding.has(person.id) ? 'Already holds access' : null);
  }, [holders]);

  const clear = (field: GrantField) => setErrors((old) => ({ ...old, [field]: undefined }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (personId === null) found.person = 'Choose who gets access';
    if (!reason.trim()) found.reason = 'Give a reason';
    else if (reason.trim().length > 1000) found.reason = 'At most 1000 characters';
    if (until && until < todayIso()) found.until = 'The last day is already past';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || personId === null) return;
    setBusy(true);
    try {
      const grant = await api.access.grant({
        accountId: account.id,
        personId,
        kind,
        reason: reason.trim(),
        ...(until ? { until } : {}),
        ...(grantedBy !== null ? { grantedBy } : {}),
      });
      feedback.toast(`${grant.personName} can now access ${name}`);
      // The directory's access counts and the account list's holders.
      void invalidate('people', 'accounts');
      onGranted(grant);
    } catch (e) {
      const mapped = fieldErrors(e, GRANT_PATHS) as Partial<Record<GrantField, string>>;
      if (e instanceof ApiError && e.code === 'invalid_input' && /end date/i.test(e.message)) mapped.until = e.message;
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title={`Grant access to ${name}`} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Grant access to ${name}`}>
        <Stack gap="md">
          <PersonSelect
            label="Person"
            withAsterisk
            placeholder="Search the directory"
            people={people}
            value={personId}
            onChange={(id) => {
              setPersonId(id);
              clear('person');
            }}
            unavailable={unavailable}
            onAddPerson={(typed) => setAdding({ for: 'person', name: typed })}
            error={errors.person}
            description="People who have left cannot be granted access"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            data-autofocus
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="grant-kind-label">
              Kind of access
            </Text>
            <SegmentedControl
              value={kind}
              onChange={(value) => setKind(value as GrantKind)}
              data={GRANT_KINDS.map((k) => ({ value: k, label: GRANT_KIND_LABELS[k] }))}
              aria-labelledby="grant-kind-label"
              fullWidth
            />
            <Text size="xs" c="dimmed">
              {GRANT_KIND_DESCRIPTIONS[kind]}
            </Text>
          </Stack>
          <NoteField
            placeholder="e.g. Covers the weekend rota"
            description="Kept encrypted in the access log. The audit trail records only that access was granted."
            value={reason}
            onChange={(value) => {
              setReason(value);
              clear('reason');
            }}
            error={errors.reason}
          />
          <Group grow align="flex-start">
            <DateField
              label="Until"
              description={
                kind === 'standing' ? 'Last day of access; empty for open-ended' : 'Last day of access (recommended)'
              }
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              value={until}
              onChange={(value) => {
                setUntil(value);
                clear('until');
              }}
              min={todayIso()}
              error={errors.until}
            />
            <PersonSelect
              label="Granted by"
              description="Who authorised it"
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              people={people}
              value={grantedBy}
              onChange={(id) => {
                setGrantedBy(id);
                clear('grantedBy');
              }}
              noneLabel={`${owner} (vault owner)`}
              onAddPerson={(typed) => setAdding({ for: 'grantedBy', name: typed })}
              error={errors.grantedBy}
            />
          </Group>
          <DialogActions refusal={formError} busy={busy} onCancel={onClose} mt="xs">
            <Button type="submit" loading={busy}>
              Grant access
            </Button>
          </DialogActions>
        </Stack>
      </form>
      <AddPersonModal
        initialName={adding?.name ?? null}
        onClose={() => setAdding(null)}
        onSaved={(person) => {
          if (adding?.for === 'grantedBy') setGrantedBy(person.id);
          else {
            setPersonId(person.id);
            clear('person');
          }
          setAdding(null);
        }}
      />
    </Dialog>
  );
}

export function RevokeDialog({
  account,
  grant,
  onClose,
  onRevoked,
}: {
  account: AccountDetail;
  grant: GrantView;
  onClose(): void;
  onRevoked(grant: GrantView): void;
}) {
  const feedback = useFeedback();
  const { people, owner, invalidate } = useVaultData();
  const [reason, setReason] = useState('');
  const [revokedBy, setRevokedBy] = useState<number | null>(null);
  const [errors, setErrors] = useState<{ reason?: string; revokedBy?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = displayHandle(account.platform, account.handle);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setErrors({ reason: 'Give a reason' });
    setBusy(true);
    setFormError(null);
    try {
      const { grant: revoked, obligation } = await api.access.revoke({
        accountId: account.id,
        personId: grant.personId,
        reason: reason.trim(),
        ...(revokedBy !== null ? { revokedBy } : {}),
      });
      feedback.toast(
        obligation
          ? `Revoked ${grant.personName}’s access to ${name}. Change its password: a one-time credential can still be redeemed`
          : `Revoked ${grant.personName}’s access to ${name}`,
      );
      void invalidate('people', 'accounts');
      onRevoked(revoked);
    } catch (e) {
      const mapped = fieldErrors(e, { reason: 'reason', revokedBy: 'revokedBy' });
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title={`Revoke ${grant.personName}’s access?`} size="md">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Revoke ${grant.personName}’s access`}>
        <Stack gap="md">
          <Text size="sm">
            {grant.personName} will no longer hold access to {name}. The grant stays in the access log, marked as
            revoked.
          </Text>
          {grant.outstandingCredentials > 0 ? (
            <Alert
              color="orange"
              variant="light"
              p="xs"
              icon={<IconAlertTriangle size={16} />}
              title="A one-time credential is still out"
              data-testid="revoke-outstanding"
            >
              <Text size="sm">
                {grant.outstandingCredentials === 1
                  ? 'A one-time credential'
                  : `${grant.outstandingCredentials} one-time credentials`}{' '}
                handed to {grant.personName} can still be redeemed until{' '}
                {formatDateTime(grant.credentialsValidUntil ?? 0)}, and revoking cannot recall{' '}
                {grant.outstandingCredentials === 1 ? 'it' : 'them'}. The account gets a rotation obligation, due now:
                change the password.
              </Text>
            </Alert>
          ) : (
            <Alert color="yellow" variant="light" p="xs" icon={<IconInfoCircle size={16} />}>
              <Text size="sm">
                This records the change; it does not change the password. If they knew it, change it.
              </Text>
            </Alert>
          )}
          <NoteField
            placeholder="e.g. No longer on the social media team"
            value={reason}
            onChange={(value) => {
              setReason(value);
              setErrors((old) => ({ ...old, reason: undefined }));
            }}
            error={errors.reason}
            autoFocus
          />
          <PersonSelect
            label="Revoked by"
            people={people}
            value={revokedBy}
            onChange={setRevokedBy}
            noneLabel={`${owner} (vault owner)`}
            error={errors.revokedBy}
          />
          <DialogActions refusal={formError} busy={busy} onCancel={onClose} mt="xs">
            <Button type="submit" color="red" loading={busy}>
              Revoke access
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}
