/**
 * Recognising a platform and handle from what password managers keep: a URL
 * (often the login page, sometimes the profile) and an entry name.
 */
import { PLATFORMS, type Platform } from './platforms';

export interface Recognised {
  platform: Platform;
  /** From the URL's path (a profile URL) when it names one; else null. */
  handle: string | null;
}

/** Host suffixes, most specific first where one is inside another. */
const HOSTS: [suffix: string, platform: Platform][] = [
  ['twitter.com', 'x'],
  ['x.com', 'x'],
  ['tweetdeck.com', 'x'],
  ['facebook.com', 'facebook'],
  ['fb.com', 'facebook'],
  ['instagram.com', 'instagram'],
  ['linkedin.com', 'linkedin'],
  ['tiktok.com', 'tiktok'],
  ['youtube.com', 'youtube'],
  ['youtu.be', 'youtube'],
  ['threads.net', 'threads'],
  ['threads.com', 'threads'],
  ['bsky.app', 'bluesky'],
  ['bsky.social', 'bluesky'],
  ['weixin.qq.com', 'wechat'],
  ['wechat.com', 'wechat'],
  ['weibo.com', 'weibo'],
  ['weibo.cn', 'weibo'],
  ['pinterest.com', 'pinterest'],
  ['pinterest.co.uk', 'pinterest'],
  ['snapchat.com', 'snapchat'],
  ['reddit.com', 'reddit'],
];

/** Words in an entry's name, checked when the URL says nothing. */
const NAME_WORDS: [RegExp, Platform][] = [
  [/\b(twitter|tweetdeck)\b|^x$|^x\b(?!-)|\bx\.com\b|\bx \(twitter\)/i, 'x'],
  [/\bfacebook\b|\bmeta business\b/i, 'facebook'],
  [/\binstagram\b/i, 'instagram'],
  [/\blinked ?in\b/i, 'linkedin'],
  [/\btik ?tok\b/i, 'tiktok'],
  [/\byou ?tube\b/i, 'youtube'],
  [/\bthreads\b/i, 'threads'],
  [/\b(bluesky|bsky)\b/i, 'bluesky'],
  [/\bmastodon\b/i, 'mastodon'],
  [/\b(wechat|weixin)\b/i, 'wechat'],
  [/\bweibo\b/i, 'weibo'],
  [/\bpinterest\b/i, 'pinterest'],
  [/\bsnap ?chat\b/i, 'snapchat'],
  [/\breddit\b/i, 'reddit'],
];

/** First path segments that are pages of the site, not profiles. */
const NOT_PROFILES = new Set([
  'login',
  'signin',
  'sign-in',
  'signup',
  'i',
  'home',
  'intent',
  'settings',
  'search',
  'explore',
  'compose',
  'accounts',
  'account',
  'p',
  'reel',
  'reels',
  'watch',
  'feed',
  'pages',
  'groups',
  'profile.php',
  'business',
  'help',
  'flow',
  'checkpoint',
  'uas',
  'm',
  'index.php',
  'share',
  'hashtag',
]);

/** The parts of a URL we read. (src/shared has no URL global: it runs in any environment.) */
interface UrlParts {
  hostname: string;
  pathname: string;
}

/** Host and path of "https://host/path", "//host/path" or a bare "host/path"; null when there is no host. */
function parseUrl(text: string): UrlParts | null {
  const match = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/)?(?:[^/?#@]*@)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)/i.exec(text.trim());
  if (!match || !match[1]!.includes('.')) return null;
  return { hostname: match[1]!.toLowerCase(), pathname: match[2] || '/' };
}

function hostPlatform(host: string): Platform | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const [suffix, platform] of HOSTS) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return platform;
  }
  if (/(^|\.)(mastodon|mstdn)\b/.test(name)) return 'mastodon';
  return null;
}

function segments(url: UrlParts): string[] {
  return url.pathname
    .split('/')
    .filter(Boolean)
    .map((s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** The handle a profile URL names, by each site's own URL shapes. */
function handleFromPath(platform: Platform, url: UrlParts): string | null {
  const parts = segments(url);
  const first = parts[0];
  if (first === undefined) return null;
  const at = (s: string | undefined) => (s && s.startsWith('@') && s.length > 1 ? s.slice(1) : null);
  switch (platform) {
    case 'linkedin':
      return (first === 'company' || first === 'showcase' || first === 'school' || first === 'in') && parts[1]
        ? parts[1]
        : null;
    case 'tiktok':
    case 'threads':
      return at(first);
    case 'youtube':
      if (at(first)) return at(first);
      return (first === 'c' || first === 'user') && parts[1] ? parts[1] : null;
    case 'bluesky':
      return first === 'profile' && parts[1] ? parts[1] : null;
    case 'snapchat':
      return first === 'add' && parts[1] ? parts[1] : null;
    case 'reddit':
      return (first === 'user' || first === 'u') && parts[1] ? parts[1] : null;
    case 'mastodon':
      return at(first) ? `${at(first)}@${url.hostname.toLowerCase()}` : null;
    case 'wechat':
    case 'weibo':
      return null;
    default: {
      const name = at(first) ?? first;
      return NOT_PROFILES.has(name.toLowerCase()) ? null : name;
    }
  }
}

/** The platform (and a handle, if the URL is a profile URL) for a URL and an entry name. */
export function recognisePlatform(urlText: string, name: string): Recognised {
  const url = parseUrl(urlText);
  const fromHost = url ? hostPlatform(url.hostname) : null;
  if (url && fromHost) return { platform: fromHost, handle: handleFromPath(fromHost, url) };
  const words = name.trim();
  for (const [pattern, platform] of NAME_WORDS) {
    if (pattern.test(words)) return { platform, handle: null };
  }
  const exact = PLATFORMS.find((p) => p !== 'other' && p === words.toLowerCase());
  return { platform: exact ?? 'other', handle: null };
}

/** "@handle" written in an entry's name ("Twitter @UniNews"), or null. */
export function handleInName(name: string): string | null {
  const match = /(?:^|\s|\()@([A-Za-z0-9_.-]+(?:@[A-Za-z0-9.-]+)?)/.exec(name);
  return match ? match[1]!.replace(/[.]+$/, '') : null;
}
