/**
 * The platforms Custodian knows, with the handle and password rules we could
 * confirm from each platform's help pages. Where a rule is unknown we accept
 * any non-blank handle and apply only the generator's defaults.
 */

export const PLATFORMS = [
  'x',
  'facebook',
  'instagram',
  'linkedin',
  'tiktok',
  'youtube',
  'threads',
  'bluesky',
  'mastodon',
  'wechat',
  'weibo',
  'pinterest',
  'snapchat',
  'reddit',
  'other',
] as const;

export type Platform = (typeof PLATFORMS)[number];

export interface PasswordRules {
  minLength: number;
  maxLength: number;
  /** Character classes the platform insists on. */
  requires?: ('lower' | 'upper' | 'digits' | 'symbols')[];
}

export interface PlatformInfo {
  label: string;
  handle: {
    /** Applied to the handle after a leading "@" is removed. */
    pattern?: RegExp;
    hint: string;
  };
  password: PasswordRules;
  profileUrl?: (handle: string) => string;
}

const DEFAULT_PASSWORD: PasswordRules = { minLength: 8, maxLength: 128 };

export const PLATFORM_INFO: Record<Platform, PlatformInfo> = {
  x: {
    label: 'X (Twitter)',
    handle: { pattern: /^[A-Za-z0-9_]{1,15}$/, hint: 'Up to 15 letters, digits or underscores' },
    password: { minLength: 8, maxLength: 128 },
    profileUrl: (h) => `https://x.com/${h}`,
  },
  facebook: {
    label: 'Facebook',
    handle: { pattern: /^[A-Za-z0-9.]{5,50}$/, hint: 'At least 5 letters, digits or periods' },
    password: { minLength: 6, maxLength: 128 },
    profileUrl: (h) => `https://www.facebook.com/${h}`,
  },
  instagram: {
    label: 'Instagram',
    handle: {
      pattern: /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9._]{1,30}$/,
      hint: 'Up to 30 letters, digits, periods or underscores; no leading, trailing or double period',
    },
    password: { minLength: 6, maxLength: 128 },
    profileUrl: (h) => `https://www.instagram.com/${h}`,
  },
  linkedin: {
    label: 'LinkedIn',
    handle: { pattern: /^[A-Za-z0-9-]{2,100}$/, hint: 'The page’s public URL name: letters, digits, hyphens' },
    password: { minLength: 8, maxLength: 128 },
    profileUrl: (h) => `https://www.linkedin.com/company/${h}`,
  },
  tiktok: {
    label: 'TikTok',
    handle: {
      pattern: /^(?!.*\.$)[A-Za-z0-9._]{2,24}$/,
      hint: '2–24 letters, digits, underscores or periods; not ending in a period',
    },
    password: { minLength: 8, maxLength: 20, requires: ['lower', 'digits', 'symbols'] },
    profileUrl: (h) => `https://www.tiktok.com/@${h}`,
  },
  youtube: {
    label: 'YouTube',
    handle: { pattern: /^[A-Za-z0-9._-]{3,30}$/, hint: '3–30 letters, digits, underscores, hyphens or periods' },
    password: { minLength: 8, maxLength: 100 },
    profileUrl: (h) => `https://www.youtube.com/@${h}`,
  },
  threads: {
    label: 'Threads',
    handle: {
      pattern: /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9._]{1,30}$/,
      hint: 'Same rules as Instagram: up to 30 letters, digits, periods or underscores',
    },
    password: { minLength: 6, maxLength: 128 },
    profileUrl: (h) => `https://www.threads.net/@${h}`,
  },
  bluesky: {
    label: 'Bluesky',
    handle: {
      pattern:
        /^(?=.{3,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
      hint: 'A domain name, such as ourbrand.bsky.social',
    },
    password: { minLength: 8, maxLength: 128 },
    profileUrl: (h) => `https://bsky.app/profile/${h}`,
  },
  mastodon: {
    label: 'Mastodon',
    handle: {
      pattern: /^[A-Za-z0-9_]{1,30}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/,
      hint: 'user@instance, such as ourbrand@mastodon.social',
    },
    password: { minLength: 8, maxLength: 128 },
  },
  wechat: {
    label: 'WeChat',
    handle: {
      pattern: /^[A-Za-z][A-Za-z0-9_-]{5,19}$/,
      hint: '6–20 characters, starting with a letter; letters, digits, underscores, hyphens',
    },
    password: { minLength: 8, maxLength: 16, requires: ['lower', 'digits', 'symbols'] },
  },
  weibo: {
    label: 'Weibo',
    handle: { hint: 'The account’s nickname or login name' },
    password: { minLength: 6, maxLength: 16 },
  },
  pinterest: {
    label: 'Pinterest',
    handle: { pattern: /^[A-Za-z0-9_]{3,30}$/, hint: '3–30 letters, digits or underscores' },
    password: { minLength: 6, maxLength: 128 },
    profileUrl: (h) => `https://www.pinterest.com/${h}`,
  },
  snapchat: {
    label: 'Snapchat',
    handle: {
      pattern: /^[A-Za-z][A-Za-z0-9._-]{1,13}[A-Za-z0-9]$/,
      hint: '3–15 characters, starting with a letter and ending with a letter or digit',
    },
    password: { minLength: 8, maxLength: 128 },
    profileUrl: (h) => `https://www.snapchat.com/add/${h}`,
  },
  reddit: {
    label: 'Reddit',
    handle: { pattern: /^[A-Za-z0-9_-]{3,20}$/, hint: '3–20 letters, digits, underscores or hyphens' },
    password: { minLength: 8, maxLength: 128 },
    profileUrl: (h) => `https://www.reddit.com/user/${h}`,
  },
  other: {
    label: 'Other',
    handle: { hint: 'The login name or handle used on the platform' },
    password: DEFAULT_PASSWORD,
  },
};

/** Strip surrounding white space and one leading "@": users paste both forms. */
export function normalizeHandle(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.startsWith('@') ? trimmed.slice(1).trim() : trimmed;
}

/** Returns a message when the handle breaks the platform's rule, else null. */
export function handleProblem(platform: Platform, raw: string): string | null {
  const handle = normalizeHandle(raw);
  if (handle.length === 0) return 'Handle is empty';
  if (handle.length > 256) return 'Handle is longer than 256 characters';
  if (/\s/.test(handle) && platform !== 'weibo' && platform !== 'other') return 'Handle contains white space';
  const rule = PLATFORM_INFO[platform].handle;
  if (rule.pattern && !rule.pattern.test(handle)) {
    return `Not a valid ${PLATFORM_INFO[platform].label} handle: ${rule.hint}`;
  }
  return null;
}

/** The key by which handles are compared: case-insensitive, without "@". */
export function handleKey(raw: string): string {
  return normalizeHandle(raw).toLowerCase();
}
