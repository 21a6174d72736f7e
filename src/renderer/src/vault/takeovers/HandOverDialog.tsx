/**
 * Handing a standing grantee the account's password through a one-time
 * credential, instead of an email or a chat message: the ticket opens once,
 * within a few days, with a code sent separately. The access log records it.
 */
import { Alert, Button, Checkbox, Group, NumberInput, Stack, Text } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import type { GrantView } from '../../../../shared/domain/access';
import type { IssuedTicket } from '../../../../shared/domain/takeover';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatDate } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { TicketHandover } from './TicketHandover';
import { DialogActions } from '../../components/DialogParts';

export function HandOverDialog({
  account,
  grant,
  onClose,
  onIssued,
}: {
  account: AccountDetail;
  grant: GrantView;
  onClose(): void;
  onIssued(): void;
}) {
  const feedback = useFeedback();
  const [days, setDays] = useState<number | string>(7);
  const [includeTotp, setIncludeTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ticket, setTicket] = useState<IssuedTicket | null>(null);
  const [leaving, setLeaving] = useState(false);
  const name = displayHandle(account.platform, account.handle);
  const first = grant.personName.split(/\s+/)[0] || grant.personName;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = typeof days === 'number' ? days : Number.parseInt(days, 10);
    if (!Number.isInteger(n) || n < 1 || n > 30) return setError('Between 1 and 30 days');
    setBusy(true);
    setError(null);
    setFormError(null);
    try {
      const issued = await api.takeovers.issueForGrant({
        accountId: account.id,
        personId: grant.personId,
        validDays: n,
        includeTotp,
      });
      setTicket(issued);
      feedback.toast(`One-time credential issued to ${grant.personName}`);
      onIssued();
    } catch (e) {
      const mapped = fieldErrors(e, { validDays: 'days' });
      if (mapped.days) setError(mapped.days);
      else setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const requestClose = () => {
    if (busy) return;
    if (ticket && !leaving) return setLeaving(true);
    onClose();
  };

  return (
    <Dialog
      opened
      onClose={requestClose}
      title={`Hand over the password of ${name}`}
      size={ticket ? 720 : 'md'}
      closeOnClickOutside={false}
    >
      {ticket ? (
        <Stack gap="md">
          <TicketHandover ticket={ticket} recipient={grant.personName} />
          <Text size="xs" c="dimmed">
            {first} redeems it on the Custodian start screen (“Redeem a one-time credential”), once, by{' '}
            {formatDate(ticket.notAfter)}.
          </Text>
          {leaving ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Close without the code?">
              <Text size="sm">The code cannot be shown again; you would have to issue a new ticket.</Text>
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
            <Button onClick={onClose} data-autofocus>
              I’ve sent the ticket and the code
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Hand over the password of ${name}`}>
          <Stack gap="md">
            <Text size="sm">
              Gives {grant.personName} the current password of {name} as a one-time credential: a ticket they open once
              on their own computer with a code you send separately. Nothing readable travels by email or chat.
            </Text>
            <NumberInput
              label="Valid for"
              suffix=" days"
              description="1 to 30 days, and never beyond the end of their access"
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              value={days}
              onChange={(v) => {
                setDays(v);
                setError(null);
              }}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              error={error}
              w={200}
              data-autofocus
            />
            <Checkbox
              label="Include the TOTP seed"
              description={
                account.hasTotp
                  ? 'So they can make sign-in codes themselves.'
                  : 'No TOTP seed is stored for this account.'
              }
              checked={includeTotp}
              onChange={(e) => setIncludeTotp(e.currentTarget.checked)}
              disabled={!account.hasTotp}
            />
            {includeTotp ? (
              <Alert color="orange" variant="light" p="sm" icon={<IconAlertTriangle size={16} />}>
                <Text size="sm">
                  A seed cannot be taken back: when {first} no longer needs access, reset two-factor on the platform as
                  well as changing the password.
                </Text>
              </Alert>
            ) : null}
            <DialogActions refusal={formError} busy={busy} onCancel={onClose}>
              <Button type="submit" loading={busy}>
                Issue one-time credential
              </Button>
            </DialogActions>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}
