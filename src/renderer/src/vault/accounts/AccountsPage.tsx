/**
 * Accounts: the searchable, filterable list on the left and the open
 * account on the right. Search runs on every keystroke over the list
 * fetched once (and again after each change), without debounce.
 */
import {
  Alert,
  Box,
  Button,
  Group,
  Kbd,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import {
  IconChevronRight,
  IconCircleCheck,
  IconLifebuoy,
  IconPlus,
  IconRotateClockwise,
  IconSearchOff,
  IconShieldLock,
  IconUsersGroup,
  IconX,
} from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { AccountDetail as Detail, AccountStatus } from '../../../../shared/domain/account';
import { PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import { SearchIndex } from '../../../../shared/search';
import { useFeedback } from '../../components/Feedback';
import { formatCount, formatDate, plural } from '../../lib/format';
import { splitPath } from '../../lib/paths';
import { MOD_KEY } from '../../lib/keys';
import { useVaultData } from '../VaultData';
import { useNavigation, type AccountTab } from '../navigation';
import type { ListNavigator } from '../shell/Header';
import { stalenessText, useBundleExport } from '../escrow/ManagerEscrow';
import { AccountDetail } from './AccountDetail';
import { AccountForm } from './AccountForm';
import { AccountList, AccountListSkeleton, ROW_HEIGHT } from './AccountList';
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
  const [selectedId, setSelectedId] = useState<number | null>(entry?.id ?? null);
  /** The keyboard's row, remembered with the query it was chosen under: a new query starts at the top. */
  const [active, setActive] = useState<{ id: number; query: string } | null>(
    entry ? { id: entry.id, query: '' } : null,
  );
  const [scrollKey, setScrollKey] = useState(entry ? 1 : 0);
  /** The detail pane's tab, kept while moving between accounts: an auditor goes through them one by one. */
  const [tab, setTab] = useState<AccountTab>(entry?.tab ?? 'overview');
  const [form, setForm] = useState<FormState>(null);
  const [detailVersion, setDetailVersion] = useState(0);

  // One index for the page's life: a reloaded list re-folds only the accounts that changed.
  const [index] = useState(() => new SearchIndex<AccountSummary>());
  const listVersion = useMemo(() => {
    index.sync(accounts ?? []);
    return {};
  }, [index, accounts]);
  const results = useMemo(
    () => index.search(query, { platforms, status: statusFilter }),
    // listVersion stands for the index's content, which changes in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [index, listVersion, query, platforms, statusFilter],
  );
  const inStatus = useMemo(
    () => (accounts ?? []).filter((a) => statusFilter === 'all' || a.status === statusFilter),
    [accounts, statusFilter],
  );

  const found = active && active.query === query ? results.indexOfId(active.id) : -1;
  const activeIndex = found >= 0 ? found : results.length > 0 ? 0 : -1;

  const activate = useCallback(
    (i: number) => {
      if (i >= 0 && i < results.length) setActive({ id: results.at(i).id, query });
    },
    [results, query],
  );

  const open = useCallback((id: number) => setSelectedId(id), []);

  // Row clicks get one stable handler, so a keystroke re-renders only the rows whose content changed.
  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  }, [query]);
  const pick = useCallback((id: number) => {
    setActive({ id, query: queryRef.current });
    setSelectedId(id);
  }, []);

  const navigate = useCallback(
    (key: string): boolean => {
      if (results.length === 0) return false;
      const page = Math.max(1, Math.floor(480 / ROW_HEIGHT));
      let next: number;
      switch (key) {
        case 'ArrowDown':
          next = Math.min(results.length - 1, activeIndex + 1);
          break;
        case 'ArrowUp':
          next = Math.max(0, activeIndex - 1);
          break;
        case 'PageDown':
          next = Math.min(results.length - 1, activeIndex + page);
          break;
        case 'PageUp':
          next = Math.max(0, activeIndex - page);
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = results.length - 1;
          break;
        case 'Enter': {
          const found = activeIndex >= 0 && activeIndex < results.length;
          if (found) open(results.at(activeIndex).id);
          return found;
        }
        default:
          return false;
      }
      activate(next);
      setScrollKey((k) => k + 1);
      return true;
    },
    [results, activeIndex, activate, open],
  );

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
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.key === 'n' || event.key === 'N') && (event.metaKey || event.ctrlKey) && !event.shiftKey) {
        if (document.querySelector('[role="dialog"]')) return;
        event.preventDefault();
        setForm({ mode: 'create' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const saved = async (detail: Detail, created: boolean) => {
    setForm(null);
    if (created && statusFilter === 'archived') setStatusFilter('active');
    if (created) setTab('overview');
    setSelectedId(detail.id);
    setActive({ id: detail.id, query });
    setDetailVersion((v) => v + 1);
    const name = displayHandle(detail.platform, detail.handle);
    feedback.toast(created ? `Added ${name} on ${PLATFORM_INFO[detail.platform].label}` : `Saved ${name}`);
    patch.account(detail);
    setScrollKey((k) => k + 1);
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
  const closeDetail = useCallback(() => setSelectedId(null), []);

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
      onSaved={(detail) => void saved(detail, form.mode === 'create')}
    />
  ) : null;

  if (accounts !== null && total === 0 && !listError) {
    return (
      <Box className="accounts-empty">
        <Stack align="center" gap="xs" ta="center" maw={420}>
          <ThemeIcon size={64} radius="xl" variant="light">
            <IconUsersGroup size={32} stroke={1.6} />
          </ThemeIcon>
          <Title order={3} mt="sm">
            No accounts yet — add your first
          </Title>
          <Text c="dimmed">
            Register each corporate account with its manager, purpose and login, so that it never depends on one
            person’s memory.
          </Text>
          <Button mt="md" size="md" leftSection={<IconPlus size={18} />} onClick={() => setForm({ mode: 'create' })}>
            Add an account
          </Button>
          <Group gap={6} mt="xs" className="shortcut-hints">
            <Text size="xs" c="dimmed">
              or press
            </Text>
            <Kbd size="xs">{MOD_KEY}</Kbd>
            <Kbd size="xs">N</Kbd>
          </Group>
        </Stack>
        {formDrawer}
      </Box>
    );
  }

  return (
    <Box className="accounts-page" data-searching={query.trim() !== '' || undefined}>
      <Box component="section" className="list-pane" aria-label="Account list">
        <Box className="list-toolbar">
          <Group justify="space-between" wrap="nowrap">
            <Box>
              <Title order={4}>Accounts</Title>
              <Text size="xs" c="dimmed" aria-live="polite" aria-label="Result count" data-testid="result-count">
                {accounts
                  ? results.length === total
                    ? plural(total, 'account')
                    : `${formatCount(results.length)} of ${formatCount(total)}`
                  : 'Loading…'}
              </Text>
            </Box>
            <Button size="xs" leftSection={<IconPlus size={15} />} onClick={() => setForm({ mode: 'create' })}>
              New account
            </Button>
          </Group>
          <Group gap="xs" mt="sm" wrap="nowrap">
            <PlatformFilter value={platforms} onChange={setPlatforms} accounts={inStatus} />
            <StatusSwitch value={statusFilter} onChange={setStatusFilter} />
          </Group>
          {rotation ? <DueStrip counts={rotation.counts} onOpen={openRotation} /> : null}
          <EscrowStrip />
        </Box>
        {listError ? (
          <Alert color="red" m="sm" title="Could not load the accounts">
            {listError}
            <Button
              size="xs"
              variant="light"
              color="red"
              mt="xs"
              onClick={() => void invalidate('accounts')}
              display="block"
            >
              Try again
            </Button>
          </Alert>
        ) : accounts === null ? (
          <AccountListSkeleton />
        ) : results.length === 0 ? (
          <Stack align="center" gap="xs" p="xl" mt="lg" ta="center">
            <ThemeIcon size={44} radius="xl" variant="light" color="gray">
              <IconSearchOff size={22} />
            </ThemeIcon>
            <Text fw={600} mt="xs">
              {query.trim() ? `No accounts match “${query.trim()}”` : 'No accounts match these filters'}
            </Text>
            <Button variant="subtle" size="xs" onClick={clearFilters}>
              Clear search and filters
            </Button>
          </Stack>
        ) : (
          <AccountList
            results={results}
            activeIndex={activeIndex}
            selectedId={selectedId}
            onPick={pick}
            onKey={onListKey}
            scrollKey={scrollKey}
            resetKey={`${query}\u0000${platforms.join(',')}\u0000${statusFilter}`}
            rotationDue={obligationsByAccount}
            compromised={compromised}
          />
        )}
      </Box>
      <Box component="section" className="detail-pane" aria-label="Account details">
        {selectedId !== null ? (
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
          <Stack align="center" justify="center" h="100%" gap="xs" c="dimmed" ta="center">
            <ThemeIcon size={56} radius="xl" variant="light" color="gray">
              <IconShieldLock size={28} stroke={1.6} />
            </ThemeIcon>
            <Text fw={600} c="var(--mantine-color-text)" mt="xs">
              Select an account
            </Text>
            <Text size="sm" maw={320}>
              Secrets stay hidden until you ask for them, and nothing is ever filled in for you.
            </Text>
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
          </Stack>
        ) : null}
      </Box>
      {formDrawer}
    </Box>
  );
}

/** The main screen's reminder: how many passwords are overdue or due this week, one click from the queue. */
const DueStrip = memo(function DueStrip({
  counts,
  onOpen,
}: {
  counts: { overdue: number; week: number; quarter: number };
  onOpen(): void;
}) {
  const soon = counts.overdue + counts.week;
  if (soon === 0) return null;
  const parts = [
    counts.overdue > 0 ? `${formatCount(counts.overdue)} overdue` : null,
    counts.week > 0 ? `${formatCount(counts.week)} due this week` : null,
  ].filter(Boolean);
  return (
    <UnstyledButton
      className="due-strip"
      data-tone={counts.overdue > 0 ? 'red' : 'orange'}
      mt="sm"
      onClick={onOpen}
      aria-label={`Passwords to rotate: ${parts.join(', ')}. Open the rotation queue`}
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
        aria-label={`Escrow out of date: ${detail}. Show escrow`}
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

const StatusSwitch = memo(function StatusSwitch({
  value,
  onChange,
}: {
  value: StatusFilter;
  onChange(value: StatusFilter): void;
}) {
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(next) => onChange(next as StatusFilter)}
      data={[
        { value: 'active', label: 'Active' },
        { value: 'archived', label: 'Archived' },
        { value: 'all', label: 'All' },
      ]}
      aria-label="Status"
      style={{ flex: 1 }}
    />
  );
});
