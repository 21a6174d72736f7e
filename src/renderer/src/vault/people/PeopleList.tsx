/**
 * The directory: virtualised like the account list (only the rows in view
 * exist), a listbox driven by the keyboard, rows of plain elements so a
 * keystroke in the search box over thousands of people stays cheap.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import type { PersonView } from '../../../../shared/domain/people';
import { accessCountText, PersonAvatar, statusText } from './labels';

export const PERSON_ROW_HEIGHT = 60;

interface Props {
  results: readonly PersonView[];
  activeIndex: number;
  selectedId: number | null;
  onPick(id: number): void;
  onKey(event: KeyboardEvent<HTMLElement>): void;
  scrollKey: number;
  resetKey: string;
}

export function PeopleList({ results, activeIndex, selectedId, onPick, onKey, scrollKey, resetKey }: Props) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count: results.length,
    getScrollElement: () => parent.current,
    estimateSize: () => PERSON_ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => results[index]?.id ?? index,
  });

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    // Only when the keyboard (or a save) moved the active row.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollKey]);

  useEffect(() => {
    if (virtualizer.scrollOffset) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);

  const active = results[activeIndex];
  return (
    <div
      ref={parent}
      className="account-list"
      role="listbox"
      aria-label="People"
      tabIndex={0}
      aria-activedescendant={active ? `person-row-${active.id}` : undefined}
      onKeyDown={onKey}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const person = results[item.index]!;
          return (
            <PersonRow
              key={person.id}
              person={person}
              top={item.start}
              position={item.index + 1}
              total={results.length}
              active={item.index === activeIndex}
              selected={person.id === selectedId}
              onPick={onPick}
            />
          );
        })}
      </div>
    </div>
  );
}

const PersonRow = memo(function PersonRow({
  person,
  top,
  position,
  total,
  active,
  selected,
  onPick,
}: {
  person: PersonView;
  top: number;
  position: number;
  total: number;
  active: boolean;
  selected: boolean;
  onPick(id: number): void;
}) {
  const secondary = [person.email, person.role, person.department].filter(Boolean).join(' · ');
  const gone = person.status === 'left';
  const access = accessCountText(person.currentAccess);
  return (
    <div
      id={`person-row-${person.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={total}
      className="account-row"
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-archived={gone || undefined}
      style={{ transform: `translateY(${top}px)`, height: PERSON_ROW_HEIGHT }}
      onClick={() => onPick(person.id)}
    >
      <PersonAvatar id={person.id} name={person.name} muted={gone} />
      <div className="account-row-text">
        <div className="account-row-title">{person.name}</div>
        <div className="account-row-sub">{secondary}</div>
      </div>
      <div className="person-row-meta">
        {person.status !== 'active' ? (
          <span className="row-badge" data-tone={gone ? 'gone' : 'partial'}>
            {statusText(person)}
          </span>
        ) : null}
        <span
          className="row-count"
          data-none={person.currentAccess === 0 || undefined}
          title={person.currentAccess === 0 ? 'Holds no access now' : `Holds access to ${access} now`}
        >
          {person.currentAccess === 0 ? 'No access' : `Access to ${access}`}
        </span>
      </div>
    </div>
  );
});
