/**
 * Looks for a plaintext in raw bytes in every form it could plausibly be
 * stored: UTF-8, UTF-16 (both byte orders), hex, and base64 / base64url at
 * each of the three alignments it could have inside a longer base64 string.
 */

function base64Forms(bytes: Buffer): Buffer[] {
  const forms: Buffer[] = [];
  for (let shift = 0; shift < 3; shift++) {
    // With `shift` bytes in front, the characters made only of the plaintext's own bits
    // run from ceil(shift * 4 / 3) to floor((shift + length) * 4 / 3), whatever surrounds them.
    const encoded = Buffer.concat([Buffer.alloc(shift, 0), bytes]).toString('base64');
    const start = Math.ceil((shift * 4) / 3);
    const stable = Math.floor(((shift + bytes.length) * 4) / 3);
    if (stable - start < 8) continue;
    const core = encoded.slice(start, stable);
    forms.push(Buffer.from(core, 'latin1'));
    forms.push(Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_'), 'latin1'));
  }
  return forms;
}

export function encodingsOf(plaintext: string): Map<string, Buffer> {
  const utf8 = Buffer.from(plaintext, 'utf8');
  const utf16le = Buffer.from(plaintext, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  const forms = new Map<string, Buffer>([
    ['utf8', utf8],
    ['utf16le', utf16le],
    ['utf16be', utf16be],
    ['hex', Buffer.from(utf8.toString('hex'), 'latin1')],
    ['HEX', Buffer.from(utf8.toString('hex').toUpperCase(), 'latin1')],
  ]);
  base64Forms(utf8).forEach((form, i) => forms.set(`base64#${i}`, form));
  return forms;
}

/** The names of the encodings in which `plaintext` occurs in `haystack`. */
export function findLeaks(haystack: Buffer | null, plaintext: string): string[] {
  if (!haystack) return [];
  return [...encodingsOf(plaintext)].filter(([, needle]) => haystack.includes(needle)).map(([name]) => name);
}
