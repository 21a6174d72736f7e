/**
 * docs/escrow-bundle.md, followed step by step by an independent
 * implementation: raw libsodium-wrappers-sumo calls, base64url and GF(2^8)
 * arithmetic written here, nothing from src/main/core/escrow. This test is
 * the press team: it makes its own key pairs and press cards from the
 * document (single key, and 2 of 3 officers), the app (as the manager)
 * imports them and exports real bundles, and this code opens them. It then
 * writes a break-glass notice from the document, which the app imports.
 */
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { useTempDir, freshPath } from '../support/tmp';
import { fields, makeVault, secrets, type TestCore } from '../support/vault';

// ---------------------------------------------------------------- written from the document only

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** "Domain separation": UTF-8(domain) ‖ 0x00 ‖ data. */
const separated = (domain: string, data: Uint8Array) => concat(utf8(domain), new Uint8Array([0]), data);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 without padding, canonical only. */
function b64urlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('bad length');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`bad character ${char}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new Error('non-canonical final character');
  return new Uint8Array(out);
}

function b64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(buffer >> bits) & 63];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (6 - bits)) & 63];
  return out;
}

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0x11B). */
function gfMul(a: number, b: number): number {
  let product = 0;
  while (b) {
    if (b & 1) product ^= a;
    a <<= 1;
    if (a & 0x100) a ^= 0x11b;
    b >>= 1;
  }
  return product;
}

/** a^254 = a^-1 in GF(2^8). */
function gfInv(a: number): number {
  let result = 1;
  let base = a;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

/** key[j] = XOR over shares i of y_i[j] · Π_{m ≠ i} x_m / (x_m XOR x_i); each share is y[0..31] ‖ x. */
function interpolate(shares: Uint8Array[]): Uint8Array {
  const xs = shares.map((s) => s[32]!);
  const key = new Uint8Array(32);
  for (let j = 0; j < 32; j++) {
    let value = 0;
    shares.forEach((share, i) => {
      let basis = 1;
      xs.forEach((xm, m) => {
        if (m !== i) basis = gfMul(basis, gfMul(xm, gfInv(xm ^ xs[i]!)));
      });
      value ^= gfMul(share[j]!, basis);
    });
    key[j] = value;
  }
  return key;
}

/** "Fingerprints": six groups of (5 bytes big-endian mod 100000) of a domain-separated BLAKE2b-256. */
function fingerprint(domain: string, input: Uint8Array): string {
  const digest = sodium.crypto_generichash(32, separated(domain, input), null);
  const groups: string[] = [];
  for (let i = 0; i < 6; i++) {
    let v = 0n;
    for (let k = 0; k < 5; k++) v = v * 256n + BigInt(digest[5 * i + k]!);
    groups.push((v % 100000n).toString().padStart(5, '0'));
  }
  return groups.join(' ');
}

/** "The signed envelope": returns the verified body bytes. */
function openEnvelope(
  file: string,
  marker: string,
  format: string,
  key: (body: Record<string, unknown>) => Uint8Array,
) {
  const outer = JSON.parse(file) as Record<string, unknown>;
  expect(outer[marker]).toBe(1);
  const { body, signature } = outer as { body: string; signature: string };
  expect(file).toBe(`{"${marker}":1,"body":"${body}","signature":"${signature}"}`);
  const bodyBytes = b64urlDecode(body);
  const sig = b64urlDecode(signature);
  expect(sig.length).toBe(64);
  const parsed = JSON.parse(fromUtf8(bodyBytes)) as Record<string, unknown>;
  expect(parsed.format).toBe(format);
  expect(sodium.crypto_sign_verify_detached(sig, separated(format, bodyBytes), key(parsed))).toBe(true);
  return { bodyBytes, body: parsed };
}

function seal(marker: string, format: string, body: object, secretKey: Uint8Array): string {
  const bodyBytes = utf8(JSON.stringify(body));
  const signature = sodium.crypto_sign_detached(separated(format, bodyBytes), secretKey);
  return `{"${marker}":1,"body":"${b64urlEncode(bodyBytes)}","signature":"${b64urlEncode(signature)}"}`;
}

const aeadOpen = (ciphertext: Uint8Array, ad: Uint8Array, nonce: Uint8Array, key: Uint8Array) =>
  sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);

// ---------------------------------------------------------------- the press team, by hand

interface PressTeam {
  signing: { publicKey: Uint8Array; privateKey: Uint8Array };
  box: { publicKey: Uint8Array; privateKey: Uint8Array };
  officers: { name: string; publicKey: Uint8Array; privateKey: Uint8Array }[];
  card: string;
  fingerprint: string;
}

function pressTeam(team: string, quorum: number | null): PressTeam {
  const signing = sodium.crypto_sign_keypair();
  const box = sodium.crypto_box_keypair();
  const officers =
    quorum === null ? [] : ['Ann', 'Bob', 'Cat'].map((name) => ({ name, ...sodium.crypto_box_keypair() }));
  const body = {
    format: 'custodian.press-card.v1',
    team,
    createdAt: '2026-01-15T08:00:00.000Z',
    encryptionKey: b64urlEncode(box.publicKey),
    signingKey: b64urlEncode(signing.publicKey),
    quorum:
      quorum === null
        ? null
        : { k: quorum, officers: officers.map((o) => ({ name: o.name, encryptionKey: b64urlEncode(o.publicKey) })) },
  };
  const card = seal('custodianPressCard', 'custodian.press-card.v1', body, signing.privateKey);
  const fp = fingerprint('custodian.press-card.fingerprint.v1', utf8(JSON.stringify(body)));
  return { signing, box, officers, card, fingerprint: fp };
}

interface Opened {
  body: Record<string, unknown>;
  manifest: {
    format: string;
    people: { name: string; email: string; phone: string }[];
    accounts: Record<string, unknown>[];
    compliance: { checkedAt: string; accounts: { ref: number; findings: { kind: string; message: string }[] }[] };
  };
  secrets: {
    format: string;
    accounts: { ref: number; password: string | null; totp: unknown; recoveryCodes: string[] }[];
  };
}

/** "Opening a bundle, step by step". `officers` are the indexes of the k officers present. */
function openBundle(file: string, press: PressTeam, expectedIssuerKey: Uint8Array, officers: number[] = []): Opened {
  // Steps 1-2: envelope and the issuer's signature.
  const { body } = openEnvelope(file, 'custodianEscrowBundle', 'custodian.escrow-bundle.v1', (b) =>
    b64urlDecode((b.issuer as { signingKey: string }).signingKey),
  );
  const issuer = body.issuer as { vaultId: string; signingKey: string };
  const issuerPk = b64urlDecode(issuer.signingKey);
  expect(sodium.memcmp(issuerPk, expectedIssuerKey)).toBe(true); // the pin
  // Step 3: for us.
  const recipient = body.recipient as { encryptionKey: string; cardFingerprint: string };
  expect(sodium.memcmp(b64urlDecode(recipient.encryptionKey), press.box.publicKey)).toBe(true);
  expect(recipient.cardFingerprint).toBe(press.fingerprint);
  // Step 4: the issuer's audit checkpoint.
  const head = body.auditHead as { seq: number; at: number; hash: string; signature: string };
  const checkpoint = concat(
    utf8(`custodian.audit.checkpoint.v1\u0000${issuer.vaultId}\u0000${head.seq}\u0000${head.at}\u0000`),
    b64urlDecode(head.hash),
  );
  expect(sodium.crypto_sign_verify_detached(b64urlDecode(head.signature), checkpoint, issuerPk)).toBe(true);
  // Step 5: the manifest, with the press key.
  const bundleId = body.bundleId as string;
  const keys = body.keys as { manifest: string; content: Record<string, unknown> };
  const sealedManifestKey = b64urlDecode(keys.manifest);
  expect(sealedManifestKey.length).toBe(80);
  const manifestKey = sodium.crypto_box_seal_open(sealedManifestKey, press.box.publicKey, press.box.privateKey);
  const m = body.manifest as { nonce: string; ciphertext: string };
  const manifest = JSON.parse(
    fromUtf8(
      aeadOpen(
        b64urlDecode(m.ciphertext),
        separated('custodian.escrow.manifest.v1', utf8(bundleId)),
        b64urlDecode(m.nonce),
        manifestKey,
      ),
    ),
  ) as Opened['manifest'];
  // Step 6: the content key.
  let contentKey: Uint8Array;
  if (keys.content.mode === 'single') {
    contentKey = sodium.crypto_box_seal_open(
      b64urlDecode(keys.content.sealed as string),
      press.box.publicKey,
      press.box.privateKey,
    );
  } else {
    const shares = (keys.content.shares as { officer: string; encryptionKey: string; sealed: string }[]).map((s, i) => {
      expect(s.officer).toBe(press.officers[i]!.name);
      expect(sodium.memcmp(b64urlDecode(s.encryptionKey), press.officers[i]!.publicKey)).toBe(true);
      return s.sealed;
    });
    const opened = officers.map((i) =>
      sodium.crypto_box_seal_open(
        b64urlDecode(shares[i]!),
        press.officers[i]!.publicKey,
        press.officers[i]!.privateKey,
      ),
    );
    expect(opened.every((share) => share.length === 33)).toBe(true);
    contentKey = interpolate(opened);
  }
  // Step 7: the secrets.
  const s = body.secrets as { nonce: string; ciphertext: string };
  const secretsJson = fromUtf8(
    aeadOpen(
      b64urlDecode(s.ciphertext),
      separated('custodian.escrow.secrets.v1', utf8(bundleId)),
      b64urlDecode(s.nonce),
      contentKey,
    ),
  );
  return { body, manifest, secrets: JSON.parse(secretsJson) as Opened['secrets'] };
}

// ---------------------------------------------------------------- the app as the manager

const dir = useTempDir('custodian-escrow-decoder-');
let manager: TestCore;
let single: PressTeam;
let quorum: PressTeam;
let accounts: { brand: number; news: number };

beforeAll(async () => {
  await sodium.ready;
  manager = await makeVault(freshPath(dir, 'manager'), { clock: new ManualClock(Date.UTC(2026, 0, 15, 9)) });
  const jo = manager.people.create({ name: 'Jo Bloggs', email: 'jo@example.ac.uk', phone: '+44 151 794 2000' });
  const brand = manager.accounts.create(
    fields({
      platform: 'instagram',
      handle: 'ourbrand',
      displayName: 'Our Brand',
      managerId: jo.id,
      recoveryEmail: 'comms-team@example.ac.uk',
      twoFactorDevice: 'Comms team iPhone',
      twoFactorHolderId: jo.id,
    }),
    secrets({
      signInName: 'comms-team@example.ac.uk',
      password: 'brand ✓ password',
      totp: { seed: 'JBSWY3DPEHPK3PXP', digits: 8 },
      recoveryCodes: ['one', 'two'],
    }),
  );
  const news = manager.accounts.create(
    fields({ platform: 'x', handle: 'uninews' }),
    secrets({ password: 'news password' }),
  );
  manager.access.grant({ accountId: brand.id, personId: jo.id, reason: 'Runs it' });
  accounts = { brand: brand.id, news: news.id };
  single = pressTeam('Press Office', null);
  quorum = pressTeam('Press Office (quorum)', 2);
  // Cards made from the document alone are accepted, with fingerprints computed from the document alone.
  expect(manager.escrow.importCard(single.card, single.fingerprint).fingerprint).toBe(single.fingerprint);
  expect(manager.escrow.importCard(quorum.card, quorum.fingerprint).quorum).toEqual({
    k: 2,
    officers: ['Ann', 'Bob', 'Cat'],
  });
});
afterAll(() => manager.dispose());

async function exportTo(press: PressTeam): Promise<string> {
  let file = '';
  await manager.escrow.export(press.fingerprint, (content) => (file = content));
  return file;
}

describe('an escrow bundle opened with the document and raw libsodium only', () => {
  it('single key: manifest and secrets', async () => {
    const opened = openBundle(await exportTo(single), single, manager.vault.session().keys.signingPublicKey);
    expect(opened.body.issuer).toMatchObject({ vaultId: manager.vault.session().info.id, name: 'Comms Team' });
    expect(opened.manifest.format).toBe('custodian.escrow-manifest.v2');
    // The manager's own findings travel with the bundle, by account ref (escrow's own R7 left out).
    expect(opened.manifest.compliance.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const findings = new Map(opened.manifest.compliance.accounts.map((a) => [a.ref, a.findings.map((f) => f.kind)]));
    expect(findings.get(accounts.news)).toEqual(expect.arrayContaining(['no_manager', 'no_holders']));
    expect([...findings.values()].flat()).not.toContain('no_escrow');
    expect(opened.manifest.people).toEqual([
      { name: 'Jo Bloggs', email: 'jo@example.ac.uk', phone: '+44 151 794 2000' },
    ]);
    expect(opened.manifest.accounts).toEqual([
      {
        ref: accounts.brand,
        platform: 'instagram',
        handle: 'ourbrand',
        displayName: 'Our Brand',
        url: '',
        department: '',
        manager: 0,
        holders: [{ person: 0, kind: 'standing', since: '2026-01-15T09:00:00.000Z' }],
        lastRotatedAt: '2026-01-15T09:00:00.000Z',
        twoFactor: 'totp',
        hasPassword: true,
        hasTotp: true,
        recoveryCodes: 2,
        recoveryEmail: 'comms-team@example.ac.uk',
        recoveryPhone: '',
        twoFactorDevice: 'Comms team iPhone',
        twoFactorHolder: 0,
      },
      expect.objectContaining({
        ref: accounts.news,
        handle: 'uninews',
        manager: null,
        holders: [],
        hasTotp: false,
        twoFactorHolder: null,
      }),
    ]);
    expect(opened.secrets).toEqual({
      format: 'custodian.escrow-secrets.v2',
      accounts: [
        {
          ref: accounts.brand,
          signInName: 'comms-team@example.ac.uk',
          password: 'brand ✓ password',
          totp: { secret: 'JBSWY3DPEHPK3PXP', digits: 8, period: 30, algorithm: 'sha1' },
          recoveryCodes: ['one', 'two'],
        },
        { ref: accounts.news, signInName: null, password: 'news password', totp: null, recoveryCodes: [] },
      ],
    });
  });

  it('quorum: any 2 of the 3 officers, by Lagrange interpolation over GF(2^8) written here', async () => {
    const file = await exportTo(quorum);
    for (const officers of [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 1, 0],
    ]) {
      const opened = openBundle(file, quorum, manager.vault.session().keys.signingPublicKey, officers);
      expect(opened.secrets.accounts.find((a) => a.ref === accounts.brand)!.password).toBe('brand ✓ password');
    }
    // One officer alone interpolates a constant: the wrong key, refused by the AEAD tag.
    expect(() => openBundle(file, quorum, manager.vault.session().keys.signingPublicKey, [1])).toThrow();
  });

  it('a notice written from the document is accepted by the app and creates the obligations', async () => {
    const file = await exportTo(single);
    const { body } = openBundle(file, single, manager.vault.session().keys.signingPublicKey);
    const notice = seal(
      'custodianBreakGlassNotice',
      'custodian.break-glass-notice.v1',
      {
        format: 'custodian.break-glass-notice.v1',
        noticeId: b64urlEncode(sodium.randombytes_buf(16)),
        openedAt: '2026-01-16T02:30:00.000Z',
        press: {
          team: 'Press Office',
          cardFingerprint: single.fingerprint,
          signingKey: b64urlEncode(single.signing.publicKey),
        },
        bundleId: body.bundleId,
        issuerVaultId: (body.issuer as { vaultId: string }).vaultId,
        reason: 'Drill, following the document',
        accounts: [accounts.news],
      },
      single.signing.privateKey,
    );
    expect(manager.escrow.importNotice(notice)).toMatchObject({ accounts: 1, obligations: 1, team: 'Press Office' });
    expect(manager.obligations.list(accounts.news)).toEqual([
      expect.objectContaining({
        reasonKind: 'escrow_opened',
        reasonDetail: 'Escrow opened by Press Office on 2026-01-16: Drill, following the document',
      }),
    ]);
  });

  it('the signing-key fingerprint shown for a card is the documented one', () => {
    const shown = manager.escrow.cards().map((c) => c.signingKeyFingerprint);
    expect(shown).toEqual([
      fingerprint('custodian.signing-key.fingerprint.v1', single.signing.publicKey),
      fingerprint('custodian.signing-key.fingerprint.v1', quorum.signing.publicKey),
    ]);
  });
});
