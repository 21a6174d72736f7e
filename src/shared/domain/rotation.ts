import { z } from 'zod';
import { AccountId, SecretsInputSchema } from './account';
import { OBLIGATION_KINDS, ObligationViewSchema } from './access';
import { PLATFORMS } from './platforms';
import { DUE_BUCKETS, RotationPolicySchema } from '../rotation';
import { GeneratorOptionsSchema } from '../password/generator';

/** A reason an account must rotate: an open obligation, or the scheduled (quarterly) rotation. */
export const RotationReasonSchema = z.strictObject({
  kind: z.enum([...OBLIGATION_KINDS, 'scheduled']),
  detail: z.string(),
  dueAt: z.number(),
  obligationId: z.number().int().nullable(),
  createdAt: z.number().nullable(),
});
export type RotationReason = z.infer<typeof RotationReasonSchema>;

export const RotationQueueItemSchema = z.strictObject({
  accountId: AccountId,
  accountLabel: z.string(),
  platform: z.enum(PLATFORMS),
  lastRotatedAt: z.number(),
  /** The earliest due date among the reasons. */
  dueAt: z.number(),
  bucket: z.enum(DUE_BUCKETS),
  reasons: z.array(RotationReasonSchema),
  /** A rotation started but neither confirmed nor abandoned. */
  draftId: z.number().int().nullable(),
  compromised: z.boolean(),
});
export type RotationQueueItem = z.infer<typeof RotationQueueItemSchema>;

export const RotationQueueSchema = z.strictObject({
  /** Active accounts due by the end of the quarter (or with any open obligation), soonest first. */
  items: z.array(RotationQueueItemSchema),
  counts: z.strictObject({
    overdue: z.number().int(),
    today: z.number().int(),
    week: z.number().int(),
    quarter: z.number().int(),
  }),
  policy: RotationPolicySchema,
  timeZone: z.string(),
});
export type RotationQueue = z.infer<typeof RotationQueueSchema>;

const overrideReason = z.string().trim().min(1, 'Give a reason').max(500, 'At most 500 characters');

/**
 * What the user accepts with a new password after a first refusal named it:
 * reuse of a password another account has, a password below the strength
 * floor (with a reason, audited), or setting back the password from before a
 * takeover (with a reason). Never needed for a generated password.
 */
export const PasswordAcceptanceSchema = z.strictObject({
  confirmReuse: z.boolean().optional(),
  weakReason: overrideReason.optional(),
  restoreReason: overrideReason.optional(),
});
export type PasswordAcceptance = z.infer<typeof PasswordAcceptanceSchema>;

export const BeginRotationSchema = z.strictObject({
  accountId: AccountId,
  /** A password typed by the manager instead of a generated one. */
  password: z.string().min(1).max(1024).optional(),
  generator: GeneratorOptionsSchema.optional(),
  /** Optionally replace the TOTP seed and recovery codes in the same step. */
  totp: SecretsInputSchema.shape.totp,
  recoveryCodes: SecretsInputSchema.shape.recoveryCodes,
  acceptance: PasswordAcceptanceSchema.optional(),
});
export type BeginRotation = z.input<typeof BeginRotationSchema>;

export const DraftViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  accountLabel: z.string(),
  createdAt: z.number(),
  /* The new password itself is not here: `rotation.revealNew` reads it, audited, for this draft only. */
  hasCurrentPassword: z.boolean(),
  totpChanging: z.boolean(),
  recoveryChanging: z.boolean(),
  /** True when an unfinished draft was picked up again instead of starting a new one. */
  resumed: z.boolean(),
  /** A takeover's temporary password rather than a rotation. */
  purpose: z.enum(['rotation', 'takeover']),
  obligations: z.array(ObligationViewSchema),
  /** A TOTP seed of this account has left the vault: the rotation should record a new one. */
  reenrolTotp: z.boolean(),
  /** The new password's strength (zxcvbn score 0-4) and the policy's floor. */
  strength: z.number().int().min(0).max(4),
  minStrength: z.number().int().min(0).max(4),
});
export type DraftView = z.infer<typeof DraftViewSchema>;

export const RotationRecordSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  rotatedAt: z.number(),
  note: z.string(),
  totpChanged: z.boolean(),
  recoveryChanged: z.boolean(),
  resolvedObligations: z.number().int(),
});
export type RotationRecord = z.infer<typeof RotationRecordSchema>;

export const PasswordHistoryEntrySchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  rotationId: z.number().int().nullable(),
  setAt: z.number().nullable(),
  replacedAt: z.number(),
});
export type PasswordHistoryEntry = z.infer<typeof PasswordHistoryEntrySchema>;

export const INCIDENT_STEPS = ['rotate', 'reset_2fa', 'review_posts', 'tell_comms'] as const;
export type IncidentStep = (typeof INCIDENT_STEPS)[number];
export const INCIDENT_STEP_LABELS: Record<IncidentStep, string> = {
  rotate: 'Change the password (rotate it in Custodian)',
  reset_2fa: 'Reset two-factor authentication and recovery codes',
  review_posts: 'Review recent posts, messages and connected apps',
  tell_comms: 'Tell the communications team',
};

export const IncidentViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  accountLabel: z.string(),
  reportedAt: z.number(),
  note: z.string(),
  /** When each step was ticked off, or null. */
  steps: z.record(z.enum(INCIDENT_STEPS), z.number().nullable()),
  closedAt: z.number().nullable(),
});
export type IncidentView = z.infer<typeof IncidentViewSchema>;
