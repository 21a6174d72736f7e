/**
 * Accounts as the outside world sees them: input schemas (validated at every
 * boundary) and decrypted view types. Encrypted row shapes live in the db layer.
 */
import { z } from 'zod';
import { PLATFORMS, handleProblem, normalizeHandle } from './platforms';
import { TOTP_ALGORITHMS, TotpParamsSchema } from '../totp';
import { IsoDate } from './people';
import { isIsoDate } from '../dates';

export const ACCOUNT_STATUSES = ['active', 'archived'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const TWO_FACTOR_METHODS = ['none', 'totp', 'sms', 'security_key', 'app_prompt', 'email', 'other'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

export const TWO_FACTOR_LABELS: Record<TwoFactorMethod, string> = {
  none: 'None',
  totp: 'Authenticator app (TOTP)',
  sms: 'SMS',
  security_key: 'Security key',
  app_prompt: 'App prompt',
  email: 'Email code',
  other: 'Other',
};

/** The account's language: the policy asks corporate accounts to be bilingual or to have one account per language. */
export const ACCOUNT_LANGUAGES = ['en', 'cy', 'bilingual'] as const;
export type AccountLanguage = (typeof ACCOUNT_LANGUAGES)[number];

export const LANGUAGE_LABELS: Record<AccountLanguage, string> = {
  en: 'English',
  cy: 'Welsh',
  bilingual: 'Bilingual (English and Welsh)',
};

export const SECRET_FIELDS = ['signInName', 'password', 'totpSecret', 'recoveryCodes', 'notes'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export const AccountId = z.number().int().positive();

const optionalText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .transform((s) => s.trim())
    .optional();

/** The one rule for web links (an account's profile URL, a link opened in the browser): http(s), no spaces. */
export const isWebLink = (text: string): boolean => /^https?:\/\/[^\s]+$/i.test(text);
export const MAX_URL_CHARS = 2048;
export const URL_MESSAGE = 'URL must start with http:// or https://';

const urlText = z
  .string()
  .trim()
  .max(MAX_URL_CHARS)
  .refine((s) => s === '' || isWebLink(s), URL_MESSAGE)
  .optional();

const emailText = z
  .string()
  .trim()
  .max(254)
  .refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'Not an email address')
  .optional();

const phoneText = z
  .string()
  .trim()
  .max(40)
  .refine((s) => s === '' || /^\+?[0-9 ()./-]{5,}$/.test(s), 'Not a phone number (digits, spaces, + ( ) - . /)')
  .optional();

/** A calendar date as YYYY-MM-DD, or "" for none. */
const optionalDate = z
  .string()
  .trim()
  .refine((s) => s === '' || isIsoDate(s), 'Use a real date as YYYY-MM-DD')
  .optional();

const optionalId = z.number().int().positive().nullable().optional();

/** The non-secret fields of an account. */
export const AccountFieldsSchema = z
  .strictObject({
    platform: z.enum(PLATFORMS),
    handle: z.string().max(256),
    displayName: optionalText(200),
    url: urlText,
    department: optionalText(200),
    /** The overall account manager: a person in the directory. */
    managerId: z.number().int().positive().nullable().optional(),
    purpose: optionalText(2000),
    monitoredHours: optionalText(200),
    twoFactor: z.enum(TWO_FACTOR_METHODS).default('none'),
    /** Where password resets go (sealed like the other names). */
    recoveryEmail: emailText,
    recoveryPhone: phoneText,
    /** The device the second factor lives on ("Comms team iPhone") and the person who holds it. */
    twoFactorDevice: optionalText(200),
    twoFactorHolderId: optionalId,
    language: z.enum(ACCOUNT_LANGUAGES).nullable().optional(),
    /** The same account in the other language, when it is not bilingual. */
    otherLanguageAccountId: optionalId,
    /** Who approved the account (the relevant Dean or Director), when, and the business case. */
    approvedBy: optionalText(200),
    approvedOn: optionalDate,
    businessCase: optionalText(4000),
    /** The response time it commits to ("within one working day"). */
    responseTime: optionalText(200),
  })
  .superRefine((value, ctx) => {
    const problem = handleProblem(value.platform, value.handle);
    if (problem) ctx.addIssue({ code: 'custom', path: ['handle'], message: problem });
    if (value.language === 'bilingual' && value.otherLanguageAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['otherLanguageAccountId'],
        message: 'A bilingual account has no other-language account',
      });
    }
  })
  .transform((value) => ({ ...value, handle: normalizeHandle(value.handle) }));
export type AccountFieldsInput = z.input<typeof AccountFieldsSchema>;
export type AccountFields = z.output<typeof AccountFieldsSchema>;

export const TotpInputSchema = z.strictObject({
  /** otpauth:// URI or base32 secret. */
  seed: z.string().min(1).max(2048),
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]).optional(),
  period: z.number().int().min(10).max(300).optional(),
  algorithm: z.enum(TOTP_ALGORITHMS).optional(),
});
export type TotpInput = z.infer<typeof TotpInputSchema>;

/**
 * Secret changes: a field left out is unchanged, `null` clears it.
 * Sizes are bounded so a hostile payload cannot balloon the vault.
 */
export const SecretsInputSchema = z.strictObject({
  /** The email, phone number or username typed at the platform's login form (kept as a secret). */
  signInName: z.string().trim().min(1).max(320, 'At most 320 characters').nullable().optional(),
  password: z.string().min(1).max(1024, 'At most 1024 characters').nullable().optional(),
  totp: TotpInputSchema.nullable().optional(),
  recoveryCodes: z
    .array(z.string().trim().min(1).max(200, 'Each code is at most 200 characters'))
    .max(100, 'At most 100 recovery codes')
    .nullable()
    .optional(),
  notes: z.string().max(20000, 'Notes are limited to 20,000 characters').nullable().optional(),
});
export type SecretsInput = z.infer<typeof SecretsInputSchema>;

/** What the list and search need: no secrets. */
export const AccountSummarySchema = z.strictObject({
  id: AccountId,
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  displayName: z.string(),
  department: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  twoFactor: z.enum(TWO_FACTOR_METHODS),
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  updatedAt: z.number(),
  /** The overall manager's name ("" when none), so the list can be searched by it. */
  manager: z.string(),
  /** Names of the people who hold access now, so the list can be searched by them. */
  holders: z.array(z.string()),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

/** A row of the account list: the summary and when the password last changed. */
export const AccountListItemSchema = AccountSummarySchema.extend({
  /** When the current password was stored (set or rotated); null when there is none. */
  passwordChangedAt: z.number().nullable(),
});
export type AccountListItem = z.infer<typeof AccountListItemSchema>;

/** What became of an archived account's channel on the platform (policy: delete or deactivate it). */
export const PLATFORM_CLOSURES = ['deleted', 'deactivated', 'left_open'] as const;
export type PlatformClosure = (typeof PLATFORM_CLOSURES)[number];
export const PLATFORM_CLOSURE_LABELS: Record<PlatformClosure, string> = {
  deleted: 'Deleted on the platform',
  deactivated: 'Deactivated on the platform',
  left_open: 'Left open on the platform',
};

export const ArchiveInputSchema = z.strictObject({
  id: AccountId,
  /** What was done to the channel on the platform, and on which day (default today). */
  closure: z.enum(PLATFORM_CLOSURES).optional(),
  closedOn: IsoDate.optional(),
});
export type ArchiveInput = z.infer<typeof ArchiveInputSchema>;

export const AccountDetailSchema = z.strictObject({
  ...AccountSummarySchema.shape,
  url: z.string(),
  managerId: z.number().int().nullable(),
  purpose: z.string(),
  monitoredHours: z.string(),
  createdAt: z.number(),
  archivedAt: z.number().nullable(),
  passwordChangedAt: z.number().nullable(),
  totp: TotpParamsSchema.nullable(),
  recoveryCodeCount: z.number().int(),
  /** Whether a sign-in name is stored; its value is revealed like the password. */
  hasSignInName: z.boolean(),
  hasNotes: z.boolean(),
  /** This account's own rotation period in days, or null when it follows the vault's policy. */
  rotationDays: z.number().int().nullable(),
  platformClosure: z.enum(PLATFORM_CLOSURES).nullable(),
  platformClosedOn: z.string().nullable(),
  /**
   * The current password's strength (zxcvbn score 0-4), null when there is none. Estimated by
   * `accounts.get` (a few milliseconds, once per stored password); create's answer leaves it null.
   */
  passwordStrength: z.number().int().min(0).max(4).nullable(),
  /** Why the current password was accepted below the policy's floor, or null. */
  strengthOverride: z.string().nullable(),
  recoveryEmail: z.string(),
  recoveryPhone: z.string(),
  twoFactorDevice: z.string(),
  twoFactorHolderId: z.number().int().nullable(),
  /** The holder's name for display ("" when none). */
  twoFactorHolder: z.string(),
  language: z.enum(ACCOUNT_LANGUAGES).nullable(),
  otherLanguageAccountId: z.number().int().nullable(),
  approvedBy: z.string(),
  /** YYYY-MM-DD, or null. */
  approvedOn: z.string().nullable(),
  businessCase: z.string(),
  responseTime: z.string(),
});
export type AccountDetail = z.infer<typeof AccountDetailSchema>;

/**
 * An account's non-secret fields as a form or `account edit` starts from:
 * every field, so saving them back changes only what was edited.
 */
export function fieldsOf(account: AccountDetail): AccountFieldsInput {
  return {
    platform: account.platform,
    handle: account.handle,
    displayName: account.displayName,
    url: account.url,
    department: account.department,
    managerId: account.managerId,
    purpose: account.purpose,
    monitoredHours: account.monitoredHours,
    twoFactor: account.twoFactor,
    recoveryEmail: account.recoveryEmail,
    recoveryPhone: account.recoveryPhone,
    twoFactorDevice: account.twoFactorDevice,
    twoFactorHolderId: account.twoFactorHolderId,
    language: account.language,
    otherLanguageAccountId: account.otherLanguageAccountId,
    approvedBy: account.approvedBy,
    approvedOn: account.approvedOn ?? '',
    businessCase: account.businessCase,
    responseTime: account.responseTime,
  };
}
