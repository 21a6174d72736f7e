/**
 * The press register, in the press team's vault: bundles imported from
 * account managers (the issuer's key pinned on first import), their
 * manifests readable without opening any secret.
 *
 * docs/escrow-bundle.md has the bundle format; docs/security-model.md what it protects.
 */
import {
  BundleInspectionSchema,
  formatFingerprint,
  type BundleImportResult,
  type BundleInspection,
  type EscrowRegister,
  type RegisterEntry,
  type RegisterRollup,
} from '../../../../shared/domain/escrow';
import type { FieldRef } from '../../crypto/field-cipher';
import type { Sodium } from '../../crypto/sodium';
import type { IssuerRow, PressKeyRow, ReceivedBundleMeta } from '../../db/escrow.repo';
import { CustodianError } from '../../errors';
import {
  ManifestSchema,
  MANIFEST_FORMAT_V1,
  auditHeadVerifies,
  manifestAccount,
  manifestPerson,
  openManifest,
  parseBundle,
  type Manifest,
  type ParsedBundle,
} from '../../escrow/bundle';
import { rollUp } from '../../../../shared/escrow-rollup';
import { scheduledDue } from '../../../../shared/rotation';
import { storedPolicy } from '../rotation-schedule';
import { calendar } from '../ics';
import { toIsoDate } from '../../../../shared/dates';
import { signingKeyFingerprint } from '../../escrow/fingerprint';
import { invalidate, sessionCached } from '../session-cache';
import type { VaultService } from '../vault.service';
import type { VaultSession } from '../vault-session';
import type { PressKeys } from './press-key';

export const issuerRef = (row: number): FieldRef => ({ table: 'escrow_issuers', row, column: 'name' });
const bundleRef = (row: number, column: 'file' | 'manifest'): FieldRef => ({ table: 'escrow_bundles', row, column });

const REGISTER_CACHE = 'escrow.register';

type Findings = { kind: string; message: string }[];

/** The manager's own findings by account, from a bundle that carries them (null: an earlier build's bundle). */
function findingsOf(manifest: Manifest): ((ref: number) => Findings) | null {
  if (manifest.format === MANIFEST_FORMAT_V1) return null;
  const byRef = new Map(manifest.compliance.accounts.map((a) => [a.ref, a.findings]));
  return (ref) => byRef.get(ref) ?? [];
}
const DAY = 24 * 60 * 60 * 1000;

/** After an import or an opening (the register counts openings): the cached register is read again. */
export function invalidateRegister(session: VaultSession): void {
  invalidate(session, REGISTER_CACHE);
}

export interface StoredBundle {
  row: { id: number; pressKeyId: number };
  bundle: ParsedBundle;
  manifest: Manifest;
  pressKey: PressKeyRow;
}

export class PressRegister {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly keys: PressKeys,
  ) {}

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
      rollback: null,
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
    result.rollback =
      issuer && result.pin === 'match' && !result.imported
        ? store.read(() => this.rollbackOf(session, issuer.id, bundle))
        : null;
    if (key && result.forThisVault) {
      result.accounts = this.keys.withSecret(session, key, (pk, sk) =>
        openManifest(sodium, bundle, pk, sk),
      ).accounts.length;
    }
    return BundleInspectionSchema.parse(result);
  }

  /**
   * Imports a bundle into the register: signature, recipient, quorum policy
   * and the issuer's audit head are checked, the manifest is decrypted (no
   * secret is), the issuer's key is pinned on first import and must match
   * afterwards (or be re-pinned explicitly, which is audited). A bundle that
   * would become the issuer's current one while its audit head is behind a
   * bundle already in the register is refused unless `acceptRollback` (their
   * vault was restored from an older copy, which can undo revocations and
   * rotations: the press team must have confirmed it with the manager).
   */
  importBundle(
    content: string,
    options: { acceptNewKey?: boolean | undefined; acceptRollback?: boolean | undefined } = {},
  ): BundleImportResult {
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
    const manifest = this.keys.withSecret(session, pressKey, (pk, sk) => openManifest(sodium, bundle, pk, sk));
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
      const current = store.escrow.currentBundleOf(issuer.id);
      const newer = !current || bundle.createdAt > current.createdAt;
      // A re-pinned issuer replaced their vault (confirmed by phone): its trail starts again.
      const rollback = pin === 'match' ? this.rollbackOf(session, issuer.id, bundle) : null;
      if (rollback && !options.acceptRollback) throw rollbackRefused(body, rollback);
      if (rollback) {
        warnings.push(
          `Rollback accepted: ${body.issuer.name}’s audit trail in this bundle (at event ${rollback.bundleAuditSeq}) does not extend the one in the register (at event ${rollback.registerAuditSeq}); it is now their current bundle`,
        );
      }
      const id = store.escrow.nextId('escrow_bundles');
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
          auditSeq: bundle.auditHead.seq,
          rollbackAccepted: rollback !== null,
          ...(rollback ? { registerAuditSeq: rollback.registerAuditSeq } : {}),
        },
      });
      return {
        pin,
        superseded: !newer,
        supersedes: newer && current ? current.bundleId : null,
      };
    });
    invalidateRegister(session);
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
        manifest: keys.fields.openJson(bundleRef(row.id, 'manifest'), row.manifest, ManifestSchema),
      }));
      return { issuers, names, manifests, bundles: store.escrow.bundles(), openings: store.escrow.openingCounts() };
    });
    const issuerOf = (row: ReceivedBundleMeta) => cached.issuers.get(row.issuerId)!;
    const nameOf = (row: ReceivedBundleMeta) => cached.names.get(row.issuerId) ?? '';
    const accounts: RegisterEntry[] = cached.manifests.flatMap(({ row, manifest }) => {
      const findings = findingsOf(manifest);
      const person = (index: number) => manifestPerson(manifest, index);
      return manifest.accounts.map(manifestAccount).map((a) => ({
        bundleId: row.bundleId,
        issuerVaultId: issuerOf(row).vaultId,
        issuerName: nameOf(row),
        ref: a.ref,
        platform: a.platform,
        handle: a.handle,
        displayName: a.displayName,
        url: a.url,
        department: a.department,
        manager: a.manager === null ? null : person(a.manager),
        holders: a.holders.map((h) => ({ ...person(h.person), kind: h.kind, since: Date.parse(h.since) })),
        lastRotatedAt: a.lastRotatedAt === null ? null : Date.parse(a.lastRotatedAt),
        twoFactor: a.twoFactor,
        recoveryEmail: a.recoveryEmail,
        recoveryPhone: a.recoveryPhone,
        twoFactorDevice: a.twoFactorDevice,
        twoFactorHolder: a.twoFactorHolder === null ? null : person(a.twoFactorHolder),
        hasPassword: a.hasPassword,
        hasTotp: a.hasTotp,
        bundleCreatedAt: row.createdAt,
        bundleAgeDays: Math.max(0, Math.floor((now - row.createdAt) / DAY)),
        findings: findings ? findings(a.ref) : null,
      }));
    });
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
   * The register rolled up per manager and per account, with the reminder to
   * send each manager (see shared/escrow-rollup.ts). A bundle is stale once
   * it is older than this vault's rotation period.
   */
  rollup(zone: string): RegisterRollup {
    const session = this.vault.session();
    const register = this.register();
    const policy = session.store.read(() => storedPolicy(session.store));
    const now = session.clock.now();
    return rollUp(register, (createdAt) => scheduledDue(createdAt, policy, zone) <= now, session.info.owner);
  }

  /** The reminders as a calendar: one all-day event today per manager to remind, its text as the description. */
  remindersCalendar(zone: string): string {
    const session = this.vault.session();
    const now = session.clock.now();
    const today = toIsoDate(now, zone);
    const events = this.rollup(zone).reminders.map((r) => ({
      uid: `reminder-${r.issuerVaultId}-${today}@custodian`,
      date: today,
      summary: `Remind ${r.to}: ${r.subject}`,
      description: r.text,
    }));
    return calendar(`${session.info.owner}: reminders to account managers`, events, now);
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
    const { bundle } = this.stored(session, bundleId);
    const c = bundle.content;
    return c.mode === 'quorum' ? { k: c.k, officers: c.shares.map((s) => s.officer) } : null;
  }

  /** Account refs named on the command line: the issuer's id, a handle, or platform:handle. */
  resolveRefs(bundleId: string, names: string[]): number[] {
    const session = this.vault.session();
    const { manifest } = this.stored(session, bundleId);
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

  /** A bundle of the register, its file verified again, with its manifest and the press key it is sealed to. */
  stored(session: VaultSession, bundleId: string): StoredBundle {
    const { store, keys } = session;
    const row = store.read(() => store.escrow.bundleByBundleId(bundleId));
    if (!row) throw new CustodianError('not_found', `No bundle ${bundleId} in the register: import it first`);
    // The stored file is re-verified: the vault row proves nothing by itself about who signed it.
    const bundle = parseBundle(this.sodium, keys.fields.openText(bundleRef(row.id, 'file'), row.file));
    if (bundle.body.bundleId !== bundleId) throw new CustodianError('tampered', 'The stored bundle has been altered');
    const pressKey = store.read(() => store.escrow.pressKey(row.pressKeyId))!;
    const manifest = keys.fields.openJson(bundleRef(row.id, 'manifest'), row.manifest, ManifestSchema);
    return { row, bundle, manifest, pressKey };
  }

  /**
   * Whether importing the bundle would move the issuer's current bundle back
   * (inside the caller's read or transaction): it is newer by its creation
   * time than their current one, but its signed audit head does not extend
   * the latest head the register has seen from them: it is behind it, or at
   * the same event with another hash (a rolled-back vault that has since
   * written as many events). An older bundle arriving late replaces nothing
   * (it goes to history) and is no rollback.
   */
  private rollbackOf(
    session: VaultSession,
    issuerId: number,
    bundle: ParsedBundle,
  ): { bundleAuditSeq: number; registerAuditSeq: number } | null {
    const { store, keys } = session;
    // Since the last re-pin only: a replaced vault's trail starts again.
    const since = store.escrow.issuer(issuerId)?.repinnedAt ?? 0;
    const latest = store.escrow.bundleWithLatestAuditHead(issuerId, since);
    if (!latest || bundle.auditHead.seq > latest.auditSeq) return null;
    const current = store.escrow.currentBundleOf(issuerId);
    if (current && bundle.createdAt <= current.createdAt) return null;
    if (bundle.auditHead.seq === latest.auditSeq) {
      const seen = parseBundle(this.sodium, keys.fields.openText(bundleRef(latest.id, 'file'), latest.file)).auditHead;
      if (this.sodium.memcmp(seen.hash, bundle.auditHead.hash)) return null;
    }
    return { bundleAuditSeq: bundle.auditHead.seq, registerAuditSeq: latest.auditSeq };
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
    const card = this.keys.parsedCard(session, row);
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
}

function rollbackRefused(
  body: ParsedBundle['body'],
  rollback: { bundleAuditSeq: number; registerAuditSeq: number },
): CustodianError {
  return new CustodianError(
    'conflict',
    `WARNING: ${body.issuer.name}’s audit trail in this bundle (at event ${rollback.bundleAuditSeq}) does not extend the one in a bundle of theirs already in the register (at event ${rollback.registerAuditSeq}): their vault may have been rolled back to an older copy, which can undo revocations and rotations. It was not imported. Only if the manager confirms they restored their vault, import it again accepting the rollback`,
  );
}

function alreadyImported(body: ParsedBundle['body']): CustodianError {
  return new CustodianError('conflict', `Bundle ${body.bundleId} from ${body.issuer.name} is already in the register`);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
