/** 1Password 8's CSV export: Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes. */
import { emptyEntry, type ImportEntry, type ParsedFile } from './entry';
import { cellReader, parseCsv, requireHeaders } from './text';

export const ONEPASSWORD_CSV_HEADERS = ['title', 'username', 'password', 'otpauth'];

export function parseOnePassword(text: string): ParsedFile {
  const table = parseCsv(text);
  requireHeaders(table, ONEPASSWORD_CSV_HEADERS, '1Password CSV');
  const cell = cellReader(table.headers);
  const entries = table.records.map(({ line, cells }): ImportEntry => ({
    ...emptyEntry(`line ${line}`),
    title: cell(cells, 'title').trim(),
    url: (cell(cells, 'url') || cell(cells, 'website')).trim(),
    username: cell(cells, 'username').trim(),
    password: cell(cells, 'password'),
    totp: cell(cells, 'otpauth').trim(),
    notes: cell(cells, 'notes'),
    folder: cell(cells, 'tags').split(/[;,]/)[0]?.trim() ?? '',
  }));
  return { format: '1password-csv', entries };
}
