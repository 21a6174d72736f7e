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
  IconLifebuoy,
  IconListCheck,
  IconLock,
  IconMoon,
  IconRotateClockwise,
  IconSearch,
  IconSettings,
  IconSun,
  IconUserShare,
  IconUsersGroup,
  IconX,
} from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { EscrowStatus } from '../../../shared/domain/escrow';
import type { PersonView } from '../../../shared/domain/people';
import type { IncidentView, RotationQueue } from '../../../shared/domain/rotation';
import type { Settings } from '../../../shared/domain/settings';
import type { TakeoverView } from '../../../shared/domain/takeover';
import type { VaultStatus } from '../../../shared/domain/vault';
import type { AppInfo } from '../App';
import { BrandMark } from '../components/BrandMark';
import { FeedbackProvider, useFeedback } from '../components/Feedback';
import { call, errorMessage } from '../lib/api';
import { formatCount } from '../lib/format';
import { useActivityReporter } from '../lib/hooks';
import { AccountsPage, type ListNavigator } from './accounts/AccountsPage';
import { AuditPage } from './audit/AuditPage';
import { EscrowPage } from './escrow/EscrowPage';
import { PeoplePage } from './people/PeoplePage';
import { RotationPage } from './rotation/RotationPage';
import { RotationWizard } from './rotation/RotationWizard';
import { SettingsPage } from './settings/SettingsPage';
import { TakeoversPage } from './takeovers/TakeoversPage';
import { VaultDataContext, type AccountTab, type AuditEntry, type EscrowEntry, type VaultData } from './VaultData';

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

type Page = 'accounts' | 'people' | 'rotation' | 'takeovers' | 'escrow' | 'audit' | 'settings';

/** The queue and the takeovers are read again this often: a takeover window closes by the clock alone. */
const REFRESH_MS = 60_000;

/** Takeovers that still need something: not started, running, or waiting for the password to change back. */
const OPEN_TAKEOVER = new Set(['scheduled', 'active', 'awaiting_change_back']);

const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);

interface RotationState {
  queue: RotationQueue;
  obligations: ObligationView[];
  incidents: IncidentView[];
}

/** The rotation queue first: reading it also ends takeovers whose window closed, which adds obligations. */
async function fetchRotation(): Promise<RotationState> {
  const queue = await call(window.custodian.rotation.queue());
  const [{ obligations }, { incidents }] = await Promise.all([
    call(window.custodian.obligations.list({})),
    call(window.custodian.incidents.list({})),
  ]);
  return { queue, obligations, incidents };
}

/** The old value when the new one says the same (plain JSON data from main), else the new one. */
function unchanged<T>(old: T, next: T): T {
  return old !== null && JSON.stringify(old) === JSON.stringify(next) ? old : next;
}

/** Every takeover, the latest start first. */
async function fetchTakeovers(): Promise<TakeoverView[]> {
  const { takeovers } = await call(window.custodian.takeovers.list());
  return [...takeovers].sort((a, b) => b.startsAt - a.startsAt || b.id - a.id);
}

export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD_KEY = IS_MAC ? '⌘' : 'Ctrl';

export function VaultApp(props: Props) {
  return (
    <FeedbackProvider>
      <VaultShell {...props} />
    </FeedbackProvider>
  );
}

function VaultShell({
  info,
  status,
  pendingBundle,
  onPendingBundleTaken,
  onStatus,
  onAutoLockMinutes,
  onLocked,
}: Props) {
  useActivityReporter();
  const feedback = useFeedback();
  const [page, setPage] = useState<Page>(pendingBundle !== null ? 'escrow' : 'accounts');
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [query, setQuery] = useState('');
  const [locking, setLocking] = useState(false);
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [peopleError, setPeopleError] = useState<string | null>(null);
  const [obligations, setObligations] = useState<ObligationView[]>([]);
  const [rotation, setRotation] = useState<RotationQueue | null>(null);
  const [incidents, setIncidents] = useState<IncidentView[]>([]);
  const [takeovers, setTakeovers] = useState<TakeoverView[] | null>(null);
  const [escrow, setEscrow] = useState<EscrowStatus | null>(null);
  const [revision, setRevision] = useState(0);
  /** The rotation wizard, open over any screen. */
  const [rotating, setRotating] = useState<{ accountId: number; at: number } | null>(null);
  /** Where another screen asked to land: read once by the page as it mounts. */
  const [accountEntry, setAccountEntry] = useState<{ id: number; tab: AccountTab } | null>(null);
  const [personEntry, setPersonEntry] = useState<number | null>(null);
  const [auditEntry, setAuditEntry] = useState<AuditEntry | null>(null);
  const [escrowEntry, setEscrowEntry] = useState<EscrowEntry | null>(() =>
    pendingBundle !== null ? { tab: 'register', bundle: pendingBundle } : null,
  );
  /** Bumped on every navigation, so a page opened again with a new entry mounts afresh. */
  const [visit, setVisit] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const listNavigator = useRef<ListNavigator | null>(null);

  const readEscrow = useCallback(async () => {
    const next = await call(window.custodian.escrow.status());
    setEscrow((old) => unchanged(old, next));
  }, []);

  const reloadEscrow = useCallback(async () => {
    try {
      await readEscrow();
    } catch (error) {
      feedback.toast(errorMessage(error), 'error');
    }
  }, [feedback, readEscrow]);

  const reloadAccounts = useCallback(async () => {
    // An account added, archived or with new secrets makes the escrow bundle stale: read both.
    const status = readEscrow().catch(() => undefined);
    try {
      const { accounts: list } = await call(window.custodian.accounts.list());
      setAccounts(list);
      setListError(null);
    } catch (error) {
      setListError(errorMessage(error));
    }
    await status;
  }, [readEscrow]);

  const reloadPeople = useCallback(async () => {
    try {
      const { people: list } = await call(window.custodian.people.list());
      setPeople(list);
      setPeopleError(null);
    } catch (error) {
      setPeopleError(errorMessage(error));
    }
  }, []);

  // The minute's refresh usually finds nothing new: keeping the same objects spares every screen a re-render.
  const showRotation = useCallback((state: RotationState) => {
    setRotation((old) => unchanged(old, state.queue));
    setObligations((old) => unchanged(old, state.obligations));
    setIncidents((old) => unchanged(old, state.incidents));
  }, []);
  const readRotation = useCallback(async () => showRotation(await fetchRotation()), [showRotation]);

  const reloadObligations = useCallback(async () => {
    try {
      await readRotation();
    } catch (error) {
      feedback.toast(errorMessage(error), 'error');
    }
  }, [feedback, readRotation]);

  const readTakeovers = useCallback(async () => {
    const list = await fetchTakeovers();
    setTakeovers((old) => unchanged(old, list));
  }, []);

  const reloadTakeovers = useCallback(async () => {
    try {
      await readTakeovers();
    } catch (error) {
      feedback.toast(errorMessage(error), 'error');
    }
  }, [feedback, readTakeovers]);

  const rotationChanged = useCallback(async () => {
    setRevision((r) => r + 1);
    await Promise.all([reloadObligations(), reloadTakeovers(), reloadAccounts(), reloadPeople()]);
  }, [reloadObligations, reloadTakeovers, reloadAccounts, reloadPeople]);

  useEffect(() => {
    call(window.custodian.accounts.list())
      .then(({ accounts: list }) => setAccounts(list))
      .catch((error: unknown) => setListError(errorMessage(error)));
    call(window.custodian.people.list())
      .then(({ people: list }) => setPeople(list))
      .catch((error: unknown) => setPeopleError(errorMessage(error)));
    // Takeovers first (the list ends any whose window closed), then the queue that may now include them.
    fetchTakeovers()
      .then((list) => {
        setTakeovers((old) => unchanged(old, list));
        return fetchRotation();
      })
      .then(showRotation)
      .catch(() => undefined);
    call(window.custodian.settings.get())
      .then((loaded) => {
        setSettings(loaded);
        onAutoLockMinutes(loaded.autoLockMinutes);
      })
      .catch(() => undefined);
    call(window.custodian.escrow.status())
      .then(setEscrow)
      .catch(() => undefined);
  }, [onAutoLockMinutes, showRotation]);

  // The start screen's bundle is carried once: locking and unlocking again does not bring it back.
  useEffect(() => {
    if (pendingBundle !== null) onPendingBundleTaken();
  }, [pendingBundle, onPendingBundleTaken]);

  // A takeover's window closes, a scheduled rotation falls due: the clock alone changes these.
  useEffect(() => {
    const timer = window.setInterval(() => {
      readTakeovers()
        .then(readRotation)
        .catch(() => undefined);
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [readTakeovers, readRotation]);

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
  const openTakeovers = useMemo(() => takeovers?.filter((t) => OPEN_TAKEOVER.has(t.state)).length ?? null, [takeovers]);

  const goTo = useCallback((next: Page) => {
    setAccountEntry(null);
    setPersonEntry(null);
    setAuditEntry(null);
    setEscrowEntry(null);
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
      keyFingerprint: status.vault?.keyFingerprint ?? null,
      fileDialogs: info.fileDialogs,
      accounts,
      accountsById: new Map((accounts ?? []).map((a) => [a.id, a])),
      people,
      peopleById: new Map((people ?? []).map((p) => [p.id, p])),
      peopleError,
      obligationsByAccount: byAccount,
      rotation,
      compromised: new Set(incidents.map((i) => i.accountId)),
      takeovers,
      escrow,
      revision,
      reloadPeople,
      reloadObligations,
      reloadTakeovers,
      reloadAccounts,
      reloadEscrow,
      rotationChanged,
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
      openRotation() {
        setVisit((v) => v + 1);
        setPage('rotation');
      },
      openTakeovers() {
        setVisit((v) => v + 1);
        setPage('takeovers');
      },
      openEscrow(entry) {
        setEscrowEntry(entry ?? null);
        setVisit((v) => v + 1);
        setPage('escrow');
      },
      startRotation(accountId) {
        setRotating({ accountId, at: Date.now() });
      },
    };
  }, [
    status.vault?.owner,
    status.vault?.keyFingerprint,
    info.fileDialogs,
    accounts,
    people,
    peopleError,
    obligations,
    rotation,
    incidents,
    takeovers,
    escrow,
    revision,
    reloadPeople,
    reloadObligations,
    reloadTakeovers,
    reloadAccounts,
    reloadEscrow,
    rotationChanged,
  ]);

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
          overdue={rotation?.counts.overdue ?? 0}
          dueSoon={rotation ? rotation.counts.overdue + rotation.counts.week : null}
          openTakeovers={openTakeovers}
          escrowOutOfDate={escrow?.needsExport ?? false}
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
          ) : page === 'rotation' ? (
            <RotationPage key={`rotation-${visit}`} />
          ) : page === 'takeovers' ? (
            <TakeoversPage key={`takeovers-${visit}`} />
          ) : page === 'escrow' ? (
            <EscrowPage key={`escrow-${visit}`} entry={escrowEntry} />
          ) : page === 'audit' ? (
            <AuditPage key={`audit-${visit}`} entry={auditEntry} />
          ) : (
            <SettingsPage status={status} onStatus={onStatus} settings={settings} onSettings={saveSettings} />
          )}
        </AppShell.Main>
      </AppShell>
      {rotating ? (
        <RotationWizard
          key={`${rotating.accountId}:${rotating.at}`}
          accountId={rotating.accountId}
          onClose={() => setRotating(null)}
        />
      ) : null}
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
  overdue,
  dueSoon,
  openTakeovers,
  escrowOutOfDate,
  autoLockMinutes,
}: {
  page: Page;
  onPage(page: Page): void;
  activeCount: number | null;
  peopleCount: number | null;
  overdue: number;
  /** Overdue plus due within the week: the badge on "Rotation". */
  dueSoon: number | null;
  openTakeovers: number | null;
  /** The manager's bundle no longer matches the vault: the press team would open old passwords. */
  escrowOutOfDate: boolean;
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
          label="Rotation"
          leftSection={<IconRotateClockwise size={18} stroke={1.7} />}
          rightSection={
            dueSoon ? (
              <Badge
                size="sm"
                variant="filled"
                color={overdue > 0 ? 'red' : 'orange'}
                radius="xl"
                aria-label={
                  overdue > 0
                    ? `${formatCount(overdue)} overdue, ${formatCount(dueSoon)} due this week or overdue`
                    : `${formatCount(dueSoon)} due this week`
                }
              >
                {formatCount(dueSoon)}
              </Badge>
            ) : null
          }
          active={page === 'rotation'}
          onClick={() => onPage('rotation')}
          aria-current={page === 'rotation' ? 'page' : undefined}
          className="nav-link"
        />
        <NavLink
          component="button"
          label="Takeovers"
          leftSection={<IconUserShare size={18} stroke={1.7} />}
          rightSection={
            openTakeovers ? (
              <Text size="xs" c="dimmed" fw={500}>
                {formatCount(openTakeovers)}
              </Text>
            ) : null
          }
          active={page === 'takeovers'}
          onClick={() => onPage('takeovers')}
          aria-current={page === 'takeovers' ? 'page' : undefined}
          className="nav-link"
        />
        <NavLink
          component="button"
          label="Escrow"
          leftSection={<IconLifebuoy size={18} stroke={1.7} />}
          rightSection={
            escrowOutOfDate ? (
              <Tooltip label="Escrow out of date: re-export the bundle">
                <span className="tab-dot" role="img" aria-label="Escrow out of date" />
              </Tooltip>
            ) : null
          }
          active={page === 'escrow'}
          onClick={() => onPage('escrow')}
          aria-current={page === 'escrow' ? 'page' : undefined}
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
