/**
 * The takeover's temporary password, beside the real one, until the manager
 * says it is set on the platform. Then main records the change (the real
 * password goes to the encrypted history) and the takeover can start.
 */
import { Alert, Box, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { TakeoverView } from '../../../../shared/domain/takeover';
import { api, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { CurrentPassword, NewPassword, PasswordPair, SetOnBadge } from '../rotation/PasswordPair';
import { SecretValue } from '../accounts/SecretValue';
import { useVaultData } from '../VaultData';
import { accountName } from './labels';

export function TemporaryPassword({
  takeover,
  onSet,
  onLater,
}: {
  takeover: TakeoverView;
  onSet(takeover: TakeoverView): void;
  onLater(): void;
}) {
  const { accountsById, rotationChanged } = useVaultData();
  const now = useNow(30_000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const account = accountsById.get(takeover.accountId);
  const name = accountName(account, takeover.accountLabel);
  const platform = account ? PLATFORM_INFO[account.platform].label : 'the platform';
  const first = takeover.personName.split(/\s+/)[0] || takeover.personName;
  const draftId = takeover.draftId;
  // Whether a sign-in name is stored is on the account's detail, not the list summary.
  const [hasSignInName, setHasSignInName] = useState(false);
  useEffect(() => {
    let live = true;
    api.accounts
      .get({ id: takeover.accountId })
      .then((detail) => live && setHasSignInName(detail.hasSignInName))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [takeover.accountId]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await api.takeovers.temporarySet({ id: takeover.id });
      await rotationChanged();
      onSet(next);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  if (draftId === null) {
    return (
      <Alert color="gray" variant="light">
        <Text size="sm">
          {takeover.temporarySetAt !== null
            ? `The temporary password was set on ${formatDateTime(takeover.temporarySetAt)}.`
            : 'This takeover has no temporary password waiting.'}
        </Text>
      </Alert>
    );
  }

  return (
    <Stack gap="md">
      <Box>
        <Text fw={600}>Set the temporary password on {platform}</Text>
        <List size="sm" mt={6} spacing={4} type="ordered" className="wizard-steps">
          <List.Item>
            Sign in to {name} with {hasSignInName ? 'its sign-in name and ' : ''}the current password.
          </List.Item>
          <List.Item>
            Change the password to the temporary one
            {takeover.startsAt > now
              ? `, before ${formatDateTime(takeover.startsAt)} when ${first}’s ticket opens.`
              : `: ${first}’s ticket is already open.`}
          </List.Item>
          <List.Item>Come back and confirm. The real password stays in the vault’s encrypted history.</List.Item>
        </List>
      </Box>
      {hasSignInName ? (
        <SecretValue
          accountId={takeover.accountId}
          field="signInName"
          label="Sign-in name"
          hidden={<span className="mask">••••••••</span>}
          render={(value) => <span className="password-text">{value}</span>}
          meta={`The same for ${first}: the ticket carries it with the temporary password`}
        />
      ) : null}
      <PasswordPair
        current={
          <CurrentPassword
            accountId={takeover.accountId}
            hasPassword={account?.hasPassword ?? true}
            hint="Yours: never handed over"
          />
        }
        next={<NewPassword draftId={draftId} title="Temporary password" badge={<SetOnBadge />} />}
      />
      <Text size="xs" c="dimmed">
        When the takeover ends, {name} goes to the rotation queue with a “change it back” obligation: rotating it then
        closes the takeover.
      </Text>
      {error ? (
        <Alert color="red" variant="light" p="xs" role="alert" icon={<IconAlertTriangle size={16} />}>
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onLater} disabled={busy}>
          Set it later
        </Button>
        <Button leftSection={<IconCheck size={16} />} onClick={() => void confirm()} loading={busy}>
          I’ve set it on the platform
        </Button>
      </Group>
    </Stack>
  );
}
