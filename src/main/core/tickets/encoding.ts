/**
 * Strict encodings for files that cross between people: base64url that
 * refuses anything but the canonical form (so no flipped bit in the last
 * character can decode to the same bytes), and ASCII armour for pasting a
 * file into a chat or an email.
 */

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Decodes base64url without padding, refusing non-canonical input. Null when it is not. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? new Uint8Array(bytes) : null;
}

const LINE = 64;

export function armour(label: string, content: string): string {
  const body = Buffer.from(content, 'utf8').toString('base64');
  const lines = body.match(new RegExp(`.{1,${LINE}}`, 'g')) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
}

/**
 * The content inside an armour block, or the text itself when it is not
 * armoured. Null when the block is damaged (bad base64, missing end line).
 */
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
  return bytes.toString('utf8');
}
