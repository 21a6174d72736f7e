/**
 * The press team's public key card, format custodian.press-card.v1
 * (docs/escrow-bundle.md, "Press card"):
 *
 *   file = {"custodianPressCard":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}
 *   body = {format, team, createdAt, encryptionKey, signingKey, quorum: null | {k, officers:[{name, encryptionKey}]}}
 *   sig  = Ed25519(press vault signing key, "custodian.press-card.v1" 0x00 || bodyBytes)
 *
 * The card is self-signed: the signature proves only that whoever made it
 * holds the signing key it names. What makes it trustworthy is the
 * fingerprint over its body, compared by people over a second channel.
 */
import { z } from 'zod';
import { MAX_CARD_CHARS, MAX_OFFICERS, MIN_QUORUM } from '../../../shared/domain/escrow';
import type { Sodium } from '../crypto/sodium';
import {
  armour,
  decodeField,
  firstIssue,
  malformed,
  openEnvelope,
  sealEnvelope,
  unarmour,
  verifyEnvelope,
  type EnvelopeKind,
} from '../formats/signed-envelope';
import { cardFingerprint, type Fingerprint } from './fingerprint';

export const CARD_FORMAT = 'custodian.press-card.v1';
export const CARD_ARMOUR = 'CUSTODIAN PRESS CARD';

export const CARD: EnvelopeKind = {
  outerKey: 'custodianPressCard',
  format: CARD_FORMAT,
  noun: 'press card',
  remedy: 'Ask the press team for their card again',
  maxChars: MAX_CARD_CHARS,
};

export const B64 = z.string().regex(/^[A-Za-z0-9_-]+$/, 'not base64url');
export const IsoTime = z.iso.datetime();

export const CardBodySchema = z
  .strictObject({
    format: z.literal(CARD_FORMAT),
    team: z.string().min(1).max(200),
    createdAt: IsoTime,
    encryptionKey: B64,
    signingKey: B64,
    quorum: z
      .strictObject({
        k: z.number().int().min(MIN_QUORUM).max(MAX_OFFICERS),
        officers: z
          .array(z.strictObject({ name: z.string().min(1).max(100), encryptionKey: B64 }))
          .min(MIN_QUORUM)
          .max(MAX_OFFICERS),
      })
      .nullable(),
  })
  .refine((body) => body.quorum === null || body.quorum.k <= body.quorum.officers.length, {
    message: 'the quorum is larger than the number of officers',
    path: ['quorum', 'k'],
  });
export type CardBody = z.infer<typeof CardBodySchema>;

export interface ParsedCard {
  body: CardBody;
  bodyBytes: Uint8Array;
  file: string;
  fingerprint: Fingerprint;
  encryptionKey: Uint8Array;
  signingKey: Uint8Array;
  officers: { name: string; encryptionKey: Uint8Array }[];
  createdAt: number;
}

/** Signs a card body; returns the file, its text block and its fingerprint. */
export function makeCard(
  sodium: Sodium,
  body: CardBody,
  sign: (message: Uint8Array) => Uint8Array,
): { file: string; armoured: string; fingerprint: Fingerprint } {
  const { file, bodyBytes } = sealEnvelope(CARD, body, sign);
  return { file, armoured: armour(CARD_ARMOUR, file), fingerprint: cardFingerprint(sodium, bodyBytes) };
}

/**
 * Parses a card (file or text block), checks its self-signature, its keys
 * (each must be usable as an X25519 public key) and computes its fingerprint.
 */
export function parseCard(sodium: Sodium, input: string): ParsedCard {
  if (input.length > CARD.maxChars * 2) throw malformed(CARD, 'too large');
  const file = unarmour(CARD_ARMOUR, input);
  if (file === null) throw malformed(CARD, 'the text block is damaged');
  const opened = openEnvelope(CARD, file);
  const keyText = (opened.raw as { signingKey?: unknown }).signingKey;
  const signingKey = typeof keyText === 'string' ? decodeField(CARD, 'signingKey', keyText, 32) : null;
  if (!signingKey) throw malformed(CARD, 'no signing key');
  verifyEnvelope(sodium, CARD, opened, signingKey);
  const parsed = CardBodySchema.safeParse(opened.raw);
  if (!parsed.success) throw malformed(CARD, firstIssue(parsed.error));
  const body = parsed.data;
  const encryptionKey = usableBoxKey(sodium, 'encryptionKey', body.encryptionKey);
  const officers = (body.quorum?.officers ?? []).map((officer, i) => ({
    name: officer.name,
    encryptionKey: usableBoxKey(sodium, `quorum.officers.${i}.encryptionKey`, officer.encryptionKey),
  }));
  const names = officers.map((o) => o.name.toLowerCase());
  if (new Set(names).size !== names.length) throw malformed(CARD, 'two officers have the same name');
  const keys = new Set([body.encryptionKey, ...(body.quorum?.officers ?? []).map((o) => o.encryptionKey)]);
  if (keys.size !== officers.length + 1) throw malformed(CARD, 'two keys on the card are the same');
  return {
    body,
    bodyBytes: opened.bodyBytes,
    file: file.trim(),
    fingerprint: cardFingerprint(sodium, opened.bodyBytes),
    encryptionKey,
    signingKey,
    officers,
    createdAt: Date.parse(body.createdAt),
  };
}

/**
 * An X25519 public key a sealed box can be made to: 32 bytes and not a
 * low-order point (libsodium refuses those when sealing; better to refuse
 * the card than to fail at the first export).
 */
function usableBoxKey(sodium: Sodium, name: string, text: string): Uint8Array {
  const key = decodeField(CARD, name, text, sodium.crypto_box_PUBLICKEYBYTES);
  try {
    sodium.crypto_box_seal(new Uint8Array(1), key);
  } catch {
    throw malformed(CARD, `${name} is not a usable encryption key`);
  }
  return key;
}
