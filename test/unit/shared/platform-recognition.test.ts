import { describe, expect, it } from 'vitest';
import { handleInName, recognisePlatform } from '../../../src/shared/domain/platform-recognition';

describe('recognisePlatform', () => {
  it.each([
    ['https://twitter.com/UniNews', '', 'x', 'UniNews'],
    ['https://x.com/UniNews?lang=en', '', 'x', 'UniNews'],
    ['https://mobile.twitter.com/login', 'Twitter', 'x', null],
    ['twitter.com/i/flow/login', '', 'x', null],
    ['https://www.facebook.com/uni.news/', '', 'facebook', 'uni.news'],
    ['https://m.facebook.com/profile.php?id=123', '', 'facebook', null],
    ['https://www.instagram.com/uni_life/', '', 'instagram', 'uni_life'],
    ['https://www.instagram.com/accounts/login/', '', 'instagram', null],
    ['https://www.linkedin.com/company/example-university/', '', 'linkedin', 'example-university'],
    ['https://www.linkedin.com/login', '', 'linkedin', null],
    ['https://www.tiktok.com/@uni.tiktok', '', 'tiktok', 'uni.tiktok'],
    ['https://www.youtube.com/@UniChannel', '', 'youtube', 'UniChannel'],
    ['https://www.youtube.com/c/UniChannel', '', 'youtube', 'UniChannel'],
    ['https://www.threads.net/@uni_life', '', 'threads', 'uni_life'],
    ['https://bsky.app/profile/uni.bsky.social', '', 'bluesky', 'uni.bsky.social'],
    ['https://mastodon.social/@uninews', '', 'mastodon', 'uninews@mastodon.social'],
    ['https://www.snapchat.com/add/unisnap', '', 'snapchat', 'unisnap'],
    ['https://www.reddit.com/user/uni_news', '', 'reddit', 'uni_news'],
    ['https://mp.weixin.qq.com/', '', 'wechat', null],
    ['https://accounts.google.com/signin', 'YouTube channel', 'youtube', null],
    ['', 'X', 'x', null],
    ['', 'Staff Wi-Fi', 'other', null],
    ['https://online.bank.example/login', 'Bank of Example', 'other', null],
    ['https://notx.com/a', '', 'other', null],
  ])('%s (%s) -> %s @%s', (url, name, platform, handle) => {
    expect(recognisePlatform(url, name)).toEqual({ platform, handle });
  });
});

describe('handleInName', () => {
  it.each([
    ['Twitter @UniNews', 'UniNews'],
    ['Instagram (@uni_life)', 'uni_life'],
    ['@ourbrand@mastodon.social', 'ourbrand@mastodon.social'],
    ['press@uni.example', null],
    ['LinkedIn page', null],
  ])('%s -> %s', (name, handle) => {
    expect(handleInName(name)).toBe(handle);
  });
});
