import { Alert, Anchor, Box, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconClockPause, IconInfoCircle, IconLifebuoy, IconLock } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LockReason, VaultStatus } from '../../../shared/domain/vault';
import { PassphraseInput } from '../components/PassphraseInput';
import { ApiError, api, errorMessage } from '../lib/api';
import { formatMinutes } from '../lib/format';
import { useSecondsLeft } from '../lib/hooks';
import { splitPath } from '../lib/paths';
import { WelcomeLayout } from './WelcomeLayout';

/** Why we are on this screen: main's lock reasons, or a call that found the vault locked. */
export type UnlockReason = LockReason | 'unexpected';

export function lockMessage(reason: UnlockReason, autoLockMinutes: number | null): string {
  switch (reason) {
    case 'idle':
      return autoLockMinutes
        ? `Locked after ${formatMinutes(autoLockMinutes)} idle`
        : 'Locked after a period of inactivity';
    case 'system':
      return 'Locked because the computer was locked';
    case 'manual':
      return 'You locked the vault';
    case 'unexpected':
      return 'The vault was locked';
  }
}

interface Props {
  status: VaultStatus;
  reason: UnlockReason | null;
  autoLockMinutes: number | null;
  onUnlocked(status: VaultStatus): void;
  onBack(): void;
  /** An escrow bundle waits to be imported: this should be the press team's vault. */
  pendingBundle?: boolean;
}

export function UnlockScreen({ status, reason, autoLockMinutes, onUnlocked, onBack, pendingBundle = false }: Props) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const waitSeconds = useSecondsLeft(retryUntil);
  const input = useRef<HTMLInputElement>(null);
  const { name, dir } = splitPath(status.path);

  // Back-off outlives restarts (it is kept in the vault file): ask main how long to wait.
  useEffect(() => {
    let live = true;
    api.vault
      .status({ path: status.path })
      .then((fresh) => {
        if (live && fresh.retryAfterSeconds) setRetryUntil(Date.now() + fresh.retryAfterSeconds * 1000);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [status.path]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || waitSeconds > 0) return;
    if (!passphrase) {
      setError('Enter your passphrase');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.vault.unlock({ path: status.path, passphrase });
      setPassphrase('');
      onUnlocked(next);
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError && e.retryAfterSeconds) setRetryUntil(Date.now() + e.retryAfterSeconds * 1000);
      setPassphrase('');
      setBusy(false);
      window.setTimeout(() => input.current?.focus(), 0);
    }
  };

  const waiting = waitSeconds > 0;
  return (
    <WelcomeLayout>
      <Box maw={400}>
        <Group gap="sm" mb="xs">
          <IconLock size={22} stroke={1.8} />
          <Title order={2}>{pendingBundle ? 'Unlock the press vault' : 'Unlock your vault'}</Title>
        </Group>
        <Text c="dimmed" size="sm">
          <Text span fw={600} c="var(--mantine-color-text)">
            {name}
          </Text>
          {dir ? (
            <Text span c="dimmed" size="sm" className="path-text">
              {' '}
              in {dir}
            </Text>
          ) : null}
        </Text>
        {pendingBundle ? (
          <Alert mt="lg" variant="light" color="custodian" icon={<IconLifebuoy size={18} />} role="status">
            The escrow bundle goes to this vault’s press register once it is open. Nothing in it is opened until someone
            breaks the glass there, with a reason.
          </Alert>
        ) : null}
        {reason ? (
          <Alert
            mt="lg"
            variant="light"
            color={reason === 'manual' ? 'gray' : 'custodian'}
            icon={reason === 'idle' ? <IconClockPause size={18} /> : <IconInfoCircle size={18} />}
            role="status"
          >
            {lockMessage(reason, autoLockMinutes)}
          </Alert>
        ) : null}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack mt="lg" gap="md">
            <PassphraseInput
              ref={input}
              label="Passphrase"
              size="md"
              autoFocus
              value={passphrase}
              onChange={(e) => {
                setPassphrase(e.currentTarget.value);
                if (error && !waiting) setError(null);
              }}
              error={error}
              disabled={busy}
            />
            <Button
              type="submit"
              size="md"
              disabled={waiting}
              aria-busy={busy}
              leftSection={busy ? <Loader size={16} color="white" /> : undefined}
              fullWidth
            >
              {waiting ? `Try again in ${waitSeconds} s` : busy ? 'Unlocking…' : 'Unlock'}
            </Button>
          </Stack>
        </form>
        <Text size="sm" mt="xl" c="dimmed">
          Not this vault?{' '}
          <Anchor component="button" type="button" size="sm" onClick={onBack}>
            Back to the start screen
          </Anchor>
        </Text>
      </Box>
    </WelcomeLayout>
  );
}
