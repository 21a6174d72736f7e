import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../src/shared/domain/account';
import type { Platform } from '../../../src/shared/domain/platforms';
import {
  SearchIndex,
  buildSearchIndex,
  fold,
  matchRanges,
  searchAccounts,
  type SearchFilters,
  type SearchSort,
} from '../../../src/shared/search';

let nextId = 1;
function account(platform: Platform, handle: string, more: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: nextId++,
    platform,
    handle,
    displayName: '',
    department: '',
    status: 'active',
    twoFactor: 'none',
    hasPassword: true,
    hasTotp: false,
    updatedAt: 0,
    manager: '',
    holders: [],
    ...more,
  };
}

const accounts = [
  account('x', 'UniMusic', { displayName: 'Música en la Universidad', department: 'Faculty of Arts' }),
  account('instagram', 'unimusic', { displayName: 'University Music', department: 'Faculty of Arts' }),
  account('x', 'SportsUni', { displayName: 'University Sport', department: 'Sport Service' }),
  account('facebook', 'alumni.relations', { displayName: 'Alumni', department: 'Development Office' }),
  account('tiktok', 'press_office', { displayName: 'Press Office', department: 'Communications', status: 'archived' }),
  account('linkedin', 'music-school', { displayName: 'School of Music', department: 'Faculty of Arts' }),
  account('weibo', '大学音乐', { displayName: 'Chinese music page', department: 'International Office' }),
  account('mastodon', 'uninews@mastodon.social', { displayName: 'News', department: 'Press' }),
];
const index = buildSearchIndex(accounts);
const handles = (query: string, filters?: SearchFilters) =>
  searchAccounts(index, query, filters).map((a) => `${a.platform}:${a.handle}`);

describe('account search', () => {
  it('an empty query lists everything, alphabetically by handle', () => {
    expect(handles('')).toEqual([
      'facebook:alumni.relations',
      'linkedin:music-school',
      'tiktok:press_office',
      'x:SportsUni',
      // Same handle ignoring case: the older account (lower id) first.
      'x:UniMusic',
      'instagram:unimusic',
      'mastodon:uninews@mastodon.social',
      'weibo:大学音乐',
    ]);
    expect(handles('   ')).toHaveLength(accounts.length);
  });

  it('ANDs the terms: every term must match somewhere', () => {
    expect(handles('music arts')).toEqual(['linkedin:music-school', 'x:UniMusic', 'instagram:unimusic']);
    expect(handles('music school arts')).toEqual(['linkedin:music-school']);
    expect(handles('music sport')).toEqual([]);
  });

  it('matches handle, display name, department and platform name', () => {
    expect(handles('development')).toEqual(['facebook:alumni.relations']);
    expect(handles('alumni')).toEqual(['facebook:alumni.relations']);
    expect(handles('linkedin')).toEqual(['linkedin:music-school']);
    expect(handles('twitter')).toEqual(['x:SportsUni', 'x:UniMusic']);
  });

  it('finds accounts by their manager and by who holds access, accents ignored', () => {
    const people = buildSearchIndex([
      ...accounts,
      account('youtube', 'unichannel', {
        displayName: 'Channel',
        department: 'Marketing',
        manager: 'Siân Prys',
        holders: ['Gareth Öwen', 'Ada Lovelace'],
      }),
      account('x', 'fan_page', { manager: 'Someone Else', holders: ['Sian Jones'] }),
    ]);
    const handles = (query: string) => searchAccounts(people, query).map((a) => `${a.platform}:${a.handle}`);
    expect(handles('sian')).toEqual(['x:fan_page', 'youtube:unichannel']);
    expect(handles('sian prys')).toEqual(['youtube:unichannel']);
    expect(handles('prys')).toEqual(['youtube:unichannel']);
    expect(handles('gareth owen')).toEqual(['youtube:unichannel']);
    expect(handles('lovelace marketing')).toEqual(['youtube:unichannel']);
    // Terms must still all match: a holder's name with another department finds nothing.
    expect(handles('lovelace arts')).toEqual([]);
  });

  it('ignores case and accents, both in the query and in the data', () => {
    expect(handles('MUSICA')).toEqual(['x:UniMusic']);
    expect(handles('música')).toEqual(['x:UniMusic']);
    expect(handles('MÚSICA universidad')).toEqual(['x:UniMusic']);
    expect(fold('Ærø Müñchen')).toBe('ærø munchen');
  });

  it('ignores "@" so handles can be typed as people write them', () => {
    expect(handles('@unimusic')).toEqual(handles('unimusic'));
    expect(handles('@unimusic')).toEqual(['x:UniMusic', 'instagram:unimusic']);
    expect(handles('@')).toHaveLength(accounts.length);
  });

  it('finds a user@instance handle typed in full, with or without the leading "@"', () => {
    expect(handles('uninews@mastodon.social')).toEqual(['mastodon:uninews@mastodon.social']);
    expect(handles('@uninews@mastodon')).toEqual(['mastodon:uninews@mastodon.social']);
    expect(handles('mastodon.social')).toEqual(['mastodon:uninews@mastodon.social']);
  });

  it('matches non-Latin text', () => {
    expect(handles('音乐')).toEqual(['weibo:大学音乐']);
  });

  it('filters by platform and by status', () => {
    expect(handles('music', { platforms: ['x', 'linkedin'] })).toEqual(['linkedin:music-school', 'x:UniMusic']);
    expect(handles('', { status: 'archived' })).toEqual(['tiktok:press_office']);
    expect(handles('office', { status: 'active' })).toEqual(['facebook:alumni.relations', 'weibo:大学音乐']);
    expect(handles('office', { status: 'all' })).toEqual([
      'facebook:alumni.relations',
      'tiktok:press_office',
      'weibo:大学音乐',
    ]);
    // An empty platform list means no platform filter.
    expect(handles('', { platforms: [] })).toHaveLength(accounts.length);
    expect(handles('press', { platforms: ['x'] })).toEqual([]);
  });

  it('puts handles starting with the first term first, keeping alphabetical order within each group', () => {
    // "music" starts linkedin:music-school; it is inside the two UniMusic handles.
    expect(handles('music')).toEqual(['linkedin:music-school', 'x:UniMusic', 'instagram:unimusic', 'weibo:大学音乐']);
    expect(handles('uni')).toEqual([
      'x:UniMusic',
      'instagram:unimusic',
      'mastodon:uninews@mastodon.social',
      // Matches elsewhere ("Communications", "University Sport"), alphabetically:
      'tiktok:press_office',
      'x:SportsUni',
    ]);
  });

  it('only the first term decides which handles come first', () => {
    // Both match "uni" and "university"; only unimusic's handle starts with "uni".
    expect(handles('uni university')).toEqual(['instagram:unimusic', 'x:SportsUni']);
    expect(handles('university uni')).toEqual(['x:SportsUni', 'instagram:unimusic']);
  });

  it('returns the indexed objects themselves', () => {
    const [first] = searchAccounts(index, 'alumni');
    expect(first).toBe(accounts[3]);
  });
});

describe('the search index over time', () => {
  /** The reference: a fresh index per query, no narrowing, no remembered results. */
  const idsIn = (live: SearchIndex, query: string, filters?: SearchFilters) =>
    live
      .search(query, filters)
      .toArray()
      .map((a) => a.id);
  const handlesIn = (live: SearchIndex, query: string, filters?: SearchFilters) =>
    live
      .search(query, filters)
      .toArray()
      .map((a) => a.handle);
  const fresh = (list: readonly AccountSummary[], query: string, filters?: SearchFilters) =>
    idsIn(new SearchIndex(list), query, filters);

  it('gives the same answers typing forwards, deleting and retyping as a fresh index does', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      account(i % 3 === 0 ? 'x' : 'instagram', `uni${['music', 'sport', 'news', 'arts'][i % 4]}${i}`, {
        displayName: `University ${['Music', 'Sport', 'News', 'Arts'][(i * 7) % 4]} ${i}`,
        department: `Faculty ${i % 9}`,
        status: i % 5 === 0 ? 'archived' : 'active',
      }),
    );
    const live = new SearchIndex(many);
    const typed = [
      'm',
      'mu',
      'mus',
      'musi',
      'music',
      'music ',
      'music 1',
      'music 12',
      'music 1',
      'music',
      'mus',
      'uni',
    ];
    for (const filters of [{}, { status: 'active' as const }, { platforms: ['x' as const] }]) {
      for (const query of [...typed, ...typed.slice().reverse(), 'sport arts', 'sport arts 3', 'zzz', 'zzz z', '']) {
        expect(idsIn(live, query, filters), `${query} ${JSON.stringify(filters)}`).toEqual(fresh(many, query, filters));
      }
    }
  });

  it('counts and reads matches without building an array, and finds a row by id', () => {
    const result = index.search('uni');
    expect(result.length).toBe(5);
    expect(result.at(0).handle).toBe('UniMusic');
    expect(result.at(4).handle).toBe('SportsUni');
    expect(result.indexOfId(accounts[2]!.id)).toBe(4);
    expect(result.indexOfId(accounts[3]!.id)).toBe(-1);
    expect(result.indexOfId(99_999)).toBe(-1);
  });

  it('takes a new list: changed text is found, a changed handle moves, removed accounts go, new ones come', () => {
    const list = accounts.map((a) => ({ ...a }));
    const live = new SearchIndex(list);
    expect(live.search('alumni').length).toBe(1);
    expect(live.search('kumquat').length).toBe(0);

    // Same objects again: nothing to do.
    expect(live.sync(list)).toBe(false);

    // A new display name (as after an edit): found by it, no longer by the old one.
    const renamed = list.map((a) => (a.handle === 'alumni.relations' ? { ...a, displayName: 'Kumquat society' } : a));
    expect(live.sync(renamed)).toBe(true);
    expect(handlesIn(live, 'kumquat')).toEqual(['alumni.relations']);
    expect(handlesIn(live, 'alumni')).toEqual(['alumni.relations']); // still its handle
    expect(live.search('development').length).toBe(1);

    // Archiving changes no text but the status filter sees it.
    const archived = renamed.map((a) => (a.handle === 'music-school' ? { ...a, status: 'archived' as const } : a));
    live.sync(archived);
    expect(handlesIn(live, 'music', { status: 'active' })).not.toContain('music-school');

    // A new handle re-sorts; a removed account disappears; an added one appears.
    const next = [
      ...archived
        .filter((a) => a.handle !== 'press_office')
        .map((a) => (a.handle === 'SportsUni' ? { ...a, handle: 'aaa-sport' } : a)),
      account('youtube', 'zebra-films', { displayName: 'Film school' }),
    ];
    live.sync(next);
    expect(handlesIn(live, '')).toEqual(fresh(next, '').map((id) => next.find((a) => a.id === id)!.handle));
    expect(live.search('').at(0).handle).toBe('aaa-sport');
    expect(handlesIn(live, 'press')).toEqual(['uninews@mastodon.social']);
    expect(handlesIn(live, 'film')).toEqual(['zebra-films']);
    for (const query of ['', 'uni', 'music', 'sport', 'school']) {
      expect(idsIn(live, query)).toEqual(fresh(next, query));
    }
  });
});

describe("a chosen order (the account table's columns)", () => {
  type Ranked = AccountSummary & { rank: number };
  const ranked: Ranked[] = [
    { ...account('x', 'charlie'), rank: 2 },
    { ...account('x', 'alpha'), rank: 3 },
    { ...account('instagram', 'bravo'), rank: 1 },
    { ...account('x', 'delta'), rank: 2 },
  ];
  const byRank = (direction: 1 | -1): SearchSort<Ranked> => ({
    key: `rank:${direction}`,
    compare: (a, b) => direction * (a.rank - b.rank),
  });
  const names = (list: { toArray(): Ranked[] }) => list.toArray().map((a) => a.handle);

  it('orders every match by the column, ties alphabetically, either way', () => {
    const sorted = new SearchIndex<Ranked>(ranked);
    expect(names(sorted.search('', {}, byRank(1)))).toEqual(['bravo', 'charlie', 'delta', 'alpha']);
    expect(names(sorted.search('', {}, byRank(-1)))).toEqual(['alpha', 'charlie', 'delta', 'bravo']);
    // A query and a filter keep the chosen order among what matches, not relevance.
    expect(names(sorted.search('a', {}, byRank(1)))).toEqual(['bravo', 'charlie', 'delta', 'alpha']);
    expect(names(sorted.search('a', { platforms: ['x'] }, byRank(1)))).toEqual(['charlie', 'delta', 'alpha']);
    expect(names(sorted.search('lt', {}, byRank(1)))).toEqual(['delta']);
    // Without a chosen order: relevance (handles starting with the term first).
    expect(names(sorted.search('a'))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
  });

  it('finds a row by id in the chosen order, and follows a changed value after sync', () => {
    const sorted = new SearchIndex<Ranked>(ranked);
    const result = sorted.search('', {}, byRank(1));
    expect(result.indexOfId(ranked[1]!.id)).toBe(3);
    // The same handle, a new rank: the order built for the old list is not reused.
    sorted.sync(ranked.map((a) => (a.handle === 'alpha' ? { ...a, rank: 0 } : a)));
    expect(names(sorted.search('', {}, byRank(1)))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
  });
});

describe('what matched, to mark it', () => {
  const marked = (text: string, query: string) =>
    matchRanges(text, query)
      .map(([from, to]) => text.slice(from, to))
      .join('|');

  it('marks every occurrence of every term, merged where they overlap', () => {
    expect(marked('University Music', 'uni mus')).toBe('Uni|Mus');
    expect(marked('an plan', 'an')).toBe('an|an');
    // Touching occurrences make one mark.
    expect(marked('banana', 'an')).toBe('anan');
    expect(marked('banana', 'ana nan')).toBe('anana');
    expect(matchRanges('University Music', '')).toEqual([]);
    expect(matchRanges('University Music', 'xyz')).toEqual([]);
  });

  it('matches as the search does: case, accents and "@" ignored, ranges in the original text', () => {
    expect(marked('Música en la Universidad', 'musica')).toBe('Música');
    expect(marked('uninews@mastodon.social', 'newsmast')).toBe('news@mast');
    expect(marked('@UniNewsroom', '@uninews')).toBe('UniNews');
    expect(marked('大学音乐 page', '音乐')).toBe('音乐');
    // A character outside the BMP keeps both halves of its surrogate pair together.
    expect(marked('𝒜lpha beta', 'beta')).toBe('beta');
  });
});
