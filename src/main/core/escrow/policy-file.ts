/**
 * The published organisation policy, format custodian.policy.v1: the press
 * team's policy, signed with the same key as its press card and its
 * break-glass notices, so every manager who pinned that card applies the
 * same rules.
 *
 *   file = {"custodianPolicy":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}
 *   body = {format, policyId, publishedAt, press:{team, cardFingerprint, signingKey}, policy}
 *   sig  = Ed25519(press vault signing key, "custodian.policy.v1" 0x00 || bodyBytes)
 *
 * A manager checks it against the signing key of the press card they
 * imported (whose fingerprint they checked by phone), never against the key
 * the file names alone; docs/compliance.md has it byte by byte.
 */
import { z } from 'zod';
import {
  MAX_POLICY_FILE_CHARS,
  OrganisationPolicySchema,
  type OrganisationPolicy,
} from '../../../shared/domain/policy';
import type { Sodium } from '../crypto/sodium';
import { firstIssue, malformed, sealEnvelope, type EnvelopeKind } from '../formats/signed-envelope';
import { openPressSigned } from './press-signed';
import { B64, IsoTime } from './card';

export const POLICY_FILE_FORMAT = 'custodian.policy.v1';

export const POLICY_FILE: EnvelopeKind = {
  outerKey: 'custodianPolicy',
  format: POLICY_FILE_FORMAT,
  noun: 'policy file',
  remedy: 'Ask the press team to publish their policy again',
  maxChars: MAX_POLICY_FILE_CHARS,
};

const PolicyFileBodySchema = z.strictObject({
  format: z.literal(POLICY_FILE_FORMAT),
  policyId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not 16 bytes of base64url'),
  publishedAt: IsoTime,
  press: z.strictObject({
    team: z.string().min(1).max(200),
    cardFingerprint: z.string().regex(/^\d{5}( \d{5}){5}$/, 'not a card fingerprint'),
    signingKey: B64,
  }),
  // Strict all the way down: an unknown key, a value out of range or an invalid pattern refuses the file.
  policy: OrganisationPolicySchema,
});
export type PolicyFileBody = z.infer<typeof PolicyFileBodySchema>;

export interface ParsedPolicyFile {
  body: PolicyFileBody;
  policy: OrganisationPolicy;
  publishedAt: number;
}

export function makePolicyFile(body: PolicyFileBody, sign: (message: Uint8Array) => Uint8Array): string {
  return sealEnvelope(POLICY_FILE, body, sign).file;
}

/**
 * Parses a policy file and checks its signature against the signing key of
 * the press card this vault pinned for `press.cardFingerprint` (`findKey`
 * returns it, or null when no such card was imported), then validates the
 * body and the policy strictly.
 */
export function parsePolicyFile(
  sodium: Sodium,
  file: string,
  findKey: (cardFingerprint: string) => Uint8Array | null,
): ParsedPolicyFile {
  const { opened } = openPressSigned(
    sodium,
    POLICY_FILE,
    file,
    findKey,
    (fingerprint) =>
      `it is signed for a press card (fingerprint ${fingerprint}) that this vault has not imported: import the press team’s card first`,
  );
  const parsed = PolicyFileBodySchema.safeParse(opened.raw);
  if (!parsed.success) throw malformed(POLICY_FILE, firstIssue(parsed.error));
  return { body: parsed.data, policy: parsed.data.policy, publishedAt: Date.parse(parsed.data.publishedAt) };
}
