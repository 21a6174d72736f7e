/**
 * The account table's columns that sort, and how. Each is a SearchSort for
 * the search index, which builds the order once per list and then only
 * filters it on each keystroke (see src/shared/search.ts). Ties keep the
 * index's alphabetical order by handle.
 */
import type { AccountListItem } from '../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { SearchSort } from '../../../../shared/search';
import { twoFactorTone } from './labels';

export const SORT_COLUMNS = ['handle', 'platform', 'holders', 'rotated', 'twoFactor'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';
/** null: relevance (handles starting with what is typed first, then alphabetical). */
export type AccountSort = { column: SortColumn; direction: SortDirection } | null;

export const SORT_LABELS: Record<SortColumn, string> = {
  handle: 'Account',
  platform: 'Platform',
  holders: 'Holders',
  rotated: 'Last rotated',
  twoFactor: '2FA',
};

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** Weakest first: no two-factor, then a TOTP whose seed is not here, then the rest. */
const TONE_RANK = { weak: 0, partial: 1, ok: 2 } as const;

const ASCENDING: Record<SortColumn, (a: AccountListItem, b: AccountListItem) => number> = {
  handle: (a, b) => collator.compare(a.handle, b.handle),
  platform: (a, b) => collator.compare(PLATFORM_INFO[a.platform].label, PLATFORM_INFO[b.platform].label),
  holders: (a, b) => a.holders.length - b.holders.length,
  // Never set sorts as the oldest: it is the first to need attention.
  rotated: (a, b) => (a.passwordChangedAt ?? -Infinity) - (b.passwordChangedAt ?? -Infinity) || 0,
  twoFactor: (a, b) =>
    TONE_RANK[twoFactorTone(a.twoFactor, a.hasTotp)] - TONE_RANK[twoFactorTone(b.twoFactor, b.hasTotp)],
};

const SORTS = new Map<string, SearchSort<AccountListItem>>();

/** The index's sort for a column and direction (the same object each time, so the index keeps its order). */
export function searchSort(sort: AccountSort): SearchSort<AccountListItem> | undefined {
  if (!sort) return undefined;
  const key = `${sort.column}:${sort.direction}`;
  let found = SORTS.get(key);
  if (!found) {
    const ascending = ASCENDING[sort.column];
    const sign = sort.direction === 'ascending' ? 1 : -1;
    found = { key, compare: (a, b) => sign * ascending(a, b) };
    SORTS.set(key, found);
  }
  return found;
}

/** A click on a column: sort by it ascending, then descending, then back to relevance. */
export function nextSort(current: AccountSort, column: SortColumn): AccountSort {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}
