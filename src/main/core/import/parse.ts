/**
 * From a file's bytes to its entries: detect (or take the user's word for)
 * the format, decode the text, run that format's parser.
 */
import type { ImportFormat } from '../../../shared/domain/import';
import { IMPORT_FORMAT_LABELS, MAX_IMPORT_BYTES } from '../../../shared/domain/import';
import { detectFormat, unknownFormatMessage } from './detect';
import { badFile, type ParsedFile, type ParseOptions } from './entry';
import { isMigrationText, parseMigrationText } from './google-authenticator';
import { parseKeePassCsv } from './keepass-csv';
import { parseLastPass } from './lastpass';
import { parseOnePassword } from './onepassword-csv';
import { parseOtpauthList } from './otpauth';
import { isKdbx, isPng, isZip } from './signatures';
import { parseBitwardenCsv } from './bitwarden-csv';
import { parseSpreadsheet } from './spreadsheet';
import { decodeText } from './text';

export interface ParseOutcome {
  parsed: ParsedFile;
  detected: boolean;
}

export async function parseImportFile(
  bytes: Uint8Array,
  options: ParseOptions & { format?: ImportFormat | undefined },
): Promise<ParseOutcome> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw badFile(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: no export of accounts is that big`);
  }
  if (bytes.length === 0) throw badFile('The file is empty');
  // Text formats are decoded once, for detection and parsing both.
  let decoded: string | undefined;
  const text = () => (decoded ??= decodeText(bytes).text);
  const format = options.format ?? detectFormat(bytes, text);
  if (!format) throw badFile(unknownFormatMessage());
  return { parsed: await parseAs(format, bytes, text, options), detected: options.format === undefined };
}

async function parseAs(
  format: ImportFormat,
  bytes: Uint8Array,
  text: () => string,
  options: ParseOptions,
): Promise<ParsedFile> {
  const label = IMPORT_FORMAT_LABELS[format];
  switch (format) {
    case 'kdbx':
      if (!isKdbx(bytes)) throw badFile(`Not a ${label}: the KDBX signature is missing`);
      // The readers with heavy libraries (KDBX, Argon2, zip, PNG + QR) load only for their own files.
      return (await import('./keepass')).parseKdbx(bytes, options.password);
    case '1pux':
      if (!isZip(bytes)) throw badFile(`Not a ${label}: it is not a zip file`);
      return (await import('./onepassword')).parseOnePux(bytes);
    case 'google-authenticator': {
      const content = isPng(bytes) ? (await import('./qr-image')).readQrText(bytes) : text();
      if (!isMigrationText(content)) {
        throw badFile(
          isPng(bytes)
            ? 'The QR code in the image is not a Google Authenticator export (otpauth-migration://)'
            : `Not a ${label}: expected otpauth-migration://`,
        );
      }
      return parseMigrationText(content);
    }
    case 'bitwarden-json': {
      let json: unknown;
      try {
        json = JSON.parse(text());
      } catch (error) {
        throw badFile(`Not valid JSON (${error instanceof SyntaxError ? 'truncated or malformed' : 'unreadable'})`);
      }
      if (typeof json !== 'object' || json === null) throw badFile(`Not a ${label}`);
      return (await import('./bitwarden')).parseBitwardenJson(json, options.password);
    }
    case 'otpauth-uris':
      return parseOtpauthList(text());
    case 'lastpass-csv':
      return parseLastPass(text());
    case 'bitwarden-csv':
      return parseBitwardenCsv(text());
    case 'keepassxc-csv':
      return parseKeePassCsv(text());
    case '1password-csv':
      return parseOnePassword(text());
    case 'spreadsheet-csv':
      return parseSpreadsheet(text(), options.mapping);
  }
}

/** Whether opening the file needs its password (a KDBX database, a password-protected Bitwarden export). */
export function needsPassword(bytes: Uint8Array, format: ImportFormat | undefined): boolean {
  const chosen = format ?? detectFormat(bytes);
  if (chosen === 'kdbx') return true;
  if (chosen !== 'bitwarden-json') return false;
  try {
    return (JSON.parse(decodeText(bytes).text) as { encrypted?: unknown }).encrypted === true;
  } catch {
    return false;
  }
}
