/**
 * The account manager's side of emergency escrow:
 *
 *  - import the press team's card, only when its fingerprint matches the one
 *    read out over the phone;
 *  - export an escrow bundle to it: a manifest the press team can read and
 *    the secrets sealed to their key, signed by this vault, carrying a fresh
 *    signed checkpoint of this vault's audit trail; each export is recorded
 *    with what staleness is judged against;
 *  - status: the latest bundle to each card is stale as soon as an escrowed
 *    account rotates (password, TOTP seed or recovery codes) or is archived,
 *    or an account is added;
 *  - import the press team's break-glass notice: audited, and an "escrow
 *    opened" rotation obligation on every account it names.
 */
import { RecoveryCodesStored } from '../stored-value';
import { derivedFrom } from './session-cache';
import {
  formatFingerprint,
  normalizeFingerprint,
  type EscrowCardStatus,
  type EscrowStatus,
  type NoticeImportResult,
  type NoticeView,
  type PressCardView,
  type Staleness,
} from '../../../shared/domain/escrow';
import { TotpConfigSchema } from '../../../shared/totp';
import type { FieldRef } from '../crypto/field-cipher';
import { bytesEqual, type Sodium } from '../crypto/sodium';
import { noticeAccounts, type CardRow, type EscrowSourceRow, type ExportRow } from '../db/escrow.repo';
import type { SecretsRow } from '../db/secrets.repo';
import { CustodianError } from '../errors';
import {
  prepareBundleKeys,
  sealBundle,
  type EscrowedSecret,
  type Manifest,
  type ManifestCompliance,
  type ManifestAccount,
  type ManifestPerson,
  type Secrets,
  MANIFEST_FORMAT,
  SECRETS_FORMAT,
} from '../escrow/bundle';
import { parseCard, type ParsedCard } from '../escrow/card';
import { toBase64Url } from '../formats/signed-envelope';
import { signingKeyFingerprint } from '../escrow/fingerprint';
import { parseNotice } from '../escrow/notice';
import { accountRef, secretRef, type AccountsService } from './accounts.service';
import type { AuditTrail } from '../audit/audit-trail';
import type { PeopleService } from './people.service';
import type { ObligationsService } from './obligations.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const cardRef = (row: number): FieldRef => ({ table: 'press_cards', row, column: 'card' });
const noticeRef = (row: number, column: 'reason' | 'notice'): FieldRef => ({ table: 'escrow_notices', row, column });

/** The keyed digest of what a bundle escrows of one account; staleness compares it. */
const DIGEST_PURPOSE = 'escrow.secrets.v1';
/** A fingerprint typed in part must have at least this many digits to pick a card. */
const MIN_PREFIX_DIGITS = 5;

/** What escrow coverage is computed from: the exports, and the accounts and secrets they are compared with. */
const COVERAGE_TABLES = ['escrow_exports', 'escrow_export_accounts', 'accounts', 'account_secrets'] as const;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

export class EscrowService {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly people: PeopleService,
    private readonly obligations: ObligationsService,
    private readonly trail: AuditTrail,
    /** The vault's own compliance findings for the bundle (the compliance service reads escrow, so it comes late). */
    private readonly complianceSummary: () => ManifestCompliance,
  ) {}

  // --- press cards -----------------------------------------------------------------------

  /**
   * Imports a press card, refused unless its fingerprint is the one the press
   * team gave (the check a person makes by phone).
   */
  importCard(content: string, fingerprint: string): PressCardView {
    const expected = normalizeFingerprint(fingerprint);
    if (!expected) {
      throw new CustodianError(
        'invalid_input',
        'The fingerprint is 30 digits (6 groups of 5), as the press team reads it to you',
      );
    }
    const session = this.vault.session();
    const card = parseCard(this.sodium, content);
    if (card.fingerprint.digits !== expected) {
      throw new CustodianError(
        'tampered',
        `This card’s fingerprint is ${card.fingerprint.text}, not the ${formatFingerprint(expected)} you were given: do not use it. Check with the press team on a number you already know`,
      );
    }
    const { store, keys } = session;
    const id = store.transaction(() => {
      if (store.escrow.cardByFingerprint(card.fingerprint.digits)) {
        throw new CustodianError(
          'conflict',
          `The card of “${card.body.team}” (${card.fingerprint.text}) is already imported`,
        );
      }
      const id = store.escrow.nextId('press_cards');
      store.escrow.insertCard({
        id,
        fingerprint: card.fingerprint.digits,
        importedAt: session.clock.now(),
        card: keys.fields.sealText(cardRef(id), card.file),
      });
      session.record({
        kind: 'press.card_imported',
        details: { cardId: id, fingerprint: card.fingerprint.digits, quorumK: card.body.quorum?.k ?? null },
      });
      return id;
    });
    return this.cardView(session, store.escrow.card(id)!);
  }

  /**
   * The press card this vault imported (and so pinned) with this fingerprint,
   * parsed and verified again from the vault; null when there is none. What
   * notices and published policies are checked against.
   */
  pinnedCard(session: VaultSession, fingerprint: string): ParsedCard | null {
    const digits = normalizeFingerprint(fingerprint);
    const row = digits ? session.store.read(() => session.store.escrow.cardByFingerprint(digits)) : undefined;
    return row ? this.parsed(session, row) : null;
  }

  cards(): PressCardView[] {
    const session = this.vault.session();
    return session.store.read(() => session.store.escrow.cards()).map((row) => this.cardView(session, row));
  }

  /**
   * A card by its fingerprint (spaces optional) or a unique prefix of at
   * least 5 digits; with none given, the only card, or the card of the latest export.
   */
  resolveCard(fingerprint?: string): PressCardView {
    const session = this.vault.session();
    return this.cardView(session, this.cardRow(session, fingerprint));
  }

  // --- export and staleness --------------------------------------------------------------

  /**
   * Exports a bundle of every active account to a card. The bundle, the
   * record of the export and its audit event commit together; the file is
   * written by `sink` inside that transaction, so a failed write records nothing.
   */
  async export(
    fingerprint: string | undefined,
    sink: (content: string) => void,
  ): Promise<{ bundleId: string; accounts: number; card: PressCardView }> {
    const session = this.vault.session();
    const { sodium } = this;
    const cardRow = this.cardRow(session, fingerprint);
    const card = this.parsed(session, cardRow);
    const bundleKeys = await prepareBundleKeys(sodium, session.random, card);
    try {
      this.vault.stillOpen(session, 'the bundle was being prepared: nothing was exported');
      const { store, keys, info } = session;
      return store.transaction(() => {
        const now = session.clock.now();
        let bundleId = toBase64Url(session.random(16));
        while (store.escrow.exportByBundleId(bundleId)) bundleId = toBase64Url(session.random(16));
        const { manifest, secrets, digests } = this.collect(session, now);
        if (manifest.accounts.length === 0) {
          throw new CustodianError('conflict', 'There are no active accounts to escrow');
        }
        session.record({
          kind: 'escrow.exported',
          details: { bundleId, cardFingerprint: card.fingerprint.digits, accounts: manifest.accounts.length },
        });
        // The bundle carries a signed head that includes its own export event.
        this.trail.checkpoint(store, info.id, keys);
        const head = store.audit.lastCheckpoint()!;
        const { file } = sealBundle(
          sodium,
          session.random,
          {
            bundleId,
            createdAt: now,
            issuer: { vaultId: info.id, name: info.owner, signingKey: keys.signingPublicKey },
            card,
            auditHead: { seq: head.seq, at: head.at, hash: head.headHash, signature: head.signature },
            manifest,
            secrets,
            keys: bundleKeys,
          },
          (message) => keys.sign(message),
        );
        const exportId = store.escrow.nextExportId();
        store.escrow.insertExport({
          id: exportId,
          bundleId,
          cardId: cardRow.id,
          createdAt: now,
          accountCount: manifest.accounts.length,
          auditSeq: head.seq,
        });
        for (const { accountId, passwordChangedAt, digest } of digests) {
          store.escrow.insertExportAccount({ exportId, accountId, passwordChangedAt, secretsDigest: digest });
        }
        sink(file);
        return { bundleId, accounts: manifest.accounts.length, card: this.cardView(session, cardRow) };
      });
    } finally {
      bundleKeys.dispose();
    }
  }

  /** Every imported card with the state of its latest bundle, and the notices imported. */
  status(): EscrowStatus {
    const session = this.vault.session();
    const { store } = session;
    const cards = store.read(() => store.escrow.cards()).map((row) => this.cardStatus(session, row));
    const stale = cards.filter((c) => c.stale);
    const banner =
      stale.length === 0
        ? null
        : stale
            .map((c) =>
              c.latest
                ? `Escrow out of date for ${c.card.team}: ${describe(c.reasons)} since the bundle of ${isoDay(c.latest.createdAt)} — re-export`
                : `No escrow bundle yet for ${c.card.team} — export one`,
            )
            .join('; ');
    return { cards, needsExport: stale.length > 0, banner, notices: this.notices(session) };
  }

  // --- break-glass notices ---------------------------------------------------------------

  /**
   * Imports the press team's break-glass notice: checked against the signing
   * key of the card imported for it, refused for another vault, another
   * card's bundle, accounts this vault does not have or did not escrow, and
   * duplicates. Records it and creates an immediate "escrow opened" rotation
   * obligation on every account it names that is still active.
   */
  importNotice(content: string): NoticeImportResult {
    const session = this.vault.session();
    const { store, keys, info } = session;
    const cardsByDigits = new Map<string, { row: CardRow; card: ParsedCard }>();
    const notice = parseNotice(this.sodium, content, (fingerprint) => {
      const digits = normalizeFingerprint(fingerprint);
      const row = digits ? store.read(() => store.escrow.cardByFingerprint(digits)) : undefined;
      if (!row) return null;
      const card = this.parsed(session, row);
      cardsByDigits.set(card.fingerprint.digits, { row, card });
      return card.signingKey;
    });
    const body = notice.body;
    const { row: cardRow, card } = cardsByDigits.get(normalizeFingerprint(body.press.cardFingerprint)!)!;
    if (body.issuerVaultId !== info.id) {
      throw new CustodianError(
        'conflict',
        `This notice is about a bundle from another vault (${body.issuerVaultId}), not this one (${info.id})`,
      );
    }
    const exported = store.read(() => store.escrow.exportByBundleId(body.bundleId));
    if (!exported) {
      throw new CustodianError('not_found', `This vault never exported bundle ${body.bundleId}`);
    }
    if (exported.cardId !== cardRow.id) {
      throw new CustodianError(
        'conflict',
        `Bundle ${body.bundleId} was exported to another press card, not to ${card.body.team}`,
      );
    }
    const escrowed = new Set(store.read(() => store.escrow.exportedAccountIds(exported.id)));
    const active: number[] = [];
    for (const ref of body.accounts) {
      const account = store.read(() => store.accounts.get(ref));
      if (!account)
        throw new CustodianError('not_found', `The notice names account ${ref}, which this vault does not have`);
      if (!escrowed.has(ref)) {
        throw new CustodianError(
          'conflict',
          `The notice names account ${ref}, which was not in bundle ${body.bundleId}`,
        );
      }
      if (account.status === 'active') active.push(ref);
    }
    const now = session.clock.now();
    const detail = `Escrow opened by ${card.body.team} on ${isoDay(notice.openedAt)}: ${body.reason}`;
    store.transaction(() => {
      if (store.escrow.noticeTaken(body.noticeId)) {
        throw new CustodianError('conflict', `Notice ${body.noticeId} was already imported`);
      }
      const id = store.escrow.nextNoticeId();
      store.escrow.insertNotice({
        id,
        noticeId: body.noticeId,
        exportId: exported.id,
        cardId: cardRow.id,
        openedAt: notice.openedAt,
        importedAt: now,
        accounts: JSON.stringify(body.accounts),
        reason: keys.fields.sealText(noticeRef(id, 'reason'), body.reason),
        notice: keys.fields.sealText(noticeRef(id, 'notice'), notice.file),
      });
      session.record({
        kind: 'escrow.notice_imported',
        details: {
          noticeId: body.noticeId,
          bundleId: body.bundleId,
          cardFingerprint: card.fingerprint.digits,
          openedAt: notice.openedAt,
          accounts: body.accounts.length,
          obligations: active.length,
        },
      });
      for (const accountId of active) {
        this.obligations.add(session, { accountId, kind: 'escrow_opened', detail, dueAt: now });
        // Breaking the glass shows the press team every escrowed secret, the TOTP seed included.
        this.obligations.addReenrolment(session, {
          accountId,
          detail: `Re-enrol two-factor: the TOTP seed was in the opened escrow (${card.body.team}, ${isoDay(notice.openedAt)})`,
          dueAt: now,
        });
      }
    });
    return {
      noticeId: body.noticeId,
      bundleId: body.bundleId,
      team: card.body.team,
      openedAt: notice.openedAt,
      reason: body.reason,
      accounts: body.accounts.length,
      obligations: active.length,
      archivedSkipped: body.accounts.length - active.length,
    };
  }

  // --- internals -------------------------------------------------------------------------

  /**
   * The manifest and secrets of every active account, with the digest of
   * each account's escrowed secrets. Names come from the session's decrypted
   * views (the account list, the people directory); only the URL and the
   * secrets are opened here, each once.
   */
  private collect(session: VaultSession, now: number) {
    const { store, keys } = session;
    const fields = keys.fields;
    const summaries = new Map(this.accounts.list().map((a) => [a.id, a]));
    const people: ManifestPerson[] = [];
    const personIndex = new Map<number, number>();
    const indexOf = (id: number) => {
      let index = personIndex.get(id);
      if (index === undefined) {
        const p = this.people.record(session, id);
        index = people.push({ name: p.name, email: p.email, phone: p.phone }) - 1;
        personIndex.set(id, index);
      }
      return index;
    };
    const holders = new Map<number, ManifestAccount['holders']>();
    for (const grant of store.escrow.heldGrants(now)) {
      const list = holders.get(grant.accountId) ?? [];
      list.push({ person: indexOf(grant.personId), kind: grant.kind, since: iso(grant.grantedAt) });
      holders.set(grant.accountId, list);
    }
    const accounts: ManifestAccount[] = [];
    const escrowed: EscrowedSecret[] = [];
    const digests: { accountId: number; passwordChangedAt: number | null; digest: Uint8Array }[] = [];
    for (const row of store.escrow.escrowSource()) {
      const secret = this.openSecrets(session, row.id, row);
      const summary = summaries.get(row.id);
      const open = (
        column: 'handle' | 'display_name' | 'department' | 'recovery_email' | 'recovery_phone' | 'two_factor_device',
        value: EscrowSourceRow['url'],
      ) => (value ? fields.openText(accountRef(row.id, column), value) : '');
      accounts.push({
        ref: row.id,
        platform: row.platform,
        handle: summary?.handle ?? open('handle', row.handle),
        displayName: summary?.displayName ?? open('display_name', row.displayName),
        url: row.url ? fields.openText(accountRef(row.id, 'url'), row.url) : '',
        department: summary?.department ?? open('department', row.department),
        manager: row.managerId === null ? null : indexOf(row.managerId),
        holders: holders.get(row.id) ?? [],
        lastRotatedAt: row.passwordChangedAt === null ? null : iso(row.passwordChangedAt),
        twoFactor: row.twoFactor,
        hasPassword: secret.password !== null,
        hasTotp: secret.totp !== null,
        recoveryCodes: secret.recoveryCodes.length,
        recoveryEmail: open('recovery_email', row.recoveryEmail),
        recoveryPhone: open('recovery_phone', row.recoveryPhone),
        twoFactorDevice: open('two_factor_device', row.twoFactorDevice),
        twoFactorHolder: row.twoFactorHolderId === null ? null : indexOf(row.twoFactorHolderId),
      });
      escrowed.push(secret);
      digests.push({
        accountId: row.id,
        passwordChangedAt: row.passwordChangedAt,
        digest: this.digest(session, secret),
      });
    }
    const manifest: Manifest = { format: MANIFEST_FORMAT, people, accounts, compliance: this.complianceSummary() };
    const secrets: Secrets = { format: SECRETS_FORMAT, accounts: escrowed };
    return { manifest, secrets, digests };
  }

  /** What a bundle escrows of one account's secrets (notes are never escrowed). */
  private openSecrets(
    session: VaultSession,
    id: number,
    row: Pick<SecretsRow, 'signInName' | 'password' | 'totp' | 'recoveryCodes'>,
  ): EscrowedSecret {
    const fields = session.keys.fields;
    const totp = row.totp ? fields.openJson(secretRef(id, 'totp'), row.totp, TotpConfigSchema) : null;
    return {
      ref: id,
      signInName: row.signInName ? fields.openText(secretRef(id, 'sign_in_name'), row.signInName) : null,
      password: row.password ? fields.openText(secretRef(id, 'password'), row.password) : null,
      totp: totp ? { secret: totp.secret, digits: totp.digits, period: totp.period, algorithm: totp.algorithm } : null,
      recoveryCodes: row.recoveryCodes
        ? fields.openJson(secretRef(id, 'recovery_codes'), row.recoveryCodes, RecoveryCodesStored)
        : [],
    };
  }

  /** Keyed (the vault's index key), so the stored digest says nothing about the secrets without the vault key. */
  private digest(session: VaultSession, secret: EscrowedSecret): Uint8Array {
    return session.keys.blindIndex(
      DIGEST_PURPOSE,
      // The sign-in name joins the digest only when there is one, so bundles exported before it was escrowed
      // stay current for accounts without one.
      JSON.stringify(
        secret.signInName === null
          ? [secret.password, secret.totp, secret.recoveryCodes]
          : [secret.password, secret.totp, secret.recoveryCodes, secret.signInName],
      ),
    );
  }

  private cardStatus(session: VaultSession, row: CardRow): EscrowCardStatus {
    const { store } = session;
    const card = this.cardView(session, row);
    const latest = store.read(() => store.escrow.latestExportFor(row.id));
    if (!latest) {
      return {
        card,
        latest: null,
        stale: true,
        reasons: { rotated: [], added: [], archived: [] },
        summary: `No bundle has been exported to ${card.team} yet`,
      };
    }
    const reasons = this.staleness(session, latest);
    const stale = reasons.rotated.length + reasons.added.length + reasons.archived.length > 0;
    return {
      card,
      latest: {
        bundleId: latest.bundleId,
        createdAt: latest.createdAt,
        accounts: latest.accountCount,
        cardFingerprint: card.fingerprint,
      },
      stale,
      reasons,
      summary: stale
        ? `Out of date: ${describe(reasons)} since the bundle of ${isoDay(latest.createdAt)}`
        : `Up to date: the bundle of ${isoDay(latest.createdAt)} holds ${latest.accountCount === 1 ? 'the only active account' : `all ${latest.accountCount} active accounts`} as they are now`,
    };
  }

  /**
   * For compliance: which accounts the latest bundle (to any card) holds, and
   * which of those changed since. Null when no bundle was ever exported.
   */
  coverage(session: VaultSession): { escrowed: ReadonlySet<number>; stale: ReadonlySet<number> } | null {
    const { store } = session;
    // Kept until an export or a change to what bundles hold (the report asks again after every fix).
    return derivedFrom(session, 'escrow-coverage', COVERAGE_TABLES, () => {
      const latest = store.read(() => store.escrow.latestExport());
      if (!latest) return { value: null };
      const escrowed = new Set<number>();
      const { rotated } = this.staleness(session, latest, escrowed);
      return { value: { escrowed, stale: new Set(rotated) } };
    });
  }

  /**
   * Compares the export with the vault now. Only accounts whose secrets row
   * changed at or after the export are opened, to compare digests; the rest
   * is plaintext timestamps and statuses.
   */
  private staleness(session: VaultSession, exported: ExportRow, escrowed?: Set<number>): Staleness {
    const { store } = session;
    const rotated: number[] = [];
    const archived: number[] = [];
    for (const row of store.read(() => store.escrow.escrowedState(exported.id, exported.createdAt))) {
      escrowed?.add(row.accountId);
      if (row.status !== 'active') {
        archived.push(row.accountId);
      } else if (row.passwordChangedAt !== row.escrowedPasswordChangedAt) {
        rotated.push(row.accountId);
      } else if (row.secretsUpdatedAt !== null && row.secretsUpdatedAt >= exported.createdAt) {
        const secrets = store.read(() => store.secrets.get(row.accountId));
        const now = this.digest(
          session,
          this.openSecrets(
            session,
            row.accountId,
            secrets ?? { signInName: null, password: null, totp: null, recoveryCodes: null },
          ),
        );
        if (!row.secretsDigest || !bytesEqual(this.sodium, now, toBytes(row.secretsDigest)))
          rotated.push(row.accountId);
      }
    }
    const added = store.read(() => store.escrow.notEscrowed(exported.id));
    return { rotated, added, archived };
  }

  private notices(session: VaultSession): NoticeView[] {
    const { store, keys } = session;
    const teams = new Map<number, string>();
    const teamOf = (cardId: number) => {
      if (!teams.has(cardId)) {
        teams.set(
          cardId,
          this.parsed(
            session,
            store.read(() => store.escrow.card(cardId))!,
          ).body.team,
        );
      }
      return teams.get(cardId)!;
    };
    return store
      .read(() => store.escrow.notices())
      .map((row) => ({
        noticeId: row.noticeId,
        bundleId: row.bundleId,
        team: teamOf(row.cardId),
        openedAt: row.openedAt,
        importedAt: row.importedAt,
        reason: keys.fields.openText(noticeRef(row.id, 'reason'), row.reason),
        accounts: noticeAccounts(row),
      }));
  }

  private cardRow(session: VaultSession, fingerprint: string | undefined): CardRow {
    const { store } = session;
    if (fingerprint === undefined || fingerprint.trim() === '') {
      const cards = store.read(() => store.escrow.cards());
      if (cards.length === 1) return cards[0]!;
      if (cards.length === 0) {
        throw new CustodianError('not_found', 'No press card imported yet: import the press team’s card first');
      }
      const latest = store.read(() => store.escrow.latestExport());
      const card = latest && cards.find((c) => c.id === latest.cardId);
      if (card) return card;
      throw new CustodianError('invalid_input', 'Several press cards are imported: say which one by its fingerprint');
    }
    const digits = fingerprint.replace(/[\s.\-–]/g, '');
    if (!/^\d+$/.test(digits) || digits.length < MIN_PREFIX_DIGITS) {
      throw new CustodianError(
        'invalid_input',
        `Name the press card by its fingerprint (at least ${MIN_PREFIX_DIGITS} digits)`,
      );
    }
    const matches = store.read(() => store.escrow.cardsByPrefix(digits));
    if (matches.length === 0)
      throw new CustodianError('not_found', `No imported press card has fingerprint ${fingerprint}`);
    if (matches.length > 1) {
      throw new CustodianError('conflict', `Several press cards start with ${fingerprint}: give more digits`);
    }
    return matches[0]!;
  }

  private parsed(session: VaultSession, row: CardRow): ParsedCard {
    return parseCard(this.sodium, session.keys.fields.openText(cardRef(row.id), row.card));
  }

  private cardView(session: VaultSession, row: CardRow): PressCardView {
    const card = this.parsed(session, row);
    if (card.fingerprint.digits !== row.fingerprint) {
      throw new CustodianError('tampered', `The stored press card ${row.id} does not match its fingerprint`);
    }
    return {
      id: row.id,
      team: card.body.team,
      fingerprint: card.fingerprint.text,
      createdAt: card.createdAt,
      importedAt: row.importedAt,
      quorum: card.body.quorum ? { k: card.body.quorum.k, officers: card.officers.map((o) => o.name) } : null,
      signingKeyFingerprint: signingKeyFingerprint(this.sodium, card.signingKey),
    };
  }
}

function describe(reasons: Staleness): string {
  const parts: string[] = [];
  const count = (n: number, what: string) => `${n} account${n === 1 ? '' : 's'} ${what}`;
  if (reasons.rotated.length) parts.push(count(reasons.rotated.length, 'rotated'));
  if (reasons.added.length) parts.push(count(reasons.added.length, 'added'));
  if (reasons.archived.length) parts.push(count(reasons.archived.length, 'archived'));
  return parts.join(', ');
}

/** better-sqlite3 returns Buffers, or other types if a row was tampered with. */
function toBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(0);
}
