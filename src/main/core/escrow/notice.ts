/**
 * The break-glass notice, format custodian.break-glass-notice.v1: what the
 * press team hands back to the manager after opening an escrow bundle.
 *
 *   file = {"custodianBreakGlassNotice":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}
 *   body = {format, noticeId, openedAt, press:{team, cardFingerprint, signingKey},
 *           bundleId, issuerVaultId, reason, accounts:[refs]}
 *   sig  = Ed25519(press vault signing key, "custodian.break-glass-notice.v1" 0x00 || bodyBytes)
 *
 * The manager checks it against the signing key of the press card they
 * imported (the card's fingerprint was checked by phone), never against the
 * key the notice names alone.
 */
import { z } from 'zod';
import { MAX_NOTICE_CHARS } from '../../../shared/domain/escrow';
import type { Sodium } from '../crypto/sodium';
import { B64, IsoTime } from './card';
import { firstIssue, malformed, sealEnvelope, type EnvelopeKind } from '../formats/signed-envelope';
import { openPressSigned } from './press-signed';
import { MAX_BUNDLE_ACCOUNTS } from './bundle';

export const NOTICE_FORMAT = 'custodian.break-glass-notice.v1';

export const NOTICE: EnvelopeKind = {
  outerKey: 'custodianBreakGlassNotice',
  format: NOTICE_FORMAT,
  noun: 'break-glass notice',
  remedy: 'Ask the press team to send the notice again',
  maxChars: MAX_NOTICE_CHARS,
};

export const NoticeBodySchema = z.strictObject({
  format: z.literal(NOTICE_FORMAT),
  noticeId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  openedAt: IsoTime,
  press: z.strictObject({
    team: z.string().max(200),
    cardFingerprint: z.string().regex(/^\d{5}( \d{5}){5}$/),
    signingKey: B64,
  }),
  bundleId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  issuerVaultId: z.string().min(1).max(100),
  reason: z.string().min(1).max(2000),
  accounts: z.array(z.number().int().positive()).min(1).max(MAX_BUNDLE_ACCOUNTS),
});
export type NoticeBody = z.infer<typeof NoticeBodySchema>;

export interface ParsedNotice {
  body: NoticeBody;
  bodyBytes: Uint8Array;
  file: string;
  openedAt: number;
  signingKey: Uint8Array;
}

export function makeNotice(body: NoticeBody, sign: (message: Uint8Array) => Uint8Array): string {
  return sealEnvelope(NOTICE, body, sign).file;
}

/**
 * Parses a notice and checks its signature against `trustedKey`, the signing
 * key of the press card this vault imported for `press.cardFingerprint`.
 * `findKey` returns it, or null when no such card was imported.
 */
export function parseNotice(
  sodium: Sodium,
  file: string,
  findKey: (cardFingerprint: string) => Uint8Array | null,
): ParsedNotice {
  const { opened, trusted } = openPressSigned(
    sodium,
    NOTICE,
    file,
    findKey,
    (fingerprint) => `it comes from a press card (fingerprint ${fingerprint}) that this vault has not imported`,
  );
  const parsed = NoticeBodySchema.safeParse(opened.raw);
  if (!parsed.success) throw malformed(NOTICE, firstIssue(parsed.error));
  if (new Set(parsed.data.accounts).size !== parsed.data.accounts.length) {
    throw malformed(NOTICE, 'it lists an account twice');
  }
  return {
    body: parsed.data,
    bodyBytes: opened.bodyBytes,
    file: file.trim(),
    openedAt: Date.parse(parsed.data.openedAt),
    signingKey: trusted,
  };
}
