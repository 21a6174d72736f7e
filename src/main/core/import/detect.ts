/**
 * Which format a file is, from the file itself: a binary signature (KDBX,
 * zip for 1PUX, PNG for a QR screenshot), a JSON shape, a URI scheme, or a
 * CSV header row. The order below is the order tried, and is what an
 * unrecognised file's refusal lists.
 */
import { IMPORT_FORMAT_LABELS, type ImportFormat } from '../../../shared/domain/import';
import { isMigrationText } from './google-authenticator';
import { isOtpauthList } from './otpauth';
import { isKdbx, isPng, isZip } from './signatures';
import { decodeText } from './text';
import Papa from 'papaparse';

export const DETECTION_ORDER: readonly ImportFormat[] = [
  'kdbx',
  '1pux',
  'google-authenticator',
  'bitwarden-json',
  'otpauth-uris',
  'lastpass-csv',
  'bitwarden-csv',
  'keepassxc-csv',
  '1password-csv',
  'spreadsheet-csv',
];

/** Whether a JSON value looks like a Bitwarden export (for detection). */
export function isBitwardenJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.encrypted === true) return 'encKeyValidation_DO_NOT_EDIT' in v;
  return Array.isArray(v.items) && (Array.isArray(v.folders) || Array.isArray(v.collections));
}

/** A CSV header's names, lower-cased, from the first line of the text. */
function headerNames(text: string): string[] {
  const firstLine = text.slice(0, 4096).split(/\r?\n/, 1)[0] ?? '';
  const parsed = Papa.parse<string[]>(firstLine, { delimitersToGuess: [',', ';', '\t'] });
  return (parsed.data[0] ?? []).map((h) => h.trim().toLowerCase());
}

const hasAll = (names: string[], wanted: string[]) => wanted.every((w) => names.includes(w));

/** The format, from the bytes (and their decoded text, when the caller has it already). */
export function detectFormat(bytes: Uint8Array, decoded?: () => string): ImportFormat | null {
  if (isKdbx(bytes)) return 'kdbx';
  if (isZip(bytes)) return '1pux';
  if (isPng(bytes)) return 'google-authenticator';
  let text: string;
  try {
    text = decoded ? decoded() : decodeText(bytes).text;
  } catch {
    return null;
  }
  const trimmed = text.trimStart();
  if (isMigrationText(trimmed)) return 'google-authenticator';
  if (trimmed.startsWith('{')) {
    try {
      if (isBitwardenJson(JSON.parse(trimmed))) return 'bitwarden-json';
    } catch {
      return null;
    }
    return null;
  }
  if (isOtpauthList(trimmed)) return 'otpauth-uris';
  const names = headerNames(trimmed);
  if (hasAll(names, ['url', 'username', 'password', 'extra', 'name', 'grouping'])) return 'lastpass-csv';
  if (hasAll(names, ['folder', 'type', 'name', 'login_uri', 'login_username', 'login_password']))
    return 'bitwarden-csv';
  if (hasAll(names, ['group', 'title', 'username', 'password', 'url', 'notes'])) return 'keepassxc-csv';
  if (
    hasAll(names, ['title', 'username', 'password', 'otpauth']) &&
    (names.includes('url') || names.includes('website'))
  )
    return '1password-csv';
  if (names.length >= 2) return 'spreadsheet-csv';
  return null;
}

export function unknownFormatMessage(): string {
  return `Not a format Custodian can import. Tried: ${DETECTION_ORDER.map((f) => IMPORT_FORMAT_LABELS[f]).join(', ')}`;
}
