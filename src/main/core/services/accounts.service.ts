/**
 * The account register: create, edit, archive, restore, list, look up.
 * Decrypts on the way out into view types; encrypts on the way in. The list
 * of summaries is decrypted once per session and kept in memory (search runs
 * over it), refreshed when another process has written to the file.
 */
import { currentHolders } from './current-holders';
import { isIsoDate, toIsoDate } from '../../../shared/dates';
import { RecoveryCodesStored, tamperedValue } from '../stored-value';
import {
  PLATFORM_CLOSURES,
  fieldsOf,
  type AccountDetail,
  type PlatformClosure,
  type AccountFields,
  type AccountListItem,
  type SecretsInput,
} from '../../../shared/domain/account';
import { REENROL_KIND } from '../../../shared/domain/access';
import { PLATFORM_INFO, handleKey, normalizeHandle } from '../../../shared/domain/platforms';
import { parseTotp, totpParams, TotpConfigSchema, TotpInputError, type TotpConfig } from '../../../shared/totp';
import type { Ciphertext, FieldRef } from '../crypto/field-cipher';
import type { AccountListRow, AccountRow } from '../db/accounts.repo';
import type { SecretsRow } from '../db/secrets.repo';
import type { AuditDetails } from '../../../shared/domain/audit';
import { CustodianError } from '../errors';
import { earlierPasswordRefusal } from './password-rules';
import { strengthScore } from './password-strength';
import type { PeopleService } from './people.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const CACHE_KEY = 'accounts';

const REGISTER_KEYS = [
  'recoveryEmail',
  'recoveryPhone',
  'twoFactorDevice',
  'twoFactorHolderId',
  'language',
  'otherLanguageAccountId',
  'approvedBy',
  'approvedOn',
  'businessCase',
  'responseTime',
] as const;

/**
 * A list item as cached: the names of its manager and holders are looked up
 * when listing (they change elsewhere, holders with grants, not with the account).
 */
type CachedSummary = Omit<AccountListItem, 'manager' | 'holders'> & { managerId: number | null };

interface AccountCache {
  dataVersion: number;
  byId: Map<number, CachedSummary>;
}

type SealedColumn =
  | 'handle'
  | 'display_name'
  | 'url'
  | 'department'
  | 'manager'
  | 'purpose'
  | 'monitored_hours'
  | 'recovery_email'
  | 'recovery_phone'
  | 'two_factor_device'
  | 'approved_by'
  | 'business_case'
  | 'response_time';
type SecretColumn = 'sign_in_name' | 'password' | 'totp' | 'recovery_codes' | 'notes' | 'strength_override';

export const accountRef = (row: number, column: SealedColumn): FieldRef => ({ table: 'accounts', row, column });
export const secretRef = (row: number, column: SecretColumn): FieldRef => ({ table: 'account_secrets', row, column });

export class AccountsService {
  constructor(
    private readonly vault: VaultService,
    private readonly people: PeopleService,
  ) {}

  /**
   * Every account, with its manager's and current holders' names so the list
   * can be searched by them. Holders come from the session's view of the
   * grants (read again after any write to them); names from the cached directory.
   */
  list(): AccountListItem[] {
    const session = this.vault.session();
    const cached = this.cache(session).byId;
    const holders = currentHolders(session);
    const name = this.people.namer(session);
    return [...cached.values()].map(({ managerId, ...summary }) => ({
      ...summary,
      manager: managerId === null ? '' : name(managerId),
      holders: (holders.get(summary.id) ?? []).map(name),
    }));
  }

  get(id: number): AccountDetail {
    return this.read(id, true);
  }

  /**
   * The detail; `strength` estimates the password's strength (zxcvbn, a few
   * milliseconds, remembered per stored password for the session). Creating
   * an account leaves it out: a loop of creates (a seeded or scripted vault)
   * must not pay it each time, and the account's view asks with `get`.
   */
  private read(id: number, strength: boolean): AccountDetail {
    const session = this.vault.session();
    const row = session.store.read(() => session.store.accounts.get(id));
    if (!row) throw new CustodianError('not_found', `No account with id ${id}`);
    const secrets = session.store.read(() => session.store.secrets.get(id));
    return this.detail(session, row, secrets, strength);
  }

  create(fields: AccountFields, secrets: SecretsInput): AccountDetail {
    const session = this.vault.session();
    const { store, keys, clock } = session;
    const now = clock.now();
    const totp = parseTotpInput(secrets.totp);
    const id = store.transaction(() => {
      const handleIndex = keys.blindIndex('handle', handleKey(fields.handle));
      this.refuseDuplicate(session, fields, handleIndex, null);
      this.checkManager(session, fields.managerId);
      return this.insertWithin(session, fields, handleIndex, secrets, totp, now);
    });
    this.refreshCached(session, id);
    return this.read(id, false);
  }

  /**
   * Inserts an account with its secrets and records it. For callers that have
   * already checked duplicates and the manager inside their own transaction
   * (create, import); `details` adds to the audit event (ids and enums only).
   */
  insertWithin(
    session: VaultSession,
    fields: AccountFields,
    handleIndex: Uint8Array,
    secrets: SecretsInput,
    totp: TotpConfig | null | undefined,
    now: number,
    details: AuditDetails = {},
  ): number {
    const { store } = session;
    const id = store.accounts.nextId();
    this.checkLinks(session, id, fields);
    store.accounts.insert({
      id,
      ...this.sealFields(session, id, fields),
      twoFactor: fields.twoFactor === 'none' && totp ? 'totp' : fields.twoFactor,
      handleIndex,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    });
    store.secrets.upsert(this.sealSecrets(session, id, secrets, totp, undefined, now));
    if (secrets.password) store.secrets.setPasswordHash(id, session.keys.passwordHash(id, secrets.password));
    session.record({ kind: 'account.created', accountId: id, details: { platform: fields.platform, ...details } });
    return id;
  }

  /**
   * Replaces some of an existing account's secrets (a field left out keeps
   * its value) and records it; call inside a transaction. Returns the stored
   * row as it was, so the caller can keep what was replaced.
   */
  replaceSecretsWithin(
    session: VaultSession,
    id: number,
    secrets: SecretsInput,
    totp: TotpConfig | null | undefined,
    now: number,
    details: AuditDetails = {},
  ): SecretsRow | undefined {
    const { store } = session;
    const existing = store.secrets.get(id);
    const next = this.sealSecrets(session, id, secrets, totp, existing, now);
    store.secrets.upsert(next);
    if (next.password !== (existing?.password ?? null)) {
      // The keyed hash follows the password (the reuse rules compare against it).
      store.secrets.setPasswordHash(id, secrets.password ? session.keys.passwordHash(id, secrets.password) : null);
      store.secrets.setStrengthOverride(id, null);
    }
    if (totp) {
      const row = store.accounts.get(id);
      if (row && row.twoFactor === 'none') store.accounts.setTwoFactor(id, 'totp', now);
    }
    session.record({
      kind: 'account.updated',
      accountId: id,
      details: { secretsChanged: [changedSecrets(secrets), totp ? 'totp' : ''].filter(Boolean).join(','), ...details },
    });
    return existing;
  }

  /** Drops the decrypted list after a bulk write; it is rebuilt on the next read. */
  invalidate(session: VaultSession): void {
    session.cache.delete(CACHE_KEY);
  }

  update(id: number, given: AccountFields, secrets: SecretsInput): AccountDetail {
    // The register's fields (schema 7) left out keep their values, so a client that predates them
    // (an older form) cannot clear them by saving the fields it knows.
    const current = fieldsOf(this.read(id, false));
    const kept = Object.fromEntries(REGISTER_KEYS.map((key) => [key, given[key] ?? current[key]]));
    const fields = { ...given, ...kept } as AccountFields;
    const session = this.vault.session();
    const { store, keys, clock } = session;
    const now = clock.now();
    const totp = parseTotpInput(secrets.totp);
    store.transaction(() => {
      const existing = store.accounts.get(id);
      if (!existing) throw new CustodianError('not_found', `No account with id ${id}`);
      if (existing.status === 'archived') {
        throw new CustodianError('conflict', 'This account is archived: restore it before editing');
      }
      const handleIndex = keys.blindIndex('handle', handleKey(fields.handle));
      this.refuseDuplicate(session, fields, handleIndex, id);
      if (fields.managerId !== existing.managerId) this.checkManager(session, fields.managerId);
      if (secrets.password) {
        // An edit may correct the stored password, but not bring back one a rotation or a takeover retired.
        const refusal = earlierPasswordRefusal(session, id, secrets.password);
        if (refusal)
          throw new CustodianError(
            'conflict',
            `Refused: ${refusal[0]!.toLowerCase()}${refusal.slice(1)} (nothing saved)`,
            { issues: [{ path: 'secrets.password', message: refusal }] },
          );
      }
      this.checkLinks(session, id, fields, existing);
      store.accounts.updateFields({
        id,
        ...this.sealFields(session, id, fields),
        // As on creation: storing a TOTP seed while 2FA says "none" means the method is TOTP.
        twoFactor: fields.twoFactor === 'none' && totp ? 'totp' : fields.twoFactor,
        handleIndex,
        updatedAt: now,
      });
      const before = store.secrets.get(id);
      const sealed = this.sealSecrets(session, id, secrets, totp, before, now);
      store.secrets.upsert(sealed);
      if (sealed.password !== (before?.password ?? null)) {
        store.secrets.setPasswordHash(id, secrets.password ? keys.passwordHash(id, secrets.password) : null);
        store.secrets.setStrengthOverride(id, null);
      }
      // A new TOTP seed is what a "re-enrol two-factor" obligation asks for.
      const reenrolled =
        totp && !sameSeed(session, id, before?.totp ?? null, totp)
          ? store.obligations.resolveOpen(id, [REENROL_KIND], now, null).length
          : 0;
      session.record({
        kind: 'account.updated',
        accountId: id,
        details: { secretsChanged: changedSecrets(secrets), ...(reenrolled ? { reenrolled } : {}) },
      });
    });
    this.refreshCached(session, id);
    return this.get(id);
  }

  /** The cached summary of one account (no secrets, no holder names), or undefined. */
  summaryOf(session: VaultSession, id: number): CachedSummary | undefined {
    return this.cache(session).byId.get(id);
  }

  /** Every cached summary by id, looked up once (each summaryOf call checks the cache is current). */
  summaries(session: VaultSession): ReadonlyMap<number, CachedSummary> {
    return this.cache(session).byId;
  }

  /** "@handle (Platform)", for lists and messages. */
  labelOf(session: VaultSession, id: number): string {
    return this.labeller(session)(id);
  }

  /** labelOf for many ids: looks the decrypted list up once, not once per id. */
  labeller(session: VaultSession): (id: number) => string {
    const byId = this.cache(session).byId;
    return (id) => {
      const summary = byId.get(id);
      return summary ? `@${summary.handle} (${PLATFORM_INFO[summary.platform].label})` : `account ${id}`;
    };
  }

  /**
   * Archives inside the caller's transaction (the access service revokes the
   * grants in the same one): refused while a takeover is running or scheduled
   * (the refusal names its end as a day in `zone`, the vault's).
   */
  markArchived(
    session: VaultSession,
    id: number,
    closure: { how: PlatformClosure; on: string } | null,
    zone: string,
  ): void {
    const { store, clock } = session;
    const existing = store.accounts.get(id);
    if (!existing) throw new CustodianError('not_found', `No account with id ${id}`);
    if (existing.status === 'archived') throw new CustodianError('conflict', 'The account is already archived');
    const takeover = store.takeovers.openForAccount(id);
    if (takeover && takeover.endedAt === null) {
      throw new CustodianError(
        'conflict',
        `${this.labelOf(session, id)} has a takeover ${takeover.startsAt > clock.now() ? 'scheduled' : 'running'} until ${toIsoDate(takeover.endsAt, zone)}: end or cancel it before archiving (nothing recorded)`,
      );
    }
    store.accounts.setStatus(id, 'archived', clock.now(), closure);
  }

  /** Undoes an archive: the account is active again (its grants stay revoked; the log keeps them). */
  restore(id: number): AccountDetail {
    const session = this.vault.session();
    const { store, clock } = session;
    store.transaction(() => {
      const existing = store.accounts.get(id);
      if (!existing) throw new CustodianError('not_found', `No account with id ${id}`);
      if (existing.status !== 'archived') throw new CustodianError('conflict', 'The account is not archived');
      store.accounts.setStatus(id, 'active', clock.now());
      session.record({ kind: 'account.restored', accountId: id });
    });
    this.refreshCached(session, id);
    return this.get(id);
  }

  /**
   * An account named on the command line: a numeric id, or a handle (with or
   * without "@"), optionally "platform:handle" when a handle exists on several platforms.
   */
  resolve(ref: string): number {
    const session = this.vault.session();
    const text = ref.trim();
    if (/^\d+$/.test(text)) {
      const id = Number(text);
      if (session.store.read(() => session.store.accounts.get(id))) return id;
    }
    const colon = text.indexOf(':');
    const platform = colon > 0 && Object.hasOwn(PLATFORM_INFO, text.slice(0, colon)) ? text.slice(0, colon) : null;
    const handle = platform ? text.slice(colon + 1) : text;
    const matches = session.store
      .read(() => session.store.accounts.idsByHandleIndex(session.keys.blindIndex('handle', handleKey(handle))))
      .filter((m) => platform === null || m.platform === platform);
    if (matches.length === 0) throw new CustodianError('not_found', `No account with id or handle "${ref}"`);
    if (matches.length > 1) {
      const where = matches.map((m) => `${m.platform} (id ${m.id})`).join(', ');
      throw new CustodianError(
        'conflict',
        `"${ref}" matches several accounts: ${where}; use the id or platform:handle`,
      );
    }
    return matches[0]!.id;
  }

  /** Opens one secret column; used by the secrets service. */
  readSecretRow(session: VaultSession, id: number): SecretsRow {
    const account = session.store.read(() => session.store.accounts.get(id));
    if (!account) throw new CustodianError('not_found', `No account with id ${id}`);
    const row = session.store.read(() => session.store.secrets.get(id));
    if (!row) throw new CustodianError('not_found', `Account ${id} has no secrets stored`);
    return row;
  }

  /** The overall manager must be someone in the directory who has not left. */
  private checkManager(session: VaultSession, managerId: number | null | undefined): void {
    if (managerId === null || managerId === undefined) return;
    const person = this.people.record(session, managerId);
    if (person.status === 'left') {
      throw new CustodianError('conflict', `${person.name} left on ${person.statusDate}: choose another manager`);
    }
  }

  /**
   * The two-factor holder must be in the directory (and, when newly chosen,
   * not have left); the other-language account must exist and not be this one.
   */
  private checkLinks(session: VaultSession, id: number, fields: AccountFields, existing?: AccountRow): void {
    const holder = fields.twoFactorHolderId ?? null;
    if (holder !== null && holder !== (existing?.twoFactorHolderId ?? null)) {
      const person = this.people.record(session, holder);
      if (person.status === 'left') {
        throw new CustodianError('conflict', `${person.name} left on ${person.statusDate}: choose another 2FA holder`);
      }
    }
    const other = fields.otherLanguageAccountId ?? null;
    if (other !== null) {
      if (other === id)
        throw new CustodianError('invalid_input', 'An account cannot be its own other-language account');
      if (!session.store.accounts.get(other)) throw new CustodianError('not_found', `No account with id ${other}`);
    }
  }

  /** The manager's name; vaults from before the directory may hold a free-text name instead. */
  private managerName(session: VaultSession, row: AccountRow, legacy: string): string {
    if (row.managerId === null) return legacy ? `${legacy} (not in the directory)` : '';
    try {
      return this.people.record(session, row.managerId).name;
    } catch {
      return `person ${row.managerId}`;
    }
  }

  private refuseDuplicate(
    session: VaultSession,
    fields: AccountFields,
    handleIndex: Uint8Array,
    self: number | null,
  ): void {
    const clash = session.store.accounts
      .idsByHandleIndex(handleIndex)
      .find((m) => m.platform === fields.platform && m.id !== self);
    if (clash) {
      const label = PLATFORM_INFO[fields.platform].label;
      const archived = clash.status === 'archived' ? ' (archived: restore it instead)' : '';
      throw new CustodianError(
        'conflict',
        `@${normalizeHandle(fields.handle)} on ${label} is already registered as account ${clash.id}${archived}`,
      );
    }
  }

  private sealFields(session: VaultSession, id: number, fields: AccountFields) {
    const seal = (column: SealedColumn, value: string | undefined): Ciphertext | null =>
      value ? session.keys.fields.sealText(accountRef(id, column), value) : null;
    return {
      platform: fields.platform,
      handle: session.keys.fields.sealText(accountRef(id, 'handle'), fields.handle),
      displayName: seal('display_name', fields.displayName),
      url: seal('url', fields.url),
      department: seal('department', fields.department),
      managerId: fields.managerId ?? null,
      purpose: seal('purpose', fields.purpose),
      monitoredHours: seal('monitored_hours', fields.monitoredHours),
      recoveryEmail: seal('recovery_email', fields.recoveryEmail),
      recoveryPhone: seal('recovery_phone', fields.recoveryPhone),
      twoFactorDevice: seal('two_factor_device', fields.twoFactorDevice),
      twoFactorHolderId: fields.twoFactorHolderId ?? null,
      language: fields.language ?? null,
      otherLanguageAccountId: fields.otherLanguageAccountId ?? null,
      approvedBy: seal('approved_by', fields.approvedBy),
      approvedOn: fields.approvedOn ? fields.approvedOn : null,
      businessCase: seal('business_case', fields.businessCase),
      responseTime: seal('response_time', fields.responseTime),
    };
  }

  /** Applies a secrets change over the stored row: undefined keeps, null clears, a value replaces. */
  private sealSecrets(
    session: VaultSession,
    id: number,
    input: SecretsInput,
    totp: TotpConfig | null | undefined,
    existing: SecretsRow | undefined,
    now: number,
  ): SecretsRow {
    const fields = session.keys.fields;
    const pick = <T>(value: T | null | undefined, old: Ciphertext | null, seal: (v: T) => Ciphertext | null) =>
      value === undefined ? old : value === null ? null : seal(value);
    // Saving the password it already has is not a change: it must not reset the rotation clock.
    const unchanged =
      typeof input.password === 'string' &&
      existing?.password &&
      fields.openText(secretRef(id, 'password'), existing.password) === input.password;
    const password = unchanged
      ? existing.password
      : pick(input.password, existing?.password ?? null, (v) => fields.sealText(secretRef(id, 'password'), v));
    return {
      accountId: id,
      signInName: pick(input.signInName, existing?.signInName ?? null, (v) =>
        fields.sealText(secretRef(id, 'sign_in_name'), v),
      ),
      password,
      totp: pick(totp, existing?.totp ?? null, (v) => fields.sealJson(secretRef(id, 'totp'), v)),
      recoveryCodes: pick(input.recoveryCodes, existing?.recoveryCodes ?? null, (v) =>
        v.length ? fields.sealJson(secretRef(id, 'recovery_codes'), v) : null,
      ),
      notes: pick(input.notes, existing?.notes ?? null, (v) =>
        v.trim() ? fields.sealText(secretRef(id, 'notes'), v) : null,
      ),
      passwordChangedAt:
        input.password !== undefined && !unchanged ? (password ? now : null) : (existing?.passwordChangedAt ?? null),
      updatedAt: now,
    };
  }

  private summary(
    session: VaultSession,
    row: Omit<AccountListRow, 'passwordChangedAt'>,
  ): Omit<CachedSummary, 'passwordChangedAt'> {
    const open = (column: SealedColumn, value: Ciphertext | null) =>
      value ? session.keys.fields.openText(accountRef(row.id, column), value) : '';
    return {
      id: row.id,
      platform: row.platform,
      handle: open('handle', row.handle),
      displayName: open('display_name', row.displayName),
      department: open('department', row.department),
      status: row.status,
      twoFactor: row.twoFactor,
      hasPassword: row.hasPassword === 1,
      hasTotp: row.hasTotp === 1,
      updatedAt: row.updatedAt,
      managerId: row.managerId,
    };
  }

  private detail(
    session: VaultSession,
    row: AccountRow,
    secrets: SecretsRow | undefined,
    strength: boolean,
  ): AccountDetail {
    const open = (column: SealedColumn, value: Ciphertext | null) =>
      value ? session.keys.fields.openText(accountRef(row.id, column), value) : '';
    const totp = secrets?.totp
      ? session.keys.fields.openJson(secretRef(row.id, 'totp'), secrets.totp, TotpConfigSchema)
      : null;
    const codes = secrets?.recoveryCodes
      ? session.keys.fields.openJson(secretRef(row.id, 'recovery_codes'), secrets.recoveryCodes, RecoveryCodesStored)
      : [];
    return {
      ...this.summary(session, { ...row, hasPassword: secrets?.password ? 1 : 0, hasTotp: totp ? 1 : 0 }),
      url: open('url', row.url),
      managerId: row.managerId,
      manager: this.managerName(session, row, open('manager', row.manager)),
      purpose: open('purpose', row.purpose),
      monitoredHours: open('monitored_hours', row.monitoredHours),
      createdAt: row.createdAt,
      archivedAt: row.archivedAt,
      passwordChangedAt: secrets?.passwordChangedAt ?? null,
      totp: totp ? totpParams(totp) : null,
      recoveryCodeCount: codes.length,
      hasSignInName: Boolean(secrets?.signInName),
      hasNotes: Boolean(secrets?.notes),
      rotationDays: row.rotationDays ?? null,
      ...storedClosure(row),
      passwordStrength: secrets?.password && strength ? this.strengthOf(session, row.id, secrets.password) : null,
      strengthOverride: this.strengthOverride(session, row.id),
      holders: session.store
        .read(() => session.store.grants.heldOnAccount(row.id, session.clock.now(), session.clock.now()))
        .map((g) => g.personId)
        .filter((person, i, all) => all.indexOf(person) === i)
        .map(this.people.namer(session)),
      recoveryEmail: open('recovery_email', row.recoveryEmail),
      recoveryPhone: open('recovery_phone', row.recoveryPhone),
      twoFactorDevice: open('two_factor_device', row.twoFactorDevice),
      twoFactorHolderId: row.twoFactorHolderId,
      twoFactorHolder: row.twoFactorHolderId === null ? '' : this.people.namer(session)(row.twoFactorHolderId),
      language: row.language,
      otherLanguageAccountId: row.otherLanguageAccountId,
      approvedBy: open('approved_by', row.approvedBy),
      approvedOn: storedApprovedOn(row),
      businessCase: open('business_case', row.businessCase),
      responseTime: open('response_time', row.responseTime),
    };
  }

  /**
   * The zxcvbn score of the stored password: remembered per stored ciphertext
   * (no decryption on the next view), estimated once per distinct password in
   * a session (shared with the compliance report).
   */
  private strengthOf(session: VaultSession, id: number, sealed: Ciphertext): number {
    const key = `strength:${id}:${Buffer.from(sealed).toString('base64')}`;
    const known = session.cache.get(key);
    if (typeof known === 'number') return known;
    const score = strengthScore(session, session.keys.fields.openText(secretRef(id, 'password'), sealed));
    session.cache.set(key, score);
    return score;
  }

  private strengthOverride(session: VaultSession, id: number): string | null {
    const sealed = session.store.secrets.strengthOverride(id);
    return sealed ? session.keys.fields.openText(secretRef(id, 'strength_override'), sealed) : null;
  }

  private cache(session: VaultSession): AccountCache {
    const version = session.store.dataVersion();
    const cached = session.cache.get(CACHE_KEY) as AccountCache | undefined;
    if (cached && cached.dataVersion === version) return cached;
    const rows = session.store.read(() => session.store.accounts.listRows());
    const byId = new Map(rows.map((row) => [row.id, this.cachedItem(session, row)]));
    const fresh = { dataVersion: version, byId };
    session.cache.set(CACHE_KEY, fresh);
    return fresh;
  }

  /** Our own commits do not change data_version, so patch the cache directly (other services call this too). */
  refresh(session: VaultSession, id: number): void {
    this.refreshCached(session, id);
  }

  private refreshCached(session: VaultSession, id: number): void {
    const cached = session.cache.get(CACHE_KEY) as AccountCache | undefined;
    if (!cached) return;
    const row = session.store.read(() => session.store.accounts.listRow(id));
    if (row) cached.byId.set(id, this.cachedItem(session, row));
  }

  private cachedItem(session: VaultSession, row: AccountListRow): CachedSummary {
    return { ...this.summary(session, row), passwordChangedAt: row.passwordChangedAt ?? null };
  }
}

/** Which secrets a change touches, for the audit trail: names, never values. */
function changedSecrets(secrets: SecretsInput): string {
  return Object.keys(secrets)
    .filter((k) => secrets[k as keyof SecretsInput] !== undefined)
    .join(',');
}

/** Whether a seed given now is the one already stored (no re-enrolment). */
function sameSeed(session: VaultSession, id: number, stored: Ciphertext | null, totp: TotpConfig): boolean {
  return (
    stored !== null &&
    session.keys.fields.openJson(secretRef(id, 'totp'), stored, TotpConfigSchema).secret === totp.secret
  );
}

/** A TOTP seed as typed (URI or base32 + parameters), or a clear invalid_input refusal. Also used by rotations. */
export function parseTotpInput(input: SecretsInput['totp']): TotpConfig | null | undefined {
  if (input === undefined || input === null) return input;
  try {
    return parseTotp(input.seed, {
      ...(input.digits ? { digits: input.digits } : {}),
      ...(input.period ? { period: input.period } : {}),
      ...(input.algorithm ? { algorithm: input.algorithm } : {}),
    });
  } catch (error) {
    if (error instanceof TotpInputError) {
      throw new CustodianError('invalid_input', error.message, {
        issues: [{ path: 'secrets.totp.seed', message: error.message }],
      });
    }
    throw error;
  }
}

/**
 * What became of an archived channel, as read from the file: parsed, so a
 * value the schema does not allow is a clear refusal rather than a label
 * that does not exist (the row MAC refuses an edit first).
 */
function storedClosure(row: AccountRow): { platformClosure: PlatformClosure | null; platformClosedOn: string | null } {
  const how = row.platformClosure ?? null;
  const on = row.platformClosedOn ?? null;
  if ((how !== null && !PLATFORM_CLOSURES.includes(how)) || (on !== null && !isIsoDate(on))) {
    throw new CustodianError('tampered', `The stored closure of account ${row.id} is not one Custodian writes`);
  }
  return { platformClosure: how, platformClosedOn: on };
}

/** The approval date as stored: a YYYY-MM-DD day or nothing. */
function storedApprovedOn(row: AccountRow): string | null {
  if (row.approvedOn !== null && !isIsoDate(row.approvedOn)) {
    throw tamperedValue({ table: 'accounts', row: row.id, column: 'approved_on' });
  }
  return row.approvedOn;
}
