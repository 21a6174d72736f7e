/**
 * Mapping rules: an entry as the source manager kept it becomes a candidate
 * account. The platform comes from the URL's host, else the entry's name; the
 * handle from a profile URL, an "@handle" in the name, or a username that is a
 * valid handle; the username is always kept as the sign-in name; folder or
 * group becomes the department. Problems that depend only on the row are
 * found here; those that depend on the vault (duplicates, reuse) in the service.
 */
import type { EntryKind, ImportDecision, ImportProblem } from '../../../shared/domain/import';
import {
  PLATFORMS,
  PLATFORM_INFO,
  handleProblem,
  normalizeHandle,
  type Platform,
} from '../../../shared/domain/platforms';
import { handleInName, recognisePlatform } from '../../../shared/domain/platform-recognition';
import { weakPasswordReason } from '../../../shared/password/weak';
import { parseTotp, TotpInputError, type TotpConfig } from '../../../shared/totp';
import type { ImportEntry } from './entry';

export interface Candidate {
  index: number;
  source: string;
  kind: EntryKind;
  platform: Platform;
  handle: string;
  displayName: string;
  url: string;
  department: string;
  signInName: string;
  password: string;
  totp: TotpConfig | null;
  notes: string;
  problems: ImportProblem[];
}

const LIMITS = { displayName: 200, department: 200, url: 2048, signInName: 320, password: 1024, notes: 20000 };

/** A platform named in a spreadsheet cell: its id ("x"), its label ("X (Twitter)") or a word for it ("Twitter"). */
export function platformFromText(text: string): Platform | null {
  const value = text.trim().toLowerCase();
  if (!value) return null;
  const byId = PLATFORMS.find((p) => p === value);
  if (byId) return byId;
  const byLabel = PLATFORMS.find((p) => PLATFORM_INFO[p].label.toLowerCase() === value);
  if (byLabel) return byLabel;
  const recognised = recognisePlatform('', value).platform;
  return recognised === 'other' ? null : recognised;
}

/** http(s) URLs pass; "twitter.com/x" gains https://; anything else (app URIs, "n/a") is dropped. */
function webUrl(raw: string): string {
  const text = raw.trim();
  if (/^https?:\/\/[^\s]+$/i.test(text)) return text;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[^\s]*)?$/i.test(text)) return `https://${text}`;
  return '';
}

const looksLikeEmailOrPhone = (s: string) => s.includes('@') || /^\+?[\d\s()-]{7,}$/.test(s);

function chooseHandle(entry: ImportEntry, platform: Platform, fromUrl: string | null): string {
  const candidates = [entry.handle, fromUrl, handleInName(entry.title)];
  for (const c of candidates) if (c && c.trim()) return normalizeHandle(c);
  const username = entry.username.trim();
  if (username && (!looksLikeEmailOrPhone(username) || platform === 'mastodon') && !handleProblem(platform, username)) {
    return normalizeHandle(username);
  }
  // An account on another platform is named by its entry: its title, else its username.
  if (platform === 'other') return normalizeHandle(entry.title || username);
  return '';
}

export function mapEntry(entry: ImportEntry, index: number, decision?: ImportDecision): Candidate {
  const recognised = recognisePlatform(entry.url, entry.title);
  const named = entry.platform ? platformFromText(entry.platform) : null;
  const platform = decision?.platform ?? named ?? recognised.platform;
  const detectedHandle = chooseHandle(entry, platform, platform === recognised.platform ? recognised.handle : null);
  const handle = normalizeHandle(decision?.handle ?? detectedHandle);
  const problems: ImportProblem[] = [];
  const flag = (code: ImportProblem['code'], message: string, blocking = false) =>
    problems.push({ code, message, blocking });

  if (entry.kind !== 'login') {
    flag('not_social', `A ${entry.kind === 'other' ? 'non-login item' : entry.kind}, not a social-media login`);
  } else if (platform === 'other') {
    flag('not_social', 'Not recognised as a social-media platform');
  }
  if (!handle) flag('handle_missing', 'No handle found: type the account’s handle', true);
  else {
    const refused = handleProblem(platform, handle);
    if (refused) flag('handle_refused', refused, true);
  }
  const displayName = decision?.displayName ?? entry.title;
  const department = decision?.department ?? entry.folder;
  const url = webUrl(entry.url);
  for (const [field, value] of [
    ['displayName', displayName],
    ['department', department],
    ['url', url],
    ['signInName', entry.username],
    ['password', entry.password],
    ['notes', entry.notes],
  ] as const) {
    if (value.length > LIMITS[field])
      flag('field_too_long', `The ${field} is longer than ${LIMITS[field]} characters`, true);
  }
  let totp: TotpConfig | null = null;
  if (entry.totp) {
    try {
      totp = parseTotp(entry.totp);
    } catch (error) {
      const why = error instanceof TotpInputError ? error.message : 'unreadable';
      flag('totp_unreadable', `TOTP seed not imported: ${why}`);
    }
  }
  if (entry.kind === 'login') {
    if (!entry.password) flag('missing_password', 'No password in the file');
    else {
      const weak = weakPasswordReason(entry.password);
      if (weak) flag('weak_password', `Weak password: ${weak}`);
    }
  }
  return {
    index,
    source: entry.source,
    kind: entry.kind,
    platform,
    handle,
    displayName: displayName.trim(),
    url,
    department: department.trim(),
    signInName: entry.username.trim(),
    password: entry.password,
    totp,
    notes: entry.notes,
    problems,
  };
}
