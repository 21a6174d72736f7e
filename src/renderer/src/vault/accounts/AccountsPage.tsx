/**
 * Accounts: the searchable, filterable list on the left and the open
 * account on the right. Search runs on every keystroke over the list
 * fetched once (and again after each change), without debounce.
 */
import { Box, Button, Group, Kbd, Text, UnstyledButton } from '@mantine/core';
import {
  IconChevronRight,
  IconCircleCheck,
  IconFileImport,
  IconLifebuoy,
  IconPlus,
  IconRotateClockwise,
  IconShieldLock,
  IconUsersGroup,
  IconX,
} from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { useMediaQuery } from '@mantine/hooks';
import type { AccountDetail as Detail, AccountListItem, AccountStatus } from '../../../../shared/domain/account';
import type { ImportResult } from '../../../../shared/domain/import';
import { PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import { SearchIndex } from '../../../../shared/search';
import { useFeedback } from '../../components/Feedback';
import {
  EmptyDirectory,
  ListHeading,
  ListLoadError,
  ListPage,
  ListSkeleton,
  NoMatch,
  NothingOpen,
  StatusSwitch,
} from '../../components/list/ListPage';
import { useListSelection, useNewShortcut } from '../../components/list/useListSelection';
import { formatCount, formatDate, plural } from '../../lib/format';
import { splitPath } from '../../lib/paths';
import { MOD_KEY } from '../../lib/keys';
import { useVaultData } from '../VaultData';
import { useNavigation, type AccountTab } from '../navigation';
import type { ListNavigator } from '../shell/Header';
import { stalenessText, useBundleExport } from '../escrow/ManagerEscrow';
import { AccountDetail } from './AccountDetail';
import { AccountForm } from './AccountForm';
import { AccountList, AccountTableHead, ROW_HEIGHT } from './AccountList';
import { nextSort, searchSort, type AccountSort, type SortColumn } from './account-sort';
import { ImportWizard } from './ImportWizard';
import { displayHandle } from './labels';
import { PlatformFilter } from './PlatformFilter';

type StatusFilter = AccountStatus | 'all';

interface Props {
  query: string;
  onQuery(query: string): void;
  navigatorRef: RefObject<ListNavigator | null>;
  onFocusSearch(): void;
  /** Open this account (on this tab) as the page mounts: another screen sent the user here. */
  entry: { id: number; tab: AccountTab } | null;
}

type FormState = { mode: 'create' } | { mode: 'edit'; account: Detail } | null;

export function AccountsPage({ query, onQuery, navigatorRef, onFocusSearch, entry }: Props) {
  const feedback = useFeedback();
  const {
    accounts,
    accountsError: listError,
    obligationsByAccount,
    compromised,
    rotation,
    invalidate,
    patch,
  } = useVaultData();
  const { openRotation } = useNavigation();
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  // An archived account opened from elsewhere must be visible in the list too.
  const [statusFilter, setStatusFilter] = useState<StatusFilter>(() =>
    entry && accounts?.find((a) => a.id === entry.id)?.status === 'archived' ? 'all' : 'active',
  );
  /** The detail pane's tab, kept while moving between accounts: an auditor goes through them one by one. */
  const [tab, setTab] = useState<AccountTab>(entry?.tab ?? 'overview');
  const [form, setForm] = useState<FormState>(null);
  const [importing, setImporting] = useState(false);
  const [detailVersion, setDetailVersion] = useState(0);

  // One index for the page's life: a reloaded list re-folds only the accounts that changed.
  const [index] = useState(() => new SearchIndex<AccountListItem>());
  /** A column the user sorted by, or null for relevance. */
  const [sort, setSort] = useState<AccountSort>(null);
  const listVersion = useMemo(() => {
    index.sync(accounts ?? []);
    return {};
  }, [index, accounts]);
  const results = useMemo(
    () => index.search(query, { platforms, status: statusFilter }, searchSort(sort)),
    // listVersion stands for the index's content, which changes in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, listVersion, query, platforms, statusFilter, sort],
  );
  const inStatus = useMemo(
    () => (accounts ?? []).filter((a) => statusFilter === 'all' || a.status === statusFilter),
    [accounts, statusFilter],
  );

  const selection = useListSelection(results, query, ROW_HEIGHT, entry?.id ?? null);
  const { selectedId, setSelectedId, navigate } = selection;
  // Columns need the width the open account would take: a table while none is open on a wide window.
  const wide = useMediaQuery('(min-width: 1180px)', true, { getInitialValueInEffect: false });
  const table = wide && selectedId === null && (accounts?.length ?? 0) > 0;
  const sortBy = useCallback((column: SortColumn) => setSort((current) => nextSort(current, column)), []);

  useEffect(() => {
    navigatorRef.current = navigate;
    return () => {
      navigatorRef.current = null;
    };
  }, [navigate, navigatorRef]);

  const onListKey = (event: KeyboardEvent<HTMLElement>) => {
    if (navigate(event.key)) event.preventDefault();
  };

  // New account: Ctrl/Cmd+N.
  const startNew = useCallback(() => setForm({ mode: 'create' }), []);
  useNewShortcut(startNew);

  const saved = (detail: Detail, created: boolean) => {
    setForm(null);
    if (created && statusFilter === 'archived') setStatusFilter('active');
    if (created) setTab('overview');
    setSelectedId(detail.id);
    setDetailVersion((v) => v + 1);
    const name = displayHandle(detail.platform, detail.handle);
    feedback.toast(created ? `Added ${name} on ${PLATFORM_INFO[detail.platform].label}` : `Saved ${name}`);
    patch.account(detail);
    selection.activate(detail.id);
  };

  const statusChanged = useCallback(
    async (detail: Detail) => {
      const name = displayHandle(detail.platform, detail.handle);
      feedback.toast(detail.status === 'archived' ? `Archived ${name}` : `Restored ${name}`);
      patch.account(detail);
    },
    [feedback, patch],
  );
  const editAccount = useCallback((account: Detail) => setForm({ mode: 'edit', account }), []);
  const closeDetail = useCallback(() => setSelectedId(null), [setSelectedId]);

  const total = accounts?.length ?? 0;
  const clearFilters = () => {
    onQuery('');
    setPlatforms([]);
    setStatusFilter('all');
  };

  const formDrawer = form ? (
    <AccountForm
      key={form.mode === 'edit' ? `edit-${form.account.id}` : 'create'}
      mode={form.mode}
      account={form.mode === 'edit' ? form.account : null}
      onClose={() => setForm(null)}
      onSaved={(detail) => saved(detail, form.mode === 'create')}
    />
  ) : null;

  const imported = (result: ImportResult) => {
    const count = result.created.length + result.updated.length;
    feedback.toast(`Imported ${plural(count, 'account')} from ${result.fileName}`);
    // New accounts change the list, the escrow status and the rotation queue; updated ones an open pane.
    setDetailVersion((v) => v + 1);
    void invalidate('accounts', 'obligations');
  };
  const startImport = useCallback(() => setImporting(true), []);
  // Outside both layouts below, in the same place: the first import turns the empty vault into the list under it.
  const importWizard = importing ? <ImportWizard onClose={() => setImporting(false)} onImported={imported} /> : null;

  if (accounts !== null && total === 0 && !listError) {
    return (
      <>
        {importWizard}
        <EmptyDirectory
          icon={IconUsersGroup}
          title="No accounts yet — add your first"
          text="Register each corporate account with its manager, purpose and login, so that it never depends on one person’s memory."
          maw={420}
          action="Add an account"
          actionIcon={IconPlus}
          onAction={startNew}
          secondary={{
            button: (
              <Button size="md" variant="light" leftSection={<IconFileImport size={18} />} onClick={startImport}>
                Import from a file
              </Button>
            ),
            note: 'LastPass, Bitwarden, KeePass, 1Password, a spreadsheet or an authenticator export',
          }}
        >
          {formDrawer}
        </EmptyDirectory>
      </>
    );
  }

  return (
    <>
      {importWizard}
      <ListPage
        className="accounts-page"
        layout={table ? 'table' : undefined}
        searching={query.trim() !== ''}
        listLabel="Account list"
        toolbar={
          <>
            <ListHeading
              title="Accounts"
              shown={results.length}
              total={total}
              noun={['account', 'accounts']}
              loaded={accounts !== null}
              countProps={{ 'aria-label': 'Result count', 'data-testid': 'result-count' }}
              action={
                <Group gap={6} wrap="nowrap">
                  <Button size="xs" variant="default" leftSection={<IconFileImport size={15} />} onClick={startImport}>
                    Import
                  </Button>
                  <Button size="xs" leftSection={<IconPlus size={15} />} onClick={startNew}>
                    New account
                  </Button>
                </Group>
              }
            />
            <Group gap="xs" mt="sm" wrap="nowrap">
              <PlatformFilter value={platforms} onChange={setPlatforms} accounts={inStatus} />
              <StatusSwitch<StatusFilter>
                value={statusFilter}
                onChange={setStatusFilter}
                data={STATUSES}
                style={{ flex: 1 }}
              />
            </Group>
            {rotation ? <DueStrip counts={rotation.counts} onOpen={openRotation} /> : null}
            <EscrowStrip />
            {table && results.length > 0 ? <AccountTableHead sort={sort} onSort={sortBy} /> : null}
          </>
        }
        list={
          listError ? (
            <ListLoadError
              title="Could not load the accounts"
              message={listError}
              onRetry={() => void invalidate('accounts')}
            />
          ) : accounts === null ? (
            <ListSkeleton />
          ) : results.length === 0 ? (
            <NoMatch
              message={query.trim() ? `No accounts match “${query.trim()}”` : 'No accounts match these filters'}
              onClear={clearFilters}
            />
          ) : (
            <AccountList
              results={results}
              query={query}
              table={table}
              activeIndex={selection.activeIndex}
              selectedId={selectedId}
              onPick={selection.pick}
              onKey={onListKey}
              scrollKey={selection.scrollKey}
              resetKey={`${query}\u0000${platforms.join(',')}\u0000${statusFilter}\u0000${sort?.column ?? ''}:${sort?.direction ?? ''}`}
              rotationDue={obligationsByAccount}
              compromised={compromised}
            />
          )
        }
        detailLabel="Account details"
        detail={
          selectedId !== null ? (
            <AccountDetail
              key={selectedId}
              id={selectedId}
              version={detailVersion}
              tab={tab}
              onTab={setTab}
              onEdit={editAccount}
              onStatusChanged={statusChanged}
              onClose={closeDetail}
            />
          ) : total > 0 ? (
            <NothingOpen
              icon={IconShieldLock}
              title="Select an account"
              text="Secrets stay hidden until you ask for them, and nothing is ever filled in for you."
              maw={320}
            >
              <Group gap={6} mt="md" justify="center" className="shortcut-hints">
                <Kbd>{MOD_KEY}</Kbd>
                <Kbd>K</Kbd>
                <Text size="xs" mr="sm">
                  search
                </Text>
                <Kbd>↑</Kbd>
                <Kbd>↓</Kbd>
                <Text size="xs" mr="sm">
                  move
                </Text>
                <Kbd>Enter</Kbd>
                <Text size="xs" mr="sm">
                  open
                </Text>
                <Kbd>{MOD_KEY}</Kbd>
                <Kbd>N</Kbd>
                <Text size="xs">new</Text>
              </Group>
              <Button variant="subtle" size="xs" mt="xs" onClick={onFocusSearch}>
                Search accounts
              </Button>
            </NothingOpen>
          ) : null
        }
      >
        {formDrawer}
      </ListPage>
    </>
  );
}

const STATUSES: { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];

/** The main screen's reminder: how many passwords are overdue or due this week, one click from the queue. */
const DueStrip = memo(function DueStrip({
  counts,
  onOpen,
}: {
  counts: { overdue: number; today: number; week: number; quarter: number };
  onOpen(): void;
}) {
  const soon = counts.overdue + counts.today + counts.week;
  if (soon === 0) return null;
  const parts = [
    counts.overdue > 0 ? `${formatCount(counts.overdue)} overdue` : null,
    counts.today > 0 ? `${formatCount(counts.today)} due today` : null,
    counts.week > 0 ? `${formatCount(counts.week)} due this week` : null,
  ].filter(Boolean);
  return (
    <UnstyledButton
      className="due-strip"
      data-tone={counts.overdue > 0 ? 'red' : 'orange'}
      mt="sm"
      onClick={onOpen}
      title="Open the rotation queue"
    >
      <IconRotateClockwise size={16} stroke={2} aria-hidden />
      <Text size="xs" fw={600} style={{ flex: 1 }}>
        {plural(soon, 'password')} to rotate
        <Text span size="xs" fw={500} c="dimmed">
          {' '}
          · {parts.join(' · ')}
        </Text>
      </Text>
      <IconChevronRight size={14} aria-hidden />
    </UnstyledButton>
  );
});

/**
 * The main screen's escrow banner: the bundle the press team holds no longer
 * matches the vault (an account rotated, added or archived since). One click
 * exports a new one; then where it went, to send it on.
 */
const EscrowStrip = memo(function EscrowStrip() {
  const { escrow } = useVaultData();
  const { openEscrow } = useNavigation();
  const { exportTo, busy, saved, dismiss } = useBundleExport();
  const stale = escrow?.cards.filter((c) => c.stale) ?? [];
  if (saved && stale.length === 0) {
    return (
      <Box className="escrow-strip" data-tone="done" mt="sm" role="status" aria-label="Escrow bundle saved">
        <IconCircleCheck size={16} stroke={2} aria-hidden />
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={600}>
            Bundle saved for {saved.team}
          </Text>
          <Text size="xs" fw={500} className="escrow-strip-detail truncate" title={saved.path}>
            Send them {splitPath(saved.path).name}
          </Text>
        </Box>
        <UnstyledButton onClick={dismiss} aria-label="Dismiss" className="escrow-strip-close">
          <IconX size={13} />
        </UnstyledButton>
      </Box>
    );
  }
  if (stale.length === 0) return null;
  const only = stale.length === 1 ? stale[0]! : null;
  const detail = only
    ? only.latest === null
      ? `no bundle yet for ${only.card.team}`
      : `${stalenessText(only.reasons)} since ${formatDate(only.latest.createdAt)}`
    : `${stale.length} press cards`;
  return (
    <Box className="escrow-strip" mt="sm" role="alert" aria-label="Escrow out of date">
      <IconLifebuoy size={16} stroke={2} aria-hidden />
      <UnstyledButton
        onClick={() => openEscrow({ tab: 'manager' })}
        style={{ flex: 1, minWidth: 0 }}
        title="Show escrow"
      >
        <Text size="xs" fw={600}>
          Escrow out of date
        </Text>
        <Text size="xs" fw={500} className="escrow-strip-detail">
          {detail}
        </Text>
      </UnstyledButton>
      {only ? (
        <Button
          size="compact-xs"
          color="orange"
          onClick={() => void exportTo(only.card)}
          loading={busy !== null}
          aria-label={`${only.latest === null ? 'Export' : 'Re-export'} the escrow bundle for ${only.card.team}`}
        >
          {only.latest === null ? 'Export' : 'Re-export'}
        </Button>
      ) : (
        <Button size="compact-xs" color="orange" variant="light" onClick={() => openEscrow({ tab: 'manager' })}>
          Review
        </Button>
      )}
    </Box>
  );
});
