/**
 * The one-time credential ("ticket") format, version 1. docs/one-time-ticket.md
 * describes it byte for byte; this module is the app's implementation.
 *
 * file      = {"custodianTicket":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}   (exactly, compact)
 * sig       = Ed25519(issuer signing key, "custodian.ticket.v1" 0x00 || bodyBytes)
 * bodyBytes = UTF-8 JSON of the body (below); the payload inside it is
 *             XChaCha20-Poly1305(key, nonce, AD = "custodian.ticket.v1" 0x00 || ticket id)
 * key       = Argon2id13(code as typed in capitals without separators, salt, opslimit, memlimit), 32 bytes
 */
import { z } from 'zod';
import { PLATFORMS } from '../../../shared/domain/platforms';
import { TotpConfigSchema } from '../../../shared/totp';
import type { Sodium } from '../crypto/sodium';
import {
  armour,
  decodeField,
  firstIssue,
  fromBase64Url,
  malformed,
  openEnvelope,
  sealEnvelope,
  tampered,
  unarmour,
  verifyEnvelope,
  type EnvelopeKind,
} from '../formats/signed-envelope';

export const TICKET_FORMAT = 'custodian.ticket.v1';
export const TICKET_ARMOUR = 'CUSTODIAN TICKET';
const encoder = new TextEncoder();

/** The ticket in the shared signed-envelope scheme. */
export const TICKET_KIND: EnvelopeKind = {
  outerKey: 'custodianTicket',
  format: TICKET_FORMAT,
  noun: 'ticket',
  remedy: 'Ask the sender for a new one',
  maxChars: 64 * 1024,
};

const B64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const IsoTime = z.iso.datetime({ offset: true });

export const TicketBodySchema = z.strictObject({
  format: z.literal(TICKET_FORMAT),
  id: B64,
  issuedAt: IsoTime,
  issuer: z.strictObject({ vaultId: z.string().max(100), name: z.string().max(200), signingKey: B64 }),
  account: z.strictObject({ platform: z.enum(PLATFORMS), handle: z.string().max(256), label: z.string().max(400) }),
  window: z.strictObject({ notBefore: IsoTime, notAfter: IsoTime }),
  kdf: z.strictObject({
    algorithm: z.literal('argon2id13'),
    opsLimit: z.number().int(),
    memLimit: z.number().int(),
    salt: B64,
  }),
  includesTotp: z.boolean(),
  payload: z.strictObject({ nonce: B64, ciphertext: B64 }),
});
export type TicketBody = z.infer<typeof TicketBodySchema>;

/**
 * What the code opens. `signInName` (what to type above the password) and `url` (where to
 * sign in) are present only when the account has them; tickets issued before they existed
 * carry neither and still open.
 */
export const TicketPayloadSchema = z.strictObject({
  password: z.string(),
  totp: TotpConfigSchema.nullable(),
  signInName: z.string().min(1).max(320).optional(),
  url: z.string().min(1).max(2048).optional(),
});
export type TicketPayload = z.infer<typeof TicketPayloadSchema>;

export interface ParsedTicket {
  body: TicketBody;
  bodyBytes: Uint8Array;
  signingKey: Uint8Array;
  salt: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

export function payloadAad(ticketId: string): Uint8Array {
  return encoder.encode(`${TICKET_FORMAT}\u0000${ticketId}`);
}

/** Serialises and signs a body: returns the file text. */
export function signTicket(body: TicketBody, sign: (message: Uint8Array) => Uint8Array): string {
  return sealEnvelope(TICKET_KIND, body, sign).file;
}

export function armourTicket(file: string): string {
  return armour(TICKET_ARMOUR, file);
}

/**
 * Parses a ticket (file text or armoured block) and checks its signature
 * with the issuer key inside it. Anything but the exact bytes the issuer
 * signed is refused.
 */
export function parseTicket(sodium: Sodium, input: string): ParsedTicket {
  if (input.length > TICKET_KIND.maxChars) throw malformed(TICKET_KIND, 'too large');
  const file = unarmour(TICKET_ARMOUR, input);
  if (file === null) throw malformed(TICKET_KIND, 'the text block is damaged');
  const opened = openEnvelope(TICKET_KIND, file);
  // The signing key is inside the body: check the signature before trusting anything else in it.
  const keyText = (opened.raw as { issuer?: { signingKey?: unknown } }).issuer?.signingKey;
  const signingKey = typeof keyText === 'string' ? fromBase64Url(keyText) : null;
  if (!signingKey) throw tampered(TICKET_KIND, 'its issuer key is malformed');
  verifyEnvelope(sodium, TICKET_KIND, opened, signingKey);
  const parsed = TicketBodySchema.safeParse(opened.raw);
  if (!parsed.success) throw malformed(TICKET_KIND, firstIssue(parsed.error));
  return {
    body: parsed.data,
    bodyBytes: opened.bodyBytes,
    signingKey,
    salt: decodeField(TICKET_KIND, 'kdf.salt', parsed.data.kdf.salt, 16),
    nonce: decodeField(TICKET_KIND, 'payload.nonce', parsed.data.payload.nonce, 24),
    ciphertext: decodeField(TICKET_KIND, 'payload.ciphertext', parsed.data.payload.ciphertext),
  };
}

/** A short, readable fingerprint of the issuer's signing key: 4 groups of 4 hex digits. */
export function keyFingerprint(sodium: Sodium, signingKey: Uint8Array): string {
  const digest = Buffer.from(sodium.crypto_generichash(8, signingKey, null))
    .toString('hex')
    .toUpperCase();
  return digest.match(/.{4}/g)!.join(' ');
}
