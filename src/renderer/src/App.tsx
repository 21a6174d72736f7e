/**
 * The app's top level: which screen is showing. Everything decrypted lives
 * below <VaultApp>, so leaving the 'vault' screen (lock, idle, a `locked`
 * answer) unmounts it and drops the account list, details and anything
 * revealed in one go.
 */
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { LockReason, VaultStatus } from '../../shared/domain/vault';
import { api, errorMessage, onLockedError } from './lib/api';
import type { AppInfo } from './lib/app-info';
import { CreateVaultScreen } from './screens/CreateVaultScreen';
import { EscrowBundleScreen } from './screens/EscrowBundleScreen';
import { RedeemScreen } from './screens/RedeemScreen';
import { StartScreen } from './screens/StartScreen';
import { UnlockScreen, type UnlockReason } from './screens/UnlockScreen';
import { VaultApp } from './vault/VaultApp';

type Screen =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'start' }
  | { kind: 'create' }
  | { kind: 'redeem' }
  | { kind: 'escrow' }
  | { kind: 'unlock'; reason: UnlockReason | null }
  | { kind: 'vault' };

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [status, setStatus] = useState<VaultStatus | null>(null);
  /** Remembered (not secret) so the unlock screen can say "after 5 minutes idle". */
  const [autoLockMinutes, setAutoLockMinutes] = useState<number | null>(null);
  /** An escrow bundle inspected on the start screen, to import once the press vault is unlocked. */
  const [pendingBundle, setPendingBundle] = useState<string | null>(null);
  const takePendingBundle = useCallback(() => setPendingBundle(null), []);

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([api.app.info(), api.vault.status()])
      .then(([appInfo, vaultStatus]) => {
        if (!live) return;
        setInfo(appInfo);
        setStatus(vaultStatus);
        setScreen(
          vaultStatus.unlocked
            ? { kind: 'vault' }
            : vaultStatus.exists
              ? { kind: 'unlock', reason: null }
              : { kind: 'start' },
        );
      })
      .catch((error: unknown) => live && setScreen({ kind: 'failed', message: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [attempt]);

  const refreshStatus = useCallback(async (path?: string) => {
    const next = await api.vault.status(path ? { path } : {});
    setStatus(next);
    return next;
  }, []);

  const lockedTo = useCallback(
    (reason: UnlockReason) => {
      setScreen((current) =>
        current.kind === 'vault' ||
        // A call can find the vault locked a moment before main's event says why: keep the better reason.
        (current.kind === 'unlock' && current.reason === 'unexpected' && reason !== 'unexpected')
          ? { kind: 'unlock', reason }
          : current,
      );
      refreshStatus().catch(() => undefined);
    },
    [refreshStatus],
  );

  useEffect(() => api.on('vault.locked', ({ reason }: { reason: LockReason }) => lockedTo(reason)), [lockedTo]);
  useEffect(() => onLockedError(() => lockedTo('unexpected')), [lockedTo]);

  const unlocked = useCallback((next: VaultStatus) => {
    setStatus(next);
    setScreen({ kind: 'vault' });
  }, []);

  switch (screen.kind) {
    case 'loading':
      return (
        <Center h="100dvh">
          <Loader size="sm" aria-label="Loading" />
        </Center>
      );
    case 'failed':
      return (
        <Center h="100dvh">
          <Stack align="center" gap="sm" maw={420}>
            <Title order={3}>Custodian could not start</Title>
            <Text c="dimmed" ta="center">
              {screen.message}
            </Text>
            <Button
              onClick={() => {
                setScreen({ kind: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </Button>
          </Stack>
        </Center>
      );
    case 'start':
      return (
        <StartScreen
          info={info!}
          status={status!}
          onChoosePath={refreshStatus}
          onOpen={() => setScreen({ kind: 'unlock', reason: null })}
          onCreate={() => setScreen({ kind: 'create' })}
          onRedeem={() => setScreen({ kind: 'redeem' })}
          onEscrow={() => setScreen({ kind: 'escrow' })}
        />
      );
    case 'redeem':
      return <RedeemScreen info={info!} onBack={() => setScreen({ kind: 'start' })} />;
    case 'escrow':
      return (
        <EscrowBundleScreen
          info={info!}
          status={status!}
          onBack={() => setScreen({ kind: 'start' })}
          onUnlock={(bundle) => {
            setPendingBundle(bundle);
            setScreen({ kind: 'unlock', reason: null });
          }}
        />
      );
    case 'create':
      return (
        <CreateVaultScreen
          info={info!}
          status={status!}
          onCreated={unlocked}
          onBack={() => setScreen({ kind: 'start' })}
        />
      );
    case 'unlock':
      return (
        <UnlockScreen
          status={status!}
          reason={screen.reason}
          autoLockMinutes={autoLockMinutes}
          onUnlocked={unlocked}
          onBack={() => {
            setPendingBundle(null);
            setScreen({ kind: 'start' });
          }}
          pendingBundle={pendingBundle !== null}
        />
      );
    case 'vault':
      return (
        <VaultApp
          info={info!}
          status={status!}
          pendingBundle={pendingBundle}
          onPendingBundleTaken={takePendingBundle}
          onStatus={setStatus}
          onAutoLockMinutes={setAutoLockMinutes}
          onLocked={() => lockedTo('manual')}
        />
      );
  }
}
