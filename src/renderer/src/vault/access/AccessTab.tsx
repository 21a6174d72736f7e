/**
 * An account's Access tab: who holds access now (or held it on any past day),
 * granting and revoking, and the compliance hints that matter here: fewer than
 * two people know the login (policy R2), and open rotation obligations.
 */
import { Alert, Box, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconKeyOff, IconPlus, IconRotateClockwise, IconTicket, IconUsers } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import type { GrantView, ObligationView } from '../../../../shared/domain/access';
import { api, errorMessage } from '../../lib/api';
import { formatIsoDate, plural } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { displayHandle } from '../accounts/labels';
import { EmptyRow, Section } from '../DetailSection';
import { HandOverDialog } from '../takeovers/HandOverDialog';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { AccessRow } from './AccessRow';
import { AsOfPicker } from './AsOfPicker';
import { GrantDialog, RevokeDialog } from './GrantDialogs';
import { dueState, dueText, obligationText } from './labels';

const NO_GRANTS: GrantView[] = [];

interface Loaded<T> {
  value: T | null;
  error: string | null;
  for: string;
}

export function AccessTab({ account }: { account: AccountDetail }) {
  const { revision } = useVaultData();
  const { startRotation } = useNavigation();
  const now = useNow(60_000);
  const [asOf, setAsOf] = useState('');
  const [version, setVersion] = useState(0);
  const [holders, setHolders] = useState<Loaded<GrantView[]>>({ value: null, error: null, for: '' });
  const [obligations, setObligations] = useState<ObligationView[] | null>(null);
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<GrantView | null>(null);
  const [handing, setHanding] = useState<GrantView | null>(null);
  const key = `${account.id}:${version}:${asOf}`;
  const archived = account.status === 'archived';
  const name = displayHandle(account.platform, account.handle);

  useEffect(() => {
    let live = true;
    const key = `${account.id}:${version}:${asOf}`;
    api.access
      .holders(asOf ? { accountId: account.id, asOf } : { accountId: account.id })
      .then(({ grants }) => live && setHolders({ value: grants, error: null, for: key }))
      .catch((error: unknown) => live && setHolders({ value: null, error: errorMessage(error), for: key }));
    return () => {
      live = false;
    };
  }, [account.id, version, asOf]);

  // Granting and revoking create no obligations; rotations, reports and takeovers do (they bump `revision`).
  useEffect(() => {
    let live = true;
    api.obligations
      .list({ accountId: account.id })
      .then(({ obligations: list }) => live && setObligations(list))
      .catch(() => live && setObligations([]));
    return () => {
      live = false;
    };
  }, [account.id, revision]);

  // While another day's list loads, keep the previous one rather than flashing a skeleton.
  const list = holders.value;
  const current = !asOf && holders.for === key ? list : null;
  const people = current ? new Set(current.map((g) => g.personId)).size : null;
  const changed = () => setVersion((v) => v + 1);

  return (
    <Box>
      <Group justify="space-between" mt="lg" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          {people !== null && people >= 2 && !archived ? (
            <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
          ) : null}
          <Text size="sm" c="dimmed" aria-live="polite">
            {people === null
              ? '\u00a0'
              : people === 0
                ? 'Nobody holds access now'
                : `${plural(people, 'person holds', 'people hold')} access now${people >= 2 && !archived ? ', as policy asks' : ''}`}
          </Text>
        </Group>
        {!archived ? (
          <Button size="xs" leftSection={<IconPlus size={15} />} onClick={() => setGranting(true)}>
            Grant access
          </Button>
        ) : null}
      </Group>

      {archived ? (
        <Alert mt="md" color="gray" variant="light" p="sm">
          <Text size="sm">
            Archived: nobody can be granted access until it is restored. Access that remains can still be revoked.
          </Text>
        </Alert>
      ) : null}

      {!archived && people !== null && people < 2 ? (
        <Alert
          mt="md"
          color="yellow"
          variant="light"
          icon={<IconUsers size={18} />}
          title={people === 0 ? 'Nobody holds access' : 'Only one person holds access'}
          role="status"
        >
          <Text size="sm">
            Policy: at least two people know each login, so the account never depends on one person’s memory.
          </Text>
        </Alert>
      ) : null}

      {obligations && obligations.length > 0 ? (
        <Alert
          mt="md"
          color="orange"
          variant="light"
          icon={<IconRotateClockwise size={18} />}
          title={obligations.length === 1 ? 'The password must change' : 'The password must change (several reasons)'}
          role="status"
        >
          <Stack gap={4}>
            {obligations.map((obligation) => (
              <Group key={obligation.id} gap={8} wrap="nowrap" justify="space-between" align="flex-start">
                <Text size="sm">{obligationText(obligation)}</Text>
                <Text
                  size="xs"
                  fw={600}
                  c={dueState(obligation, now) === 'overdue' ? 'red' : 'orange'}
                  style={{ whiteSpace: 'nowrap' }}
                  mt={2}
                >
                  {dueText(obligation, now)}
                </Text>
              </Group>
            ))}
            <Group justify="space-between" wrap="nowrap" mt={4} gap="sm">
              <Text size="xs" c="dimmed">
                Until it changes, anyone who knew the old password can still sign in to {name}.
              </Text>
              {!archived ? (
                <Button
                  size="xs"
                  color="orange"
                  leftSection={<IconRotateClockwise size={14} />}
                  onClick={() => startRotation(account.id)}
                  style={{ flexShrink: 0 }}
                >
                  Rotate password…
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Alert>
      ) : null}

      <Section
        title={asOf ? `Held access on ${formatIsoDate(asOf)}` : 'Holders'}
        aside={<AsOfPicker label="Who had access on" value={asOf} onChange={setAsOf} />}
      >
        {holders.error && holders.for === key ? (
          <Alert color="red" m="sm" title="Could not load who holds access">
            {holders.error}
          </Alert>
        ) : list === null ? (
          <Stack p="md" gap="sm" aria-busy="true" aria-label="Loading holders">
            <Skeleton height={14} width="45%" />
            <Skeleton height={10} width="70%" />
          </Stack>
        ) : list.length === 0 ? (
          <EmptyRow>
            {asOf
              ? `Nobody held access at any time on ${formatIsoDate(asOf)}.`
              : 'Nobody holds access to this account.'}
          </EmptyRow>
        ) : (
          <Box role="list" aria-label={asOf ? 'Holders on that day' : 'Current holders'}>
            {list.map((grant) => (
              <Box role="listitem" key={grant.id} className="access-item">
                <AccessRow
                  grant={grant}
                  perspective="account"
                  action={
                    !asOf ? (
                      <Group gap={4} wrap="nowrap">
                        {grant.kind === 'standing' && grant.state === 'active' && !archived && account.hasPassword ? (
                          <Button
                            variant="subtle"
                            size="xs"
                            leftSection={<IconTicket size={14} />}
                            onClick={() => setHanding(grant)}
                            aria-label={`Hand over the password to ${grant.personName}`}
                          >
                            Hand over
                          </Button>
                        ) : null}
                        <Button
                          variant="subtle"
                          color="red"
                          size="xs"
                          leftSection={<IconKeyOff size={14} />}
                          onClick={() => setRevoking(grant)}
                          aria-label={`Revoke access for ${grant.personName}`}
                        >
                          Revoke
                        </Button>
                      </Group>
                    ) : undefined
                  }
                />
              </Box>
            ))}
          </Box>
        )}
      </Section>
      {asOf ? (
        <Text size="xs" c="dimmed" mt={6}>
          Everyone who held access at any moment of {formatIsoDate(asOf)}, local time, including access that ended or
          started that day.
        </Text>
      ) : null}

      {granting ? (
        <GrantDialog
          account={account}
          holders={current ?? NO_GRANTS}
          onClose={() => setGranting(false)}
          onGranted={() => {
            setGranting(false);
            changed();
          }}
        />
      ) : null}
      {handing ? (
        <HandOverDialog account={account} grant={handing} onClose={() => setHanding(null)} onIssued={changed} />
      ) : null}
      {revoking ? (
        <RevokeDialog
          account={account}
          grant={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            changed();
          }}
        />
      ) : null}
    </Box>
  );
}
