import { z } from 'zod';
import { AccountId } from './account';
import { IsoDate, PersonId, PersonViewSchema } from './people';

export const GRANT_KINDS = ['standing', 'takeover', 'emergency'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];
export const GRANT_KIND_LABELS: Record<GrantKind, string> = {
  standing: 'Standing',
  takeover: 'Takeover',
  emergency: 'Emergency',
};

export const OBLIGATION_KINDS = [
  'leaver',
  'mover',
  'quarterly',
  'takeover_end',
  'escrow_opened',
  'compromise',
  'manual',
  'reenrol_totp',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
/** A TOTP seed left the vault: met by recording a new seed, not by a new password. */
export const REENROL_KIND: ObligationKind = 'reenrol_totp';
/** The obligations a new password meets: every kind but re-enrolling two-factor. */
export const PASSWORD_OBLIGATION_KINDS: readonly ObligationKind[] = OBLIGATION_KINDS.filter((k) => k !== REENROL_KIND);
export const OBLIGATION_KIND_LABELS: Record<ObligationKind, string> = {
  leaver: 'Holder left',
  mover: 'Holder moved role',
  quarterly: 'Quarterly rotation',
  takeover_end: 'Takeover ended',
  escrow_opened: 'Escrow opened',
  compromise: 'Reported compromise',
  manual: 'Rotate soon',
  reenrol_totp: 'Re-enrol two-factor',
};

const reason = z.string().trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters');

export const GrantInputSchema = z.strictObject({
  accountId: AccountId,
  personId: PersonId,
  kind: z.enum(GRANT_KINDS).default('standing'),
  reason,
  /** Last day of access (inclusive, local time); none for open-ended access. */
  until: IsoDate.optional(),
  /** Who authorised it; the vault owner when absent. */
  grantedBy: PersonId.optional(),
});
export type GrantInput = z.input<typeof GrantInputSchema>;

export const RevokeInputSchema = z.strictObject({
  accountId: AccountId,
  personId: PersonId,
  reason,
  revokedBy: PersonId.optional(),
});
export type RevokeInput = z.infer<typeof RevokeInputSchema>;

export const GRANT_STATES = ['active', 'scheduled', 'expired', 'revoked'] as const;

export const GrantViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  accountLabel: z.string(),
  personId: PersonId,
  personName: z.string(),
  personEmail: z.string(),
  kind: z.enum(GRANT_KINDS),
  grantedAt: z.number(),
  /** "Vault owner" when the owner granted it. */
  grantedBy: z.string(),
  /** The person who authorised it; null for the vault owner. */
  grantedById: z.number().int().nullable(),
  reason: z.string(),
  endsAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedBy: z.string().nullable(),
  revokedById: z.number().int().nullable(),
  revokeReason: z.string().nullable(),
  /** Revoked from a date still ahead (a leaver's announced date): the grant holds until then. */
  revocationScheduled: z.boolean(),
  state: z.enum(GRANT_STATES),
  /** When a one-time credential carrying the password was last issued under this grant. */
  credentialIssuedAt: z.number().nullable(),
  /**
   * One-time credentials issued under this grant whose window has not closed:
   * they can still be redeemed (this vault cannot know whether they were), and
   * revoking the grant cannot recall them.
   */
  outstandingCredentials: z.number().int().nonnegative(),
  /** When the last of them expires; null when there are none. */
  credentialsValidUntil: z.number().nullable(),
});
export type GrantView = z.infer<typeof GrantViewSchema>;

export const ObligationViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  accountLabel: z.string(),
  reasonKind: z.enum(OBLIGATION_KINDS),
  reasonDetail: z.string(),
  personId: PersonId.nullable(),
  createdAt: z.number(),
  dueAt: z.number(),
  resolvedAt: z.number().nullable(),
});
export type ObligationView = z.infer<typeof ObligationViewSchema>;

export const LeaverResultSchema = z.strictObject({
  person: PersonViewSchema,
  revoked: z.array(GrantViewSchema),
  obligations: z.array(ObligationViewSchema),
  /** Accounts the person was overall manager of: they need a new manager. */
  managedAccounts: z.array(z.strictObject({ accountId: AccountId, accountLabel: z.string() })),
});
export type LeaverResult = z.infer<typeof LeaverResultSchema>;

/**
 * A revocation: the grant as revoked and, when one-time credentials issued
 * under it could still be redeemed, the rotation obligation that raised
 * (the password they carry must change: revoking cannot recall a ticket).
 */
export const RevokeResultSchema = z.strictObject({
  grant: GrantViewSchema,
  obligation: ObligationViewSchema.nullable(),
});
export type RevokeResult = z.infer<typeof RevokeResultSchema>;

/** "As of" a YYYY-MM-DD date (the whole local day) or an ISO date-time. */
export const AsOf = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(s.trim()), 'Use YYYY-MM-DD or an ISO date-time');
