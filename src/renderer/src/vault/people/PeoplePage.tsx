/**
 * People: the directory on the left (searched on every keystroke, no
 * debounce), the open person on the right. Adding, editing and marking a
 * leaver or mover start here.
 */
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Kbd,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAddressBook, IconSearch, IconSearchOff, IconUserPlus, IconX } from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PersonStatus, PersonView } from '../../../../shared/domain/people';
import { formatCount, plural } from '../../lib/format';
import { MOD_KEY } from '../../lib/keys';
import { useVaultData } from '../VaultData';
import { byName, personSearchText } from './labels';
import { LeaverDialog } from './LeaverDialog';
import { PeopleList, PERSON_ROW_HEIGHT } from './PeopleList';
import { PersonDetail } from './PersonDetail';
import { PersonDrawer } from './PersonForm';
import { AccountListSkeleton } from '../accounts/AccountList';

type StatusFilter = PersonStatus | 'all';
type FormState = { person: PersonView | null } | null;

const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);

export function PeoplePage({ entry }: { entry: number | null }) {
  const { people, peopleError, peopleById, invalidate } = useVaultData();
  const [query, setQuery] = useState('');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const [selectedId, setSelectedId] = useState<number | null>(entry);
  const [active, setActive] = useState<{ id: number; query: string } | null>(
    entry === null ? null : { id: entry, query: '' },
  );
  const [scrollKey, setScrollKey] = useState(entry === null ? 0 : 1);
  const [form, setForm] = useState<FormState>(null);
  const [leaver, setLeaver] = useState<PersonView | null>(null);
  const search = useRef<HTMLInputElement>(null);

  const index = useMemo(
    () => [...(people ?? [])].sort(byName).map((person) => ({ person, text: personSearchText(person) })),
    [people],
  );
  const results = useMemo(() => {
    const q = query.trim().toLowerCase();
    const out: PersonView[] = [];
    for (const { person, text } of index) {
      if (statusFilter !== 'all' && person.status !== statusFilter) continue;
      if (q && !text.includes(q)) continue;
      out.push(person);
    }
    return out;
  }, [index, query, statusFilter]);

  const found = active && active.query === query ? results.findIndex((p) => p.id === active.id) : -1;
  const activeIndex = found >= 0 ? found : results.length > 0 ? 0 : -1;

  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  }, [query]);
  const pick = useCallback((id: number) => {
    setActive({ id, query: queryRef.current });
    setSelectedId(id);
  }, []);

  const navigate = (key: string): boolean => {
    if (results.length === 0) return false;
    const page = Math.max(1, Math.floor(480 / PERSON_ROW_HEIGHT));
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
        const person = results[activeIndex];
        if (person) setSelectedId(person.id);
        return person !== undefined;
      }
      default:
        return false;
    }
    const person = results[next];
    if (person) setActive({ id: person.id, query });
    setScrollKey((k) => k + 1);
    return true;
  };

  const onListKey = (event: KeyboardEvent<HTMLElement>) => {
    if (navigate(event.key)) event.preventDefault();
  };
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
      return;
    }
    if (LIST_KEYS.has(event.key) && navigate(event.key)) event.preventDefault();
  };

  // New person: Ctrl/Cmd+N, as for accounts.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.key === 'n' || event.key === 'N') && (event.metaKey || event.ctrlKey) && !event.shiftKey) {
        if (document.querySelector('[role="dialog"]')) return;
        event.preventDefault();
        setForm({ person: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const saved = (person: PersonView) => {
    setForm(null);
    if (statusFilter !== 'all' && person.status !== statusFilter) setStatusFilter('all');
    setSelectedId(person.id);
    setActive({ id: person.id, query });
    setScrollKey((k) => k + 1);
  };

  const editPerson = useCallback((person: PersonView) => setForm({ person }), []);
  const startLeaver = useCallback((person: PersonView) => setLeaver(person), []);
  const closeDetail = useCallback(() => setSelectedId(null), []);

  const total = people?.length ?? 0;
  const selected = selectedId === null ? undefined : peopleById.get(selectedId);
  const drawer = form ? (
    <PersonDrawer
      key={form.person ? `edit-${form.person.id}` : 'create'}
      person={form.person}
      onClose={() => setForm(null)}
      onSaved={saved}
    />
  ) : null;
  const leaverDialog = leaver ? <LeaverDialog person={leaver} onClose={() => setLeaver(null)} /> : null;

  if (people !== null && total === 0 && !peopleError) {
    return (
      <Box className="accounts-empty">
        <Stack align="center" gap="xs" ta="center" maw={440}>
          <ThemeIcon size={64} radius="xl" variant="light">
            <IconAddressBook size={32} stroke={1.6} />
          </ThemeIcon>
          <Title order={3} mt="sm">
            No people yet
          </Title>
          <Text c="dimmed">
            Add the staff who run or back up your accounts. Then record who holds access to each account, and when
            someone leaves or moves role, revoke it all in one step.
          </Text>
          <Button mt="md" size="md" leftSection={<IconUserPlus size={18} />} onClick={() => setForm({ person: null })}>
            Add a person
          </Button>
          <Group gap={6} mt="xs" className="shortcut-hints">
            <Text size="xs" c="dimmed">
              or press
            </Text>
            <Kbd size="xs">{MOD_KEY}</Kbd>
            <Kbd size="xs">N</Kbd>
          </Group>
        </Stack>
        {drawer}
      </Box>
    );
  }

  return (
    <Box className="accounts-page people-page" data-searching={query.trim() !== '' || undefined}>
      <Box component="section" className="list-pane" aria-label="Directory">
        <Box className="list-toolbar">
          <Group justify="space-between" wrap="nowrap">
            <Box>
              <Title order={4}>People</Title>
              <Text size="xs" c="dimmed" aria-live="polite" data-testid="people-count">
                {people
                  ? results.length === total
                    ? plural(total, 'person', 'people')
                    : `${formatCount(results.length)} of ${formatCount(total)}`
                  : 'Loading…'}
              </Text>
            </Box>
            <Button size="xs" leftSection={<IconUserPlus size={15} />} onClick={() => setForm({ person: null })}>
              Add person
            </Button>
          </Group>
          <TextInput
            ref={search}
            mt="sm"
            size="xs"
            aria-label="Search people"
            placeholder="Search names, emails, roles…"
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={onSearchKey}
            leftSection={<IconSearch size={14} />}
            rightSection={
              query ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label="Clear search"
                  onClick={() => setQuery('')}
                >
                  <IconX size={13} />
                </ActionIcon>
              ) : null
            }
            spellCheck={false}
            autoComplete="off"
          />
          <StatusSwitch value={statusFilter} onChange={setStatusFilter} />
        </Box>
        {peopleError ? (
          <Alert color="red" m="sm" title="Could not load the directory">
            {peopleError}
            <Button
              size="xs"
              variant="light"
              color="red"
              mt="xs"
              onClick={() => void invalidate('people')}
              display="block"
            >
              Try again
            </Button>
          </Alert>
        ) : people === null ? (
          <AccountListSkeleton />
        ) : results.length === 0 ? (
          <Stack align="center" gap="xs" p="xl" mt="lg" ta="center">
            <ThemeIcon size={44} radius="xl" variant="light" color="gray">
              <IconSearchOff size={22} />
            </ThemeIcon>
            <Text fw={600} mt="xs">
              {query.trim() ? `Nobody matches “${query.trim()}”` : 'Nobody has this status'}
            </Text>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setQuery('');
                setStatusFilter('all');
              }}
            >
              Clear search and filters
            </Button>
          </Stack>
        ) : (
          <PeopleList
            results={results}
            activeIndex={activeIndex}
            selectedId={selectedId}
            onPick={pick}
            onKey={onListKey}
            scrollKey={scrollKey}
            resetKey={`${query}\u0000${statusFilter}`}
          />
        )}
      </Box>
      <Box component="section" className="detail-pane" aria-label="Person details">
        {selected ? (
          <PersonDetail
            key={selected.id}
            person={selected}
            onEdit={editPerson}
            onLeaver={startLeaver}
            onClose={closeDetail}
          />
        ) : total > 0 ? (
          <Stack align="center" justify="center" h="100%" gap="xs" c="dimmed" ta="center">
            <ThemeIcon size={56} radius="xl" variant="light" color="gray">
              <IconAddressBook size={28} stroke={1.6} />
            </ThemeIcon>
            <Text fw={600} c="var(--mantine-color-text)" mt="xs">
              Select a person
            </Text>
            <Text size="sm" maw={340}>
              See what they can access now, what they could access on any past day, and every grant they were given.
            </Text>
          </Stack>
        ) : null}
      </Box>
      {drawer}
      {leaverDialog}
    </Box>
  );
}

const StatusSwitch = memo(function StatusSwitch({
  value,
  onChange,
}: {
  value: StatusFilter;
  onChange(value: StatusFilter): void;
}) {
  return (
    <SegmentedControl
      mt="sm"
      size="xs"
      fullWidth
      value={value}
      onChange={(next) => onChange(next as StatusFilter)}
      data={[
        { value: 'all', label: 'All' },
        { value: 'active', label: 'Active' },
        { value: 'moved', label: 'Moved' },
        { value: 'left', label: 'Left' },
      ]}
      aria-label="Status"
    />
  );
});
