/**
 * LastPass's CSV export: `url,username,password,totp,extra,name,grouping,fav`
 * (exports from before 2020 lack `totp`). Secure notes carry the URL
 * `http://sn`; `extra` holds the notes; `grouping` the folder, nested with "\".
 */
import { emptyEntry, type ImportEntry, type ParsedFile } from './entry';
import { cellReader, parseCsv, requireHeaders } from './text';

export const LASTPASS_HEADERS = ['url', 'username', 'password', 'extra', 'name', 'grouping', 'fav'];

export function parseLastPass(text: string): ParsedFile {
  const table = parseCsv(text);
  requireHeaders(table, LASTPASS_HEADERS, 'LastPass CSV');
  const cell = cellReader(table.headers);
  const entries = table.records.map(({ line, cells }): ImportEntry => {
    const url = cell(cells, 'url').trim();
    const note = url === 'http://sn';
    return {
      ...emptyEntry(`line ${line}`, note ? 'note' : 'login'),
      title: cell(cells, 'name').trim(),
      url: note ? '' : url,
      username: cell(cells, 'username').trim(),
      password: cell(cells, 'password'),
      totp: cell(cells, 'totp').trim(),
      notes: cell(cells, 'extra'),
      folder: cell(cells, 'grouping').trim().replaceAll('\\', '/'),
    };
  });
  return { format: 'lastpass-csv', entries };
}
