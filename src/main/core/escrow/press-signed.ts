/**
 * Files a press team signs with the vault key its press card names
 * (break-glass notices, published policies). They are verified against the
 * signing key of the press card this vault imported (its fingerprint checked
 * by phone) for the fingerprint the file gives, never against the key the
 * file names alone, which must equal it.
 */
import type { Sodium } from '../crypto/sodium';
import {
  decodeField,
  malformed,
  openEnvelope,
  tampered,
  verifyEnvelope,
  type EnvelopeKind,
  type OpenedEnvelope,
} from '../formats/signed-envelope';

/**
 * Opens the envelope and checks its signature; `findKey` returns the pinned
 * card's signing key for a fingerprint, or null when no such card was
 * imported (refused with `unknownCard`'s reason). The body is not yet validated.
 */
export function openPressSigned(
  sodium: Sodium,
  kind: EnvelopeKind,
  file: string,
  findKey: (cardFingerprint: string) => Uint8Array | null,
  unknownCard: (fingerprint: string) => string,
): { opened: OpenedEnvelope; trusted: Uint8Array } {
  const opened = openEnvelope(kind, file);
  const press = (opened.raw as { press?: { cardFingerprint?: unknown; signingKey?: unknown } }).press;
  const fingerprint = press && typeof press === 'object' ? press.cardFingerprint : undefined;
  const keyText = press && typeof press === 'object' ? press.signingKey : undefined;
  if (typeof fingerprint !== 'string' || typeof keyText !== 'string') throw malformed(kind, 'no press key');
  const named = decodeField(kind, 'press.signingKey', keyText, sodium.crypto_sign_PUBLICKEYBYTES);
  const trusted = findKey(fingerprint);
  if (!trusted) throw malformed(kind, unknownCard(fingerprint.slice(0, 40)));
  if (!sodium.memcmp(named, trusted)) {
    throw tampered(kind, 'it is not signed by the key on the press card you imported');
  }
  verifyEnvelope(sodium, kind, opened, trusted);
  return { opened, trusted };
}
