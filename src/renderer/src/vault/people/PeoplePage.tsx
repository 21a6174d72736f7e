/**
 * People: the directory on the left (searched on every keystroke, no
 * debounce), the open person on the right. Adding, editing and marking a
 * leaver or mover start here.
 */
import { ActionIcon, Button, TextInput } from '@mantine/core';
import { IconAddressBook, IconSearch, IconUserPlus, IconX } from '@tabler/icons-react';
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { PersonStatus, PersonView } from '../../../../shared/domain/people';
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
import { useVaultData } from '../VaultData';
import { byName, personSearchText } from './labels';
import { LeaverDialog } from './LeaverDialog';
import { PeopleList, PERSON_ROW_HEIGHT } from './PeopleList';
import { PersonDetail } from './PersonDetail';
import { PersonDrawer } from './PersonForm';

type StatusFilter = PersonStatus | 'all';
type FormState = { person: PersonView | null } | null;

const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);

const STATUSES: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'moved', label: 'Moved' },
  { value: 'left', label: 'Left' },
];

export function PeoplePage({ entry }: { entry: number | null }) {
  const { people, peopleError, peopleById, invalidate } = useVaultData();
  const [query, setQuery] = useState('');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const [form, setForm] = useState<FormState>(null);
  const [leaver, setLeaver] = useState<PersonView | null>(null);

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

  const selection = useListSelection(results, query, PERSON_ROW_HEIGHT, entry);
  const { selectedId, setSelectedId, navigate } = selection;

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
  const startNew = useCallback(() => setForm({ person: null }), []);
  useNewShortcut(startNew);

  const saved = (person: PersonView) => {
    setForm(null);
    if (statusFilter !== 'all' && person.status !== statusFilter) setStatusFilter('all');
    setSelectedId(person.id);
    selection.activate(person.id);
  };

  const editPerson = useCallback((person: PersonView) => setForm({ person }), []);
  const startLeaver = useCallback((person: PersonView) => setLeaver(person), []);
  const closeDetail = useCallback(() => setSelectedId(null), [setSelectedId]);

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
      <EmptyDirectory
        icon={IconAddressBook}
        title="No people yet"
        text="Add the staff who run or back up your accounts. Then record who holds access to each account, and when someone leaves or moves role, revoke it all in one step."
        maw={440}
        action="Add a person"
        actionIcon={IconUserPlus}
        onAction={startNew}
      >
        {drawer}
      </EmptyDirectory>
    );
  }

  return (
    <ListPage
      className="accounts-page people-page"
      searching={query.trim() !== ''}
      listLabel="Directory"
      toolbar={
        <>
          <ListHeading
            title="People"
            shown={results.length}
            total={total}
            noun={['person', 'people']}
            loaded={people !== null}
            countProps={{ 'data-testid': 'people-count' }}
            action={
              <Button size="xs" leftSection={<IconUserPlus size={15} />} onClick={startNew}>
                Add person
              </Button>
            }
          />
          <TextInput
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
          <StatusSwitch<StatusFilter>
            mt="sm"
            fullWidth
            value={statusFilter}
            onChange={setStatusFilter}
            data={STATUSES}
          />
        </>
      }
      list={
        peopleError ? (
          <ListLoadError
            title="Could not load the directory"
            message={peopleError}
            onRetry={() => void invalidate('people')}
          />
        ) : people === null ? (
          <ListSkeleton />
        ) : results.length === 0 ? (
          <NoMatch
            message={query.trim() ? `Nobody matches “${query.trim()}”` : 'Nobody has this status'}
            onClear={() => {
              setQuery('');
              setStatusFilter('all');
            }}
          />
        ) : (
          <PeopleList
            results={results}
            activeIndex={selection.activeIndex}
            selectedId={selectedId}
            onPick={selection.pick}
            onKey={onListKey}
            scrollKey={selection.scrollKey}
            resetKey={`${query}\u0000${statusFilter}`}
          />
        )
      }
      detailLabel="Person details"
      detail={
        selected ? (
          <PersonDetail
            key={selected.id}
            person={selected}
            onEdit={editPerson}
            onLeaver={startLeaver}
            onClose={closeDetail}
          />
        ) : total > 0 ? (
          <NothingOpen
            icon={IconAddressBook}
            title="Select a person"
            text="See what they can access now, what they could access on any past day, and every grant they were given."
            maw={340}
          />
        ) : null
      }
    >
      {drawer}
      {leaverDialog}
    </ListPage>
  );
}
