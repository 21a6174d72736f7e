/**
 * The access log: who holds (and held) access to which account, granted by
 * whom and why, and leaver/mover processing. Nothing is deleted: revoking sets
 * a time, a reason and who did it; history is the point.
 */
import type {
  GrantInput,
  GrantKind,
  GrantView,
  LeaverResult,
  RevokeInput,
  RevokeResult,
} from '../../../shared/domain/access';
import { ArchiveInputSchema, type AccountDetail, type ArchiveInput } from '../../../shared/domain/account';
import type { LeaverInput } from '../../../shared/domain/people';
import { GrantInputSchema, RevokeInputSchema } from '../../../shared/domain/access';
import { endOfLocalDay, parseAsOf, parseIsoDate, startOfLocalDay, toIsoDate } from '../../../shared/dates';
import type { FieldRef } from '../crypto/field-cipher';
import type { GrantRow } from '../db/grants.repo';
import { CustodianError, parseInput } from '../errors';
import type { AccountsService } from './accounts.service';
import type { ObligationsService } from './obligations.service';
import type { PeopleService } from './people.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const grantRef = (row: number, column: 'reason' | 'revoke_reason'): FieldRef => ({ table: 'grants', row, column });

const DAY = 24 * 60 * 60 * 1000;
/** A leaving date may be announced ahead, but not absurdly far. */
export const MAX_LEAVER_DAYS_AHEAD = 90;
const EARLIEST_DATE = Date.UTC(2000, 0, 1);

export class AccessService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly people: PeopleService,
    private readonly obligations: ObligationsService,
    /** The user's time zone: a date means that day there. */
    private readonly zone: () => string,
  ) {}

  grant(input: GrantInput): GrantView {
    const parsed = parseInput(GrantInputSchema, input);
    const session = this.vault.session();
    const { store, clock } = session;
    const now = clock.now();
    const endsAt = parsed.until ? endOfLocalDay(parseIsoDate(parsed.until)!, this.zone()) : null;
    if (endsAt !== null && endsAt <= now) throw new CustodianError('invalid_input', 'The end date is already past');
    const id = store.transaction(() =>
      this.insertGrant(session, {
        accountId: parsed.accountId,
        personId: parsed.personId,
        kind: parsed.kind,
        reason: parsed.reason,
        grantedBy: parsed.grantedBy ?? null,
        from: now,
        until: endsAt,
      }),
    );
    return this.view(session, session.store.grants.get(id)!);
  }

  /**
   * Inside the caller's transaction: checks and records a grant for the
   * window [from, until). Refuses archived accounts, people who have left, and
   * anyone who already holds access during the window.
   */
  insertGrant(
    session: VaultSession,
    grant: {
      accountId: number;
      personId: number;
      kind: GrantKind;
      reason: string;
      grantedBy: number | null;
      from: number;
      until: number | null;
    },
  ): number {
    const { store, keys } = session;
    const account = store.accounts.get(grant.accountId);
    if (!account) throw new CustodianError('not_found', `No account with id ${grant.accountId}`);
    if (account.status === 'archived') {
      throw new CustodianError(
        'conflict',
        `${this.accounts.labelOf(session, grant.accountId)} is archived: restore it before granting access`,
      );
    }
    const person = this.people.record(session, grant.personId);
    if (person.status === 'left') {
      throw new CustodianError(
        'conflict',
        `${person.name} left on ${person.statusDate}: people who have left cannot be granted access`,
      );
    }
    if (grant.grantedBy !== null) this.people.record(session, grant.grantedBy);
    const overlapping = store.grants
      .heldOnAccount(grant.accountId, grant.from, grant.until ?? Number.MAX_SAFE_INTEGER)
      .some((g) => g.personId === grant.personId);
    if (overlapping) {
      throw new CustodianError(
        'conflict',
        `${person.name} already holds access to ${this.accounts.labelOf(session, grant.accountId)}`,
      );
    }
    const id = store.grants.nextId();
    store.grants.insert({
      id,
      accountId: grant.accountId,
      personId: grant.personId,
      kind: grant.kind,
      grantedBy: grant.grantedBy,
      grantedAt: grant.from,
      reason: keys.fields.sealText(grantRef(id, 'reason'), grant.reason),
      endsAt: grant.until,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    session.record({
      kind: 'grant.created',
      accountId: grant.accountId,
      personId: grant.personId,
      details: { grantId: id, kind: grant.kind, startsAt: grant.from, endsAt: grant.until, grantedBy: grant.grantedBy },
    });
    return id;
  }

  /** Inside the caller's transaction: revokes one grant (a takeover ended early or cancelled). */
  revokeById(session: VaultSession, grantId: number, reason: string): void {
    const grant = session.store.grants.get(grantId);
    if (!grant || grant.revokedAt !== null) return;
    // A grant for a window that has not begun is revoked as it would have started: it never holds.
    this.revokeGrant(session, grant, Math.max(session.clock.now(), grant.grantedAt), null, reason);
  }

  /**
   * Revokes the person's access to the account. One-time credentials issued
   * under the grant that can still be redeemed cannot be recalled (the vault
   * does not know whether they were): the password they carry must change, so
   * the revocation raises a rotation obligation, due now, in the same
   * transaction as the revocation and its audit event.
   */
  revoke(input: RevokeInput): RevokeResult {
    const parsed = parseInput(RevokeInputSchema, input);
    const session = this.vault.session();
    const { store, clock } = session;
    const now = clock.now();
    const { grantId, obligationId } = store.transaction(() => {
      const person = this.people.record(session, parsed.personId);
      if (!store.accounts.get(parsed.accountId))
        throw new CustodianError('not_found', `No account with id ${parsed.accountId}`);
      if (parsed.revokedBy !== undefined) this.people.record(session, parsed.revokedBy);
      const held = store.grants.heldOnAccount(parsed.accountId, now, now).filter((g) => g.personId === parsed.personId);
      if (held.length === 0) {
        throw new CustodianError(
          'conflict',
          `${person.name} does not hold access to ${this.accounts.labelOf(session, parsed.accountId)} (nothing to revoke)`,
        );
      }
      let outstanding = 0;
      let until = 0;
      for (const grant of held) {
        const tickets = this.revokeGrant(session, grant, now, parsed.revokedBy ?? null, parsed.reason);
        outstanding += tickets.count;
        until = Math.max(until, tickets.until ?? 0);
      }
      const obligationId =
        outstanding === 0
          ? null
          : this.obligations.add(session, {
              accountId: parsed.accountId,
              kind: 'manual',
              detail:
                `${person.name}’s access was revoked while ${outstanding === 1 ? 'a one-time credential' : `${outstanding} one-time credentials`} ` +
                `issued to them could still be redeemed (until ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC): change the password`,
              dueAt: now,
              personId: parsed.personId,
            });
      return { grantId: held[0]!.id, obligationId };
    });
    return {
      grant: this.view(session, session.store.grants.get(grantId)!),
      obligation: obligationId === null ? null : this.obligations.get(session, obligationId),
    };
  }

  /** Who holds access to the account now, or at any moment of `asOf` (a date or date-time). */
  holders(accountId: number, asOf?: string): GrantView[] {
    const session = this.vault.session();
    this.requireAccount(session, accountId);
    const { from, to } = this.window(session, asOf);
    return session.store
      .read(() => session.store.grants.heldOnAccount(accountId, from, to))
      .map((g) => this.view(session, g));
  }

  /** What the person can access now, or could at any moment of `asOf`. */
  holdings(personId: number, asOf?: string): GrantView[] {
    const session = this.vault.session();
    this.people.record(session, personId);
    const { from, to } = this.window(session, asOf);
    return session.store
      .read(() => session.store.grants.heldByPerson(personId, from, to))
      .map((g) => this.view(session, g));
  }

  /** Every grant ever made on an account or to a person, oldest first. */
  history(subject: { accountId: number } | { personId: number }): GrantView[] {
    const session = this.vault.session();
    const rows =
      'accountId' in subject
        ? (this.requireAccount(session, subject.accountId),
          session.store.read(() => session.store.grants.forAccount(subject.accountId)))
        : (this.people.record(session, subject.personId),
          session.store.read(() => session.store.grants.forPerson(subject.personId)));
    return rows.map((g) => this.view(session, g));
  }

  /** The whole access log, for export. */
  all(): GrantView[] {
    const session = this.vault.session();
    return session.store.read(() => session.store.grants.all()).map((g) => this.view(session, g));
  }

  /**
   * What marking the person would revoke and flag, without doing it (for the
   * confirmation). With a date, checks it as processLeaver would, so a silly
   * date is refused before the confirmation step.
   */
  previewLeaver(
    personId: number,
    date?: string,
  ): { revoke: GrantView[]; managedAccounts: LeaverResult['managedAccounts'] } {
    const session = this.vault.session();
    const person = this.people.record(session, personId);
    if (person.status === 'left')
      throw new CustodianError('conflict', `${person.name} is already marked as left (${person.statusDate})`);
    const now = session.clock.now();
    const held = session.store.read(() => session.store.grants.heldByPerson(personId, now, now));
    if (date !== undefined) {
      this.leavingDay(session, date);
      this.refuseBeforeGrants(session, person.name, held, date);
    }
    return { revoke: held.map((g) => this.view(session, g)), managedAccounts: this.managedBy(session, personId) };
  }

  /**
   * Marks a person as left or moved and, in one transaction, revokes every
   * grant they hold and creates a rotation obligation on each account they
   * could reach, due on their leaving date. A leaving date ahead schedules the
   * revocations for the start of that day (the grants hold until then); one
   * before a grant began is refused, naming the date it began. Accounts whose
   * TOTP seed went out to them in a one-time credential also get a "re-enrol
   * two-factor" obligation.
   */
  processLeaver(input: LeaverInput): LeaverResult {
    const session = this.vault.session();
    const { store, clock } = session;
    const now = clock.now();
    const dayStart = this.leavingDay(session, input.date);
    const moved = input.kind === 'moved';
    const verb = moved ? 'moved role' : 'left';
    const { revokedIds, obligationIds } = store.transaction(() => {
      const person = this.people.record(session, input.personId);
      if (person.status === 'left')
        throw new CustodianError('conflict', `${person.name} is already marked as left (${person.statusDate})`);
      const held = store.grants.heldByPerson(input.personId, now, now);
      this.refuseBeforeGrants(session, person.name, held, input.date);
      this.people.recordDeparture(session, input);
      const reason = `${person.name} ${verb} on ${input.date}`;
      // Revoked now, or, for a date ahead, at the start of that day: the grant holds until then.
      const revokeAt = Math.max(now, dayStart);
      for (const grant of held) this.revokeGrant(session, grant, revokeAt, null, reason);
      const accounts = new Set(held.map((g) => g.accountId));
      const obligationIds = [...accounts].map((accountId) =>
        this.obligations.add(session, {
          accountId,
          kind: moved ? 'mover' : 'leaver',
          detail: reason,
          dueAt: dayStart,
          personId: input.personId,
        }),
      );
      const seedHolders = store.takeovers.accountsWithSeedIssuedTo(input.personId).filter((id) => accounts.has(id));
      for (const accountId of seedHolders) {
        const id = this.obligations.addReenrolment(session, {
          accountId,
          detail: `Re-enrol two-factor: ${person.name}, who was given the TOTP seed, ${verb} on ${input.date}`,
          dueAt: dayStart,
          personId: input.personId,
        });
        if (id !== null) obligationIds.push(id);
      }
      return { revokedIds: held.map((g) => g.id), obligationIds };
    });
    this.people.invalidate(session);
    return {
      person: this.people.get(input.personId),
      revoked: revokedIds.map((id) => this.view(session, store.grants.get(id)!)),
      obligations: obligationIds.map((id) => this.obligations.get(session, id)),
      managedAccounts: this.managedBy(session, input.personId),
    };
  }

  /**
   * Archives an account: it is a closed channel, so every grant that holds
   * now or later is revoked ("account archived") in the same transaction,
   * with what became of the channel on the platform. Refused while a takeover
   * is running or scheduled. `restore` undoes it; the log keeps the grants.
   */
  archiveAccount(input: ArchiveInput): AccountDetail {
    const parsed = parseInput(ArchiveInputSchema, input);
    const session = this.vault.session();
    // "Today" is the vault's calendar day, as every date a person types means a day in that zone.
    const today = toIsoDate(session.clock.now(), this.zone());
    if (parsed.closedOn !== undefined && parsed.closure === undefined) {
      throw new CustodianError('invalid_input', 'closedOn goes with closure (deleted, deactivated or left_open)');
    }
    if (parsed.closedOn !== undefined && parsed.closedOn > today) {
      throw new CustodianError('invalid_input', `The closing date ${parsed.closedOn} is in the future`);
    }
    session.store.transaction(() => {
      const closure = parsed.closure ? { how: parsed.closure, on: parsed.closedOn ?? today } : null;
      this.accounts.markArchived(session, parsed.id, closure, this.zone());
      const revoked = this.revokeAllOnAccount(session, parsed.id, 'Account archived');
      session.record({
        kind: 'account.archived',
        accountId: parsed.id,
        details: { revokedGrants: revoked, platformClosure: closure?.how ?? null, closedOn: closure?.on ?? null },
      });
    });
    this.accounts.refresh(session, parsed.id);
    this.people.invalidate(session);
    return this.accounts.get(parsed.id);
  }

  /**
   * Inside the caller's transaction: revokes every grant on the account that
   * holds now or later (an archived account is a closed channel). Returns how many.
   */
  revokeAllOnAccount(session: VaultSession, accountId: number, reason: string): number {
    const now = session.clock.now();
    const live = session.store.grants
      .heldOnAccount(accountId, now, Number.MAX_SAFE_INTEGER)
      .filter((g) => g.revokedAt === null);
    for (const grant of live) this.revokeGrant(session, grant, Math.max(now, grant.grantedAt), null, reason);
    return live.length;
  }

  /** A leaving date before a grant began would say someone left before they had access. */
  private refuseBeforeGrants(session: VaultSession, name: string, held: readonly GrantRow[], date: string): void {
    const nextDay = endOfLocalDay(parseIsoDate(date)!, this.zone());
    const early = held.find((g) => g.grantedAt >= nextDay);
    if (early) {
      const began = toIsoDate(early.grantedAt, this.zone());
      throw new CustodianError(
        'invalid_input',
        `${name}’s access to ${this.accounts.labelOf(session, early.accountId)} began on ${began}: a leaving date of ${date} is before it (nothing recorded)`,
      );
    }
  }

  /** The start of a leaving date, or a clear refusal of an implausible one. */
  private leavingDay(session: VaultSession, text: string): number {
    const date = parseIsoDate(text);
    if (!date) throw new CustodianError('invalid_input', 'date: use YYYY-MM-DD');
    const dayStart = startOfLocalDay(date, this.zone());
    if (dayStart > session.clock.now() + MAX_LEAVER_DAYS_AHEAD * DAY) {
      throw new CustodianError('invalid_input', `The date ${text} is more than ${MAX_LEAVER_DAYS_AHEAD} days ahead`);
    }
    if (dayStart < EARLIEST_DATE) throw new CustodianError('invalid_input', `The date ${text} is implausibly early`);
    return dayStart;
  }

  /** Revokes and audits one grant; returns its one-time credentials that can still be redeemed. */
  private revokeGrant(
    session: VaultSession,
    grant: GrantRow,
    at: number,
    by: number | null,
    reason: string,
  ): { count: number; until: number | null } {
    const outstanding = session.store.takeovers.outstandingFor(grant.id, at);
    session.store.grants.revoke(
      grant.id,
      at,
      by,
      session.keys.fields.sealText(grantRef(grant.id, 'revoke_reason'), reason),
    );
    session.record({
      kind: 'grant.revoked',
      accountId: grant.accountId,
      personId: grant.personId,
      details: { grantId: grant.id, revokedBy: by, outstandingCredentials: outstanding.count },
    });
    return outstanding;
  }

  private managedBy(session: VaultSession, personId: number): LeaverResult['managedAccounts'] {
    return session.store
      .read(() => session.store.accounts.idsManagedBy(personId))
      .map((accountId) => ({ accountId, accountLabel: this.accounts.labelOf(session, accountId) }));
  }

  private requireAccount(session: VaultSession, accountId: number): void {
    if (!session.store.read(() => session.store.accounts.get(accountId))) {
      throw new CustodianError('not_found', `No account with id ${accountId}`);
    }
  }

  private window(session: VaultSession, asOf: string | undefined): { from: number; to: number } {
    if (asOf === undefined) {
      const now = session.clock.now();
      return { from: now, to: now };
    }
    const window = parseAsOf(asOf, this.zone());
    if (!window) throw new CustodianError('invalid_input', `"${asOf}" is not a date (YYYY-MM-DD) or ISO date-time`);
    return window;
  }

  private personLabel(session: VaultSession, id: number | null): string {
    if (id === null) return `${session.info.owner} (vault owner)`;
    try {
      return this.people.record(session, id).name;
    } catch {
      return `person ${id}`;
    }
  }

  view(session: VaultSession, row: GrantRow): GrantView {
    const person = this.people.record(session, row.personId);
    const now = session.clock.now();
    const fields = session.keys.fields;
    const outstanding = session.store.takeovers.outstandingFor(row.id, now);
    const state =
      row.revokedAt !== null && row.revokedAt <= now
        ? 'revoked'
        : row.endsAt !== null && row.endsAt <= now
          ? 'expired'
          : row.grantedAt > now
            ? 'scheduled'
            : 'active';
    return {
      id: row.id,
      accountId: row.accountId,
      accountLabel: this.accounts.labelOf(session, row.accountId),
      personId: row.personId,
      personName: person.name,
      personEmail: person.email,
      kind: row.kind,
      grantedAt: row.grantedAt,
      grantedBy: this.personLabel(session, row.grantedBy),
      grantedById: row.grantedBy,
      reason: fields.openText(grantRef(row.id, 'reason'), row.reason),
      endsAt: row.endsAt,
      revokedAt: row.revokedAt,
      revokedBy: row.revokedAt === null ? null : this.personLabel(session, row.revokedBy),
      revokedById: row.revokedBy,
      revokeReason: row.revokeReason ? fields.openText(grantRef(row.id, 'revoke_reason'), row.revokeReason) : null,
      revocationScheduled: row.revokedAt !== null && row.revokedAt > now,
      state,
      credentialIssuedAt: session.store.takeovers.lastTicketFor(row.id),
      outstandingCredentials: outstanding.count,
      credentialsValidUntil: outstanding.until,
    };
  }
}
