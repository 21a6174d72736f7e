/**
 * A keyed digest of the audit trail's stored rows, for incremental
 * verification: when a verification has re-hashed the keyed chain up to a
 * signed checkpoint, the digest of the rows up to it is remembered; the next
 * verification compares the same rows against it in bulk instead of
 * re-hashing each event (libsodium.js's BLAKE2b costs microseconds per call;
 * HMAC-SHA-256 here is OpenSSL's, over text SQLite builds in one piece).
 *
 *   digest key = BLAKE2b-256( key = audit key, "custodian.audit.digest-key.v1" )
 *   digest     = HMAC-SHA-256( digest key, stored text of events 1..seq )
 *
 * Keyed, so that someone who can edit the file but lacks the passphrase
 * cannot make an edited prefix match the remembered digest.
 */
import { createHmac, type Hmac } from 'node:crypto';
import type { Sodium } from './sodium';

const DIGEST_KEY_DOMAIN = 'custodian.audit.digest-key.v1';

export function trailDigestKey(sodium: Sodium, auditKey: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, DIGEST_KEY_DOMAIN, auditKey);
}

export class TrailDigest {
  private readonly hmac: Hmac;

  constructor(key: Uint8Array) {
    this.hmac = createHmac('sha256', key);
  }

  update(text: string): void {
    this.hmac.update(text, 'utf8');
  }

  digest(): Uint8Array {
    return new Uint8Array(this.hmac.digest());
  }
}
