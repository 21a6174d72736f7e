/**
 * The directory: a virtualised listbox like the account list, whose rows say
 * each person's status and how many accounts they can reach now.
 */
import { memo, type KeyboardEvent } from 'react';
import type { PersonView } from '../../../../shared/domain/people';
import { ListOption, VirtualList, type RowPlace } from '../../components/list/VirtualList';
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

export function PeopleList({ onPick, ...list }: Props) {
  return (
    <VirtualList
      {...list}
      label="People"
      idPrefix="person-row"
      rowHeight={PERSON_ROW_HEIGHT}
      renderRow={(person, place) => <PersonRow key={person.id} person={person} {...place} onPick={onPick} />}
    />
  );
}

const PersonRow = memo(function PersonRow({
  person,
  onPick,
  ...place
}: RowPlace & { person: PersonView; onPick(id: number): void }) {
  const secondary = [person.email, person.role, person.department].filter(Boolean).join(' · ');
  const gone = person.status === 'left';
  const access = accessCountText(person.currentAccess);
  return (
    <ListOption
      id={person.id}
      idPrefix="person-row"
      height={PERSON_ROW_HEIGHT}
      place={place}
      muted={gone}
      onPick={onPick}
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
    </ListOption>
  );
});
