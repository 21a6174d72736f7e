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
import { CustodianError } from '../errors';
import { armour, fromBase64Url, toBase64Url, unarmour } from './encoding';

export const TICKET_FORMAT = 'custodian.ticket.v1';
export const TICKET_ARMOUR = 'CUSTODIAN TICKET';
const encoder = new TextEncoder();

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

export const TicketPayloadSchema = z.strictObject({
  password: z.string(),
  totp: TotpConfigSchema.nullable(),
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

function signedMessage(bodyBytes: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${TICKET_FORMAT}\u0000`);
  const out = new Uint8Array(prefix.length + bodyBytes.length);
  out.set(prefix);
  out.set(bodyBytes, prefix.length);
  return out;
}

export function payloadAad(ticketId: string): Uint8Array {
  return encoder.encode(`${TICKET_FORMAT}\u0000${ticketId}`);
}

/** Serialises and signs a body: returns the file text. */
export function signTicket(body: TicketBody, sign: (message: Uint8Array) => Uint8Array): string {
  const bodyBytes = encoder.encode(JSON.stringify(body));
  return JSON.stringify({
    custodianTicket: 1,
    body: toBase64Url(bodyBytes),
    signature: toBase64Url(sign(signedMessage(bodyBytes))),
  });
}

export function armourTicket(file: string): string {
  return armour(TICKET_ARMOUR, file);
}

const malformed = (why: string) => new CustodianError('invalid_input', `This is not a valid Custodian ticket (${why})`);
const tampered = () =>
  new CustodianError(
    'tampered',
    'This ticket has been altered or damaged: its signature does not verify. Ask the sender for a new one',
  );

/**
 * Parses a ticket (file text or armoured block) and checks its signature.
 * Anything but the exact bytes the issuer signed is refused.
 */
export function parseTicket(sodium: Sodium, input: string): ParsedTicket {
  if (input.length > 64 * 1024) throw malformed('too large');
  const file = unarmour(TICKET_ARMOUR, input);
  if (file === null) throw malformed('the text block is damaged');
  let outer: unknown;
  try {
    outer = JSON.parse(file);
  } catch {
    throw malformed('not JSON');
  }
  if (!outer || typeof outer !== 'object' || !('custodianTicket' in outer)) throw malformed('not a ticket');
  const version = (outer as { custodianTicket: unknown }).custodianTicket;
  if (version !== 1) {
    throw new CustodianError(
      'unsupported',
      `This ticket uses format version ${JSON.stringify(version)}; this build of Custodian reads version 1. Update Custodian, or ask for a new ticket`,
    );
  }
  const { body: bodyText, signature: signatureText } = outer as { body?: unknown; signature?: unknown };
  if (typeof bodyText !== 'string' || typeof signatureText !== 'string') throw malformed('missing body or signature');
  // Only the exact compact form is accepted: no re-spacing, reordering or extra keys.
  if (JSON.stringify({ custodianTicket: 1, body: bodyText, signature: signatureText }) !== file) throw tampered();
  const bodyBytes = fromBase64Url(bodyText);
  const signature = fromBase64Url(signatureText);
  if (!bodyBytes || !signature || signature.length !== sodium.crypto_sign_BYTES) throw tampered();
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bodyBytes));
  } catch {
    throw tampered();
  }
  // The signing key is inside the body, so check the signature before trusting anything else in it.
  const keyText = (raw as { issuer?: { signingKey?: unknown } } | null)?.issuer?.signingKey;
  const signingKey = typeof keyText === 'string' ? fromBase64Url(keyText) : null;
  if (!signingKey || signingKey.length !== sodium.crypto_sign_PUBLICKEYBYTES) throw tampered();
  if (!sodium.crypto_sign_verify_detached(signature, signedMessage(bodyBytes), signingKey)) throw tampered();
  const parsed = TicketBodySchema.safeParse(raw);
  if (!parsed.success) {
    const format = (raw as { format?: unknown } | null)?.format;
    if (typeof format === 'string' && format !== TICKET_FORMAT) {
      throw new CustodianError('unsupported', `Unknown ticket format "${format.slice(0, 40)}"`);
    }
    throw malformed(parsed.error.issues[0]?.path.join('.') || 'bad body');
  }
  const salt = fromBase64Url(parsed.data.kdf.salt);
  const nonce = fromBase64Url(parsed.data.payload.nonce);
  const ciphertext = fromBase64Url(parsed.data.payload.ciphertext);
  if (!salt || salt.length !== 16 || !nonce || nonce.length !== 24 || !ciphertext)
    throw malformed('bad payload encoding');
  return { body: parsed.data, bodyBytes, signingKey, salt, nonce, ciphertext };
}

/** A short, readable fingerprint of the issuer's signing key: 4 groups of 4 hex digits. */
export function keyFingerprint(sodium: Sodium, signingKey: Uint8Array): string {
  const digest = Buffer.from(sodium.crypto_generichash(8, signingKey, null))
    .toString('hex')
    .toUpperCase();
  return digest.match(/.{4}/g)!.join(' ');
}
