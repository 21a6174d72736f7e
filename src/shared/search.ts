/**
 * Account search, run on every keystroke over the in-memory list of
 * decrypted summaries (handles and names are encrypted at rest, so SQL cannot
 * search them). Index once per list; each query is then a linear scan over
 * pre-folded strings, well under a millisecond per thousand accounts.
 */
import type { AccountStatus, AccountSummary } from './domain/account';
import { PLATFORM_INFO, type Platform } from './domain/platforms';

export interface SearchFilters {
  platforms?: readonly Platform[];
  status?: AccountStatus | 'all';
}

interface Entry<T> {
  item: T;
  handle: string;
  haystack: string;
}

export interface SearchIndex<T extends AccountSummary = AccountSummary> {
  readonly entries: readonly Entry<T>[];
}

/** Lower case, accents removed, so "Música" matches "musica". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function buildSearchIndex<T extends AccountSummary>(items: readonly T[]): SearchIndex<T> {
  // "@" is dropped on both sides, so "@brand" finds "brand" and "brand@mastodon.social" finds itself.
  const entries = items.map((item) => ({
    item,
    handle: fold(item.handle).replace(/@/g, ''),
    haystack: fold(
      [item.handle, item.displayName, item.department, PLATFORM_INFO[item.platform].label, item.platform].join(
        '\u0000',
      ),
    ).replace(/@/g, ''),
  }));
  entries.sort((a, b) => collator.compare(a.item.handle, b.item.handle) || a.item.id - b.item.id);
  return { entries };
}

/**
 * Every whitespace-separated term must occur somewhere in the account's
 * handle, name, department or platform. Accounts whose handle starts with the
 * first term come first; otherwise the index's alphabetical order holds.
 */
export function searchAccounts<T extends AccountSummary>(
  index: SearchIndex<T>,
  query: string,
  filters: SearchFilters = {},
): T[] {
  const terms = fold(query).replace(/@/g, '').split(/\s+/).filter(Boolean);
  const platforms = filters.platforms && filters.platforms.length > 0 ? new Set(filters.platforms) : null;
  const status = filters.status ?? 'all';
  const first = terms[0];
  const leading: T[] = [];
  const rest: T[] = [];
  for (const entry of index.entries) {
    const { item } = entry;
    if (status !== 'all' && item.status !== status) continue;
    if (platforms && !platforms.has(item.platform)) continue;
    if (!terms.every((term) => entry.haystack.includes(term))) continue;
    if (first !== undefined && entry.handle.startsWith(first)) leading.push(item);
    else rest.push(item);
  }
  return leading.length === 0 ? rest : leading.concat(rest);
}
