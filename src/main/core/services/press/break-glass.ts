/**
 * Break glass, in the press team's vault: open the secrets of chosen accounts
 * of a registered bundle with a reason (and, for a quorum card, k officers'
 * passphrases), audited before any secret is returned, yielding a signed
 * notice for the manager. Opened secrets stay in memory until the vault
 * locks, for copying and live TOTP codes.
 *
 * docs/escrow-bundle.md has the notice format.
 */
import {
  BreakGlassReason,
  type EscrowCopyField,
  type OpenedAccount,
  type OpeningResult,
  type OpeningView,
} from '../../../../shared/domain/escrow';
import { totpCode, type TotpCode } from '../../../../shared/totp';
import type { FieldRef } from '../../crypto/field-cipher';
import type { KDF_ALGORITHM } from '../../crypto/kdf';
import { checkKdfParams, type KdfParams } from '../../crypto/kdf';
import type { Sodium } from '../../crypto/sodium';
import { openingRefs } from '../../db/escrow.repo';
import { CustodianError, parseInput } from '../../errors';
import {
  combineShares,
  escrowedSecret,
  manifestAccount,
  manifestPerson,
  openSecrets,
  openShare,
  openSingleContentKey,
  type EscrowedSecret,
  type ManifestAccount,
} from '../../escrow/bundle';
import { NOTICE_FORMAT, makeNotice } from '../../escrow/notice';
import { keyPairMatches, officerAd, unwrapOfficerKey } from '../../escrow/officer';
import { toBase64Url } from '../../formats/signed-envelope';
import type { Copied, SecretCopy } from '../secret-copy';
import type { DeriveKey, VaultService } from '../vault.service';
import type { VaultSession } from '../vault-session';
import { officerRef, type PressKeys } from './press-key';
import { invalidateRegister, issuerRef, type PressRegister, type StoredBundle } from './press-register';

const openingRef = (row: number, column: 'reason' | 'notice'): FieldRef => ({ table: 'escrow_openings', row, column });

const OPENED_PREFIX = 'escrow.opened.';

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

export class BreakGlass {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly keys: PressKeys,
    private readonly register: PressRegister,
    private readonly copier: SecretCopy,
    private readonly derive: DeriveKey,
  ) {}

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
    const stored = this.register.stored(session, request.bundleId);
    const { row, bundle, manifest, pressKey } = stored;
    const byRef = new Map(manifest.accounts.map((a) => [a.ref, manifestAccount(a)]));
    const refs = request.refs?.length ? [...new Set(request.refs)] : manifest.accounts.map((a) => a.ref);
    for (const ref of refs) {
      if (!byRef.has(ref)) throw new CustodianError('not_found', `Bundle ${request.bundleId} has no account ${ref}`);
    }
    if (refs.length === 0) throw new CustodianError('conflict', 'This bundle holds no accounts');
    const contentKey =
      bundle.content.mode === 'single'
        ? this.keys.withSecret(session, pressKey, (pk, sk) => openSingleContentKey(sodium, bundle, pk, sk))
        : await this.quorumContentKey(session, stored, request.officerPassphrases ?? []);
    let secrets;
    try {
      this.vault.stillOpen(session);
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
    const secretByRef = new Map(secrets.accounts.map((s) => [s.ref, escrowedSecret(s)]));
    const openedAt = session.clock.now();
    const issuerVaultId = bundle.body.issuer.vaultId;
    const { openingId, noticeId } = store.transaction(() => {
      const openingId = store.escrow.nextId('escrow_openings');
      const noticeId = toBase64Url(session.random(16));
      const card = this.keys.parsedCard(session, pressKey);
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
    invalidateRegister(session);
    const kept: OpenedSecrets = { bundleId: request.bundleId, secrets: new Map() };
    const accounts: OpenedAccount[] = refs.map((ref) => {
      const account = byRef.get(ref)!;
      const secret = secretByRef.get(ref) ?? { ref, signInName: null, password: null, totp: null, recoveryCodes: [] };
      kept.secrets.set(ref, { account, secret });
      const holder = account.twoFactorHolder === null ? null : manifestPerson(manifest, account.twoFactorHolder);
      return {
        ref,
        platform: account.platform,
        handle: account.handle,
        displayName: account.displayName,
        url: account.url,
        recoveryEmail: account.recoveryEmail,
        recoveryPhone: account.recoveryPhone,
        twoFactorDevice: account.twoFactorDevice,
        twoFactorHolder: holder && { name: holder.name, email: holder.email, phone: holder.phone },
        signInName: secret.signInName,
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
          accounts: openingRefs(row),
          secretsAvailable: session.cache.has(`${OPENED_PREFIX}${row.id}`),
        };
      });
  }

  /** Copies an opened secret (auto-cleared), recording it first. */
  async copy(openingId: number, ref: number, field: EscrowCopyField): Promise<Copied> {
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
    return this.copier.recorded({ kind: 'escrow.secret_copied', details: { openingId, ref, field } }, value);
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
      for (const [index, { officer: position, passphrase }] of given.entries()) {
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
        this.vault.stillOpen(session);
        if (!secretKey) {
          session.store.transaction(() =>
            session.record({
              kind: 'escrow.open_refused',
              details: { bundleId: bundle.body.bundleId, officer: position, reason: 'wrong_officer_passphrase' },
            }),
          );
          // The field it names lets the screen keep the passphrases that were right (and those not tried yet).
          const message = `The passphrase of ${nameOf(position)} is wrong`;
          throw new CustodianError('wrong_passphrase', message, {
            issues: [{ path: `officerPassphrases.${index}.passphrase`, message }],
          });
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
}
