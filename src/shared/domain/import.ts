/**
 * Importing accounts from other password managers, spreadsheets and phone
 * authenticators: the formats, the preview the user checks (no secret values,
 * only whether each is present) and the decisions sent back to commit.
 */
import { z } from 'zod';
import { AccountId } from './account';
import { PLATFORMS } from './platforms';

export const IMPORT_FORMATS = [
  'lastpass-csv',
  'bitwarden-json',
  'bitwarden-csv',
  'keepassxc-csv',
  'kdbx',
  '1password-csv',
  '1pux',
  'spreadsheet-csv',
  'otpauth-uris',
  'google-authenticator',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  'lastpass-csv': 'LastPass CSV',
  'bitwarden-json': 'Bitwarden JSON',
  'bitwarden-csv': 'Bitwarden CSV',
  'keepassxc-csv': 'KeePassXC CSV',
  kdbx: 'KeePass database (KDBX 4)',
  '1password-csv': '1Password CSV',
  '1pux': '1Password export (1PUX)',
  'spreadsheet-csv': 'Spreadsheet (CSV)',
  'otpauth-uris': 'otpauth URIs, one per line',
  'google-authenticator': 'Google Authenticator export (otpauth-migration)',
};

/** Largest import file read; anything bigger is refused before it is read. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** What a spreadsheet column can be mapped to. */
export const IMPORT_TARGETS = [
  'title',
  'url',
  'platform',
  'handle',
  'signInName',
  'password',
  'totp',
  'notes',
  'department',
] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export const IMPORT_TARGET_LABELS: Record<ImportTarget, string> = {
  title: 'Name',
  url: 'URL',
  platform: 'Platform',
  handle: 'Handle',
  signInName: 'Sign-in name',
  password: 'Password',
  totp: 'TOTP seed',
  notes: 'Notes',
  department: 'Department / folder',
};

/** Target -> column header (null: not mapped). */
export const ColumnMappingSchema = z.partialRecord(z.enum(IMPORT_TARGETS), z.string().max(500).nullable());
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export const ENTRY_KINDS = ['login', 'note', 'card', 'identity', 'other'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const IMPORT_ACTIONS = ['create', 'update', 'skip'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

/** Why an existing account's secrets are replaced from the file: a closed set, so it can go in the audit trail. */
export const UPDATE_REASONS = ['file_is_newer', 'vault_lacks_secrets', 'correcting_vault'] as const;
export type UpdateReason = (typeof UPDATE_REASONS)[number];
export const UPDATE_REASON_LABELS: Record<UpdateReason, string> = {
  file_is_newer: 'The file holds the newer secrets',
  vault_lacks_secrets: 'The vault lacks these secrets',
  correcting_vault: 'Correcting what the vault holds',
};

export const PROBLEM_CODES = [
  'not_social',
  'handle_missing',
  'handle_refused',
  'duplicate',
  'duplicate_in_file',
  'missing_password',
  'weak_password',
  'reused_password',
  'earlier_password',
  'totp_unreadable',
  'field_too_long',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const ImportProblemSchema = z.strictObject({
  code: z.enum(PROBLEM_CODES),
  /** Names the field, never a secret's value. */
  message: z.string(),
  /** A blocking problem keeps the row out unless it is fixed; the others are flags. */
  blocking: z.boolean(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportRowSchema = z.strictObject({
  index: z.number().int().nonnegative(),
  /** Where the row came from: "line 4", "entry Social/Twitter". */
  source: z.string(),
  kind: z.enum(ENTRY_KINDS),
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  displayName: z.string(),
  url: z.string(),
  department: z.string(),
  hasSignInName: z.boolean(),
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  hasNotes: z.boolean(),
  action: z.enum(IMPORT_ACTIONS),
  /** The account this row duplicates (same platform and handle), if any. */
  duplicateOf: AccountId.nullable(),
  updateReason: z.enum(UPDATE_REASONS).nullable(),
  problems: z.array(ImportProblemSchema),
});
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const ImportCountsSchema = z.strictObject({
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  skip: z.number().int(),
  flagged: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportPreviewSchema = z.strictObject({
  /** Refers to the parsed file held in memory by main until commit, cancel or lock. */
  stagingId: z.string(),
  format: z.enum(IMPORT_FORMATS),
  formatLabel: z.string(),
  /** True when the format was recognised from the file, false when named by the user. */
  detected: z.boolean(),
  fileName: z.string(),
  /** Spreadsheets only: the file's column headers and the mapping used. */
  columns: z.array(z.string()).nullable(),
  mapping: ColumnMappingSchema.nullable(),
  rows: z.array(ImportRowSchema),
  counts: ImportCountsSchema,
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

/** The user's change to one row: its action and any fixed fields. */
export const ImportDecisionSchema = z.strictObject({
  index: z.number().int().nonnegative(),
  action: z.enum(IMPORT_ACTIONS).optional(),
  platform: z.enum(PLATFORMS).optional(),
  handle: z.string().max(256).optional(),
  displayName: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  updateReason: z.enum(UPDATE_REASONS).optional(),
});
export type ImportDecision = z.infer<typeof ImportDecisionSchema>;

export const ImportResultSchema = z.strictObject({
  created: z.array(AccountId),
  updated: z.array(AccountId),
  skipped: z.number().int(),
  format: z.enum(IMPORT_FORMATS),
  fileName: z.string(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
