/**
 * The "passwords in a spreadsheet on the shared drive" case: any CSV with a
 * header row. Columns are mapped to account fields by their header (guessed
 * from common names, confirmed or changed by the user); each mapped cell is
 * taken as text, so a formula stays the inert text it was in the file.
 */
import { IMPORT_TARGETS, type ColumnMapping, type ImportTarget } from '../../../shared/domain/import';
import { badFile, emptyEntry, type ImportEntry, type ParsedFile } from './entry';
import { parseCsv } from './text';

/** Header words that suggest each target, checked in this order. */
const GUESSES: [ImportTarget, RegExp][] = [
  ['password', /^(password|pass|passwd|pwd|passphrase|secret|kennwort|mot de passe|cyfrinair)$/i],
  ['totp', /^(totp|otp|2fa|mfa|2fa (seed|secret|key)|totp (seed|secret)|authenticator( key)?|otpauth)$/i],
  [
    'signInName',
    /^(login|user ?name|user|email|e-mail|email address|login (email|name)|sign[- ]?in( name)?|account email|phone)$/i,
  ],
  ['handle', /^(handle|account|account name|@|profile|screen ?name)$/i],
  ['platform', /^(platform|network|service|site|channel|social network)$/i],
  ['url', /^(url|link|website|web site|address|profile (url|link)|login url)$/i],
  ['title', /^(name|title|account title|description|entry)$/i],
  ['department', /^(department|team|unit|school|faculty|owner|folder|group|category|directorate)$/i],
  ['notes', /^(notes?|comments?|extra|info|remarks)$/i],
];

/** The mapping guessed from the header row; each column used at most once. */
export function guessMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const [target, pattern] of GUESSES) {
    const header = headers.find((h) => !used.has(h) && pattern.test(h.trim()));
    if (header !== undefined) {
      mapping[target] = header;
      used.add(header);
    }
  }
  return mapping;
}

export function parseSpreadsheet(text: string, overrides: ColumnMapping | undefined): ParsedFile {
  const table = parseCsv(text);
  if (table.headers.length < 2)
    throw badFile('The spreadsheet has fewer than two columns: is it CSV with a header row?');
  const mapping = { ...guessMapping(table.headers), ...(overrides ?? {}) };
  for (const target of IMPORT_TARGETS) {
    const column = mapping[target];
    if (column && !table.headers.includes(column)) {
      throw badFile(`The mapping names a column "${column}" the file does not have`);
    }
  }
  const position = (target: ImportTarget) => {
    const column = mapping[target];
    return column ? table.headers.indexOf(column) : -1;
  };
  const positions = Object.fromEntries(IMPORT_TARGETS.map((t) => [t, position(t)])) as Record<ImportTarget, number>;
  const take = (cells: string[], target: ImportTarget) =>
    positions[target] >= 0 ? (cells[positions[target]] ?? '') : '';
  const entries = table.records.map(({ line, cells }): ImportEntry => ({
    ...emptyEntry(`line ${line}`),
    title: take(cells, 'title').trim(),
    url: take(cells, 'url').trim(),
    username: take(cells, 'signInName').trim(),
    password: take(cells, 'password'),
    totp: take(cells, 'totp').trim(),
    notes: take(cells, 'notes'),
    folder: take(cells, 'department').trim(),
    platform: take(cells, 'platform').trim(),
    handle: take(cells, 'handle').trim(),
  }));
  return { format: 'spreadsheet-csv', entries, columns: table.headers, mapping };
}
