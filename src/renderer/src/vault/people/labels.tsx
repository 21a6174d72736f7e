import { Badge } from '@mantine/core';
import { PERSON_STATUS_LABELS, type PersonView } from '../../../../shared/domain/people';
import { formatIsoDate, plural } from '../../lib/format';

const AVATAR_COLORS = ['blue', 'cyan', 'teal', 'grape', 'indigo', 'orange', 'pink', 'violet', 'green', 'red'];

/** Initials ("AL" for Ada Lovelace; "A" for Ada; "?" for nothing usable). */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0]!)[0] ?? '';
  const last = words.length > 1 ? (Array.from(words.at(-1)!)[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A round badge of initials, its colour fixed by the person's id. Plain elements: list rows use it. */
export function PersonAvatar({
  id,
  name,
  size = 34,
  muted = false,
}: {
  id: number;
  name: string;
  size?: number;
  muted?: boolean;
}) {
  const color = muted ? 'gray' : AVATAR_COLORS[id % AVATAR_COLORS.length]!;
  return (
    <span
      className="person-avatar"
      aria-hidden
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.38),
        background: `var(--mantine-color-${color}-light)`,
        color: `var(--mantine-color-${color}-light-color)`,
      }}
    >
      {initials(name)}
    </span>
  );
}

/** "Left 3 Mar 2026", "Moved role 1 Apr 2026", or "Active". */
export function statusText(person: Pick<PersonView, 'status' | 'statusDate'>): string {
  if (person.status === 'active') return PERSON_STATUS_LABELS.active;
  return person.statusDate
    ? `${PERSON_STATUS_LABELS[person.status]} ${formatIsoDate(person.statusDate)}`
    : PERSON_STATUS_LABELS[person.status];
}

export function PersonStatusBadge({
  person,
  size = 'sm',
}: {
  person: Pick<PersonView, 'status' | 'statusDate'>;
  size?: 'xs' | 'sm' | 'md';
}) {
  const color = person.status === 'left' ? 'gray' : person.status === 'moved' ? 'orange' : 'teal';
  return (
    <Badge size={size} variant={person.status === 'left' ? 'outline' : 'light'} color={color} tt="none">
      {statusText(person)}
    </Badge>
  );
}

/** Lower-cased text a directory search looks through. */
export function personSearchText(person: PersonView): string {
  return `${person.name}\u0000${person.email}\u0000${person.role}\u0000${person.department}`.toLowerCase();
}

export const accessCountText = (n: number): string => (n === 0 ? 'No access' : plural(n, 'account'));

/** Role and department, whichever exist: "Press officer · Communications". */
export function personRoleLine(person: Pick<PersonView, 'role' | 'department'>): string {
  return [person.role, person.department].filter(Boolean).join(' · ');
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

export function byName(a: PersonView, b: PersonView): number {
  return collator.compare(a.name, b.name) || a.id - b.id;
}
