/**
 * The signed envelope shared by every file that leaves a vault (one-time
 * credentials, press cards, escrow bundles, break-glass notices), and the
 * strict encodings they use:
 *
 *   file      = {"<outer key>":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}   (exactly, compact)
 *   bodyBytes = UTF-8 JSON of the body, whose "format" names the format and version
 *   sig       = Ed25519-detached(signing key, UTF-8(format) || 0x00 || bodyBytes)
 *
 * Parsing refuses anything but the exact bytes that were signed: no
 * re-spacing, reordering or extra keys in the outer object, no
 * non-canonical base64url, no invalid UTF-8. docs/escrow-bundle.md and
 * docs/one-time-ticket.md have it byte by byte.
 */
import type { Sodium } from '../crypto/sodium';
import { CustodianError } from '../errors';

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes unpadded base64url, refusing any non-canonical form. Null when it is not. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  // Unused low bits of the last character must be zero: otherwise two texts decode to the same bytes.
  return bytes.toString('base64url') === text ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}

const ARMOUR_LINE = 64;

/** A text block for pasting into chat or email: standard base64 of the file's UTF-8, 64 characters a line. */
export function armour(label: string, file: string): string {
  const lines =
    Buffer.from(file, 'utf8')
      .toString('base64')
      .match(new RegExp(`.{1,${ARMOUR_LINE}}`, 'g')) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
}

/** The file inside an armour block, the text itself when it is not armoured, or null when the block is damaged. */
export function unarmour(label: string, text: string): string | null {
  const trimmed = text.trim();
  const begin = `-----BEGIN ${label}-----`;
  if (!trimmed.startsWith(begin)) return trimmed;
  const end = `-----END ${label}-----`;
  if (!trimmed.endsWith(end)) return null;
  const body = trimmed.slice(begin.length, trimmed.length - end.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return null;
  const bytes = Buffer.from(body, 'base64');
  if (bytes.toString('base64') !== body) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** UTF-8(text) || 0x00 || bytes: every signature and hash input in these formats is domain-separated so. */
export function domainSeparated(domain: string, bytes: Uint8Array): Uint8Array {
  return concatBytes(encoder.encode(`${domain}\u0000`), bytes);
}

/** What one of the three formats is called, for the envelope and for messages. */
export interface EnvelopeKind {
  /** The outer object's first key: "custodianPressCard". */
  outerKey: string;
  /** The body's format string, also the signature's domain: "custodian.press-card.v1". */
  format: string;
  /** For messages: "press card". */
  noun: string;
  /** What to ask for when the file cannot be used: "Ask the press team for their card again". */
  remedy: string;
  maxChars: number;
}

export const ENVELOPE_VERSION = 1;

/** Serialises a body and signs it: returns the file text and the exact body bytes. */
export function sealEnvelope(
  kind: EnvelopeKind,
  body: { format: string },
  sign: (message: Uint8Array) => Uint8Array,
): { file: string; bodyBytes: Uint8Array } {
  const bodyBytes = encoder.encode(JSON.stringify(body));
  const signature = sign(domainSeparated(kind.format, bodyBytes));
  const file = `{"${kind.outerKey}":${ENVELOPE_VERSION},"body":"${toBase64Url(bodyBytes)}","signature":"${toBase64Url(signature)}"}`;
  return { file, bodyBytes };
}

export interface OpenedEnvelope {
  /** The body as parsed JSON: not yet validated, and not yet trusted until its signature is checked. */
  raw: unknown;
  bodyBytes: Uint8Array;
  signature: Uint8Array;
}

export const malformed = (kind: EnvelopeKind, why: string) =>
  new CustodianError('invalid_input', `This is not a valid Custodian ${kind.noun} (${why})`);

export const tampered = (kind: EnvelopeKind, why = 'its signature does not verify') =>
  new CustodianError('tampered', `This ${kind.noun} has been altered or damaged: ${why}. ${kind.remedy}`);

/**
 * Checks the outer object, the versions and the encodings, and returns the
 * body bytes with the signature. The caller finds the public key (inside the
 * body, or one it already trusts) and calls `verifyEnvelope` before reading
 * anything else.
 */
export function openEnvelope(kind: EnvelopeKind, file: string): OpenedEnvelope {
  if (file.length > kind.maxChars) throw malformed(kind, 'too large');
  let outer: unknown;
  try {
    outer = JSON.parse(file);
  } catch {
    throw malformed(kind, 'not JSON');
  }
  if (!outer || typeof outer !== 'object' || Array.isArray(outer) || !Object.hasOwn(outer, kind.outerKey)) {
    throw malformed(kind, `no "${kind.outerKey}" marker`);
  }
  const version = (outer as Record<string, unknown>)[kind.outerKey];
  if (version !== ENVELOPE_VERSION) {
    throw new CustodianError(
      'unsupported',
      `This ${kind.noun} uses envelope version ${JSON.stringify(version)?.slice(0, 20)}; this build of Custodian reads version ${ENVELOPE_VERSION}. Update Custodian, or ${lowerFirst(kind.remedy)}`,
    );
  }
  const { body, signature } = outer as { body?: unknown; signature?: unknown };
  if (typeof body !== 'string' || typeof signature !== 'string') throw malformed(kind, 'missing body or signature');
  if (`{"${kind.outerKey}":${ENVELOPE_VERSION},"body":"${body}","signature":"${signature}"}` !== file.trim()) {
    throw tampered(kind, 'it is not in the exact form that was signed');
  }
  const bodyBytes = fromBase64Url(body);
  const signatureBytes = fromBase64Url(signature);
  if (!bodyBytes || !signatureBytes) throw tampered(kind, 'its encoding is damaged');
  if (signatureBytes.length !== 64) throw tampered(kind, 'its signature has the wrong length');
  let raw: unknown;
  try {
    raw = JSON.parse(strictUtf8.decode(bodyBytes));
  } catch {
    throw tampered(kind, 'its body is not valid JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw tampered(kind, 'its body is not an object');
  const format = (raw as { format?: unknown }).format;
  if (format !== kind.format) {
    if (typeof format === 'string' && format.startsWith('custodian.')) {
      throw new CustodianError(
        'unsupported',
        `Unknown ${kind.noun} format "${format.slice(0, 60)}": this build of Custodian reads "${kind.format}"`,
      );
    }
    throw tampered(kind, 'its body does not name its format');
  }
  return { raw, bodyBytes, signature: signatureBytes };
}

/** Ed25519 over the domain-separated body; throws `tampered` when it does not verify. */
export function verifyEnvelope(
  sodium: Sodium,
  kind: EnvelopeKind,
  opened: OpenedEnvelope,
  publicKey: Uint8Array,
): void {
  if (publicKey.length !== sodium.crypto_sign_PUBLICKEYBYTES) throw tampered(kind, 'its signing key is malformed');
  let valid: boolean;
  try {
    valid = sodium.crypto_sign_verify_detached(
      opened.signature,
      domainSeparated(kind.format, opened.bodyBytes),
      publicKey,
    );
  } catch {
    valid = false;
  }
  if (!valid) throw tampered(kind);
}

/** A base64url field of a body that must decode to exactly `length` bytes (any length when omitted). */
export function decodeField(kind: EnvelopeKind, name: string, text: string, length?: number): Uint8Array {
  const bytes = fromBase64Url(text);
  if (!bytes || (length !== undefined && bytes.length !== length)) {
    throw malformed(kind, `${name} is not ${length === undefined ? 'base64url' : `${length} bytes of base64url`}`);
  }
  return bytes;
}

/** The issues zod found, as one short line. */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'bad body';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
