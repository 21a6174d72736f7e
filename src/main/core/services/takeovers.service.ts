/**
 * Takeovers: a student, guest or colleague runs an account for a while.
 * Scheduling creates a takeover grant for the window, a temporary password
 * (sealed as a draft until the manager has set it on the platform) and a
 * one-time credential carrying it. When the window ends (or the manager ends
 * it early) the account gets a "change it back" obligation; the rotation that
 * meets it closes the takeover.
 */
import {
  ScheduleTakeoverSchema,
  type IssuedTicket,
  type ScheduleTakeover,
  type TakeoverState,
  type TakeoverView,
} from '../../../shared/domain/takeover';
import { TotpConfigSchema, type TotpConfig } from '../../../shared/totp';
import type { FieldRef } from '../crypto/field-cipher';
import type { TakeoverRow } from '../db/takeovers.repo';
import { CustodianError, parseInput } from '../errors';
import type { AccessService } from './access.service';
import { secretRef, type AccountsService } from './accounts.service';
import { generateFor } from './generator.service';
import { DEFAULT_GENERATOR_OPTIONS } from '../../../shared/password/generator';
import type { ObligationsService } from './obligations.service';
import type { PeopleService } from './people.service';
import type { RotationService } from './rotation.service';
import type { SettingsService } from './settings.service';
import type { TicketsService } from './tickets.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const reasonRef = (row: number): FieldRef => ({ table: 'takeovers', row, column: 'reason' });
const DAY = 24 * 60 * 60 * 1000;

export interface ScheduledTakeover {
  takeover: TakeoverView;
  ticket: IssuedTicket;
}

export class TakeoversService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly rotation: RotationService,
    private readonly tickets: TicketsService,
    private readonly settings: SettingsService,
    private readonly obligations: ObligationsService,
  ) {
    // A window that closed while nobody looked becomes a change-back obligation before the queue is read.
    obligations.registerCatchUp(() => this.sweep());
  }

  async schedule(input: ScheduleTakeover): Promise<ScheduledTakeover> {
    const parsed = parseInput(ScheduleTakeoverSchema, input);
    const session = this.vault.session();
    const { store, keys, clock } = session;
    const now = clock.now();
    const startsAt = Date.parse(parsed.start);
    const endsAt = Date.parse(parsed.end);
    if (endsAt <= startsAt) throw windowError('The takeover must end after it starts');
    const maxDays = this.settings.get().takeoverMaxDays;
    if (endsAt - startsAt > maxDays * DAY) {
      throw windowError(`A takeover can last at most ${maxDays} days`);
    }
    if (endsAt <= now) throw windowError('That window is already over');
    const account = this.accounts.get(parsed.accountId);
    if (account.status === 'archived') {
      throw new CustodianError(
        'conflict',
        `${this.accounts.labelOf(session, account.id)} is archived: restore it first`,
      );
    }
    if (session.store.read(() => store.takeovers.openForAccount(account.id))) {
      throw new CustodianError('conflict', 'This account already has a takeover that is not closed');
    }
    if (parsed.personId !== undefined) {
      const person = this.people.record(session, parsed.personId);
      if (person.status === 'left')
        throw new CustodianError('conflict', `${person.name} has left: add them as a guest instead`);
    }
    const password = generateFor(session.random, DEFAULT_GENERATOR_OPTIONS, account.platform).password;
    const totp = parsed.includeTotp ? this.currentTotp(session, account.id) : null;
    // Argon2id for the ticket's code runs now, before the write transaction.
    const ticket = await this.tickets.prepare(session, {
      accountId: account.id,
      platform: account.platform,
      handle: account.handle,
      accountLabel: this.accounts.labelOf(session, account.id),
      notBefore: startsAt,
      notAfter: endsAt,
      password,
      totp,
      signInName: this.signInName(session, account.id),
      url: account.url || null,
    });
    const id = store.transaction(() => {
      if (store.takeovers.openForAccount(account.id)) {
        throw new CustodianError('conflict', 'This account already has a takeover that is not closed');
      }
      const personId = parsed.personId ?? this.people.insertGuest(session, parsed.guest!);
      const grantId = this.access.insertGrant(session, {
        accountId: account.id,
        personId,
        kind: 'takeover',
        reason: parsed.reason,
        grantedBy: null,
        from: startsAt,
        until: endsAt,
      });
      const draftId = this.rotation.beginTemporary(session, account.id, password);
      const id = store.takeovers.nextId();
      store.takeovers.insert({
        id,
        accountId: account.id,
        personId,
        grantId,
        startsAt,
        endsAt,
        reason: keys.fields.sealText(reasonRef(id), parsed.reason),
        includesTotp: totp ? 1 : 0,
        createdAt: now,
        draftId,
        temporarySetAt: null,
        endedAt: null,
        obligationId: null,
        closedAt: null,
        closedByRotationId: null,
        cancelledAt: null,
        // No later rotation may set this password again (the guest knows it).
        temporaryHash: keys.passwordHash(account.id, password),
      });
      store.takeovers.insertTicket({
        id: ticket.ticketId,
        accountId: account.id,
        personId,
        grantId,
        takeoverId: id,
        issuedAt: now,
        notBefore: startsAt,
        notAfter: endsAt,
        includesTotp: totp ? 1 : 0,
      });
      session.record({
        kind: 'takeover.scheduled',
        accountId: account.id,
        personId,
        details: { takeoverId: id, startsAt, endsAt },
      });
      session.record({
        kind: 'ticket.issued',
        accountId: account.id,
        personId,
        details: { takeoverId: id, grantId, includesTotp: totp !== null, notAfter: endsAt },
      });
      return id;
    });
    this.people.invalidate(session);
    const { includesTotp: _unused, ...issued } = ticket;
    return { takeover: this.get(id), ticket: issued };
  }

  /** The manager has set the temporary password on the platform. */
  temporarySet(id: number): TakeoverView {
    const session = this.vault.session();
    session.store.transaction(() => {
      const row = this.row(session, id);
      if (row.temporarySetAt !== null)
        throw new CustodianError('conflict', 'The temporary password was already recorded as set');
      if (row.cancelledAt !== null || row.closedAt !== null)
        throw new CustodianError('conflict', 'This takeover is over');
      if (row.draftId === null) throw new CustodianError('conflict', 'This takeover has no temporary password');
      this.rotation.confirmTemporary(session, row.draftId);
      session.store.takeovers.markTemporarySet(id, session.clock.now());
      session.record({
        kind: 'takeover.temporary_set',
        accountId: row.accountId,
        personId: row.personId,
        details: { takeoverId: id },
      });
    });
    this.accounts.refresh(session, this.row(session, id).accountId);
    return this.get(id);
  }

  /** Ends a takeover now (early) or cancels one that never started its temporary password. */
  end(id: number): TakeoverView {
    const session = this.vault.session();
    session.store.transaction(() => {
      const row = this.row(session, id);
      if (row.endedAt !== null || row.cancelledAt !== null)
        throw new CustodianError('conflict', 'This takeover has already ended');
      const now = session.clock.now();
      if (row.endsAt > now) {
        this.access.revokeById(
          session,
          row.grantId,
          row.temporarySetAt === null ? 'Takeover cancelled' : 'Takeover ended early',
        );
      }
      this.finish(session, row, Math.min(now, row.endsAt));
    });
    return this.get(id);
  }

  /** Processes takeovers whose window has closed; runs before every takeover list and every read of the queue. */
  sweep(): number {
    const session = this.vault.session();
    const now = session.clock.now();
    const due = session.store.read(() => session.store.takeovers.dueToEnd(now));
    if (due.length === 0) return 0;
    session.store.transaction(() => {
      for (const row of session.store.takeovers.dueToEnd(now)) this.finish(session, row, row.endsAt);
    });
    return due.length;
  }

  list(): TakeoverView[] {
    const session = this.vault.session();
    this.sweep();
    return session.store.read(() => session.store.takeovers.all()).map((row) => this.view(session, row));
  }

  get(id: number): TakeoverView {
    const session = this.vault.session();
    return this.view(session, this.row(session, id));
  }

  /**
   * Hands a standing grantee their password through the same one-time
   * credential; the access log records that it was issued.
   */
  async issueForGrant(
    accountId: number,
    personId: number,
    validDays: number,
    includeTotp: boolean,
  ): Promise<IssuedTicket> {
    const session = this.vault.session();
    const now = session.clock.now();
    const account = this.accounts.get(accountId);
    if (account.status === 'archived') throw new CustodianError('conflict', 'This account is archived');
    const grant = session.store
      .read(() => session.store.grants.heldOnAccount(accountId, now, now))
      .find((g) => g.personId === personId);
    const person = this.people.record(session, personId);
    if (!grant)
      throw new CustodianError('conflict', `${person.name} does not hold access to this account: grant it first`);
    const secrets = session.store.read(() => session.store.secrets.get(accountId));
    if (!secrets?.password) throw new CustodianError('not_found', 'This account has no password stored');
    const password = session.keys.fields.openText(secretRef(accountId, 'password'), secrets.password);
    const notAfter = Math.min(now + validDays * DAY, grant.endsAt ?? Number.MAX_SAFE_INTEGER);
    const totp = includeTotp ? this.currentTotp(session, accountId) : null;
    const ticket = await this.tickets.prepare(session, {
      accountId,
      platform: account.platform,
      handle: account.handle,
      accountLabel: this.accounts.labelOf(session, accountId),
      notBefore: now,
      notAfter,
      password,
      totp,
      signInName: this.signInName(session, accountId),
      url: account.url || null,
    });
    session.store.transaction(() => {
      session.store.takeovers.insertTicket({
        id: ticket.ticketId,
        accountId,
        personId,
        grantId: grant.id,
        takeoverId: null,
        issuedAt: now,
        notBefore: now,
        notAfter,
        includesTotp: totp ? 1 : 0,
      });
      session.record({
        kind: 'ticket.issued',
        accountId,
        personId,
        details: { grantId: grant.id, includesTotp: totp !== null, notAfter },
      });
    });
    const { includesTotp: _unused, ...issued } = ticket;
    return issued;
  }

  private finish(session: VaultSession, row: TakeoverRow, at: number): void {
    const person = this.people.record(session, row.personId);
    if (row.temporarySetAt === null) {
      // The temporary password never reached the platform: nothing to change back.
      if (row.draftId !== null && session.store.rotations.draft(row.draftId)?.state === 'pending') {
        this.rotation.abandonTemporary(session, row.draftId);
      }
      session.store.takeovers.cancel(row.id, at);
      session.record({
        kind: 'takeover.ended',
        accountId: row.accountId,
        personId: row.personId,
        details: { takeoverId: row.id, changeBack: false },
      });
      this.seedDisclosed(session, row, person.name, at);
      return;
    }
    const date = new Date(at).toISOString().slice(0, 10);
    const obligationId = this.obligations.add(session, {
      accountId: row.accountId,
      kind: 'takeover_end',
      detail: `Change the password back after ${person.name}’s takeover (ended ${date})`,
      dueAt: at,
      personId: row.personId,
    });
    session.store.takeovers.markEnded(row.id, at, obligationId, null);
    session.record({
      kind: 'takeover.ended',
      accountId: row.accountId,
      personId: row.personId,
      details: { takeoverId: row.id, changeBack: true },
    });
    this.seedDisclosed(session, row, person.name, at);
  }

  /** The ticket carried the TOTP seed: the guest keeps a working authenticator until two-factor is set up again. */
  private seedDisclosed(session: VaultSession, row: TakeoverRow, name: string, at: number): void {
    if (row.includesTotp !== 1) return;
    this.obligations.addReenrolment(session, {
      accountId: row.accountId,
      detail: `Re-enrol two-factor: ${name}’s takeover ticket included the TOTP seed`,
      dueAt: at,
      personId: row.personId,
    });
  }

  /** What the guest types above the temporary password: the account's own sign-in name. */
  private signInName(session: VaultSession, accountId: number): string | null {
    const secrets = session.store.read(() => session.store.secrets.get(accountId));
    if (!secrets?.signInName) return null;
    return session.keys.fields.openText(secretRef(accountId, 'sign_in_name'), secrets.signInName);
  }

  private currentTotp(session: VaultSession, accountId: number): TotpConfig {
    const secrets = session.store.read(() => session.store.secrets.get(accountId));
    if (!secrets?.totp) throw new CustodianError('not_found', 'This account has no TOTP seed to include');
    return session.keys.fields.openJson(secretRef(accountId, 'totp'), secrets.totp, TotpConfigSchema);
  }

  private row(session: VaultSession, id: number): TakeoverRow {
    const row = session.store.read(() => session.store.takeovers.get(id));
    if (!row) throw new CustodianError('not_found', `No takeover with id ${id}`);
    return row;
  }

  private view(session: VaultSession, row: TakeoverRow): TakeoverView {
    const now = session.clock.now();
    const state: TakeoverState =
      row.cancelledAt !== null
        ? 'cancelled'
        : row.closedAt !== null
          ? 'closed'
          : row.endedAt !== null
            ? 'awaiting_change_back'
            : now < row.startsAt
              ? 'scheduled'
              : 'active';
    return {
      id: row.id,
      accountId: row.accountId,
      accountLabel: this.accounts.labelOf(session, row.accountId),
      personId: row.personId,
      personName: this.people.namer(session)(row.personId),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      reason: session.keys.fields.openText(reasonRef(row.id), row.reason),
      state,
      draftId: row.temporarySetAt === null && row.cancelledAt === null ? row.draftId : null,
      temporarySetAt: row.temporarySetAt,
      endedAt: row.endedAt,
      obligationId: row.obligationId,
      closedAt: row.closedAt,
      cancelledAt: row.cancelledAt,
      includesTotp: row.includesTotp === 1,
    };
  }
}

/** A refusal of the window, pointing at the end field (what the manager should change). */
function windowError(message: string): CustodianError {
  return new CustodianError('invalid_input', message, { issues: [{ path: 'end', message }] });
}
