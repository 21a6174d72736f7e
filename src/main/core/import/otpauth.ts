/**
 * otpauth:// URIs one per line, as authenticator apps (Aegis, 2FAS, andOTP,
 * Raivo...) export them in plain text. Each becomes an entry with a TOTP seed;
 * issuer and label name the account.
 */
import { badFile, emptyEntry, type ImportEntry, type ParsedFile } from './entry';

/** Whether the file starts with otpauth URIs (the first lines are checked; the parser checks every line). */
export function isOtpauthList(text: string): boolean {
  const lines = text
    .slice(0, 8192)
    .split(/\r?\n/, 20)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length > 0 && lines.every((l) => /^otpauth:\/\//i.test(l));
}

/** Issuer and account name from an otpauth URI: "issuer:account" label or the issuer parameter. */
export function describeOtpauth(uri: string): { issuer: string; account: string } {
  try {
    const url = new URL(uri);
    const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const colon = label.indexOf(':');
    const issuer = url.searchParams.get('issuer') ?? (colon >= 0 ? label.slice(0, colon) : '');
    const account = colon >= 0 ? label.slice(colon + 1) : label;
    return { issuer: issuer.trim(), account: account.trim() };
  } catch {
    return { issuer: '', account: '' };
  }
}

export function otpauthEntry(uri: string, source: string): ImportEntry {
  const { issuer, account } = describeOtpauth(uri);
  return {
    ...emptyEntry(source),
    title: issuer ? `${issuer}${account ? ` (${account})` : ''}` : account,
    username: account,
    totp: uri,
  };
}

export function parseOtpauthList(text: string): ParsedFile {
  const entries: ImportEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (!/^otpauth:\/\//i.test(line)) throw badFile(`Line ${i + 1} is not an otpauth:// URI`);
    entries.push(otpauthEntry(line, `line ${i + 1}`));
  });
  if (entries.length === 0) throw badFile('The file has no otpauth:// URIs');
  return { format: 'otpauth-uris', entries };
}
