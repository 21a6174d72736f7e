/**
 * Choosing a person from the directory: searchable by name, email, role and
 * department; only the first matches are rendered, so a directory of
 * thousands stays quick. People who have left are not offered (unless one is
 * the current value, shown as such). Optionally offers "none" and an inline
 * "Add a person…" that hands the typed text to the caller.
 */
import { Group, Select, Text, type ComboboxItem, type ComboboxParsedItem, type SelectProps } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { PersonView } from '../../../../shared/domain/people';
import { byName, PersonAvatar, personSearchText } from './labels';

const NONE = 'none';
const ADD = 'add-person';
const LIMIT = 60;

interface Props extends Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'filter' | 'renderOption' | 'searchable' | 'limit'
> {
  people: readonly PersonView[] | null;
  value: number | null;
  onChange(id: number | null): void;
  /** A reason this person cannot be chosen (shown in the list), or null. People who left are never offered. */
  unavailable?: (person: PersonView) => string | null;
  /** Offer an explicit "no one" choice with this label. */
  noneLabel?: string;
  /** Offer "Add a person…"; receives what was typed in the search box. */
  onAddPerson?: (typed: string) => void;
  /** Offer people who have left too (for filtering records, not for choosing who gets access). */
  includeLeft?: boolean;
}

export function PersonSelect({
  people,
  value,
  onChange,
  unavailable,
  noneLabel,
  onAddPerson,
  includeLeft = false,
  ...rest
}: Props) {
  const [typed, setTyped] = useState('');
  const canAdd = onAddPerson !== undefined;
  const { data, haystacks, byValue } = useMemo(() => {
    const options: ComboboxItem[] = [];
    const haystacks = new Map<string, string>();
    const byValue = new Map<string, { person: PersonView; note: string | null }>();
    if (noneLabel) options.push({ value: NONE, label: noneLabel });
    for (const person of [...(people ?? [])].sort(byName)) {
      const current = person.id === value;
      if (person.status === 'left' && !current && !includeLeft) continue;
      const note = person.status === 'left' && !includeLeft ? 'Has left' : (unavailable?.(person) ?? null);
      const key = String(person.id);
      options.push({ value: key, label: person.name, disabled: note !== null && !current });
      haystacks.set(key, personSearchText(person));
      byValue.set(key, { person, note });
    }
    if (canAdd) options.push({ value: ADD, label: 'Add a person…' });
    return { data: options, haystacks, byValue };
  }, [people, value, unavailable, noneLabel, canAdd, includeLeft]);

  const filter = ({ options, search, limit }: { options: ComboboxParsedItem[]; search: string; limit: number }) => {
    const query = search.trim().toLowerCase();
    const out: ComboboxParsedItem[] = [];
    let extra: ComboboxParsedItem | null = null;
    for (const option of options) {
      if (!('value' in option)) continue;
      if (option.value === ADD) {
        extra = option;
        continue;
      }
      if (option.value === NONE) {
        if (!query) out.push(option);
        continue;
      }
      if (out.length >= limit) continue;
      if (!query || haystacks.get(option.value)?.includes(query)) out.push(option);
    }
    if (extra) out.push(extra);
    return out;
  };

  return (
    <Select
      {...rest}
      data={data}
      value={value === null ? (noneLabel ? NONE : null) : String(value)}
      onChange={(next) => {
        if (next === ADD) return;
        onChange(next === null || next === NONE ? null : Number(next));
      }}
      onOptionSubmit={(next) => {
        if (next === ADD) onAddPerson?.(typed.trim());
      }}
      onSearchChange={setTyped}
      searchable
      allowDeselect={false}
      limit={LIMIT}
      filter={filter}
      maxDropdownHeight={300}
      nothingFoundMessage={people === null ? 'Loading the directory…' : 'Nobody matches'}
      comboboxProps={{ withinPortal: true, ...rest.comboboxProps }}
      renderOption={({ option }) => {
        if (option.value === ADD) {
          const name = typed.trim();
          const known = name !== '' && [...byValue.values()].some((p) => p.person.name === name);
          return (
            <Group gap="sm" wrap="nowrap" c="custodian">
              <IconUserPlus size={18} aria-hidden />
              <Text size="sm" fw={500}>
                {name && !known ? `Add “${name}” to the directory…` : 'Add a person…'}
              </Text>
            </Group>
          );
        }
        if (option.value === NONE) {
          return (
            <Text size="sm" c="dimmed">
              {option.label}
            </Text>
          );
        }
        const entry = byValue.get(option.value);
        if (!entry) return option.label;
        const { person, note } = entry;
        return (
          <Group gap="sm" wrap="nowrap" miw={0}>
            <PersonAvatar id={person.id} name={person.name} size={26} muted={person.status === 'left'} />
            <div style={{ minWidth: 0 }}>
              <Text size="sm" className="truncate">
                {person.name}
              </Text>
              <Text size="xs" c="dimmed" className="truncate">
                {note ?? [person.email, person.status === 'left' ? 'left' : person.role].filter(Boolean).join(' · ')}
              </Text>
            </div>
          </Group>
        );
      }}
    />
  );
}
