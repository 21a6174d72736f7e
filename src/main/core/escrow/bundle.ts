/**
 * The escrow bundle, format custodian.escrow-bundle.v1 (docs/escrow-bundle.md
 * describes it byte by byte; this module is the app's implementation).
 *
 *   file = {"custodianEscrowBundle":1,"body":B64URL(bodyBytes),"signature":B64URL(sig)}
 *   sig  = Ed25519(issuer vault signing key, "custodian.escrow-bundle.v1" 0x00 || bodyBytes)
 *
 * Inside the body, two XChaCha20-Poly1305 ciphertexts under fresh random keys:
 *   manifest (accounts, managers, holders, last rotation, 2FA method) under manifestKey,
 *   secrets  (sign-in names, passwords, TOTP seeds, recovery codes)   under contentKey,
 * with AD "custodian.escrow.manifest.v1" 0x00 || bundleId (resp. ".secrets.v1").
 * manifestKey is sealed (crypto_box_seal) to the press key; contentKey too,
 * or, with a quorum, split k-of-n with Shamir's scheme over GF(2^8)
 * (the `shamir-secret-sharing` package) and each share sealed to one officer.
 */
import { combine, split } from 'shamir-secret-sharing';
import { z } from 'zod';
import { GRANT_KINDS } from '../../../shared/domain/access';
import { TWO_FACTOR_METHODS } from '../../../shared/domain/account';
import { MAX_BUNDLE_CHARS, MAX_OFFICERS, MIN_QUORUM } from '../../../shared/domain/escrow';
import { PLATFORMS } from '../../../shared/domain/platforms';
import { TOTP_ALGORITHMS } from '../../../shared/totp';
import type { RandomSource } from '../crypto/random';
import type { Sodium } from '../crypto/sodium';
import { CustodianError } from '../errors';
import { checkpointMessage } from '../audit/audit-trail';
import { B64, IsoTime, type ParsedCard } from './card';
import {
  decodeField,
  firstIssue,
  malformed,
  openEnvelope,
  sealEnvelope,
  tampered,
  toBase64Url,
  verifyEnvelope,
  type EnvelopeKind,
} from '../formats/signed-envelope';

export const BUNDLE_FORMAT = 'custodian.escrow-bundle.v1';
/**
 * Written by this build: v1, the register's contact details (recovery email
 * and phone, two-factor device and holder, people's phones) and the manager's
 * compliance summary. v1 bundles (earlier builds) still open.
 */
export const MANIFEST_FORMAT = 'custodian.escrow-manifest.v2';
export const MANIFEST_FORMAT_V1 = 'custodian.escrow-manifest.v1';
/** Written by this build: v1 and each account's sign-in name. v1 secrets (earlier builds) still open. */
export const SECRETS_FORMAT = 'custodian.escrow-secrets.v2';
export const SECRETS_FORMAT_V1 = 'custodian.escrow-secrets.v1';
export const MANIFEST_AD = 'custodian.escrow.manifest.v1';
export const SECRETS_AD = 'custodian.escrow.secrets.v1';
/** More accounts than any organisation registers; bounds what a hostile bundle can make us parse. */
export const MAX_BUNDLE_ACCOUNTS = 100_000;

export const BUNDLE: EnvelopeKind = {
  outerKey: 'custodianEscrowBundle',
  format: BUNDLE_FORMAT,
  noun: 'escrow bundle',
  remedy: 'Ask the account manager to export it again',
  maxChars: MAX_BUNDLE_CHARS,
};

const KEY_BYTES = 32;
const NONCE_BYTES = 24;
/** A Shamir share of a 32-byte key: 32 y-values and the x-coordinate. */
export const SHARE_BYTES = KEY_BYTES + 1;
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const Text = (max: number) => z.string().max(max);

/** An index into the manifest's `people`: each person is listed once, however many accounts they hold. */
const PersonIndex = z.number().int().min(0);

const manifestAccountV1 = {
  /** The account's id in the issuer's vault. */
  ref: z.number().int().positive(),
  platform: z.enum(PLATFORMS),
  handle: Text(256),
  displayName: Text(200),
  url: Text(2048),
  department: Text(200),
  manager: PersonIndex.nullable(),
  holders: z.array(z.strictObject({ person: PersonIndex, kind: z.enum(GRANT_KINDS), since: IsoTime })).max(10_000),
  lastRotatedAt: IsoTime.nullable(),
  twoFactor: z.enum(TWO_FACTOR_METHODS),
  hasPassword: z.boolean(),
  hasTotp: z.boolean(),
  recoveryCodes: z.number().int().min(0).max(100),
};
export const ManifestAccountV1Schema = z.strictObject(manifestAccountV1);

/** v2: what the press team needs at 2 a.m. besides the secrets: where resets go, who holds the second factor. */
export const ManifestAccountSchema = z.strictObject({
  ...manifestAccountV1,
  recoveryEmail: Text(254),
  recoveryPhone: Text(40),
  twoFactorDevice: Text(200),
  twoFactorHolder: PersonIndex.nullable(),
});
export type ManifestAccount = z.infer<typeof ManifestAccountSchema>;

/**
 * What the issuer's own compliance check found at export (escrow findings
 * left out: the bundle is the escrow). A finding's kind is kept as text so a
 * bundle from a later build with a new kind still opens.
 */
export const ManifestComplianceSchema = z.strictObject({
  checkedAt: IsoTime,
  accounts: z
    .array(
      z.strictObject({
        ref: z.number().int().positive(),
        findings: z
          .array(z.strictObject({ kind: z.string().regex(/^[a-z_]{1,40}$/), message: Text(300) }))
          .min(1)
          .max(50),
      }),
    )
    .max(MAX_BUNDLE_ACCOUNTS),
});
export type ManifestCompliance = z.infer<typeof ManifestComplianceSchema>;

export const ManifestSchema = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal(MANIFEST_FORMAT_V1),
    /** Managers and holders, each once. */
    people: z.array(z.strictObject({ name: Text(200), email: Text(254) })).max(MAX_BUNDLE_ACCOUNTS),
    accounts: z.array(ManifestAccountV1Schema).max(MAX_BUNDLE_ACCOUNTS),
  }),
  z.strictObject({
    format: z.literal(MANIFEST_FORMAT),
    /** Managers, holders and two-factor holders, each once. */
    people: z.array(z.strictObject({ name: Text(200), email: Text(254), phone: Text(40) })).max(MAX_BUNDLE_ACCOUNTS),
    accounts: z.array(ManifestAccountSchema).max(MAX_BUNDLE_ACCOUNTS),
    compliance: ManifestComplianceSchema,
  }),
]);
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestPerson = z.infer<(typeof ManifestSchema.options)[1]['shape']['people']['element']>;

/** A manifest account as v2 has it: a v1 account's register contact details are empty. */
export function manifestAccount(account: Manifest['accounts'][number]): ManifestAccount {
  return 'recoveryEmail' in account
    ? account
    : { ...account, recoveryEmail: '', recoveryPhone: '', twoFactorDevice: '', twoFactorHolder: null };
}

/** A manifest person as v2 has it: in a v1 manifest, nobody's phone is known. */
export function manifestPerson(manifest: Manifest, index: number): ManifestPerson {
  const person = manifest.people[index]!;
  return 'phone' in person ? person : { ...person, phone: '' };
}

export const EscrowedTotpSchema = z.strictObject({
  secret: z.string().regex(/^[A-Z2-7]+$/),
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]),
  period: z.number().int().min(10).max(300),
  algorithm: z.enum(TOTP_ALGORITHMS),
});

const escrowedSecretV1 = {
  ref: z.number().int().positive(),
  password: Text(1024).nullable(),
  totp: EscrowedTotpSchema.nullable(),
  recoveryCodes: z.array(Text(200)).max(100),
};
/** v2: the sign-in name typed above the password (null when none is stored). */
export const EscrowedSecretSchema = z.strictObject({ ...escrowedSecretV1, signInName: Text(320).nullable() });
export type EscrowedSecret = z.infer<typeof EscrowedSecretSchema>;

export const SecretsSchema = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal(SECRETS_FORMAT_V1),
    accounts: z.array(z.strictObject(escrowedSecretV1)).max(MAX_BUNDLE_ACCOUNTS),
  }),
  z.strictObject({
    format: z.literal(SECRETS_FORMAT),
    accounts: z.array(EscrowedSecretSchema).max(MAX_BUNDLE_ACCOUNTS),
  }),
]);
export type Secrets = z.infer<typeof SecretsSchema>;

/** An escrowed secret as v2 has it: v1 secrets carry no sign-in name. */
export function escrowedSecret(secret: Secrets['accounts'][number]): EscrowedSecret {
  return 'signInName' in secret ? secret : { ...secret, signInName: null };
}

const Sealed = z.strictObject({ nonce: B64, ciphertext: z.string() });

export const BundleBodySchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  bundleId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  createdAt: IsoTime,
  issuer: z.strictObject({ vaultId: Text(100).min(1), name: Text(200), signingKey: B64 }),
  recipient: z.strictObject({
    team: Text(200),
    cardFingerprint: z.string().regex(/^\d{5}( \d{5}){5}$/),
    encryptionKey: B64,
  }),
  auditHead: z.strictObject({
    seq: z.number().int().positive(),
    at: z.number().int().nonnegative(),
    hash: B64,
    signature: B64,
  }),
  manifest: Sealed,
  secrets: Sealed,
  keys: z.strictObject({
    manifest: B64,
    content: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('single'), sealed: B64 }),
      z.strictObject({
        mode: z.literal('quorum'),
        k: z.number().int().min(MIN_QUORUM).max(MAX_OFFICERS),
        n: z.number().int().min(MIN_QUORUM).max(MAX_OFFICERS),
        shares: z
          .array(z.strictObject({ officer: Text(100), encryptionKey: B64, sealed: B64 }))
          .min(MIN_QUORUM)
          .max(MAX_OFFICERS),
      }),
    ]),
  }),
});
export type BundleBody = z.infer<typeof BundleBodySchema>;

export type SealedContent =
  | { mode: 'single'; sealed: Uint8Array }
  | {
      mode: 'quorum';
      k: number;
      n: number;
      shares: { officer: string; encryptionKey: Uint8Array; sealed: Uint8Array }[];
    };

export interface ParsedBundle {
  body: BundleBody;
  bodyBytes: Uint8Array;
  file: string;
  createdAt: number;
  issuerKey: Uint8Array;
  recipientKey: Uint8Array;
  auditHead: { seq: number; at: number; hash: Uint8Array; signature: Uint8Array };
  manifest: { nonce: Uint8Array; ciphertext: Uint8Array };
  secrets: { nonce: Uint8Array; ciphertext: Uint8Array };
  sealedManifestKey: Uint8Array;
  content: SealedContent;
}

export interface AuditHead {
  seq: number;
  at: number;
  hash: Uint8Array;
  signature: Uint8Array;
}

/** The fresh keys of one bundle, sealed for its recipient. Dispose after sealing the bundle. */
export interface BundleKeys {
  manifestKey: Uint8Array;
  contentKey: Uint8Array;
  sealedManifestKey: Uint8Array;
  content: BundleBody['keys']['content'];
  dispose(): void;
}

/** AD of the manifest or secrets ciphertext: UTF-8(domain) || 0x00 || UTF-8(bundleId). */
export function bundleAd(domain: string, bundleId: string): Uint8Array {
  return encoder.encode(`${domain}\u0000${bundleId}`);
}

/**
 * Draws the manifest and content keys and seals them to the card: async
 * because the Shamir package's split is. Runs before the export's
 * transaction (which cannot await).
 */
export async function prepareBundleKeys(sodium: Sodium, random: RandomSource, card: ParsedCard): Promise<BundleKeys> {
  const manifestKey = random(KEY_BYTES);
  const contentKey = random(KEY_BYTES);
  const sealedManifestKey = sodium.crypto_box_seal(manifestKey, card.encryptionKey);
  let content: BundleKeys['content'];
  const quorum = card.body.quorum;
  if (quorum === null) {
    content = { mode: 'single', sealed: toBase64Url(sodium.crypto_box_seal(contentKey, card.encryptionKey)) };
  } else {
    const shares = await split(contentKey, card.officers.length, quorum.k);
    content = {
      mode: 'quorum',
      k: quorum.k,
      n: card.officers.length,
      shares: card.officers.map((officer, i) => ({
        officer: officer.name,
        encryptionKey: toBase64Url(officer.encryptionKey),
        sealed: toBase64Url(sodium.crypto_box_seal(shares[i]!, officer.encryptionKey)),
      })),
    };
    for (const share of shares) sodium.memzero(share);
  }
  return {
    manifestKey,
    contentKey,
    sealedManifestKey,
    content,
    dispose() {
      sodium.memzero(manifestKey);
      sodium.memzero(contentKey);
    },
  };
}

export interface BundleInput {
  bundleId: string;
  createdAt: number;
  issuer: { vaultId: string; name: string; signingKey: Uint8Array };
  card: ParsedCard;
  auditHead: AuditHead;
  manifest: Manifest;
  secrets: Secrets;
  keys: BundleKeys;
}

/** Encrypts the manifest and secrets, assembles the body and signs it. Returns the file text. */
export function sealBundle(
  sodium: Sodium,
  random: RandomSource,
  input: BundleInput,
  sign: (message: Uint8Array) => Uint8Array,
): { file: string; bodyBytes: Uint8Array } {
  const encrypt = (plaintext: Uint8Array, domain: string, key: Uint8Array) => {
    const nonce = random(NONCE_BYTES);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      bundleAd(domain, input.bundleId),
      null,
      nonce,
      key,
    );
    return { nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) };
  };
  const secretsPlain = encoder.encode(JSON.stringify(input.secrets));
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    bundleId: input.bundleId,
    createdAt: new Date(input.createdAt).toISOString(),
    issuer: {
      vaultId: input.issuer.vaultId,
      name: input.issuer.name,
      signingKey: toBase64Url(input.issuer.signingKey),
    },
    recipient: {
      team: input.card.body.team,
      cardFingerprint: input.card.fingerprint.text,
      encryptionKey: toBase64Url(input.card.encryptionKey),
    },
    auditHead: {
      seq: input.auditHead.seq,
      at: input.auditHead.at,
      hash: toBase64Url(input.auditHead.hash),
      signature: toBase64Url(input.auditHead.signature),
    },
    manifest: encrypt(encoder.encode(JSON.stringify(input.manifest)), MANIFEST_AD, input.keys.manifestKey),
    secrets: encrypt(secretsPlain, SECRETS_AD, input.keys.contentKey),
    keys: { manifest: toBase64Url(input.keys.sealedManifestKey), content: input.keys.content },
  };
  // The secrets' plaintext is in a buffer we own: wipe it (the JSON string itself cannot be wiped).
  sodium.memzero(secretsPlain);
  return sealEnvelope(BUNDLE, body, sign);
}

/**
 * Parses a bundle file and checks its signature against the issuer key it
 * names (whether that key is the right one is the press register's pin to
 * decide), then every field's encoding and length.
 */
export function parseBundle(sodium: Sodium, file: string): ParsedBundle {
  const opened = openEnvelope(BUNDLE, file);
  const issuer = (opened.raw as { issuer?: { signingKey?: unknown } }).issuer;
  const keyText = issuer && typeof issuer === 'object' ? issuer.signingKey : undefined;
  if (typeof keyText !== 'string') throw malformed(BUNDLE, 'no issuer signing key');
  const issuerKey = decodeField(BUNDLE, 'issuer.signingKey', keyText, sodium.crypto_sign_PUBLICKEYBYTES);
  verifyEnvelope(sodium, BUNDLE, opened, issuerKey);
  const parsed = BundleBodySchema.safeParse(opened.raw);
  if (!parsed.success) throw malformed(BUNDLE, firstIssue(parsed.error));
  const body = parsed.data;
  const field = (name: string, text: string, length?: number) => decodeField(BUNDLE, name, text, length);
  const sealedKeyBytes = KEY_BYTES + sodium.crypto_box_SEALBYTES;
  let content: SealedContent;
  const c = body.keys.content;
  if (c.mode === 'single') {
    content = { mode: 'single', sealed: field('keys.content.sealed', c.sealed, sealedKeyBytes) };
  } else {
    if (c.shares.length !== c.n || c.k > c.n) throw malformed(BUNDLE, 'the quorum does not add up');
    content = {
      mode: 'quorum',
      k: c.k,
      n: c.n,
      shares: c.shares.map((share, i) => ({
        officer: share.officer,
        encryptionKey: field(`keys.content.shares.${i}.encryptionKey`, share.encryptionKey, 32),
        sealed: field(`keys.content.shares.${i}.sealed`, share.sealed, SHARE_BYTES + sodium.crypto_box_SEALBYTES),
      })),
    };
  }
  return {
    body,
    bodyBytes: opened.bodyBytes,
    file: file.trim(),
    createdAt: Date.parse(body.createdAt),
    issuerKey,
    recipientKey: field('recipient.encryptionKey', body.recipient.encryptionKey, 32),
    auditHead: {
      seq: body.auditHead.seq,
      at: body.auditHead.at,
      hash: field('auditHead.hash', body.auditHead.hash, 32),
      signature: field('auditHead.signature', body.auditHead.signature, 64),
    },
    manifest: {
      nonce: field('manifest.nonce', body.manifest.nonce, NONCE_BYTES),
      ciphertext: field('manifest.ciphertext', body.manifest.ciphertext),
    },
    secrets: {
      nonce: field('secrets.nonce', body.secrets.nonce, NONCE_BYTES),
      ciphertext: field('secrets.ciphertext', body.secrets.ciphertext),
    },
    sealedManifestKey: field('keys.manifest', body.keys.manifest, sealedKeyBytes),
    content,
  };
}

/** The issuer's signed audit checkpoint, checked with the issuer's key (as `audit verify` would). */
export function auditHeadVerifies(sodium: Sodium, bundle: ParsedBundle): boolean {
  const head = bundle.auditHead;
  try {
    return sodium.crypto_sign_verify_detached(
      head.signature,
      checkpointMessage(bundle.body.issuer.vaultId, head.seq, head.at, head.hash),
      bundle.issuerKey,
    );
  } catch {
    return false;
  }
}

/** Opens a sealed box to (publicKey, secretKey), or throws `tampered`. */
function openSealed(sodium: Sodium, sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array, what: string) {
  try {
    return sodium.crypto_box_seal_open(sealed, publicKey, secretKey);
  } catch {
    throw tampered(BUNDLE, `${what} does not open with this key`);
  }
}

function decryptJson<T>(
  sodium: Sodium,
  sealed: { nonce: Uint8Array; ciphertext: Uint8Array },
  domain: string,
  bundleId: string,
  key: Uint8Array,
  schema: z.ZodType<T>,
  what: string,
  onFail: () => CustodianError,
): T {
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.ciphertext,
      bundleAd(domain, bundleId),
      sealed.nonce,
      key,
    );
  } catch {
    throw onFail();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(strictUtf8.decode(plain));
  } catch {
    throw malformed(BUNDLE, `its ${what} is not JSON`);
  } finally {
    sodium.memzero(plain);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw malformed(BUNDLE, `${what}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

/** The manifest, with the press key: no secret is opened. */
export function openManifest(sodium: Sodium, bundle: ParsedBundle, publicKey: Uint8Array, secretKey: Uint8Array) {
  const manifestKey = openSealed(sodium, bundle.sealedManifestKey, publicKey, secretKey, 'the manifest key');
  try {
    if (manifestKey.length !== KEY_BYTES) throw tampered(BUNDLE, 'the manifest key has the wrong length');
    const manifest = decryptJson(
      sodium,
      bundle.manifest,
      MANIFEST_AD,
      bundle.body.bundleId,
      manifestKey,
      ManifestSchema,
      'manifest',
      () => tampered(BUNDLE, 'the manifest does not decrypt'),
    );
    const refs = new Set(manifest.accounts.map((a) => a.ref));
    if (refs.size !== manifest.accounts.length) throw malformed(BUNDLE, 'the manifest lists an account twice');
    const people = manifest.people.length;
    const known = (index: number | null) => index === null || index < people;
    const fine = (a: ManifestAccount) =>
      known(a.manager) && known(a.twoFactorHolder) && a.holders.every((h) => known(h.person));
    if (!manifest.accounts.map(manifestAccount).every(fine)) {
      throw malformed(BUNDLE, 'the manifest refers to a person it does not list');
    }
    return manifest;
  } finally {
    sodium.memzero(manifestKey);
  }
}

/** The content key of a single-key bundle, with the press key. */
export function openSingleContentKey(
  sodium: Sodium,
  bundle: ParsedBundle,
  publicKey: Uint8Array,
  secretKey: Uint8Array,
): Uint8Array {
  if (bundle.content.mode !== 'single') throw new CustodianError('conflict', 'This bundle needs a quorum of officers');
  const key = openSealed(sodium, bundle.content.sealed, publicKey, secretKey, 'the content key');
  if (key.length !== KEY_BYTES) throw tampered(BUNDLE, 'the content key has the wrong length');
  return key;
}

/** One officer's share, with that officer's key. */
export function openShare(sodium: Sodium, sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array) {
  const share = openSealed(sodium, sealed, publicKey, secretKey, 'an officer’s share');
  if (share.length !== SHARE_BYTES) throw tampered(BUNDLE, 'an officer’s share has the wrong length');
  return share;
}

/**
 * The content key from k shares. Shamir's scheme does not detect a wrong
 * share: it silently yields a wrong key, which the secrets' AEAD tag then
 * refuses (see openSecrets).
 */
export async function combineShares(shares: Uint8Array[]): Promise<Uint8Array> {
  try {
    const key = await combine(shares);
    if (key.length !== KEY_BYTES) throw new Error('wrong length');
    return key;
  } catch {
    throw tampered(BUNDLE, 'the officers’ shares cannot be combined (two are the same, or one is damaged)');
  }
}

/** The secrets, with the content key; a wrong key (e.g. from a bad share) fails the AEAD tag. */
export function openSecrets(sodium: Sodium, bundle: ParsedBundle, contentKey: Uint8Array): Secrets {
  const secrets = decryptJson(
    sodium,
    bundle.secrets,
    SECRETS_AD,
    bundle.body.bundleId,
    contentKey,
    SecretsSchema,
    'secrets',
    () =>
      tampered(
        BUNDLE,
        bundle.content.mode === 'quorum'
          ? 'the secrets do not decrypt with the key the officers’ shares make (a share is wrong or damaged)'
          : 'the secrets do not decrypt',
      ),
  );
  const refs = new Set(secrets.accounts.map((a) => a.ref));
  if (refs.size !== secrets.accounts.length) throw malformed(BUNDLE, 'the secrets list an account twice');
  return secrets;
}
