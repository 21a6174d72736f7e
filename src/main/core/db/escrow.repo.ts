import { z } from 'zod';
import { parseStoredJson } from '../stored-value';
import type { AccountStatus, TwoFactorMethod } from '../../../shared/domain/account';
import type { GrantKind } from '../../../shared/domain/access';
import type { Platform } from '../../../shared/domain/platforms';
import type { Ciphertext } from '../crypto/field-cipher';
import { Repo } from './repo';

/** The press team's own key pair and card. */
export interface PressKeyRow {
  id: number;
  createdAt: number;
  fingerprint: string;
  publicKey: Uint8Array;
  secretKey: Ciphertext;
  card: Ciphertext;
  quorumK: number | null;
  retiredAt: number | null;
}

export interface OfficerRow {
  id: number;
  pressKeyId: number;
  position: number;
  name: Ciphertext;
  publicKey: Uint8Array;
  wrappedSecretKey: Ciphertext;
  kdfAlgorithm: string;
  kdfOpsLimit: number;
  kdfMemLimit: number;
  kdfSalt: Uint8Array;
}

/** A manager vault whose bundles this press vault accepts, with its pinned signing key. */
export interface IssuerRow {
  id: number;
  vaultId: string;
  signingKey: Uint8Array;
  name: Ciphertext;
  pinnedAt: number;
  repinnedAt: number | null;
}

export interface ReceivedBundleMeta {
  id: number;
  bundleId: string;
  issuerId: number;
  pressKeyId: number;
  createdAt: number;
  importedAt: number;
  accountCount: number;
  mode: 'single' | 'quorum';
  auditSeq: number;
  supersededBy: number | null;
}

export interface ReceivedBundleRow extends ReceivedBundleMeta {
  file: Ciphertext;
  manifest: Ciphertext;
}

const AccountIdsStored = z.array(z.number().int().positive());

/** The issuer's account ids an opening covered, parsed. */
export function openingRefs(row: OpeningRow): number[] {
  return parseStoredJson(AccountIdsStored, row.refs, { table: 'escrow_openings', row: row.id, column: 'refs' });
}

/** The account ids a received notice covers, parsed. */
export function noticeAccounts(row: NoticeRow): number[] {
  return parseStoredJson(AccountIdsStored, row.accounts, { table: 'escrow_notices', row: row.id, column: 'accounts' });
}

export interface OpeningRow {
  id: number;
  noticeId: string;
  bundleId: number;
  openedAt: number;
  /** JSON array of the issuer's account ids. */
  refs: string;
  reason: Ciphertext;
  notice: Ciphertext;
}

/** A press card imported by a manager. */
export interface CardRow {
  id: number;
  fingerprint: string;
  importedAt: number;
  card: Ciphertext;
}

export interface ExportRow {
  id: number;
  bundleId: string;
  cardId: number;
  createdAt: number;
  accountCount: number;
  auditSeq: number;
}

export interface ExportAccountRow {
  exportId: number;
  accountId: number;
  passwordChangedAt: number | null;
  secretsDigest: Uint8Array;
}

export interface NoticeRow {
  id: number;
  noticeId: string;
  exportId: number;
  cardId: number;
  openedAt: number;
  importedAt: number;
  /** JSON array of account ids. */
  accounts: string;
  reason: Ciphertext;
  notice: Ciphertext;
}

/** What an export needs of one account: its sealed fields and sealed secrets, in one pass. */
export interface EscrowSourceRow {
  id: number;
  platform: Platform;
  twoFactor: TwoFactorMethod;
  handle: Ciphertext;
  displayName: Ciphertext | null;
  url: Ciphertext | null;
  department: Ciphertext | null;
  managerId: number | null;
  /** The register's contact details (schema 10). */
  recoveryEmail: Ciphertext | null;
  recoveryPhone: Ciphertext | null;
  twoFactorDevice: Ciphertext | null;
  twoFactorHolderId: number | null;
  signInName: Ciphertext | null;
  password: Ciphertext | null;
  totp: Ciphertext | null;
  recoveryCodes: Ciphertext | null;
  passwordChangedAt: number | null;
}

export interface HeldGrantRow {
  accountId: number;
  personId: number;
  kind: GrantKind;
  grantedAt: number;
}

/** An escrowed account as it is now, for staleness. */
export interface EscrowedStateRow {
  accountId: number;
  status: AccountStatus | null;
  escrowedPasswordChangedAt: number | null;
  passwordChangedAt: number | null;
  secretsUpdatedAt: number | null;
  /** What the bundle escrowed, read only for secrets changed at or after `changedSince` (the rest need no comparison). */
  secretsDigest: Uint8Array | null;
}

type Table = 'press_keys' | 'press_officers' | 'escrow_issuers' | 'escrow_bundles' | 'escrow_openings' | 'press_cards';

const PRESS_KEY = `id, created_at AS createdAt, fingerprint, public_key AS publicKey, secret_key AS secretKey, card,
  quorum_k AS quorumK, retired_at AS retiredAt`;
const OFFICER = `id, press_key_id AS pressKeyId, position, name, public_key AS publicKey,
  wrapped_secret_key AS wrappedSecretKey, kdf_algorithm AS kdfAlgorithm, kdf_ops_limit AS kdfOpsLimit,
  kdf_mem_limit AS kdfMemLimit, kdf_salt AS kdfSalt`;
const ISSUER = `id, vault_id AS vaultId, signing_key AS signingKey, name, pinned_at AS pinnedAt, repinned_at AS repinnedAt`;
const BUNDLE_META = `id, bundle_id AS bundleId, issuer_id AS issuerId, press_key_id AS pressKeyId, created_at AS createdAt,
  imported_at AS importedAt, account_count AS accountCount, mode, audit_seq AS auditSeq, superseded_by AS supersededBy`;
const OPENING = `id, notice_id AS noticeId, bundle_id AS bundleId, opened_at AS openedAt, refs, reason, notice`;
const CARD = `id, fingerprint, imported_at AS importedAt, card`;
const EXPORT = `id, bundle_id AS bundleId, card_id AS cardId, created_at AS createdAt, account_count AS accountCount,
  audit_seq AS auditSeq`;

/**
 * The escrow tables (migration 0006), for both roles: the press team's key,
 * officers, pinned issuers, received bundles and openings; the manager's
 * imported cards, exports and imported notices.
 */
export class EscrowRepo extends Repo {
  /** Ids are chosen before the insert because sealed columns are bound to their row id. */
  nextId(table: Table): number {
    return (this.sql(`SELECT coalesce(max(id), 0) + 1 AS id FROM ${table}`).get() as { id: number }).id;
  }

  // --- the press team's key -------------------------------------------------------------

  insertPressKey(row: PressKeyRow): void {
    this.write(
      'press_keys',
      `INSERT INTO press_keys (id, created_at, fingerprint, public_key, secret_key, card, quorum_k, retired_at)
       VALUES (@id, @createdAt, @fingerprint, @publicKey, @secretKey, @card, @quorumK, @retiredAt)`,
      row,
    );
  }

  activePressKey(): PressKeyRow | undefined {
    return this.sql(`SELECT ${PRESS_KEY} FROM press_keys WHERE retired_at IS NULL`).get() as PressKeyRow | undefined;
  }

  pressKey(id: number): PressKeyRow | undefined {
    return this.sql(`SELECT ${PRESS_KEY} FROM press_keys WHERE id = ?`).get(id) as PressKeyRow | undefined;
  }

  pressKeyByPublicKey(publicKey: Uint8Array): PressKeyRow | undefined {
    return this.sql(`SELECT ${PRESS_KEY} FROM press_keys WHERE public_key = ?`).get(publicKey) as
      PressKeyRow | undefined;
  }

  retirePressKey(id: number, at: number): void {
    this.write('press_keys', 'UPDATE press_keys SET retired_at = ? WHERE id = ? AND retired_at IS NULL', at, id);
  }

  insertOfficer(row: OfficerRow): void {
    this.write(
      'press_officers',
      `INSERT INTO press_officers (id, press_key_id, position, name, public_key, wrapped_secret_key, kdf_algorithm,
                                   kdf_ops_limit, kdf_mem_limit, kdf_salt)
       VALUES (@id, @pressKeyId, @position, @name, @publicKey, @wrappedSecretKey, @kdfAlgorithm,
               @kdfOpsLimit, @kdfMemLimit, @kdfSalt)`,
      row,
    );
  }

  officersOf(pressKeyId: number): OfficerRow[] {
    return this.sql(`SELECT ${OFFICER} FROM press_officers WHERE press_key_id = ? ORDER BY position`).all(
      pressKeyId,
    ) as OfficerRow[];
  }

  // --- pinned issuers and received bundles ----------------------------------------------

  issuerByVaultId(vaultId: string): IssuerRow | undefined {
    return this.sql(`SELECT ${ISSUER} FROM escrow_issuers WHERE vault_id = ?`).get(vaultId) as IssuerRow | undefined;
  }

  issuer(id: number): IssuerRow | undefined {
    return this.sql(`SELECT ${ISSUER} FROM escrow_issuers WHERE id = ?`).get(id) as IssuerRow | undefined;
  }

  issuers(): IssuerRow[] {
    return this.sql(`SELECT ${ISSUER} FROM escrow_issuers ORDER BY id`).all() as IssuerRow[];
  }

  insertIssuer(row: IssuerRow): void {
    this.write(
      'escrow_issuers',
      `INSERT INTO escrow_issuers (id, vault_id, signing_key, name, pinned_at, repinned_at)
       VALUES (@id, @vaultId, @signingKey, @name, @pinnedAt, @repinnedAt)`,
      row,
    );
  }

  /** The issuer's vault owner name as its latest bundle gives it. */
  renameIssuer(id: number, name: Ciphertext): void {
    this.write('escrow_issuers', 'UPDATE escrow_issuers SET name = ? WHERE id = ?', name, id);
  }

  repinIssuer(id: number, signingKey: Uint8Array, at: number): void {
    this.write(
      'escrow_issuers',
      'UPDATE escrow_issuers SET signing_key = ?, repinned_at = ? WHERE id = ?',
      signingKey,
      at,
      id,
    );
  }

  insertBundle(row: ReceivedBundleRow): void {
    this.write(
      'escrow_bundles',
      `INSERT INTO escrow_bundles (id, bundle_id, issuer_id, press_key_id, created_at, imported_at, account_count, mode,
                                   audit_seq, superseded_by, file, manifest)
       VALUES (@id, @bundleId, @issuerId, @pressKeyId, @createdAt, @importedAt, @accountCount, @mode,
               @auditSeq, @supersededBy, @file, @manifest)`,
      row,
    );
  }

  bundleIdTaken(bundleId: string): boolean {
    return this.sql('SELECT 1 FROM escrow_bundles WHERE bundle_id = ?').get(bundleId) !== undefined;
  }

  bundleByBundleId(bundleId: string): ReceivedBundleRow | undefined {
    return this.sql(`SELECT ${BUNDLE_META}, file, manifest FROM escrow_bundles WHERE bundle_id = ?`).get(bundleId) as
      ReceivedBundleRow | undefined;
  }

  /** The bundle of the issuer that the register shows (not superseded). */
  currentBundleOf(issuerId: number): ReceivedBundleMeta | undefined {
    return this.sql(`SELECT ${BUNDLE_META} FROM escrow_bundles WHERE issuer_id = ? AND superseded_by IS NULL`).get(
      issuerId,
    ) as ReceivedBundleMeta | undefined;
  }

  /**
   * The issuer's bundle with the latest audit head (the highest sequence
   * number; the last imported of equals) among those imported since `since`.
   */
  bundleWithLatestAuditHead(issuerId: number, since: number): ReceivedBundleRow | undefined {
    return this.sql(
      `SELECT ${BUNDLE_META}, file, manifest FROM escrow_bundles WHERE issuer_id = ? AND imported_at >= ?
        ORDER BY audit_seq DESC, id DESC LIMIT 1`,
    ).get(issuerId, since) as ReceivedBundleRow | undefined;
  }

  /** The most recent audit sequence number any bundle of the issuer carried. */
  highestAuditSeq(issuerId: number): number | null {
    return (
      this.sql('SELECT max(audit_seq) AS seq FROM escrow_bundles WHERE issuer_id = ?').get(issuerId) as {
        seq: number | null;
      }
    ).seq;
  }

  supersede(id: number, by: number): void {
    this.write('escrow_bundles', 'UPDATE escrow_bundles SET superseded_by = ? WHERE id = ?', by, id);
  }

  /** Every received bundle, newest first, without the (large) sealed file. */
  bundles(): ReceivedBundleMeta[] {
    return this.sql(
      `SELECT ${BUNDLE_META} FROM escrow_bundles ORDER BY created_at DESC, id DESC`,
    ).all() as ReceivedBundleMeta[];
  }

  /** The sealed manifests of the bundles the register shows. */
  currentManifests(): (ReceivedBundleMeta & { manifest: Ciphertext })[] {
    return this.sql(
      `SELECT ${BUNDLE_META}, manifest FROM escrow_bundles WHERE superseded_by IS NULL ORDER BY issuer_id`,
    ).all() as (ReceivedBundleMeta & { manifest: Ciphertext })[];
  }

  bundleCount(): number {
    return (this.sql('SELECT count(*) AS n FROM escrow_bundles').get() as { n: number }).n;
  }

  insertOpening(row: OpeningRow): void {
    this.write(
      'escrow_openings',
      `INSERT INTO escrow_openings (id, notice_id, bundle_id, opened_at, refs, reason, notice)
       VALUES (@id, @noticeId, @bundleId, @openedAt, @refs, @reason, @notice)`,
      row,
    );
  }

  opening(id: number): OpeningRow | undefined {
    return this.sql(`SELECT ${OPENING} FROM escrow_openings WHERE id = ?`).get(id) as OpeningRow | undefined;
  }

  openings(): OpeningRow[] {
    return this.sql(`SELECT ${OPENING} FROM escrow_openings ORDER BY id DESC`).all() as OpeningRow[];
  }

  openingCounts(): Map<number, number> {
    const rows = this.sql(
      'SELECT bundle_id AS bundleId, count(*) AS n FROM escrow_openings GROUP BY bundle_id',
    ).all() as {
      bundleId: number;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.bundleId, r.n]));
  }

  // --- the manager's side: cards, exports, notices --------------------------------------

  insertCard(row: CardRow): void {
    this.write(
      'press_cards',
      'INSERT INTO press_cards (id, fingerprint, imported_at, card) VALUES (@id, @fingerprint, @importedAt, @card)',
      row,
    );
  }

  card(id: number): CardRow | undefined {
    return this.sql(`SELECT ${CARD} FROM press_cards WHERE id = ?`).get(id) as CardRow | undefined;
  }

  cardByFingerprint(digits: string): CardRow | undefined {
    return this.sql(`SELECT ${CARD} FROM press_cards WHERE fingerprint = ?`).get(digits) as CardRow | undefined;
  }

  /** Cards whose fingerprint starts with the digits given (for a fingerprint typed in part). */
  cardsByPrefix(digits: string): CardRow[] {
    return this.sql(`SELECT ${CARD} FROM press_cards WHERE substr(fingerprint, 1, length(@p)) = @p ORDER BY id`).all({
      p: digits,
    }) as CardRow[];
  }

  cards(): CardRow[] {
    return this.sql(`SELECT ${CARD} FROM press_cards ORDER BY id`).all() as CardRow[];
  }

  /** Every active account with its sealed fields and secrets, for an export. */
  escrowSource(): EscrowSourceRow[] {
    return this.sql(
      `SELECT a.id, a.platform, a.two_factor AS twoFactor, a.handle, a.display_name AS displayName, a.url,
              a.department, a.manager_person_id AS managerId, a.recovery_email AS recoveryEmail,
              a.recovery_phone AS recoveryPhone, a.two_factor_device AS twoFactorDevice,
              a.two_factor_holder_id AS twoFactorHolderId, s.sign_in_name AS signInName,
              s.password, s.totp, s.recovery_codes AS recoveryCodes,
              s.password_changed_at AS passwordChangedAt
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
        WHERE a.status = 'active'
        ORDER BY a.id`,
    ).all() as EscrowSourceRow[];
  }

  /** Every grant held at `at` (the holders of every account). */
  heldGrants(at: number): HeldGrantRow[] {
    return this.sql(
      `SELECT account_id AS accountId, person_id AS personId, kind, granted_at AS grantedAt FROM grants
        WHERE granted_at <= @at AND (revoked_at IS NULL OR revoked_at > @at) AND (ends_at IS NULL OR ends_at > @at)
        ORDER BY account_id, granted_at, id`,
    ).all({ at }) as HeldGrantRow[];
  }

  insertExport(row: ExportRow): void {
    this.write(
      'escrow_exports',
      `INSERT INTO escrow_exports (id, bundle_id, card_id, created_at, account_count, audit_seq)
       VALUES (@id, @bundleId, @cardId, @createdAt, @accountCount, @auditSeq)`,
      row,
    );
  }

  nextExportId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM escrow_exports').get() as { id: number }).id;
  }

  insertExportAccount(row: ExportAccountRow): void {
    this.write(
      'escrow_export_accounts',
      `INSERT INTO escrow_export_accounts (export_id, account_id, password_changed_at, secrets_digest)
       VALUES (@exportId, @accountId, @passwordChangedAt, @secretsDigest)`,
      row,
    );
  }

  latestExportFor(cardId: number): ExportRow | undefined {
    return this.sql(`SELECT ${EXPORT} FROM escrow_exports WHERE card_id = ? ORDER BY id DESC LIMIT 1`).get(cardId) as
      ExportRow | undefined;
  }

  latestExport(): ExportRow | undefined {
    return this.sql(`SELECT ${EXPORT} FROM escrow_exports ORDER BY id DESC LIMIT 1`).get() as ExportRow | undefined;
  }

  exportByBundleId(bundleId: string): ExportRow | undefined {
    return this.sql(`SELECT ${EXPORT} FROM escrow_exports WHERE bundle_id = ?`).get(bundleId) as ExportRow | undefined;
  }

  exportedAccountIds(exportId: number): number[] {
    return (
      this.sql('SELECT account_id AS id FROM escrow_export_accounts WHERE export_id = ? ORDER BY account_id').all(
        exportId,
      ) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Each account of the export, as it is now. */
  escrowedState(exportId: number, changedSince: number): EscrowedStateRow[] {
    return this.sql(
      `SELECT e.account_id AS accountId, a.status, e.password_changed_at AS escrowedPasswordChangedAt,
              s.password_changed_at AS passwordChangedAt, s.updated_at AS secretsUpdatedAt,
              CASE WHEN s.updated_at >= @changedSince THEN e.secrets_digest END AS secretsDigest
         FROM escrow_export_accounts e
         LEFT JOIN accounts a ON a.id = e.account_id
         LEFT JOIN account_secrets s ON s.account_id = e.account_id
        WHERE e.export_id = @exportId
        ORDER BY e.account_id`,
    ).all({ exportId, changedSince }) as EscrowedStateRow[];
  }

  /** Active accounts that are not in the export. */
  notEscrowed(exportId: number): number[] {
    return (
      this.sql(
        `SELECT id FROM accounts a WHERE a.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM escrow_export_accounts e WHERE e.export_id = ? AND e.account_id = a.id)
          ORDER BY id`,
      ).all(exportId) as { id: number }[]
    ).map((r) => r.id);
  }

  insertNotice(row: NoticeRow): void {
    this.write(
      'escrow_notices',
      `INSERT INTO escrow_notices (id, notice_id, export_id, card_id, opened_at, imported_at, accounts, reason, notice)
       VALUES (@id, @noticeId, @exportId, @cardId, @openedAt, @importedAt, @accounts, @reason, @notice)`,
      row,
    );
  }

  nextNoticeId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) + 1 AS id FROM escrow_notices').get() as { id: number }).id;
  }

  noticeTaken(noticeId: string): boolean {
    return this.sql('SELECT 1 FROM escrow_notices WHERE notice_id = ?').get(noticeId) !== undefined;
  }

  /** Imported notices, newest first, with the id of the bundle each is about. */
  notices(): (NoticeRow & { bundleId: string })[] {
    return this.sql(
      `SELECT n.id, n.notice_id AS noticeId, n.export_id AS exportId, n.card_id AS cardId, n.opened_at AS openedAt,
              n.imported_at AS importedAt, n.accounts, n.reason, n.notice, e.bundle_id AS bundleId
         FROM escrow_notices n JOIN escrow_exports e ON e.id = n.export_id
        ORDER BY n.id DESC`,
    ).all() as (NoticeRow & { bundleId: string })[];
  }
}
