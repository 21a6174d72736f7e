import { describe, expect, it } from 'vitest';
import { AccountFieldsSchema } from '../../../src/shared/domain/account';
import {
  PLATFORMS,
  PLATFORM_INFO,
  handleKey,
  handleProblem,
  normalizeHandle,
  type Platform,
} from '../../../src/shared/domain/platforms';

/** Handles each platform must accept and refuse (after one leading "@" is dropped). */
const RULES: Record<Platform, { good: string[]; bad: string[] }> = {
  x: {
    good: ['OurBrand', '@OurBrand', 'a', 'uni_news_2026', 'abcdefghijklmno'],
    bad: ['abcdefghijklmnop', 'our-brand', 'our.brand', 'brand!', 'our brand'],
  },
  facebook: {
    good: ['our.brand', 'brand', 'UniOfExample2026'],
    bad: ['brnd', 'our_brand', 'our-brand', 'a'.repeat(51)],
  },
  instagram: {
    good: ['our.brand_1', 'a', '_brand_', 'a'.repeat(30)],
    bad: ['.brand', 'brand.', 'our..brand', 'a'.repeat(31), 'our-brand'],
  },
  linkedin: {
    good: ['university-of-example', 'ab', 'Example2026'],
    bad: ['a', 'our_uni', 'our.uni', 'a'.repeat(101)],
  },
  tiktok: {
    good: ['our.brand', 'ab', 'uni_news', 'a'.repeat(24)],
    bad: ['a', 'brand.', 'a'.repeat(25), 'our-brand'],
  },
  youtube: {
    good: ['our-brand.tv_1', 'abc', 'a'.repeat(30)],
    bad: ['ab', 'a'.repeat(31), 'our+brand'],
  },
  threads: {
    good: ['our.brand_1', 'a'],
    bad: ['.brand', 'brand.', 'our..brand', 'a'.repeat(31)],
  },
  bluesky: {
    good: ['ourbrand.bsky.social', 'example.ac.uk', '@news.example.ac.uk', 'a-b.bsky.social'],
    bad: ['ourbrand', '-bad.bsky.social', 'bad-.bsky.social', 'our_brand.bsky.social', 'brand.123', 'brand.'],
  },
  mastodon: {
    good: ['ourbrand@mastodon.social', '@ourbrand@mastodon.social', 'uni_news@social.example.ac.uk'],
    bad: ['ourbrand', 'ourbrand@localhost', 'our.brand@mastodon.social', 'ourbrand@'],
  },
  wechat: {
    good: ['ourbrand', 'a12345', 'a_b-c_d', 'a'.repeat(20)],
    bad: ['1brand', '_brand', 'abcde', 'a'.repeat(21), 'our.brand'],
  },
  weibo: {
    good: ['大学官方微博', 'Uni of Example', 'brand!'],
    bad: ['', '   ', '@'],
  },
  pinterest: {
    good: ['our_brand', 'abc', 'a'.repeat(30)],
    bad: ['ab', 'our.brand', 'our-brand', 'a'.repeat(31)],
  },
  snapchat: {
    good: ['our.brand1', 'abc', 'a-b_c.d', 'a'.repeat(15)],
    bad: ['1abc', 'abc_', 'abc.', 'ab', 'a'.repeat(16)],
  },
  reddit: {
    good: ['our-brand_1', 'abc', 'a'.repeat(20)],
    bad: ['ab', 'a'.repeat(21), 'our.brand'],
  },
  other: {
    good: ['login: uni-admin', 'x', 'anything at all'],
    bad: ['', ' \t ', '@', 'a'.repeat(257)],
  },
};

describe('platform handle rules', () => {
  it('there are examples for every platform', () => {
    expect(Object.keys(RULES).sort()).toEqual([...PLATFORMS].sort());
  });

  for (const platform of PLATFORMS) {
    describe(PLATFORM_INFO[platform].label, () => {
      it.each(RULES[platform].good)('accepts %j', (handle) => {
        expect(handleProblem(platform, handle)).toBeNull();
      });
      it.each(RULES[platform].bad)('refuses %j with a message', (handle) => {
        const problem = handleProblem(platform, handle);
        expect(problem).toEqual(expect.any(String));
        expect(problem).not.toMatch(/\n/);
      });
    });
  }

  it('names the platform and its rule in the message', () => {
    expect(handleProblem('x', 'our-brand')).toBe(`Not a valid X (Twitter) handle: ${PLATFORM_INFO.x.handle.hint}`);
    expect(handleProblem('x', '')).toBe('Handle is empty');
    expect(handleProblem('other', 'a'.repeat(257))).toBe('Handle is longer than 256 characters');
    expect(handleProblem('facebook', 'our brand')).toBe('Handle contains white space');
  });

  it('every platform with a profile URL builds one containing the handle', () => {
    for (const platform of PLATFORMS) {
      const url = PLATFORM_INFO[platform].profileUrl?.('OurBrand');
      if (url !== undefined) expect(url).toMatch(/^https:\/\/[^/]+\/.*OurBrand$/);
    }
  });
});

describe('normalizeHandle and handleKey', () => {
  it('trims white space and drops one leading "@"', () => {
    expect(normalizeHandle('  @OurBrand  ')).toBe('OurBrand');
    expect(normalizeHandle('OurBrand')).toBe('OurBrand');
    expect(normalizeHandle('@ OurBrand')).toBe('OurBrand');
    expect(normalizeHandle('@@OurBrand')).toBe('@OurBrand');
    expect(normalizeHandle('ourbrand@mastodon.social')).toBe('ourbrand@mastodon.social');
  });

  it('compares handles without case or "@"', () => {
    expect(handleKey('@OurBrand')).toBe(handleKey('ourbrand'));
    expect(handleKey(' OURBRAND ')).toBe('ourbrand');
    expect(handleKey('OurBrand')).not.toBe(handleKey('OurBrand2'));
  });

  it('the account schema stores the normalized handle and refuses a bad one', () => {
    expect(AccountFieldsSchema.parse({ platform: 'x', handle: ' @OurBrand ' }).handle).toBe('OurBrand');
    const refused = AccountFieldsSchema.safeParse({ platform: 'x', handle: 'our brand!' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['handle']);
  });
});
