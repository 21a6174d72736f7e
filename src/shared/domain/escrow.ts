/**
 * Emergency escrow as the outside world sees it: the press team's key and
 * card, the bundles managers export to it, the press register, break-glass
 * openings and their notices. Input schemas (validated at every boundary)
 * and view types; the file formats themselves are in docs/escrow-bundle.md.
 */
import { z } from 'zod';
import { PLATFORMS } from './platforms';
import { TWO_FACTOR_METHODS } from './account';
import { GRANT_KINDS } from './access';
import { KDF_PRESETS, Passphrase } from './vault';
import { TOTP_ALGORITHMS } from '../totp';

/** A card fingerprint: 6 groups of 5 decimal digits (~100 bits), read aloud to compare. */
export const FINGERPRINT_GROUPS = 6;
export const FINGERPRINT_GROUP_DIGITS = 5;
export const FINGERPRINT_DIGITS = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_DIGITS;

/** Digits only, or null when the text is not a fingerprint (spaces, dashes and dots are ignored). */
export function normalizeFingerprint(text: string): string | null {
  const digits = text.replace(/[\s.\-–]/g, '');
  return /^\d+$/.test(digits) && digits.length === FINGERPRINT_DIGITS ? digits : null;
}

/** "12345 67890 ..." from the 30 digits. */
export function formatFingerprint(digits: string): string {
  return (digits.match(new RegExp(`.{1,${FINGERPRINT_GROUP_DIGITS}}`, 'g')) ?? []).join(' ');
}

/** Quorum: at least 2 of the named officers, at most 10 officers. */
export const MAX_OFFICERS = 10;
export const MIN_QUORUM = 2;

export const TeamName = z.string().trim().min(1, 'Team name is empty').max(200, 'At most 200 characters');
export const OfficerName = z.string().trim().min(1, 'Officer name is empty').max(100, 'At most 100 characters');
/** A bundle, card or notice id: 16 random bytes in base64url (22 characters). */
export const EscrowId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not an escrow id');
/** A break-glass reason: free text, stored sealed, never in the audit trail. */
export const BreakGlassReason = z.string().trim().min(1, 'Give a reason').max(2000, 'At most 2000 characters');
/** Cards are small; bundles of 10,000 accounts are ~15 MB of text. */
export const MAX_CARD_CHARS = 64 * 1024;
export const MAX_NOTICE_CHARS = 4 * 1024 * 1024;
export const MAX_BUNDLE_CHARS = 64 * 1024 * 1024;

export const PressKeygenInputSchema = z
  .strictObject({
    team: TeamName,
    /** Named press officers, each with their own passphrase, when opening needs a quorum. */
    officers: z
      .array(z.strictObject({ name: OfficerName, passphrase: Passphrase }))
      .max(MAX_OFFICERS, `At most ${MAX_OFFICERS} officers`)
      .optional(),
    /** How many officers must type their passphrase to open a bundle. */
    quorum: z.number().int().min(MIN_QUORUM).max(MAX_OFFICERS).optional(),
    /** Argon2id cost for the officers' passphrases. */
    kdf: z.enum(KDF_PRESETS).default('moderate'),
    /** Generate a new key although one exists (the old one is kept to open bundles made for it). */
    replace: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    const officers = value.officers ?? [];
    if (officers.length === 0 && value.quorum !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['officers'], message: 'A quorum needs named officers' });
    }
    if (officers.length > 0) {
      if (value.quorum === undefined) {
        ctx.addIssue({ code: 'custom', path: ['quorum'], message: 'Say how many officers must open together' });
      } else if (value.quorum > officers.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['quorum'],
          message: `A quorum of ${value.quorum} needs at least ${value.quorum} officers`,
        });
      }
      const names = officers.map((o) => o.name.toLowerCase());
      const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
      if (dup >= 0) ctx.addIssue({ code: 'custom', path: ['officers', dup, 'name'], message: 'Officer names differ' });
      const phrases = officers.map((o) => o.passphrase.normalize('NFC'));
      const same = phrases.findIndex((p, i) => phrases.indexOf(p) !== i);
      if (same >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['officers', same, 'passphrase'],
          message: 'Each officer needs their own passphrase',
        });
      }
    }
  });
export type PressKeygenInput = z.input<typeof PressKeygenInputSchema>;

export const QuorumViewSchema = z.strictObject({ k: z.number().int(), officers: z.array(z.string()) });
export type QuorumView = z.infer<typeof QuorumViewSchema>;

/** The press team's own key (in the press-team vault), with its card to hand out. */
export const PressKeyViewSchema = z.strictObject({
  id: z.number().int(),
  team: z.string(),
  createdAt: z.number(),
  /** The card fingerprint, grouped: what people read to each other. */
  fingerprint: z.string(),
  quorum: QuorumViewSchema.nullable(),
  /** The card file (JSON) and the same as a text block for pasting. */
  card: z.string(),
  armoured: z.string(),
});
export type PressKeyView = z.infer<typeof PressKeyViewSchema>;

/** A press card a manager imported after checking its fingerprint. */
export const PressCardViewSchema = z.strictObject({
  id: z.number().int(),
  team: z.string(),
  fingerprint: z.string(),
  createdAt: z.number(),
  importedAt: z.number(),
  quorum: QuorumViewSchema.nullable(),
  /** The press vault's signing key (break-glass notices are checked against it), as a fingerprint. */
  signingKeyFingerprint: z.string(),
});
export type PressCardView = z.infer<typeof PressCardViewSchema>;

export const EscrowExportViewSchema = z.strictObject({
  bundleId: z.string(),
  createdAt: z.number(),
  accounts: z.number().int(),
  cardFingerprint: z.string(),
});
export type EscrowExportView = z.infer<typeof EscrowExportViewSchema>;

/** Why the latest bundle to a card no longer matches the vault. */
export const StalenessSchema = z.strictObject({
  /** Escrowed accounts whose password, TOTP seed or recovery codes changed since. */
  rotated: z.array(z.number().int()),
  /** Active accounts that are not in the bundle. */
  added: z.array(z.number().int()),
  /** Escrowed accounts archived since. */
  archived: z.array(z.number().int()),
});
export type Staleness = z.infer<typeof StalenessSchema>;

export const EscrowCardStatusSchema = z.strictObject({
  card: PressCardViewSchema,
  latest: EscrowExportViewSchema.nullable(),
  /** True when there is no bundle yet, or the latest is out of date. */
  stale: z.boolean(),
  reasons: StalenessSchema,
  /** One line for people: "3 accounts rotated, 1 added since the bundle of ...". */
  summary: z.string(),
});
export type EscrowCardStatus = z.infer<typeof EscrowCardStatusSchema>;

export const NoticeViewSchema = z.strictObject({
  noticeId: z.string(),
  bundleId: z.string(),
  team: z.string(),
  openedAt: z.number(),
  importedAt: z.number(),
  reason: z.string(),
  accounts: z.array(z.number().int()),
});
export type NoticeView = z.infer<typeof NoticeViewSchema>;

/** The manager's view: every imported card with the state of its latest bundle. */
export const EscrowStatusSchema = z.strictObject({
  cards: z.array(EscrowCardStatusSchema),
  /** "Escrow out of date — re-export": some card has no bundle, or a stale one. */
  needsExport: z.boolean(),
  /** The banner text, or null when every bundle is current. */
  banner: z.string().nullable(),
  notices: z.array(NoticeViewSchema),
});
export type EscrowStatus = z.infer<typeof EscrowStatusSchema>;

export const PIN_STATES = ['new', 'match', 'repinned'] as const;

export const BundleImportResultSchema = z.strictObject({
  bundleId: z.string(),
  issuer: z.strictObject({ vaultId: z.string(), name: z.string(), signingKeyFingerprint: z.string() }),
  createdAt: z.number(),
  accounts: z.number().int(),
  mode: z.enum(['single', 'quorum']),
  /** new: the issuer's key was pinned now; match: it is the pinned key; repinned: replaced on request. */
  pin: z.enum(PIN_STATES),
  /** A newer bundle from the same issuer was already held: this one went straight to history. */
  superseded: z.boolean(),
  /** The bundle this one replaced in the register. */
  supersedes: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type BundleImportResult = z.infer<typeof BundleImportResultSchema>;

/** A person as a bundle names them; the phone is "" when unknown (and always in bundles before manifest v2). */
const PersonRefSchema = z.strictObject({ name: z.string(), email: z.string(), phone: z.string() });

export const HolderSchema = z.strictObject({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  kind: z.enum(GRANT_KINDS),
  since: z.number(),
});

export const RegisterEntrySchema = z.strictObject({
  bundleId: z.string(),
  issuerVaultId: z.string(),
  issuerName: z.string(),
  /** The account's id in the issuer's vault. */
  ref: z.number().int(),
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  displayName: z.string(),
  url: z.string(),
  department: z.string(),
  manager: PersonRefSchema.nullable(),
  holders: z.array(HolderSchema),
  lastRotatedAt: z.number().nullable(),
  twoFactor: z.enum(TWO_FACTOR_METHODS),
  /** The register's contact details (bundles from manifest v2; "" / null before). */
  recoveryEmail: z.string(),
  recoveryPhone: z.string(),
  twoFactorDevice: z.string(),
  twoFactorHolder: PersonRefSchema.nullable(),
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  bundleCreatedAt: z.number(),
  bundleAgeDays: z.number().int(),
  /**
   * What the manager's own compliance check found at export (escrow aside),
   * or null for a bundle from a build before bundles carried it.
   */
  findings: z.array(z.strictObject({ kind: z.string(), message: z.string() })).nullable(),
});
export type RegisterEntry = z.infer<typeof RegisterEntrySchema>;

export const RegisterBundleSchema = z.strictObject({
  bundleId: z.string(),
  issuerVaultId: z.string(),
  issuerName: z.string(),
  createdAt: z.number(),
  importedAt: z.number(),
  accounts: z.number().int(),
  mode: z.enum(['single', 'quorum']),
  cardFingerprint: z.string(),
  /** False once a newer bundle from the same issuer arrived. */
  current: z.boolean(),
  openings: z.number().int(),
});
export type RegisterBundle = z.infer<typeof RegisterBundleSchema>;

export const IssuerViewSchema = z.strictObject({
  vaultId: z.string(),
  name: z.string(),
  signingKeyFingerprint: z.string(),
  pinnedAt: z.number(),
  repinnedAt: z.number().nullable(),
});

export const EscrowRegisterSchema = z.strictObject({
  accounts: z.array(RegisterEntrySchema),
  bundles: z.array(RegisterBundleSchema),
  issuers: z.array(IssuerViewSchema),
});
export type EscrowRegister = z.infer<typeof EscrowRegisterSchema>;

/** What a bundle says about itself, checked as far as this machine can without (or with) the press vault. */
export const BundleInspectionSchema = z.strictObject({
  bundleId: z.string(),
  createdAt: z.number(),
  issuer: z.strictObject({ vaultId: z.string(), name: z.string(), signingKeyFingerprint: z.string() }),
  recipient: z.strictObject({ team: z.string(), cardFingerprint: z.string() }),
  mode: z.enum(['single', 'quorum']),
  quorum: z.strictObject({ k: z.number().int(), n: z.number().int(), officers: z.array(z.string()) }).nullable(),
  /** Known only with the press vault unlocked: null otherwise. */
  forThisVault: z.boolean().nullable(),
  pin: z.enum(['new', 'match', 'changed']).nullable(),
  imported: z.boolean().nullable(),
  /**
   * Set when importing would move the issuer's current bundle back to an
   * older audit head (their vault may have been rolled back): the import is
   * refused unless the rollback is accepted. Null otherwise, or without the press vault.
   */
  rollback: z.strictObject({ bundleAuditSeq: z.number().int(), registerAuditSeq: z.number().int() }).nullable(),
  accounts: z.number().int().nullable(),
});
export type BundleInspection = z.infer<typeof BundleInspectionSchema>;

export const OpenedTotpSchema = z.strictObject({
  secret: z.string(),
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]),
  period: z.number().int(),
  algorithm: z.enum(TOTP_ALGORITHMS),
});

export const OpenedAccountSchema = z.strictObject({
  ref: z.number().int(),
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  displayName: z.string(),
  url: z.string(),
  /** Where the platform sends resets, and the second factor's device and holder ("" / null when not recorded). */
  recoveryEmail: z.string(),
  recoveryPhone: z.string(),
  twoFactorDevice: z.string(),
  twoFactorHolder: z.strictObject({ name: z.string(), email: z.string(), phone: z.string() }).nullable(),
  /** What to type above the password (null when the bundle has none). */
  signInName: z.string().nullable(),
  password: z.string().nullable(),
  totp: OpenedTotpSchema.nullable(),
  recoveryCodes: z.array(z.string()),
});
export type OpenedAccount = z.infer<typeof OpenedAccountSchema>;

export const OpeningResultSchema = z.strictObject({
  openingId: z.number().int(),
  noticeId: z.string(),
  bundleId: z.string(),
  openedAt: z.number(),
  accounts: z.array(OpenedAccountSchema),
});
export type OpeningResult = z.infer<typeof OpeningResultSchema>;

export const OpeningViewSchema = z.strictObject({
  openingId: z.number().int(),
  noticeId: z.string(),
  bundleId: z.string(),
  issuerName: z.string(),
  openedAt: z.number(),
  reason: z.string(),
  accounts: z.array(z.number().int()),
  /** Opened secrets stay in memory until the vault locks; after that, break the glass again. */
  secretsAvailable: z.boolean(),
});
export type OpeningView = z.infer<typeof OpeningViewSchema>;

export const NoticeImportResultSchema = z.strictObject({
  noticeId: z.string(),
  bundleId: z.string(),
  team: z.string(),
  openedAt: z.number(),
  reason: z.string(),
  accounts: z.number().int(),
  /** "Escrow opened" rotation obligations created. */
  obligations: z.number().int(),
  /** Accounts archived since the bundle: no obligation (they cannot be rotated), counted here. */
  archivedSkipped: z.number().int(),
});
export type NoticeImportResult = z.infer<typeof NoticeImportResultSchema>;

export const ESCROW_COPY_FIELDS = ['password', 'totpSecret', 'recoveryCodes', 'totpCode'] as const;
export type EscrowCopyField = (typeof ESCROW_COPY_FIELDS)[number];

/**
 * The press office's roll-up of every manager's bundle: what is due, per
 * manager and per account, so "a reminder from the centre" is one message each.
 */
export const ROLLUP_ITEMS = ['overdue', 'few_holders', 'no_two_factor', 'manager_left', 'open_obligations'] as const;
export type RollupItem = (typeof ROLLUP_ITEMS)[number];

export const ROLLUP_LABELS: Record<RollupItem, string> = {
  overdue: 'Password rotation overdue',
  few_holders: 'Fewer people know the login than the policy asks',
  no_two_factor: 'No two-factor authentication',
  manager_left: 'No manager, or the manager has left',
  open_obligations: 'Open leaver or takeover obligations',
};

export const RollupAccountSchema = z.strictObject({
  issuerVaultId: z.string(),
  ref: z.number().int(),
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  items: z.array(z.enum(ROLLUP_ITEMS)),
});
export type RollupAccount = z.infer<typeof RollupAccountSchema>;

export const ManagerRollupSchema = z.strictObject({
  issuerVaultId: z.string(),
  issuerName: z.string(),
  bundleCreatedAt: z.number(),
  bundleAgeDays: z.number().int(),
  /** Older than a whole rotation period: the passwords in it have probably changed. */
  stale: z.boolean(),
  /** Whether the bundle carried the manager's compliance summary (false: judged from the bundle alone). */
  checked: z.boolean(),
  accounts: z.number().int(),
  counts: z.record(z.enum(ROLLUP_ITEMS), z.number().int()),
});
export type ManagerRollup = z.infer<typeof ManagerRollupSchema>;

export const ReminderSchema = z.strictObject({
  issuerVaultId: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const RegisterRollupSchema = z.strictObject({
  managers: z.array(ManagerRollupSchema),
  /** Accounts with anything due, by manager then handle. */
  accounts: z.array(RollupAccountSchema),
  /** One message per manager with anything due (or a stale bundle). */
  reminders: z.array(ReminderSchema),
});
export type RegisterRollup = z.infer<typeof RegisterRollupSchema>;
