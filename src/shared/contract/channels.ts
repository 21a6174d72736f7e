/**
 * The IPC contract: every channel between the renderer and main, declared
 * once. Main validates each payload against `input`; preload and renderer
 * types are derived from these schemas (see api.ts); tests check answers
 * against `output`.
 *
 * A channel is named for the service that answers it: `x.y` is answered by
 * `core.x.y` (`press.open` breaks the glass in the press service;
 * `obligations.list` lists). "open" names only breaking the glass; lists are `.list`.
 */
import { z } from 'zod';
import { PasswordAcceptanceSchema } from '../domain/rotation';
import {
  AccountDetailSchema,
  ArchiveInputSchema,
  AccountFieldsSchema,
  AccountId,
  AccountListItemSchema,
  isWebLink,
  MAX_URL_CHARS,
  SECRET_FIELDS,
  SecretsInputSchema,
} from '../domain/account';
import {
  AsOf,
  GrantInputSchema,
  GrantViewSchema,
  LeaverResultSchema,
  ObligationViewSchema,
  RevokeInputSchema,
  RevokeResultSchema,
} from '../domain/access';
import { AUDIT_KINDS, AuditEventViewSchema, AuditVerificationSchema } from '../domain/audit';
import { IsoDate, LeaverInputSchema, PersonId, PersonInputSchema, PersonViewSchema } from '../domain/people';
import { PLATFORMS } from '../domain/platforms';
import {
  BeginRotationSchema,
  DraftViewSchema,
  INCIDENT_STEPS,
  IncidentViewSchema,
  PasswordHistoryEntrySchema,
  RotationQueueSchema,
  RotationRecordSchema,
} from '../domain/rotation';
import { RotationPolicySchema } from '../rotation';
import { MAX_POLICY_FILE_CHARS, OrganisationPolicySchema, PolicyImportResultSchema } from '../domain/policy';
import {
  IssuedTicketSchema,
  RedeemedSchema,
  ScheduleTakeoverSchema,
  TakeoverViewSchema,
  TicketInfoSchema,
} from '../domain/takeover';
import { SettingsPatchSchema, SettingsSchema } from '../domain/settings';
import {
  ColumnMappingSchema,
  IMPORT_FORMATS,
  ImportDecisionSchema,
  ImportPreviewSchema,
  ImportResultSchema,
} from '../domain/import';
import { ComplianceMatrixSchema } from '../compliance';
import { KDF_PRESETS, LOCK_REASONS, OwnerName, Passphrase, VaultStatusSchema } from '../domain/vault';
import { GeneratorOptionsSchema } from '../password/generator';
import {
  BreakGlassReason,
  BundleImportResultSchema,
  BundleInspectionSchema,
  ESCROW_COPY_FIELDS,
  EscrowId,
  EscrowRegisterSchema,
  RegisterRollupSchema,
  EscrowStatusSchema,
  MAX_BUNDLE_CHARS,
  MAX_CARD_CHARS,
  MAX_NOTICE_CHARS,
  MAX_OFFICERS,
  NoticeImportResultSchema,
  OpeningResultSchema,
  OpeningViewSchema,
  PressCardViewSchema,
  PressKeygenInputSchema,
  PressKeyViewSchema,
} from '../domain/escrow';

const Empty = z.strictObject({});
const VaultPath = z.string().trim().min(1).max(4096);

const ExportFormat = z.enum(['csv', 'json']);
/** Where an export went: the path chosen in the save dialog, or null if cancelled. */
const Saved = z.strictObject({ path: z.string().nullable(), count: z.number().int() });
const Grants = z.strictObject({ grants: z.array(GrantViewSchema) });
const Policy = z.strictObject({ policy: RotationPolicySchema, label: z.string(), timeZone: z.string() });
const AuditFilters = {
  accountId: AccountId.optional(),
  personId: PersonId.optional(),
  kinds: z.array(z.enum(AUDIT_KINDS)).max(AUDIT_KINDS.length).optional(),
  /** First and last local day, inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
};

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const channels = {
  'app.info': channel(
    Empty,
    z.strictObject({
      version: z.string(),
      defaultVaultPath: z.string(),
      /** Whether native file dialogs exist (not in the browser test bridge). */
      fileDialogs: z.boolean(),
    }),
  ),
  'app.chooseVaultFile': channel(
    z.strictObject({ mode: z.enum(['open', 'create']) }),
    z.strictObject({ path: z.string().nullable() }),
  ),

  /** Opens an account's profile page in the user's browser (http/https only); never loads it in the app. */
  'app.openExternal': channel(
    z.strictObject({
      url: z.string().max(MAX_URL_CHARS).refine(isWebLink, 'Only http(s) links can be opened'),
    }),
    z.strictObject({}),
  ),

  /** Reads a text file the user picks (a ticket, an escrow bundle, a card, a notice); null when cancelled. */
  'app.openTextFile': channel(
    z.strictObject({ kind: z.enum(['ticket', 'bundle', 'card', 'notice']) }),
    z.strictObject({ content: z.string().nullable(), name: z.string().nullable() }),
  ),

  /**
   * Asks for an import file in an open dialog. Main keeps the path behind a
   * token (the renderer never names a path to read or delete) and reads the
   * file only when it is staged.
   */
  'import.chooseFile': channel(
    Empty,
    z.strictObject({ fileToken: z.string().nullable(), name: z.string().nullable(), size: z.number().int() }),
  ),
  /** Parses the chosen file (or pasted otpauth text) and returns the preview; writes nothing. */
  'import.stage': channel(
    z.strictObject({
      source: z.union([
        z.strictObject({ fileToken: z.string().min(1).max(100) }),
        z.strictObject({ text: z.string().min(1).max(1_000_000), name: z.string().max(200).default('pasted text') }),
      ]),
      format: z.enum(IMPORT_FORMATS).optional(),
      /** An encrypted export's or KDBX database's password (never stored). */
      password: z.string().min(1).max(1024).optional(),
      mapping: ColumnMappingSchema.optional(),
    }),
    ImportPreviewSchema,
  ),
  /** The staged import with the user's decisions applied; writes nothing. */
  'import.preview': channel(
    z.strictObject({ stagingId: z.string().min(1).max(100), decisions: z.array(ImportDecisionSchema).max(200_000) }),
    ImportPreviewSchema,
  ),
  /** Writes the import in one transaction. */
  'import.commit': channel(
    z.strictObject({ stagingId: z.string().min(1).max(100), decisions: z.array(ImportDecisionSchema).max(200_000) }),
    ImportResultSchema,
  ),
  'import.discard': channel(z.strictObject({ stagingId: z.string().min(1).max(100) }), z.strictObject({})),
  /** Deletes the chosen source file (the plaintext export), after the import. */
  'import.deleteSource': channel(
    z.strictObject({ fileToken: z.string().min(1).max(100) }),
    z.strictObject({ deleted: z.boolean() }),
  ),

  'vault.status': channel(z.strictObject({ path: VaultPath.optional() }), VaultStatusSchema),
  'vault.create': channel(
    z.strictObject({
      path: VaultPath.optional(),
      owner: OwnerName,
      passphrase: Passphrase,
      kdf: z.enum(KDF_PRESETS).default('moderate'),
    }),
    VaultStatusSchema,
  ),
  'vault.unlock': channel(
    z.strictObject({ path: VaultPath.optional(), passphrase: z.string().min(1).max(1024) }),
    VaultStatusSchema,
  ),
  'vault.lock': channel(Empty, VaultStatusSchema),
  'vault.changePassphrase': channel(
    z.strictObject({
      current: z.string().min(1).max(1024),
      next: Passphrase,
      kdf: z.enum(KDF_PRESETS).optional(),
    }),
    VaultStatusSchema,
  ),

  'accounts.list': channel(Empty, z.strictObject({ accounts: z.array(AccountListItemSchema) })),
  'accounts.get': channel(z.strictObject({ id: AccountId }), AccountDetailSchema),
  'accounts.create': channel(
    z.strictObject({ fields: AccountFieldsSchema, secrets: SecretsInputSchema.default({}) }),
    AccountDetailSchema,
  ),
  'accounts.update': channel(
    z.strictObject({ id: AccountId, fields: AccountFieldsSchema, secrets: SecretsInputSchema.default({}) }),
    AccountDetailSchema,
  ),
  /** Archives: revokes every live grant ("account archived"), records what became of the channel on the platform. */
  'accounts.archive': channel(ArchiveInputSchema, AccountDetailSchema),
  'accounts.restore': channel(z.strictObject({ id: AccountId }), AccountDetailSchema),

  'secrets.reveal': channel(
    z.strictObject({ accountId: AccountId, field: z.enum(SECRET_FIELDS) }),
    z.strictObject({ value: z.string() }),
  ),
  'secrets.copy': channel(
    z.strictObject({ accountId: AccountId, field: z.enum([...SECRET_FIELDS, 'totpCode']) }),
    z.strictObject({ clearAfterSeconds: z.number().int() }),
  ),
  'secrets.totp': channel(
    z.strictObject({ accountId: AccountId, refresh: z.boolean().default(false) }),
    z.strictObject({ code: z.string(), remaining: z.number().int(), period: z.number().int() }),
  ),

  'generator.generate': channel(
    z.strictObject({ options: GeneratorOptionsSchema, platform: z.enum(PLATFORMS).optional() }),
    z.strictObject({ password: z.string(), entropyBits: z.number(), options: GeneratorOptionsSchema }),
  ),

  'people.list': channel(Empty, z.strictObject({ people: z.array(PersonViewSchema) })),
  'people.get': channel(z.strictObject({ id: PersonId }), PersonViewSchema),
  'people.create': channel(PersonInputSchema, PersonViewSchema),
  'people.update': channel(z.strictObject({ id: PersonId, person: PersonInputSchema }), PersonViewSchema),

  'access.grant': channel(GrantInputSchema, GrantViewSchema),
  'access.revoke': channel(RevokeInputSchema, RevokeResultSchema),
  'access.holders': channel(z.strictObject({ accountId: AccountId, asOf: AsOf.optional() }), Grants),
  'access.holdings': channel(z.strictObject({ personId: PersonId, asOf: AsOf.optional() }), Grants),
  'access.history': channel(
    z.union([z.strictObject({ accountId: AccountId }), z.strictObject({ personId: PersonId })]),
    Grants,
  ),
  /** What marking the person as a leaver would revoke and flag: for the confirmation dialog. */
  'access.previewLeaver': channel(
    z.strictObject({ personId: PersonId, date: IsoDate.optional() }),
    z.strictObject({ revoke: z.array(GrantViewSchema), managedAccounts: LeaverResultSchema.shape.managedAccounts }),
  ),
  'access.processLeaver': channel(LeaverInputSchema, LeaverResultSchema),

  'obligations.list': channel(
    z.strictObject({ accountId: AccountId.optional() }),
    z.strictObject({ obligations: z.array(ObligationViewSchema) }),
  ),

  'audit.list': channel(
    z.strictObject({
      ...AuditFilters,
      /** Page backwards: events with a smaller sequence number. */
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    /** `total`: how many events match the filters in all. */
    z.strictObject({ events: z.array(AuditEventViewSchema), total: z.number().int() }),
  ),
  'audit.verify': channel(Empty, AuditVerificationSchema),
  'audit.exportEvents': channel(z.strictObject({ format: ExportFormat, ...AuditFilters }), Saved),
  'audit.exportAccessLog': channel(z.strictObject({ format: ExportFormat }), Saved),

  'rotation.queue': channel(Empty, RotationQueueSchema),
  'rotation.policy': channel(Empty, Policy),
  'rotation.setPolicy': channel(z.strictObject({ policy: RotationPolicySchema }), Policy),
  /** Overrides the vault's rotation period for one account; null returns it to the vault's policy. */
  'rotation.setAccountPeriod': channel(
    z.strictObject({ accountId: AccountId, days: z.number().int().min(1).max(3650).nullable() }),
    z.strictObject({}),
  ),
  /** Starts (or resumes) a rotation: the new password is sealed in the vault before it is set on the platform. */
  'rotation.begin': channel(BeginRotationSchema, DraftViewSchema),
  'rotation.drafts': channel(Empty, z.strictObject({ drafts: z.array(DraftViewSchema) })),
  /**
   * The manager changed it on the platform: record the rotation and resolve the obligations it meets. The
   * password rules are checked again; `acceptance` answers a needs_confirmation refusal that arose since it began.
   */
  'rotation.confirm': channel(
    z.strictObject({
      draftId: z.number().int().positive(),
      note: z.string().trim().max(1000).optional(),
      acceptance: PasswordAcceptanceSchema.optional(),
      /** A live code from the authenticator set up with the new TOTP seed, checked before recording. */
      totpCode: z
        .string()
        .regex(/^\d{6,8}$/, 'A code is 6 to 8 digits')
        .optional(),
    }),
    RotationRecordSchema,
  ),
  'rotation.abandon': channel(z.strictObject({ draftId: z.number().int().positive() }), z.strictObject({})),
  /** The draft's new TOTP seed as an otpauth:// URI, for its QR code: audited like any reveal. */
  'rotation.revealNewTotp': channel(
    z.strictObject({ draftId: z.number().int().positive() }),
    z.strictObject({ uri: z.string() }),
  ),
  /** The draft's new password, on an explicit Reveal: audited like any reveal. */
  'rotation.revealNew': channel(
    z.strictObject({ draftId: z.number().int().positive() }),
    z.strictObject({ value: z.string() }),
  ),
  /** Copies the draft's new password (through main, auto-cleared) without it passing the renderer. */
  'rotation.copyNew': channel(
    z.strictObject({ draftId: z.number().int().positive() }),
    z.strictObject({ clearAfterSeconds: z.number().int() }),
  ),
  'rotation.history': channel(
    z.strictObject({ accountId: AccountId }),
    z.strictObject({ rotations: z.array(RotationRecordSchema), passwords: z.array(PasswordHistoryEntrySchema) }),
  ),
  'rotation.revealOld': channel(
    z.strictObject({ historyId: z.number().int().positive() }),
    z.strictObject({ value: z.string() }),
  ),
  /** A manual "rotate soon" with a note. */
  'rotation.requestSoon': channel(
    z.strictObject({
      accountId: AccountId,
      note: z.string().trim().min(1, 'Say why').max(1000),
      dueDate: IsoDate.optional(),
    }),
    ObligationViewSchema,
  ),
  'rotation.exportCalendar': channel(Empty, Saved),

  'incidents.report': channel(
    z.strictObject({ accountId: AccountId, note: z.string().trim().min(1, 'Describe what happened').max(5000) }),
    IncidentViewSchema,
  ),
  'incidents.list': channel(
    z.strictObject({ accountId: AccountId.optional() }),
    z.strictObject({ incidents: z.array(IncidentViewSchema) }),
  ),
  'incidents.setStep': channel(
    z.strictObject({ incidentId: z.number().int().positive(), step: z.enum(INCIDENT_STEPS), done: z.boolean() }),
    IncidentViewSchema,
  ),
  'incidents.close': channel(z.strictObject({ incidentId: z.number().int().positive() }), IncidentViewSchema),
  /** The summary for the communications team, as Markdown (to paste) and HTML (to print). */
  'incidents.summary': channel(
    z.strictObject({ incidentId: z.number().int().positive() }),
    z.strictObject({ markdown: z.string(), html: z.string() }),
  ),
  'incidents.exportPdf': channel(z.strictObject({ incidentId: z.number().int().positive() }), Saved),

  /** Schedules a takeover: takeover grant, temporary password (as a draft) and a one-time credential. */
  'takeovers.schedule': channel(
    ScheduleTakeoverSchema,
    z.strictObject({ takeover: TakeoverViewSchema, ticket: IssuedTicketSchema }),
  ),
  'takeovers.list': channel(Empty, z.strictObject({ takeovers: z.array(TakeoverViewSchema) })),
  'takeovers.get': channel(z.strictObject({ id: z.number().int().positive() }), TakeoverViewSchema),
  /** The manager has set the temporary password on the platform. */
  'takeovers.temporarySet': channel(z.strictObject({ id: z.number().int().positive() }), TakeoverViewSchema),
  /** Ends a takeover now (or cancels one whose temporary password was never set). */
  'takeovers.end': channel(z.strictObject({ id: z.number().int().positive() }), TakeoverViewSchema),
  /** Hands a standing grantee the current password through a one-time credential. */
  'takeovers.issueForGrant': channel(
    z.strictObject({
      accountId: AccountId,
      personId: PersonId,
      validDays: z.number().int().min(1).max(30).default(7),
      includeTotp: z.boolean().default(false),
    }),
    IssuedTicketSchema,
  ),

  /** Saves a ticket file where the user chooses (refused unless it is a valid ticket). */
  'tickets.save': channel(z.strictObject({ file: z.string().max(65536), suggestedName: z.string().max(200) }), Saved),
  /** What a ticket says, checking its signature; needs no vault and opens nothing. */
  'tickets.inspect': channel(z.strictObject({ ticket: z.string().min(1).max(65536) }), TicketInfoSchema),
  /** The explicit "Reveal": the code opens the ticket, once per machine. */
  'tickets.redeem': channel(
    z.strictObject({ ticket: z.string().min(1).max(65536), code: z.string().min(1).max(64) }),
    RedeemedSchema,
  ),
  'tickets.copy': channel(
    z.strictObject({ ticketId: z.string().max(64), field: z.enum(['signInName', 'password', 'totpCode']) }),
    z.strictObject({ clearAfterSeconds: z.number().int() }),
  ),
  'tickets.code': channel(
    z.strictObject({ ticketId: z.string().max(64) }),
    z.strictObject({ code: z.string(), remaining: z.number().int(), period: z.number().int() }),
  ),
  /** Drops redeemed secrets held for copying (leaving the redeem screen). */
  'tickets.forget': channel(Empty, z.strictObject({})),

  /** Emergency escrow, press team: generate the press key (officers and a quorum optional). */
  'press.keygen': channel(PressKeygenInputSchema, PressKeyViewSchema),
  /** This vault's press key with its card (file and text block), or null when it has none. */
  'press.card': channel(Empty, z.strictObject({ key: PressKeyViewSchema.nullable() })),
  /** Saves the card file (save dialog). */
  'press.exportCard': channel(Empty, Saved),
  /**
   * Press team: imports a bundle into the register (file content); `acceptNewKey` re-pins a changed issuer key;
   * `acceptRollback` takes a bundle whose audit head is behind the register's as the issuer's current one.
   */
  'press.importBundle': channel(
    z.strictObject({
      content: z.string().min(1).max(MAX_BUNDLE_CHARS),
      acceptNewKey: z.boolean().default(false),
      acceptRollback: z.boolean().default(false),
    }),
    BundleImportResultSchema,
  ),
  /** Press team: the organisation-wide register (no secret opened). */
  'press.register': channel(Empty, EscrowRegisterSchema),
  /** Press: the register rolled up per manager and per account, with one reminder per manager with anything due. */
  'press.rollup': channel(Empty, RegisterRollupSchema),
  /** Press: the reminders as an .ics calendar (save dialog); `count` is how many reminders it holds. */
  'press.saveReminders': channel(Empty, Saved),
  /** What a bundle says about itself; works with no vault unlocked (the start screen), more with the press vault. */
  'press.inspect': channel(
    z.strictObject({ content: z.string().min(1).max(MAX_BUNDLE_CHARS) }),
    BundleInspectionSchema,
  ),
  /** Press team: break glass. Audited; yields a notice; the secrets stay available until the vault locks. */
  'press.open': channel(
    z.strictObject({
      bundleId: EscrowId,
      /** The issuer's account ids (register `ref`); all accounts of the bundle when absent. */
      accountIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
      reason: BreakGlassReason,
      /** A quorum bundle: k officers by their position on the card, each with their own passphrase. */
      officerPassphrases: z
        .array(
          z.strictObject({
            officer: z
              .number()
              .int()
              .min(0)
              .max(MAX_OFFICERS - 1),
            passphrase: z.string().min(1).max(1024),
          }),
        )
        .max(MAX_OFFICERS)
        .optional(),
    }),
    OpeningResultSchema,
  ),
  'press.openings': channel(Empty, z.strictObject({ openings: z.array(OpeningViewSchema) })),
  /** Copies an opened secret through main (auto-cleared); audited. */
  'press.copy': channel(
    z.strictObject({
      openingId: z.number().int().positive(),
      ref: z.number().int().positive(),
      field: z.enum(ESCROW_COPY_FIELDS),
    }),
    z.strictObject({ clearAfterSeconds: z.number().int() }),
  ),
  /** The live TOTP code of an opened account; `refresh` marks the countdown's own re-fetch (not audited again). */
  'press.totp': channel(
    z.strictObject({
      openingId: z.number().int().positive(),
      ref: z.number().int().positive(),
      refresh: z.boolean().default(false),
    }),
    z.strictObject({ code: z.string(), remaining: z.number().int(), period: z.number().int() }),
  ),
  /** Saves an opening's signed break-glass notice (save dialog), for the manager. */
  'press.exportNotice': channel(z.strictObject({ openingId: z.number().int().positive() }), Saved),

  /** Manager: imports a press card; refused unless `fingerprint` (read out by the press team) matches. */
  'escrow.importCard': channel(
    z.strictObject({
      content: z
        .string()
        .min(1)
        .max(MAX_CARD_CHARS * 2),
      fingerprint: z.string().trim().min(1, 'Type the fingerprint the press team read to you').max(100),
    }),
    PressCardViewSchema,
  ),
  'escrow.cards': channel(Empty, z.strictObject({ cards: z.array(PressCardViewSchema) })),
  /** Manager: every imported card with its latest bundle and whether it is stale (the banner), and notices. */
  'escrow.status': channel(Empty, EscrowStatusSchema),
  /** Manager: exports a bundle (save dialog) to the card, or, with none named, the only card or the last one used. */
  'escrow.export': channel(
    z.strictObject({ fingerprint: z.string().trim().min(5).max(100).optional() }),
    z.strictObject({ path: z.string().nullable(), count: z.number().int(), bundleId: z.string().nullable() }),
  ),
  /** Manager: imports a break-glass notice; creates "escrow opened" rotation obligations. */
  'escrow.importNotice': channel(
    z.strictObject({ content: z.string().min(1).max(MAX_NOTICE_CHARS) }),
    NoticeImportResultSchema,
  ),

  'settings.get': channel(Empty, SettingsSchema),
  'settings.update': channel(SettingsPatchSchema, SettingsSchema),

  /** The organisation's policy as one object (the settings' policy part and the rotation period). */
  'policy.get': channel(Empty, OrganisationPolicySchema),
  /** Replaces the whole policy; refused, with the reason and nothing changed, when any part is invalid. */
  'policy.set': channel(z.strictObject({ policy: OrganisationPolicySchema }), OrganisationPolicySchema),
  /** Press team: publishes this vault's policy signed with its press card's key (save dialog). */
  'policy.publish': channel(Empty, Saved),
  /** Manager: applies a press team's published policy, only when signed by a pinned press card's key. */
  'policy.import': channel(
    z.strictObject({ content: z.string().min(1).max(MAX_POLICY_FILE_CHARS) }),
    PolicyImportResultSchema,
  ),

  /** Every account checked against the organisation's policy, rule by rule (compact: see ComplianceMatrixSchema). */
  'compliance.report': channel(Empty, ComplianceMatrixSchema),
  /** The report for auditors, printed to PDF and signed by the vault's key; saved where the user chooses. */
  'compliance.exportPdf': channel(Empty, Saved),

  /** The renderer reports user activity (throttled) so idle auto-lock can work. */
  'idle.touch': channel(Empty, z.strictObject({})),
} as const;

/** Main -> renderer notifications. */
export const events = {
  'vault.locked': z.strictObject({ reason: z.enum(LOCK_REASONS) }),
  'clipboard.cleared': z.strictObject({}),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

/** The Electron IPC channel string for a contract channel; one prefix so nothing else collides. */
export const IPC_PREFIX = 'custodian:';
export const IPC_EVENT = 'custodian:event';
