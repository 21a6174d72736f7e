/**
 * What every format's parser produces: entries as the source manager kept
 * them (its own words: title, URL, username...), before they are mapped onto
 * Custodian's account fields. Parsers are pure: bytes in, entries out.
 */
import type { ColumnMapping, EntryKind, ImportFormat } from '../../../shared/domain/import';
import { CustodianError } from '../errors';

export interface ImportEntry {
  /** Where it is in the file, for messages: "line 4", "entry Social/Twitter". */
  source: string;
  kind: EntryKind;
  title: string;
  url: string;
  username: string;
  password: string;
  /** An otpauth:// URI or a bare base32 seed; "" when none. */
  totp: string;
  notes: string;
  /** Folder, group or vault path ("Social/Press"); becomes the department. */
  folder: string;
  /** Spreadsheets may name these outright. */
  platform?: string;
  handle?: string;
}

export interface ParsedFile {
  format: ImportFormat;
  entries: ImportEntry[];
  /** Spreadsheets: the header row and the mapping applied. */
  columns?: string[];
  mapping?: ColumnMapping;
}

/** Options a parser may need. */
export interface ParseOptions {
  /** For encrypted exports and KDBX files. */
  password?: string;
  /** For spreadsheets: overrides of the guessed column mapping. */
  mapping?: ColumnMapping;
}

export const emptyEntry = (source: string, kind: EntryKind = 'login'): ImportEntry => ({
  source,
  kind,
  title: '',
  url: '',
  username: '',
  password: '',
  totp: '',
  notes: '',
  folder: '',
});

/** A refusal of the whole file: one line, naming where and what, never a value from it. */
export function badFile(message: string): CustodianError {
  return new CustodianError('invalid_input', message);
}

/** Refusal for an encrypted file whose password does not open it. */
export function wrongFilePassword(what: string): CustodianError {
  return new CustodianError('wrong_passphrase', `The password does not open this ${what}`);
}

/** Refusal for an encrypted file opened without a password. */
export function needsFilePassword(what: string): CustodianError {
  return new CustodianError(
    'invalid_input',
    `This ${what} is encrypted: give its password (CUSTODIAN_IMPORT_PASSWORD or the prompt)`,
  );
}
