/** KeePassXC's CSV export: "Group","Title","Username","Password","URL","Notes","TOTP",... */
import { emptyEntry, type ImportEntry, type ParsedFile } from './entry';
import { cellReader, parseCsv, requireHeaders } from './text';

export const KEEPASSXC_CSV_HEADERS = ['group', 'title', 'username', 'password', 'url', 'notes'];

export function parseKeePassCsv(text: string): ParsedFile {
  const table = parseCsv(text);
  requireHeaders(table, KEEPASSXC_CSV_HEADERS, 'KeePassXC CSV');
  const cell = cellReader(table.headers);
  const entries = table.records.map(({ line, cells }): ImportEntry => ({
    ...emptyEntry(`line ${line}`),
    title: cell(cells, 'title').trim(),
    url: cell(cells, 'url').trim(),
    username: cell(cells, 'username').trim(),
    password: cell(cells, 'password'),
    totp: cell(cells, 'totp').trim(),
    notes: cell(cells, 'notes'),
    folder: withoutRoot(cell(cells, 'group').trim()),
  }));
  return { format: 'keepassxc-csv', entries };
}

/** KeePassXC writes the root group's name ("Root") in front of every path. */
function withoutRoot(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(1).join('/');
}
