/**
 * Bitwarden's CSV export: folder,favorite,type,name,notes,fields,reprompt,
 * login_uri,login_username,login_password,login_totp.
 */
import { emptyEntry, type ImportEntry, type ParsedFile } from './entry';
import { cellReader, parseCsv, requireHeaders } from './text';

export const BITWARDEN_CSV_HEADERS = ['folder', 'type', 'name', 'login_uri', 'login_username', 'login_password'];

export function parseBitwardenCsv(text: string): ParsedFile {
  const table = parseCsv(text);
  requireHeaders(table, BITWARDEN_CSV_HEADERS, 'Bitwarden CSV');
  const cell = cellReader(table.headers);
  const entries = table.records.map(({ line, cells }): ImportEntry => {
    const type = cell(cells, 'type').trim().toLowerCase();
    return {
      ...emptyEntry(`line ${line}`, type === 'login' ? 'login' : type === 'note' ? 'note' : 'other'),
      title: cell(cells, 'name').trim(),
      url: cell(cells, 'login_uri').split(',')[0]?.trim() ?? '',
      username: cell(cells, 'login_username').trim(),
      password: cell(cells, 'login_password'),
      totp: cell(cells, 'login_totp').trim(),
      notes: cell(cells, 'notes'),
      folder: cell(cells, 'folder').trim(),
    };
  });
  return { format: 'bitwarden-csv', entries };
}
