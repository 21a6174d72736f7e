/**
 * The unlocked app. Everything decrypted lives below it (the store in
 * `VaultData`, the open account, anything revealed); unmounting it on lock
 * is what wipes them.
 */
import { AppShell } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VaultStatus } from '../../../shared/domain/vault';
import { FeedbackProvider, useFeedback } from '../components/Feedback';
import { api } from '../lib/api';
import type { AppInfo } from '../lib/app-info';
import { plural } from '../lib/format';
import { useActivityReporter } from '../lib/hooks';
import { useAction } from '../lib/useAction';
import { AccountsPage } from './accounts/AccountsPage';
import { AuditPage } from './audit/AuditPage';
import { CompliancePage } from './compliance/CompliancePage';
import { EscrowPage } from './escrow/EscrowPage';
import { NavigationContext, useRouteState, type Route } from './navigation';
import { PeoplePage } from './people/PeoplePage';
import { RotationPage } from './rotation/RotationPage';
import { RotationWizard } from './rotation/RotationWizard';
import { SettingsPage } from './settings/SettingsPage';
import { Header, useSearchShortcut, type ListNavigator } from './shell/Header';
import { Sidebar } from './shell/Sidebar';
import { TakeoversPage } from './takeovers/TakeoversPage';
import { useVaultData, VaultDataProvider } from './VaultData';

interface Props {
  info: AppInfo;
  status: VaultStatus;
  /** A bundle carried from the start screen: the app opens on the Escrow screen to import it. */
  pendingBundle: string | null;
  onPendingBundleTaken(): void;
  onStatus(status: VaultStatus): void;
  onAutoLockMinutes(minutes: number): void;
  onLocked(): void;
}

export function VaultApp(props: Props) {
  const { status, info } = props;
  return (
    <FeedbackProvider withHeader>
      <VaultDataProvider
        identity={{
          owner: status.vault?.owner ?? 'Vault owner',
          keyFingerprint: status.vault?.keyFingerprint ?? null,
          fileDialogs: info.fileDialogs,
        }}
      >
        <VaultShell {...props} />
      </VaultDataProvider>
    </FeedbackProvider>
  );
}

function VaultShell({ status, pendingBundle, onPendingBundleTaken, onStatus, onAutoLockMinutes, onLocked }: Props) {
  useActivityReporter();
  const { settings } = useVaultData();
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const listNavigator = useRef<ListNavigator | null>(null);
  const clearQuery = useCallback(() => setQuery(''), []);
  const [initial] = useState<Route>(() =>
    pendingBundle !== null
      ? { page: 'escrow', entry: { tab: 'register', bundle: pendingBundle } }
      : { page: 'accounts', entry: null },
  );
  const { route, visit, rotating, closeRotation, nextRotation, goTo, navigation } = useRouteState(initial, clearQuery);
  const feedback = useFeedback();

  // The start screen's bundle is carried once: locking and unlocking again does not bring it back.
  useEffect(() => {
    if (pendingBundle !== null) onPendingBundleTaken();
  }, [pendingBundle, onPendingBundleTaken]);

  const autoLockMinutes = settings?.autoLockMinutes;
  useEffect(() => {
    if (autoLockMinutes !== undefined) onAutoLockMinutes(autoLockMinutes);
  }, [autoLockMinutes, onAutoLockMinutes]);

  const lock = useAction(
    async () => {
      await api.vault.lock();
      onLocked();
    },
    { refusal: 'toast' },
  );

  const focusSearch = useCallback(() => {
    goTo('accounts');
    window.setTimeout(() => {
      search.current?.focus();
      search.current?.select();
    }, 0);
  }, [goTo]);
  useSearchShortcut(focusSearch);

  const onQuery = useCallback(
    (next: string) => {
      setQuery(next);
      if (route.page !== 'accounts') goTo('accounts');
    },
    [route.page, goTo],
  );

  return (
    <NavigationContext.Provider value={navigation}>
      <AppShell header={{ height: 56 }} navbar={{ width: 208, breakpoint: 0 }} padding={0}>
        <Header
          searchRef={search}
          query={query}
          onQuery={onQuery}
          listNavigator={listNavigator}
          owner={status.vault?.owner ?? 'Vault'}
          locking={lock.busy}
          onLock={lock.run}
        />
        <Sidebar page={route.page} onPage={goTo} />
        <AppShell.Main className="app-main">
          {route.page === 'accounts' ? (
            <AccountsPage
              key={`accounts-${visit}`}
              query={query}
              onQuery={setQuery}
              navigatorRef={listNavigator}
              onFocusSearch={focusSearch}
              entry={route.entry}
            />
          ) : route.page === 'people' ? (
            <PeoplePage key={`people-${visit}`} entry={route.entry} />
          ) : route.page === 'rotation' ? (
            <RotationPage key={`rotation-${visit}`} />
          ) : route.page === 'takeovers' ? (
            <TakeoversPage key={`takeovers-${visit}`} />
          ) : route.page === 'escrow' ? (
            <EscrowPage key={`escrow-${visit}`} entry={route.entry} />
          ) : route.page === 'compliance' ? (
            <CompliancePage key={`compliance-${visit}`} />
          ) : route.page === 'audit' ? (
            <AuditPage key={`audit-${visit}`} entry={route.entry} />
          ) : (
            <SettingsPage status={status} onStatus={onStatus} />
          )}
        </AppShell.Main>
      </AppShell>
      {rotating ? (
        <RotationWizard
          key={`${rotating.queue[rotating.index]}:${rotating.at}`}
          accountId={rotating.queue[rotating.index]!}
          sitting={rotating.queue.length > 1 ? { index: rotating.index, total: rotating.queue.length } : undefined}
          onClose={(recorded) => {
            const left = rotating.queue.length - rotating.index - (recorded ? 1 : 0);
            if (rotating.queue.length > 1 && left > 0) {
              feedback.toast(`Stopped with ${plural(left, 'account')} to go: they stay in the rotation queue`);
            }
            closeRotation();
          }}
          onNext={nextRotation}
        />
      ) : null}
    </NavigationContext.Provider>
  );
}
