import { z } from 'zod';
import { AccountId } from './account';
import { PersonId, PersonInputSchema } from './people';
import { PLATFORMS } from './platforms';

export const TAKEOVER_STATES = ['scheduled', 'active', 'awaiting_change_back', 'closed', 'cancelled'] as const;
export type TakeoverState = (typeof TAKEOVER_STATES)[number];
export const TAKEOVER_STATE_LABELS: Record<TakeoverState, string> = {
  scheduled: 'Scheduled',
  active: 'Active',
  awaiting_change_back: 'Awaiting change-back',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** An instant with its offset, as the UI's date-time pickers and the CLI send it. */
export const Instant = z.iso.datetime({ offset: true });

export const ScheduleTakeoverSchema = z
  .strictObject({
    accountId: AccountId,
    /** Someone in the directory, or a guest added on the spot. */
    personId: PersonId.optional(),
    guest: PersonInputSchema.optional(),
    start: Instant,
    end: Instant,
    reason: z.string().trim().min(1, 'Give a reason').max(1000),
    /** Put the TOTP seed in the ticket too (2FA must then be reset afterwards). */
    includeTotp: z.boolean().default(false),
  })
  .refine((v) => (v.personId === undefined) !== (v.guest === undefined), {
    message: 'Choose a person from the directory or add a guest, not both',
    path: ['personId'],
  });
export type ScheduleTakeover = z.input<typeof ScheduleTakeoverSchema>;

export const TakeoverViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: AccountId,
  accountLabel: z.string(),
  personId: PersonId,
  personName: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  reason: z.string(),
  state: z.enum(TAKEOVER_STATES),
  /** The rotation draft holding the temporary password until it is set on the platform. */
  draftId: z.number().int().nullable(),
  temporarySetAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  obligationId: z.number().int().nullable(),
  closedAt: z.number().nullable(),
  cancelledAt: z.number().nullable(),
  includesTotp: z.boolean(),
});
export type TakeoverView = z.infer<typeof TakeoverViewSchema>;

/** What the manager hands over: the ticket (file or text block) and, by another channel, the code. */
export const IssuedTicketSchema = z.strictObject({
  ticketId: z.string(),
  /** The ticket as a text block (the same bytes as the file, armoured). */
  text: z.string(),
  /** The file form (JSON). */
  file: z.string(),
  suggestedName: z.string(),
  /** Shown once; never stored. */
  code: z.string(),
  notBefore: z.number(),
  notAfter: z.number(),
  /** The sealed payload carries the account's sign-in name (so the hand-over can say so). */
  includesSignInName: z.boolean(),
});
export type IssuedTicket = z.infer<typeof IssuedTicketSchema>;

export const TicketInfoSchema = z.strictObject({
  ticketId: z.string(),
  issuer: z.strictObject({ name: z.string(), vaultId: z.string(), keyFingerprint: z.string() }),
  account: z.strictObject({ platform: z.enum(PLATFORMS), handle: z.string(), label: z.string() }),
  notBefore: z.number(),
  notAfter: z.number(),
  includesTotp: z.boolean(),
  /** Judged by this machine's clock. */
  window: z.enum(['not_yet_valid', 'valid', 'expired']),
  redeemedHere: z.boolean(),
  retryAfterSeconds: z.number().int().nullable(),
});
export type TicketInfo = z.infer<typeof TicketInfoSchema>;

export const RedeemedSchema = z.strictObject({
  ticketId: z.string(),
  accountLabel: z.string(),
  /** Null for an account without one, and for tickets issued before tickets carried it. */
  signInName: z.string().nullable(),
  /** Where to sign in; null when the ticket does not say. */
  url: z.string().nullable(),
  password: z.string(),
  totp: z
    .strictObject({ secret: z.string(), code: z.string(), remaining: z.number().int(), period: z.number().int() })
    .nullable(),
});
export type Redeemed = z.infer<typeof RedeemedSchema>;
