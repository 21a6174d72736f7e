/**
 * The press team's side of emergency escrow, in the press-team vault:
 *
 *  - the press key: an X25519 key pair (secret half sealed in the vault) and
 *    its signed public card, optionally naming k-of-n officers whose own
 *    passphrases protect their keys;
 *  - the press register: bundles imported from managers (issuer key pinned
 *    on first import), their manifests readable without opening any secret;
 *  - break glass: open the secrets of chosen accounts with a reason (and, for
 *    a quorum card, k officers' passphrases), audited, yielding a signed
 *    notice for the manager.
 *
 * docs/escrow-bundle.md has the formats; docs/security-model.md what they protect.
 */
import {
  BreakGlassReason,
  BundleInspectionSchema,
  PressKeygenInputSchema,
  formatFingerprint,
  type BundleImportResult,
  type BundleInspection,
  type EscrowCopyField,
  type EscrowRegister,
  type OpenedAccount,
  type OpeningResult,
  type OpeningView,
  type PressKeygenInput,
  type PressKeyView,
  type RegisterEntry,
} from '../../../shared/domain/escrow';
import { totpCode, type TotpCode } from '../../../shared/totp';
import type { Ciphertext, FieldRef } from '../crypto/field-cipher';
import { KDF_ALGORITHM, KDF_PRESET_PARAMS, SALT_BYTES, checkKdfParams, type KdfParams } from '../crypto/kdf';
import type { Sodium } from '../crypto/sodium';
import type { IssuerRow, PressKeyRow, ReceivedBundleMeta } from '../db/escrow.repo';
import { CustodianError, parseInput } from '../errors';
import {
  auditHeadVerifies,
  combineShares,
  openManifest,
  openSecrets,
  openShare,
  openSingleContentKey,
  parseBundle,
  type Manifest,
  type ManifestAccount,
  type ParsedBundle,
  type EscrowedSecret,
} from '../escrow/bundle';
import { CARD_ARMOUR, CARD_FORMAT, makeCard, parseCard, type CardBody, type ParsedCard } from '../escrow/card';
import { armour, toBase64Url } from '../formats/signed-envelope';
import { signingKeyFingerprint } from '../escrow/fingerprint';
import { NOTICE_FORMAT, makeNotice } from '../escrow/notice';
import { keyPairMatches, officerAd, unwrapOfficerKey, wrapOfficerKey } from '../escrow/officer';
import type { ClipboardGuard } from './clipboard-guard';
import { invalidate, sessionCached } from './session-cache';
import type { SettingsService } from './settings.service';
import type { DeriveKey, VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const pressKeyRef = (row: number, column: 'secret_key' | 'card'): FieldRef => ({ table: 'press_keys', row, column });
const officerRef = (row: number, column: 'name' | 'wrapped_secret_key'): FieldRef => ({
  table: 'press_officers',
  row,
  column,
});
const issuerRef = (row: number): FieldRef => ({ table: 'escrow_issuers', row, column: 'name' });
const bundleRef = (row: number, column: 'file' | 'manifest'): FieldRef => ({ table: 'escrow_bundles', row, column });
const openingRef = (row: number, column: 'reason' | 'notice'): FieldRef => ({ table: 'escrow_openings', row, column });

const REGISTER_CACHE = 'escrow.register';
const OPENED_PREFIX = 'escrow.opened.';
const DAY = 24 * 60 * 60 * 1000;

/** Validated again here (the CLI and the IPC contract both parse it too). */
export type KeygenRequest = PressKeygenInput;

export interface OpenRequest {
  bundleId: string;
  /** The issuer's account ids to open; all when absent. */
  refs?: number[] | undefined;
  reason: string;
  /** For a quorum bundle: at least k officers (by position on the card) and their passphrases. */
  officerPassphrases?: { officer: number; passphrase: string }[] | undefined;
}

/** What stays in memory after a break-glass opening, until the vault locks. */
interface OpenedSecrets {
  bundleId: string;
  secrets: Map<number, { account: ManifestAccount; secret: EscrowedSecret }>;
}

export class PressService {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly settings: SettingsService,
    private readonly clipboard: ClipboardGuard,
    private readonly derive: DeriveKey,
  ) {}

  // --- the press key and its card ---------------------------------------------------------

  /**
   * Generates the press key (and the officers' keys for a quorum card), signs
   * the card with the vault's signing key, wraps each officer's key under a
   * key derived from their passphrase (Argon2id, off-thread, before the
   * transaction), and stores it all sealed.
   */
  async keygen(input: KeygenRequest): Promise<PressKeyView> {
    const request = parseInput(PressKeygenInputSchema, input);
    const session = this.vault.session();
    const { sodium } = this;
    const existing = session.store.read(() => session.store.escrow.activePressKey());
    if (existing && !request.replace) {
      throw new CustodianError(
        'conflict',
        `This vault already has a press key (card ${formatFingerprint(existing.fingerprint)}); replace it explicitly to generate a new one (the old key is kept to open bundles made for it)`,
      );
    }
    const officers = request.officers ?? [];
    const box = sodium.crypto_box_keypair();
    const officerPairs = officers.map(() => sodium.crypto_box_keypair());
    const createdAt = session.clock.now();
    const body: CardBody = {
      format: CARD_FORMAT,
      team: request.team,
      createdAt: new Date(createdAt).toISOString(),
      encryptionKey: toBase64Url(box.publicKey),
      signingKey: toBase64Url(session.keys.signingPublicKey),
      quorum:
        officers.length > 0
          ? {
              k: request.quorum!,
              officers: officers.map((o, i) => ({
                name: o.name,
                encryptionKey: toBase64Url(officerPairs[i]!.publicKey),
              })),
            }
          : null,
    };
    const card = makeCard(sodium, body, (message) => session.keys.sign(message));
    const cost = KDF_PRESET_PARAMS[request.kdf];
    const wrapped: { kdf: KdfParams; wrapped: Uint8Array }[] = [];
    try {
      for (const [i, officer] of officers.entries()) {
        const kdf: KdfParams = { algorithm: KDF_ALGORITHM, ...cost, salt: session.random(SALT_BYTES) };
        const kek = await this.derive(officer.passphrase, kdf);
        const pair = officerPairs[i]!;
        wrapped.push({
          kdf,
          wrapped: wrapOfficerKey(
            sodium,
            session.random,
            kek,
            pair.privateKey,
            officerAd(card.fingerprint.digits, i, pair.publicKey),
          ),
        });
        sodium.memzero(kek);
      }
      this.sameSession(session);
      const { store, keys } = session;
      const id = store.transaction(() => {
        const active = store.escrow.activePressKey();
        if (active && !request.replace) throw new CustodianError('conflict', 'This vault already has a press key');
        if (active) store.escrow.retirePressKey(active.id, createdAt);
        const id = store.escrow.nextId('press_keys');
        store.escrow.insertPressKey({
          id,
          createdAt,
          fingerprint: card.fingerprint.digits,
          publicKey: box.publicKey,
          secretKey: keys.fields.seal(pressKeyRef(id, 'secret_key'), box.privateKey),
          card: keys.fields.sealText(pressKeyRef(id, 'card'), card.file),
          quorumK: request.quorum ?? null,
          retiredAt: null,
        });
        for (const [position, officer] of officers.entries()) {
          const officerId = store.escrow.nextId('press_officers');
          const { kdf, wrapped: secret } = wrapped[position]!;
          store.escrow.insertOfficer({
            id: officerId,
            pressKeyId: id,
            position,
            name: keys.fields.sealText(officerRef(officerId, 'name'), officer.name),
            publicKey: officerPairs[position]!.publicKey,
            wrappedSecretKey: keys.fields.seal(officerRef(officerId, 'wrapped_secret_key'), secret),
            kdfAlgorithm: kdf.algorithm,
            kdfOpsLimit: kdf.opsLimit,
            kdfMemLimit: kdf.memLimit,
            kdfSalt: kdf.salt,
          });
        }
        session.record({
          kind: 'press.key_generated',
          details: {
            pressKeyId: id,
            fingerprint: card.fingerprint.digits,
            quorumK: request.quorum ?? null,
            officers: officers.length,
            replaced: active?.id ?? null,
          },
        });
        return id;
      });
      return this.keyView(session, store.escrow.pressKey(id)!);
    } finally {
      sodium.memzero(box.privateKey);
      for (const pair of officerPairs) sodium.memzero(pair.privateKey);
    }
  }

  /** The active press key with its card, or null when this vault has none. */
  card(): { key: PressKeyView | null } {
    const session = this.vault.session();
    const row = session.store.read(() => session.store.escrow.activePressKey());
    return { key: row ? this.keyView(session, row) : null };
  }

  /** Writes the card file, or its text block (through `sink`, inside the transaction recording it). */
  exportCard(sink: (content: string) => void, form: 'file' | 'armoured' = 'file'): PressKeyView {
    const session = this.vault.session();
    return session.store.transaction(() => {
      const row = this.activeKey(session);
      const view = this.keyView(session, row);
      session.record({ kind: 'press.card_exported', details: { pressKeyId: row.id, fingerprint: row.fingerprint } });
      sink(form === 'file' ? view.card : view.armoured);
      return view;
    });
  }

  // --- the register ------------------------------------------------------------------------

  /**
   * What a bundle says about itself: works with no vault open (the start
   * screen's "Open an escrow bundle"). The signature is checked against the
   * key the bundle names, which proves only that it is intact; with this
   * press vault unlocked, it also says whether the bundle is for this vault,
   * whether the issuer's key matches the pinned one, and how many accounts it holds.
   */
  inspect(content: string): BundleInspection {
    const { sodium } = this;
    const bundle = parseBundle(sodium, content);
    const body = bundle.body;
    const c = bundle.content;
    const result: BundleInspection = {
      bundleId: body.bundleId,
      createdAt: bundle.createdAt,
      issuer: {
        vaultId: body.issuer.vaultId,
        name: body.issuer.name,
        signingKeyFingerprint: signingKeyFingerprint(sodium, bundle.issuerKey),
      },
      recipient: { team: body.recipient.team, cardFingerprint: body.recipient.cardFingerprint },
      mode: c.mode,
      quorum: c.mode === 'quorum' ? { k: c.k, n: c.n, officers: c.shares.map((s) => s.officer) } : null,
      forThisVault: null,
      pin: null,
      imported: null,
      accounts: null,
    };
    if (!this.vault.isUnlocked) return result;
    const session = this.vault.session();
    const { store } = session;
    const key = store.read(() => store.escrow.pressKeyByPublicKey(bundle.recipientKey));
    result.forThisVault = key !== undefined && formatFingerprint(key.fingerprint) === body.recipient.cardFingerprint;
    const issuer = store.read(() => store.escrow.issuerByVaultId(body.issuer.vaultId));
    result.pin = !issuer ? 'new' : sodium.memcmp(issuer.signingKey, bundle.issuerKey) ? 'match' : 'changed';
    result.imported = store.read(() => store.escrow.bundleIdTaken(body.bundleId));
    if (key && result.forThisVault) {
      result.accounts = this.withPressSecret(session, key, (pk, sk) =>
        openManifest(sodium, bundle, pk, sk),
      ).accounts.length;
    }
    return BundleInspectionSchema.parse(result);
  }

  /**
   * Imports a bundle into the register: signature, recipient, quorum policy
   * and the issuer's audit head are checked, the manifest is decrypted (no
   * secret is), the issuer's key is pinned on first import and must match
   * afterwards (or be re-pinned explicitly, which is audited).
   */
  importBundle(content: string, options: { acceptNewKey?: boolean | undefined } = {}): BundleImportResult {
    const session = this.vault.session();
    const { sodium } = this;
    const { store, keys } = session;
    const bundle = parseBundle(sodium, content);
    const body = bundle.body;
    const pressKey = this.recipientKey(session, bundle);
    if (!auditHeadVerifies(sodium, bundle)) {
      throw new CustodianError(
        'tampered',
        `The audit checkpoint in this bundle is not signed by ${body.issuer.name}’s key: the bundle was altered. Ask the account manager to export it again`,
      );
    }
    // Who signed it comes first: a key change is refused before anything is decrypted.
    store.read(() => this.checkPin(store.escrow.issuerByVaultId(body.issuer.vaultId), bundle, options.acceptNewKey));
    if (store.read(() => store.escrow.bundleIdTaken(body.bundleId))) throw alreadyImported(body);
    const manifest = this.withPressSecret(session, pressKey, (pk, sk) => openManifest(sodium, bundle, pk, sk));
    const now = session.clock.now();
    const warnings: string[] = [];
    const result = store.transaction(() => {
      if (store.escrow.bundleIdTaken(body.bundleId)) throw alreadyImported(body);
      let issuer = store.escrow.issuerByVaultId(body.issuer.vaultId);
      this.checkPin(issuer, bundle, options.acceptNewKey);
      let pin: BundleImportResult['pin'] = 'match';
      if (!issuer) {
        const id = store.escrow.nextId('escrow_issuers');
        store.escrow.insertIssuer({
          id,
          vaultId: body.issuer.vaultId,
          signingKey: bundle.issuerKey,
          name: keys.fields.sealText(issuerRef(id), body.issuer.name),
          pinnedAt: now,
          repinnedAt: null,
        });
        issuer = store.escrow.issuer(id)!;
        pin = 'new';
      } else if (!sodium.memcmp(issuer.signingKey, bundle.issuerKey)) {
        const pinned = signingKeyFingerprint(sodium, issuer.signingKey);
        const offered = signingKeyFingerprint(sodium, bundle.issuerKey);
        store.escrow.repinIssuer(issuer.id, bundle.issuerKey, now);
        session.record({
          kind: 'escrow.issuer_repinned',
          details: { issuerVaultId: body.issuer.vaultId, previousKey: pinned, newKey: offered },
        });
        warnings.push(`The signing key of ${body.issuer.name} was re-pinned: ${pinned} → ${offered}`);
        pin = 'repinned';
      }
      store.escrow.renameIssuer(issuer.id, keys.fields.sealText(issuerRef(issuer.id), body.issuer.name));
      const highest = store.escrow.highestAuditSeq(issuer.id);
      if (highest !== null && bundle.auditHead.seq < highest && pin === 'match') {
        warnings.push(
          `${body.issuer.name}’s audit trail is at event ${bundle.auditHead.seq} in this bundle, behind event ${highest} in an earlier one: their vault may have been rolled back`,
        );
      }
      const current = store.escrow.currentBundleOf(issuer.id);
      const id = store.escrow.nextId('escrow_bundles');
      const newer = !current || bundle.createdAt > current.createdAt;
      store.escrow.insertBundle({
        id,
        bundleId: body.bundleId,
        issuerId: issuer.id,
        pressKeyId: pressKey.id,
        createdAt: bundle.createdAt,
        importedAt: now,
        accountCount: manifest.accounts.length,
        mode: bundle.content.mode,
        auditSeq: bundle.auditHead.seq,
        supersededBy: newer ? null : current.id,
        file: keys.fields.sealText(bundleRef(id, 'file'), bundle.file),
        manifest: keys.fields.sealJson(bundleRef(id, 'manifest'), manifest),
      });
      if (newer && current) store.escrow.supersede(current.id, id);
      if (!newer)
        warnings.push(
          `A newer bundle from ${body.issuer.name} is already in the register: this one is kept as history`,
        );
      session.record({
        kind: 'escrow.imported',
        details: {
          bundleId: body.bundleId,
          issuerVaultId: body.issuer.vaultId,
          accounts: manifest.accounts.length,
          mode: bundle.content.mode,
          superseded: !newer,
          pin,
        },
      });
      return {
        pin,
        superseded: !newer,
        supersedes: newer && current ? current.bundleId : null,
      };
    });
    invalidate(session, REGISTER_CACHE);
    return {
      bundleId: body.bundleId,
      issuer: {
        vaultId: body.issuer.vaultId,
        name: body.issuer.name,
        signingKeyFingerprint: signingKeyFingerprint(sodium, bundle.issuerKey),
      },
      createdAt: bundle.createdAt,
      accounts: manifest.accounts.length,
      mode: bundle.content.mode,
      ...result,
      warnings,
    };
  }

  /** Every account across the current bundles, and the bundles and issuers: nothing secret is opened. */
  register(): EscrowRegister {
    const session = this.vault.session();
    const { store, keys } = session;
    const now = session.clock.now();
    const cached = sessionCached(session, REGISTER_CACHE, () => {
      const issuers = new Map(store.escrow.issuers().map((row) => [row.id, row]));
      const names = new Map(
        [...issuers.values()].map((row) => [row.id, keys.fields.openText(issuerRef(row.id), row.name)]),
      );
      const manifests = store.escrow.currentManifests().map((row) => ({
        row,
        manifest: keys.fields.openJson<Manifest>(bundleRef(row.id, 'manifest'), row.manifest),
      }));
      return { issuers, names, manifests, bundles: store.escrow.bundles(), openings: store.escrow.openingCounts() };
    });
    const issuerOf = (row: ReceivedBundleMeta) => cached.issuers.get(row.issuerId)!;
    const nameOf = (row: ReceivedBundleMeta) => cached.names.get(row.issuerId) ?? '';
    const accounts: RegisterEntry[] = cached.manifests.flatMap(({ row, manifest }) =>
      manifest.accounts.map((a) => ({
        bundleId: row.bundleId,
        issuerVaultId: issuerOf(row).vaultId,
        issuerName: nameOf(row),
        ref: a.ref,
        platform: a.platform,
        handle: a.handle,
        displayName: a.displayName,
        url: a.url,
        department: a.department,
        manager: a.manager === null ? null : manifest.people[a.manager]!,
        holders: a.holders.map((h) => ({ ...manifest.people[h.person]!, kind: h.kind, since: Date.parse(h.since) })),
        lastRotatedAt: a.lastRotatedAt === null ? null : Date.parse(a.lastRotatedAt),
        twoFactor: a.twoFactor,
        hasPassword: a.hasPassword,
        hasTotp: a.hasTotp,
        bundleCreatedAt: row.createdAt,
        bundleAgeDays: Math.max(0, Math.floor((now - row.createdAt) / DAY)),
      })),
    );
    const cards = new Map<number, string>();
    const cardOf = (pressKeyId: number) => {
      if (!cards.has(pressKeyId)) {
        cards.set(pressKeyId, formatFingerprint(store.read(() => store.escrow.pressKey(pressKeyId))!.fingerprint));
      }
      return cards.get(pressKeyId)!;
    };
    return {
      accounts,
      bundles: cached.bundles.map((row) => ({
        bundleId: row.bundleId,
        issuerVaultId: issuerOf(row).vaultId,
        issuerName: nameOf(row),
        createdAt: row.createdAt,
        importedAt: row.importedAt,
        accounts: row.accountCount,
        mode: row.mode,
        cardFingerprint: cardOf(row.pressKeyId),
        current: row.supersededBy === null,
        openings: cached.openings.get(row.id) ?? 0,
      })),
      issuers: [...cached.issuers.values()].map((row) => ({
        vaultId: row.vaultId,
        name: cached.names.get(row.id) ?? '',
        signingKeyFingerprint: signingKeyFingerprint(this.sodium, row.signingKey),
        pinnedAt: row.pinnedAt,
        repinnedAt: row.repinnedAt,
      })),
    };
  }

  /**
   * A bundle named on the command line: its id, or a bundle file (imported
   * first if it is new, with every check an import makes).
   */
  bundleIdOf(content: string): string {
    const session = this.vault.session();
    const bundle = parseBundle(this.sodium, content);
    if (!session.store.read(() => session.store.escrow.bundleIdTaken(bundle.body.bundleId))) {
      this.importBundle(content);
    }
    return bundle.body.bundleId;
  }

  /** The officers a quorum bundle needs (their names in card order), or null for a single-key bundle. */
  quorumOf(bundleId: string): { k: number; officers: string[] } | null {
    const session = this.vault.session();
    const { bundle } = this.storedBundle(session, bundleId);
    const c = bundle.content;
    return c.mode === 'quorum' ? { k: c.k, officers: c.shares.map((s) => s.officer) } : null;
  }

  /** Account refs named on the command line: the issuer's id, a handle, or platform:handle. */
  resolveRefs(bundleId: string, names: string[]): number[] {
    const session = this.vault.session();
    const { manifest } = this.storedBundle(session, bundleId);
    return names.map((name) => {
      const text = name.trim();
      if (/^\d+$/.test(text) && manifest.accounts.some((a) => a.ref === Number(text))) return Number(text);
      const colon = text.indexOf(':');
      const platform = colon > 0 ? text.slice(0, colon) : null;
      const handle = (platform ? text.slice(colon + 1) : text).replace(/^@/, '').toLowerCase();
      const matches = manifest.accounts.filter(
        (a) => a.handle.toLowerCase() === handle && (platform === null || a.platform === platform),
      );
      if (matches.length === 0) throw new CustodianError('not_found', `The bundle has no account "${name}"`);
      if (matches.length > 1) {
        throw new CustodianError(
          'conflict',
          `"${name}" matches several accounts in the bundle: ${matches.map((m) => `${m.platform}:${m.handle} (${m.ref})`).join(', ')}`,
        );
      }
      return matches[0]!.ref;
    });
  }

  // --- break glass -------------------------------------------------------------------------

  /**
   * Opens the secrets of the chosen accounts (all when none are chosen). The
   * opening, with its reason (sealed, never in the audit trail), is recorded
   * before any secret is returned; the signed notice for the manager is kept
   * with it. The opened secrets stay in memory until the vault locks, for
   * copying and live TOTP codes.
   */
  async open(input: OpenRequest): Promise<OpeningResult> {
    const request = { ...input, reason: parseInput(BreakGlassReason, input.reason, { at: 'reason' }) };
    const session = this.vault.session();
    const { sodium } = this;
    const { store, keys } = session;
    const stored = this.storedBundle(session, request.bundleId);
    const { row, bundle, manifest, pressKey } = stored;
    const byRef = new Map(manifest.accounts.map((a) => [a.ref, a]));
    const refs = request.refs?.length ? [...new Set(request.refs)] : manifest.accounts.map((a) => a.ref);
    for (const ref of refs) {
      if (!byRef.has(ref)) throw new CustodianError('not_found', `Bundle ${request.bundleId} has no account ${ref}`);
    }
    if (refs.length === 0) throw new CustodianError('conflict', 'This bundle holds no accounts');
    const contentKey =
      bundle.content.mode === 'single'
        ? this.withPressSecret(session, pressKey, (pk, sk) => openSingleContentKey(sodium, bundle, pk, sk))
        : await this.quorumContentKey(session, stored, request.officerPassphrases ?? []);
    let secrets;
    try {
      this.sameSession(session);
      secrets = openSecrets(sodium, bundle, contentKey);
    } catch (error) {
      if (error instanceof CustodianError && error.code === 'tampered') {
        store.transaction(() =>
          session.record({
            kind: 'escrow.open_refused',
            details: { bundleId: request.bundleId, reason: 'secrets_do_not_decrypt' },
          }),
        );
      }
      throw error;
    } finally {
      sodium.memzero(contentKey);
    }
    const secretByRef = new Map(secrets.accounts.map((s) => [s.ref, s]));
    const openedAt = session.clock.now();
    const issuerVaultId = bundle.body.issuer.vaultId;
    const { openingId, noticeId } = store.transaction(() => {
      const openingId = store.escrow.nextId('escrow_openings');
      const noticeId = toBase64Url(session.random(16));
      const card = this.parsedCard(session, pressKey);
      const notice = makeNotice(
        {
          format: NOTICE_FORMAT,
          noticeId,
          openedAt: new Date(openedAt).toISOString(),
          press: { team: card.body.team, cardFingerprint: card.fingerprint.text, signingKey: card.body.signingKey },
          bundleId: request.bundleId,
          issuerVaultId,
          reason: request.reason,
          accounts: refs,
        },
        (message) => keys.sign(message),
      );
      store.escrow.insertOpening({
        id: openingId,
        noticeId,
        bundleId: row.id,
        openedAt,
        refs: JSON.stringify(refs),
        reason: keys.fields.sealText(openingRef(openingId, 'reason'), request.reason),
        notice: keys.fields.sealText(openingRef(openingId, 'notice'), notice),
      });
      session.record({
        kind: 'escrow.opened',
        details: {
          openingId,
          bundleId: request.bundleId,
          issuerVaultId,
          accounts: refs.length,
          refs: refs.join(','),
          mode: bundle.content.mode,
        },
      });
      return { openingId, noticeId };
    });
    invalidate(session, REGISTER_CACHE);
    const kept: OpenedSecrets = { bundleId: request.bundleId, secrets: new Map() };
    const accounts: OpenedAccount[] = refs.map((ref) => {
      const account = byRef.get(ref)!;
      const secret = secretByRef.get(ref) ?? { ref, password: null, totp: null, recoveryCodes: [] };
      kept.secrets.set(ref, { account, secret });
      return {
        ref,
        platform: account.platform,
        handle: account.handle,
        displayName: account.displayName,
        url: account.url,
        password: secret.password,
        totp: secret.totp,
        recoveryCodes: secret.recoveryCodes,
      };
    });
    session.cache.set(`${OPENED_PREFIX}${openingId}`, kept);
    return { openingId, noticeId, bundleId: request.bundleId, openedAt, accounts };
  }

  /** Past openings (newest first), with whether their secrets are still in memory. */
  openings(): OpeningView[] {
    const session = this.vault.session();
    const { store, keys } = session;
    const bundles = new Map(store.read(() => store.escrow.bundles()).map((b) => [b.id, b]));
    const names = new Map(
      store.read(() => store.escrow.issuers()).map((i) => [i.id, keys.fields.openText(issuerRef(i.id), i.name)]),
    );
    return store
      .read(() => store.escrow.openings())
      .map((row) => {
        const bundle = bundles.get(row.bundleId)!;
        return {
          openingId: row.id,
          noticeId: row.noticeId,
          bundleId: bundle.bundleId,
          issuerName: names.get(bundle.issuerId) ?? '',
          openedAt: row.openedAt,
          reason: keys.fields.openText(openingRef(row.id, 'reason'), row.reason),
          accounts: JSON.parse(row.refs) as number[],
          secretsAvailable: session.cache.has(`${OPENED_PREFIX}${row.id}`),
        };
      });
  }

  /** Copies an opened secret (auto-cleared), recording it first. */
  async copy(openingId: number, ref: number, field: EscrowCopyField): Promise<{ clearAfterSeconds: number }> {
    const session = this.vault.session();
    const { secret } = this.opened(session, openingId, ref);
    const missing = (what: string) => new CustodianError('not_found', `Account ${ref} has no ${what} in the bundle`);
    let value: string;
    switch (field) {
      case 'password':
        if (secret.password === null) throw missing('password');
        value = secret.password;
        break;
      case 'totpSecret':
        if (!secret.totp) throw missing('TOTP seed');
        value = secret.totp.secret;
        break;
      case 'totpCode':
        if (!secret.totp) throw missing('TOTP seed');
        value = totpCode(secret.totp, session.clock.now() / 1000).code;
        break;
      case 'recoveryCodes':
        if (secret.recoveryCodes.length === 0) throw missing('recovery codes');
        value = secret.recoveryCodes.join('\n');
        break;
    }
    const seconds = this.settings.get().clipboardSeconds;
    session.store.transaction(() =>
      session.record({ kind: 'escrow.secret_copied', details: { openingId, ref, field } }),
    );
    await this.clipboard.copy(value, seconds);
    return { clearAfterSeconds: seconds };
  }

  /** The live TOTP code of an opened account; `refresh` marks the countdown's own re-fetch. */
  totp(openingId: number, ref: number, refresh: boolean): TotpCode {
    const session = this.vault.session();
    const { secret } = this.opened(session, openingId, ref);
    if (!secret.totp) throw new CustodianError('not_found', `Account ${ref} has no TOTP seed in the bundle`);
    const code = totpCode(secret.totp, session.clock.now() / 1000);
    if (!refresh) {
      session.store.transaction(() => session.record({ kind: 'escrow.totp_viewed', details: { openingId, ref } }));
    }
    return code;
  }

  /** Writes an opening's signed notice (through `sink`, inside the transaction recording it). */
  exportNotice(openingId: number, sink: (content: string) => void): string {
    const session = this.vault.session();
    return session.store.transaction(() => {
      const row = session.store.escrow.opening(openingId);
      if (!row) throw new CustodianError('not_found', `No break-glass opening ${openingId}`);
      const notice = session.keys.fields.openText(openingRef(row.id, 'notice'), row.notice);
      session.record({ kind: 'escrow.notice_exported', details: { openingId, noticeId: row.noticeId } });
      sink(notice);
      return row.noticeId;
    });
  }

  // --- internals -------------------------------------------------------------------------

  private async quorumContentKey(
    session: VaultSession,
    stored: StoredBundle,
    given: { officer: number; passphrase: string }[],
  ): Promise<Uint8Array> {
    const { sodium } = this;
    const { bundle, pressKey } = stored;
    if (bundle.content.mode !== 'quorum') throw new CustodianError('internal', 'not a quorum bundle');
    const { k, n, shares } = bundle.content;
    const officers = session.store.read(() => session.store.escrow.officersOf(pressKey.id));
    const nameOf = (position: number) => {
      const officer = officers.find((o) => o.position === position);
      return officer
        ? session.keys.fields.openText(officerRef(officer.id, 'name'), officer.name)
        : `officer ${position}`;
    };
    const positions = new Set(given.map((g) => g.officer));
    if (positions.size !== given.length) {
      throw new CustodianError('invalid_input', 'Each officer types their passphrase once');
    }
    if (given.length < k) {
      throw new CustodianError(
        'invalid_input',
        `This bundle needs ${k} of its ${n} officers (${officers.map((o) => nameOf(o.position)).join(', ')}) to type their passphrases; ${given.length} did`,
      );
    }
    const opened: Uint8Array[] = [];
    try {
      for (const { officer: position, passphrase } of given) {
        const officer = officers.find((o) => o.position === position);
        if (!officer) throw new CustodianError('invalid_input', `This press key has no officer number ${position}`);
        const share = shares.find((s) => sodium.memcmp(s.encryptionKey, officer.publicKey));
        if (!share) throw new CustodianError('conflict', `The bundle has no share for ${nameOf(position)}`);
        const kdf: KdfParams = {
          algorithm: officer.kdfAlgorithm as typeof KDF_ALGORITHM,
          opsLimit: officer.kdfOpsLimit,
          memLimit: officer.kdfMemLimit,
          salt: officer.kdfSalt,
        };
        checkKdfParams(kdf);
        const wrapped = session.keys.fields.open(
          officerRef(officer.id, 'wrapped_secret_key'),
          officer.wrappedSecretKey,
        );
        const kek = await this.derive(passphrase, kdf);
        const secretKey = unwrapOfficerKey(
          sodium,
          kek,
          wrapped,
          officerAd(pressKey.fingerprint, position, officer.publicKey),
        );
        sodium.memzero(kek);
        this.sameSession(session);
        if (!secretKey) {
          session.store.transaction(() =>
            session.record({
              kind: 'escrow.open_refused',
              details: { bundleId: bundle.body.bundleId, officer: position, reason: 'wrong_officer_passphrase' },
            }),
          );
          throw new CustodianError('wrong_passphrase', `The passphrase of ${nameOf(position)} is wrong`);
        }
        try {
          if (!keyPairMatches(sodium, officer.publicKey, secretKey)) {
            throw new CustodianError(
              'tampered',
              `The stored key of ${nameOf(position)} does not match its public key: the vault has been tampered with`,
            );
          }
          opened.push(openShare(sodium, share.sealed, officer.publicKey, secretKey));
        } finally {
          sodium.memzero(secretKey);
        }
      }
      return await combineShares(opened);
    } finally {
      for (const share of opened) sodium.memzero(share);
    }
  }

  private storedBundle(session: VaultSession, bundleId: string): StoredBundle {
    const { store, keys } = session;
    const row = store.read(() => store.escrow.bundleByBundleId(bundleId));
    if (!row) throw new CustodianError('not_found', `No bundle ${bundleId} in the register: import it first`);
    // The stored file is re-verified: the vault row proves nothing by itself about who signed it.
    const bundle = parseBundle(this.sodium, keys.fields.openText(bundleRef(row.id, 'file'), row.file));
    if (bundle.body.bundleId !== bundleId) throw new CustodianError('tampered', 'The stored bundle has been altered');
    const pressKey = store.read(() => store.escrow.pressKey(row.pressKeyId))!;
    const manifest = keys.fields.openJson<Manifest>(bundleRef(row.id, 'manifest'), row.manifest);
    return { row, bundle, manifest, pressKey };
  }

  /** Refuses a bundle signed by another key than the one pinned for its issuer, unless re-pinning was asked for. */
  private checkPin(issuer: IssuerRow | undefined, bundle: ParsedBundle, acceptNewKey: boolean | undefined): void {
    if (!issuer || this.sodium.memcmp(issuer.signingKey, bundle.issuerKey) || acceptNewKey) return;
    const body = bundle.body;
    const offered = signingKeyFingerprint(this.sodium, bundle.issuerKey);
    const pinned = signingKeyFingerprint(this.sodium, issuer.signingKey);
    throw new CustodianError(
      'conflict',
      `WARNING: this bundle claims to come from ${body.issuer.name} (vault ${body.issuer.vaultId}) but is signed by key ${offered}, not the key ${pinned} pinned on ${isoDay(issuer.pinnedAt)}. It may be forged. Only if the manager confirms by phone that they replaced their vault, import it again accepting the new key`,
    );
  }

  /**
   * The press key a bundle is sealed to, refusing a bundle for another press
   * key, one naming the wrong card, or one that does not follow the card's
   * quorum (a bundle sealed to the press key alone must not bypass officers).
   */
  private recipientKey(session: VaultSession, bundle: ParsedBundle): PressKeyRow {
    const { store } = session;
    const recipient = bundle.body.recipient;
    const row = store.read(() => store.escrow.pressKeyByPublicKey(bundle.recipientKey));
    if (!row) {
      const active = store.read(() => store.escrow.activePressKey());
      throw new CustodianError(
        'conflict',
        `This bundle is sealed to another press key (card ${recipient.cardFingerprint} of “${recipient.team}”); ${active ? `this vault’s press card is ${formatFingerprint(active.fingerprint)}` : 'this vault has no press key'}`,
      );
    }
    if (formatFingerprint(row.fingerprint) !== recipient.cardFingerprint) {
      throw new CustodianError(
        'tampered',
        `This bundle names card ${recipient.cardFingerprint} but is sealed to the key of card ${formatFingerprint(row.fingerprint)}`,
      );
    }
    const card = this.parsedCard(session, row);
    const c = bundle.content;
    if (row.quorumK === null) {
      if (c.mode !== 'single') {
        throw new CustodianError('conflict', 'This bundle is split among officers, but this press key has no officers');
      }
      return row;
    }
    const officers = store.read(() => store.escrow.officersOf(row.id));
    const matches =
      c.mode === 'quorum' &&
      c.k === row.quorumK &&
      c.n === officers.length &&
      officers.every((o, i) => this.sodium.memcmp(c.shares[i]!.encryptionKey, o.publicKey));
    if (!matches) {
      throw new CustodianError(
        'conflict',
        `This press key needs ${row.quorumK} of ${officers.length} officers (${card.officers.map((o) => o.name).join(', ')}), but the bundle ${c.mode === 'single' ? 'is sealed to the press key alone' : `follows a different quorum (${c.k} of ${c.n})`}: refused`,
      );
    }
    return row;
  }

  private parsedCard(session: VaultSession, row: PressKeyRow): ParsedCard {
    return parseCard(this.sodium, session.keys.fields.openText(pressKeyRef(row.id, 'card'), row.card));
  }

  /** Runs `fn` with the press key pair, wiping the secret half afterwards. */
  private withPressSecret<T>(session: VaultSession, row: PressKeyRow, fn: (pk: Uint8Array, sk: Uint8Array) => T): T {
    const secretKey = session.keys.fields.open(pressKeyRef(row.id, 'secret_key'), row.secretKey as Ciphertext);
    try {
      if (!keyPairMatches(this.sodium, row.publicKey, secretKey)) {
        throw new CustodianError(
          'tampered',
          'The press secret key does not match its public key: the vault has been tampered with',
        );
      }
      return fn(row.publicKey, secretKey);
    } finally {
      this.sodium.memzero(secretKey);
    }
  }

  private activeKey(session: VaultSession): PressKeyRow {
    const row = session.store.escrow.activePressKey();
    if (!row) throw new CustodianError('not_found', 'This vault has no press key: generate one first');
    return row;
  }

  private keyView(session: VaultSession, row: PressKeyRow): PressKeyView {
    const card = this.parsedCard(session, row);
    const file = card.file;
    return {
      id: row.id,
      team: card.body.team,
      createdAt: row.createdAt,
      fingerprint: formatFingerprint(row.fingerprint),
      quorum: card.body.quorum ? { k: card.body.quorum.k, officers: card.officers.map((o) => o.name) } : null,
      card: file,
      armoured: armour(CARD_ARMOUR, file),
    };
  }

  private opened(session: VaultSession, openingId: number, ref: number) {
    const kept = session.cache.get(`${OPENED_PREFIX}${openingId}`) as OpenedSecrets | undefined;
    if (!kept) {
      throw new CustodianError(
        'not_found',
        'Opened secrets are kept only until the vault locks: break the glass again to see them',
      );
    }
    const entry = kept.secrets.get(ref);
    if (!entry) throw new CustodianError('not_found', `Account ${ref} was not opened in this break-glass`);
    return entry;
  }

  /** After an await: the vault must still be the one we started with. */
  private sameSession(session: VaultSession): void {
    if (!this.vault.isUnlocked || this.vault.session() !== session) {
      throw new CustodianError('locked', 'The vault was locked while this was running: nothing was changed');
    }
  }
}

interface StoredBundle {
  row: { id: number; pressKeyId: number };
  bundle: ParsedBundle;
  manifest: Manifest;
  pressKey: PressKeyRow;
}

function alreadyImported(body: ParsedBundle['body']): CustodianError {
  return new CustodianError('conflict', `Bundle ${body.bundleId} from ${body.issuer.name} is already in the register`);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
