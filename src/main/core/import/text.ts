/**
 * Text out of bytes as spreadsheets and password managers write them: UTF-8
 * with or without a BOM, UTF-16 (Excel's "Unicode text"), or Windows-1252
 * (Excel's "CSV" on Western Windows); then CSV records with their line numbers.
 */
import Papa from 'papaparse';
import { badFile } from './entry';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Decodes by BOM, else UTF-8 if it is valid UTF-8, else UTF-16 by its zero bytes, else Windows-1252. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decode(utf16, bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decode('windows-1252', bytes), encoding: 'windows-1252' };
  }
}

function decode(encoding: TextEncoding, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw badFile(`The file is not valid ${encoding.toUpperCase()} text`);
  }
}

/** ASCII text in UTF-16 without a BOM has a zero in every other byte. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 512);
  if (sample < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = sample / 2;
  if (odd > half * 0.4 && even === 0) return 'utf-16le';
  if (even > half * 0.4 && odd === 0) return 'utf-16be';
  return null;
}

export interface CsvTable {
  headers: string[];
  /** Each record with the line it starts on (1-based, the header is line 1). */
  records: { line: number; cells: string[] }[];
  delimiter: string;
}

/**
 * Parses CSV (`,`, `;` or tab separated, guessed from the text). Refuses an
 * unbalanced quote and a record with more or fewer fields than the header,
 * naming the line; blank lines are ignored.
 */
export function parseCsv(text: string): CsvTable {
  const result = Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t'], skipEmptyLines: false });
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const line = lineAt(text, quoteError.index);
    throw badFile(`Malformed CSV: unbalanced quote in the record starting near line ${line}`);
  }
  const rows = result.data;
  let line = 1;
  let headers: string[] | null = null;
  const records: CsvTable['records'] = [];
  for (const cells of rows) {
    const start = line;
    line += 1;
    for (const cell of cells) line += countNewlines(cell);
    if (cells.every((c) => c.trim() === '')) continue;
    if (!headers) {
      headers = cells.map((h) => h.trim());
      continue;
    }
    if (cells.length !== headers.length) {
      const extraEmpty = cells.length > headers.length && cells.slice(headers.length).every((c) => c.trim() === '');
      if (!extraEmpty) {
        throw badFile(`Malformed CSV: line ${start} has ${cells.length} fields, the header has ${headers.length}`);
      }
    }
    records.push({ line: start, cells });
  }
  if (!headers) throw badFile('The file is empty');
  return { headers, records, delimiter: result.meta.delimiter };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lineAt(text: string, index: number | undefined): number {
  return countNewlines(text.slice(0, Math.max(0, index ?? 0))) + 1;
}

/** A record's cells by header name (first occurrence wins; missing cells are ""). */
export function cellReader(headers: string[]): (cells: string[], name: string) => string {
  const positions = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    if (!positions.has(key)) positions.set(key, i);
  });
  // Names are the parsers' own constants: each is looked up once, not once per row.
  const byName = new Map<string, number>();
  return (cells, name) => {
    let i = byName.get(name);
    if (i === undefined) {
      i = positions.get(name.toLowerCase()) ?? -1;
      byName.set(name, i);
    }
    return i < 0 ? '' : (cells[i] ?? '');
  };
}

/** Refuses a CSV whose header lacks a column the named format always has. */
export function requireHeaders(table: CsvTable, names: string[], format: string): void {
  const present = new Set(table.headers.map((h) => h.toLowerCase()));
  const missing = names.filter((n) => !present.has(n));
  if (missing.length) throw badFile(`Not a ${format}: the header row lacks ${missing.join(', ')}`);
}
