/**
 * The unlocked app. Owns every piece of decrypted state (the account list,
 * settings); unmounting it on lock is what wipes them.
 */
import {
  ActionIcon,
  AppShell,
  Badge,
  Button,
  Group,
  Kbd,
  NavLink,
  Text,
  TextInput,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import {
  IconAddressBook,
  IconListCheck,
  IconLock,
  IconMoon,
  IconSearch,
  IconSettings,
  IconSun,
  IconUsersGroup,
  IconX,
} from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { PersonView } from '../../../shared/domain/people';
import type { Settings } from '../../../shared/domain/settings';
import type { VaultStatus } from '../../../shared/domain/vault';
import { BrandMark } from '../components/BrandMark';
import { FeedbackProvider, useFeedback } from '../components/Feedback';
import { call, errorMessage } from '../lib/api';
import { formatCount } from '../lib/format';
import { useActivityReporter } from '../lib/hooks';
import { AccountsPage, type ListNavigator } from './accounts/AccountsPage';
import { AuditPage } from './audit/AuditPage';
import { PeoplePage } from './people/PeoplePage';
import { SettingsPage } from './settings/SettingsPage';
import { VaultDataContext, type AccountTab, type AuditEntry, type VaultData } from './VaultData';

interface Props {
  status: VaultStatus;
  onStatus(status: VaultStatus): void;
  onAutoLockMinutes(minutes: number): void;
  onLocked(): void;
}

type Page = 'accounts' | 'people' | 'audit' | 'settings';

const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);

export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD_KEY = IS_MAC ? '⌘' : 'Ctrl';

export function VaultApp(props: Props) {
  return (
    <FeedbackProvider>
      <VaultShell {...props} />
    </FeedbackProvider>
  );
}

function VaultShell({ status, onStatus, onAutoLockMinutes, onLocked }: Props) {
  useActivityReporter();
  const feedback = useFeedback();
  const [page, setPage] = useState<Page>('accounts');
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [query, setQuery] = useState('');
  const [locking, setLocking] = useState(false);
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [peopleError, setPeopleError] = useState<string | null>(null);
  const [obligations, setObligations] = useState<ObligationView[]>([]);
  /** Where another screen asked to land: read once by the page as it mounts. */
  const [accountEntry, setAccountEntry] = useState<{ id: number; tab: AccountTab } | null>(null);
  const [personEntry, setPersonEntry] = useState<number | null>(null);
  const [auditEntry, setAuditEntry] = useState<AuditEntry | null>(null);
  /** Bumped on every navigation, so a page opened again with a new entry mounts afresh. */
  const [visit, setVisit] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const listNavigator = useRef<ListNavigator | null>(null);

  const reloadAccounts = useCallback(async () => {
    try {
      const { accounts: list } = await call(window.custodian.accounts.list());
      setAccounts(list);
      setListError(null);
    } catch (error) {
      setListError(errorMessage(error));
    }
  }, []);

  const reloadPeople = useCallback(async () => {
    try {
      const { people: list } = await call(window.custodian.people.list());
      setPeople(list);
      setPeopleError(null);
    } catch (error) {
      setPeopleError(errorMessage(error));
    }
  }, []);

  const reloadObligations = useCallback(async () => {
    try {
      const { obligations: list } = await call(window.custodian.obligations.open({}));
      setObligations(list);
    } catch (error) {
      feedback.toast(errorMessage(error), 'error');
    }
  }, [feedback]);

  useEffect(() => {
    call(window.custodian.accounts.list())
      .then(({ accounts: list }) => setAccounts(list))
      .catch((error: unknown) => setListError(errorMessage(error)));
    call(window.custodian.people.list())
      .then(({ people: list }) => setPeople(list))
      .catch((error: unknown) => setPeopleError(errorMessage(error)));
    call(window.custodian.obligations.open({}))
      .then(({ obligations: list }) => setObligations(list))
      .catch(() => undefined);
    call(window.custodian.settings.get())
      .then((loaded) => {
        setSettings(loaded);
        onAutoLockMinutes(loaded.autoLockMinutes);
      })
      .catch(() => undefined);
  }, [onAutoLockMinutes]);

  const saveSettings = useCallback(
    (next: Settings) => {
      setSettings(next);
      onAutoLockMinutes(next.autoLockMinutes);
    },
    [onAutoLockMinutes],
  );

  const lock = useCallback(async () => {
    setLocking(true);
    try {
      await call(window.custodian.vault.lock());
      onLocked();
    } catch (error) {
      feedback.toast(errorMessage(error), 'error');
      setLocking(false);
    }
  }, [feedback, onLocked]);
  const clearQuery = useCallback(() => setQuery(''), []);

  const focusSearch = useCallback(() => {
    setAccountEntry(null);
    setPage('accounts');
    window.setTimeout(() => {
      search.current?.focus();
      search.current?.select();
    }, 0);
  }, []);

  // Ctrl/Cmd+K anywhere, or "/" outside a text field, jumps to search.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null;
      if ((event.key === 'k' || event.key === 'K') && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        focusSearch();
      } else if (
        event.key === '/' &&
        !typing &&
        !event.metaKey &&
        !event.ctrlKey &&
        !document.querySelector('[role="dialog"]')
      ) {
        event.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusSearch]);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
      return;
    }
    // Up/down/page keys and Enter drive the list from the search box; Home/End stay with the caret.
    if (LIST_KEYS.has(event.key) && listNavigator.current?.(event.key)) event.preventDefault();
  };

  const activeCount = useMemo(() => accounts?.filter((a) => a.status === 'active').length ?? null, [accounts]);
  const peopleCount = useMemo(() => people?.filter((p) => p.status !== 'left').length ?? null, [people]);

  const goTo = useCallback((next: Page) => {
    setAccountEntry(null);
    setPersonEntry(null);
    setAuditEntry(null);
    setPage(next);
  }, []);

  const data = useMemo<VaultData>(() => {
    const byAccount = new Map<number, ObligationView[]>();
    for (const obligation of obligations) {
      const list = byAccount.get(obligation.accountId);
      if (list) list.push(obligation);
      else byAccount.set(obligation.accountId, [obligation]);
    }
    return {
      owner: status.vault?.owner ?? 'Vault owner',
      accounts,
      accountsById: new Map((accounts ?? []).map((a) => [a.id, a])),
      people,
      peopleById: new Map((people ?? []).map((p) => [p.id, p])),
      peopleError,
      obligationsByAccount: byAccount,
      reloadPeople,
      reloadObligations,
      openAccount(id, tab = 'overview') {
        setAccountEntry({ id, tab });
        setQuery('');
        setVisit((v) => v + 1);
        setPage('accounts');
      },
      openPerson(id) {
        setPersonEntry(id);
        setVisit((v) => v + 1);
        setPage('people');
      },
      openAudit(filters) {
        setAuditEntry(filters);
        setVisit((v) => v + 1);
        setPage('audit');
      },
    };
  }, [status.vault?.owner, accounts, people, peopleError, obligations, reloadPeople, reloadObligations]);

  return (
    <VaultDataContext.Provider value={data}>
      <AppShell header={{ height: 56 }} navbar={{ width: 208, breakpoint: 0 }} padding={0}>
        <AppShell.Header className="app-header">
          <Group h="100%" px="md" gap="md" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" w={192}>
              <BrandMark size={26} />
            </Group>
            <TextInput
              ref={search}
              className="header-search"
              aria-label="Search accounts"
              placeholder="Search handles, names, departments…"
              value={query}
              onChange={(event) => {
                setQuery(event.currentTarget.value);
                if (page !== 'accounts') goTo('accounts');
              }}
              onKeyDown={onSearchKey}
              leftSection={<IconSearch size={16} />}
              rightSectionWidth={query ? 36 : 72}
              rightSection={query ? <ClearSearch onClear={clearQuery} /> : <SearchShortcut />}
              spellCheck={false}
              autoComplete="off"
            />
            <HeaderActions owner={status.vault?.owner ?? 'Vault'} locking={locking} onLock={lock} />
          </Group>
        </AppShell.Header>
        <Navigation
          page={page}
          onPage={goTo}
          activeCount={activeCount}
          peopleCount={peopleCount}
          autoLockMinutes={settings?.autoLockMinutes ?? null}
        />
        <AppShell.Main className="app-main">
          {page === 'accounts' ? (
            <AccountsPage
              key={`accounts-${visit}`}
              accounts={accounts}
              listError={listError}
              query={query}
              onQuery={setQuery}
              reload={reloadAccounts}
              navigatorRef={listNavigator}
              onFocusSearch={focusSearch}
              entry={accountEntry}
            />
          ) : page === 'people' ? (
            <PeoplePage key={`people-${visit}`} entry={personEntry} />
          ) : page === 'audit' ? (
            <AuditPage key={`audit-${visit}`} entry={auditEntry} />
          ) : (
            <SettingsPage status={status} onStatus={onStatus} settings={settings} onSettings={saveSettings} />
          )}
        </AppShell.Main>
      </AppShell>
    </VaultDataContext.Provider>
  );
}

// The pieces below are memoised: the shell re-renders on every search keystroke, they need not.

const ClearSearch = memo(function ClearSearch({ onClear }: { onClear(): void }) {
  return (
    <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Clear search" onClick={onClear}>
      <IconX size={14} />
    </ActionIcon>
  );
});

const SearchShortcut = memo(function SearchShortcut() {
  return (
    <Group gap={2} wrap="nowrap" aria-hidden>
      <Kbd size="xs">{MOD_KEY}</Kbd>
      <Kbd size="xs">K</Kbd>
    </Group>
  );
});

const HeaderActions = memo(function HeaderActions({
  owner,
  locking,
  onLock,
}: {
  owner: string;
  locking: boolean;
  onLock(): void;
}) {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const dark = computed === 'dark';
  return (
    <Group gap="xs" ml="auto" wrap="nowrap">
      <Tooltip label="Vault owner">
        <Badge variant="light" color="gray" size="lg" radius="sm" tt="none" fw={500} className="owner-badge">
          {owner}
        </Badge>
      </Tooltip>
      <Tooltip label={dark ? 'Light theme' : 'Dark theme'}>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
          onClick={() => setColorScheme(dark ? 'light' : 'dark')}
          data-scheme={colorScheme}
        >
          {dark ? <IconSun size={18} /> : <IconMoon size={18} />}
        </ActionIcon>
      </Tooltip>
      <Button
        variant="default"
        leftSection={<IconLock size={16} />}
        onClick={onLock}
        loading={locking}
        aria-label="Lock vault"
      >
        Lock
      </Button>
    </Group>
  );
});

const Navigation = memo(function Navigation({
  page,
  onPage,
  activeCount,
  peopleCount,
  autoLockMinutes,
}: {
  page: Page;
  onPage(page: Page): void;
  activeCount: number | null;
  peopleCount: number | null;
  autoLockMinutes: number | null;
}) {
  return (
    <AppShell.Navbar p="sm" className="app-navbar" aria-label="Sections">
      <AppShell.Section grow>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={6} mt={4} style={{ letterSpacing: '0.05em' }}>
          Vault
        </Text>
        <NavLink
          component="button"
          label="Accounts"
          leftSection={<IconUsersGroup size={18} stroke={1.7} />}
          rightSection={
            activeCount !== null ? (
              <Text size="xs" c="dimmed" fw={500}>
                {formatCount(activeCount)}
              </Text>
            ) : null
          }
          active={page === 'accounts'}
          onClick={() => onPage('accounts')}
          aria-current={page === 'accounts' ? 'page' : undefined}
          className="nav-link"
        />
        <NavLink
          component="button"
          label="People"
          leftSection={<IconAddressBook size={18} stroke={1.7} />}
          rightSection={
            peopleCount !== null ? (
              <Text size="xs" c="dimmed" fw={500}>
                {formatCount(peopleCount)}
              </Text>
            ) : null
          }
          active={page === 'people'}
          onClick={() => onPage('people')}
          aria-current={page === 'people' ? 'page' : undefined}
          className="nav-link"
        />
        <NavLink
          component="button"
          label="Audit trail"
          leftSection={<IconListCheck size={18} stroke={1.7} />}
          active={page === 'audit'}
          onClick={() => onPage('audit')}
          aria-current={page === 'audit' ? 'page' : undefined}
          className="nav-link"
        />
        <NavLink
          component="button"
          label="Settings"
          leftSection={<IconSettings size={18} stroke={1.7} />}
          active={page === 'settings'}
          onClick={() => onPage('settings')}
          aria-current={page === 'settings' ? 'page' : undefined}
          className="nav-link"
        />
      </AppShell.Section>
      <AppShell.Section>
        <Text size="xs" c="dimmed" px="sm" pb={4}>
          {autoLockMinutes !== null ? `Locks after ${autoLockMinutes} min idle` : '\u00a0'}
        </Text>
      </AppShell.Section>
    </AppShell.Navbar>
  );
});
