/**
 * Rotation obligations: "this account's password must change, because...".
 * They come from leavers and movers (access), the end of a takeover
 * (takeovers), an escrow opening (escrow), a reported compromise (incidents)
 * and a manual "rotate soon" (rotation); a recorded rotation resolves every
 * open one of its account. This module is the only one that writes them, so
 * each is sealed, audited and viewed the same way whoever creates it.
 *
 * It sits below every service that creates obligations and imports none of
 * them. Services whose obligations fall due with the passing of time (a
 * takeover window closing) register a catch-up here, and every read of the
 * queue runs it first, so no caller has to remember to.
 */
import { REENROL_KIND, type ObligationKind, type ObligationView } from '../../../shared/domain/access';
import type { FieldRef } from '../crypto/field-cipher';
import type { ObligationRow } from '../db/obligations.repo';
import type { AccountsService } from './accounts.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

export const obligationRef = (row: number): FieldRef => ({
  table: 'rotation_obligations',
  row,
  column: 'reason_detail',
});

export interface NewObligation {
  accountId: number;
  kind: ObligationKind;
  /** Why, in words: sealed in the vault, never in the audit trail. */
  detail: string;
  dueAt: number;
  /** The person the obligation is about (a leaver, a takeover's guest), if any. */
  personId?: number | null;
}

export class ObligationsService {
  private readonly catchUps: (() => void)[] = [];

  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
  ) {}

  /** Registers work that turns elapsed time into obligations; it runs before every read of the queue. */
  registerCatchUp(run: () => void): void {
    this.catchUps.push(run);
  }

  /** Brings time-driven obligations up to date (the vault must be unlocked). */
  catchUp(): void {
    for (const run of this.catchUps) run();
  }

  /** Open obligations (of one account, or all), soonest due first. */
  list(accountId?: number): ObligationView[] {
    this.catchUp();
    return this.openViews(this.vault.session(), accountId);
  }

  /** Open obligations as they stand, without catching up: for views built inside other operations. */
  openViews(session: VaultSession, accountId?: number): ObligationView[] {
    const { store } = session;
    const rows = store.read(() =>
      accountId === undefined ? store.obligations.open() : store.obligations.openForAccount(accountId),
    );
    return rows.map((row) => this.view(session, row));
  }

  /** Creates an obligation inside the caller's transaction (with its audit event); returns its id. */
  add(session: VaultSession, obligation: NewObligation): number {
    const { store, keys, clock } = session;
    const { accountId, kind, dueAt } = obligation;
    const personId = obligation.personId ?? null;
    const id = store.obligations.nextId();
    store.obligations.insert({
      id,
      accountId,
      reasonKind: kind,
      reasonDetail: keys.fields.sealText(obligationRef(id), obligation.detail),
      personId,
      createdAt: clock.now(),
      dueAt,
      resolvedAt: null,
      resolvedByRotationId: null,
    });
    session.record({
      kind: 'obligation.created',
      accountId,
      ...(personId === null ? {} : { personId }),
      details: { obligationId: id, reason: kind, dueAt },
    });
    return id;
  }

  /**
   * Inside the caller's transaction: the account's open obligations of the
   * given kinds are met (by the rotation, when one met them); returns their ids.
   */
  resolveOpen(
    session: VaultSession,
    accountId: number,
    kinds: readonly ObligationKind[],
    at: number,
    rotationId: number | null,
  ): number[] {
    return session.store.obligations.resolveOpen(accountId, kinds, at, rotationId);
  }

  /**
   * A TOTP seed of the account has left the vault: inside the caller's
   * transaction, a "re-enrol two-factor" obligation, met only by a new seed.
   * None when the account stores no seed (nothing to re-enrol) or one is open already.
   */
  addReenrolment(session: VaultSession, obligation: Omit<NewObligation, 'kind'>): number | null {
    const { store } = session;
    if (!store.secrets.get(obligation.accountId)?.totp) return null;
    if (store.obligations.openForAccount(obligation.accountId).some((o) => o.reasonKind === REENROL_KIND)) return null;
    return this.add(session, { ...obligation, kind: REENROL_KIND });
  }

  /** How many obligations a rotation resolved. */
  resolvedBy(session: VaultSession, rotationId: number): number {
    return session.store.read(() => session.store.obligations.resolvedBy(rotationId));
  }

  /** One obligation as the views show it. */
  get(session: VaultSession, id: number): ObligationView {
    return this.view(
      session,
      session.store.read(() => session.store.obligations.get(id))!,
    );
  }

  view(session: VaultSession, row: ObligationRow): ObligationView {
    return {
      id: row.id,
      accountId: row.accountId,
      accountLabel: this.accounts.labelOf(session, row.accountId),
      reasonKind: row.reasonKind,
      reasonDetail: row.reasonDetail ? session.keys.fields.openText(obligationRef(row.id), row.reasonDetail) : '',
      personId: row.personId,
      createdAt: row.createdAt,
      dueAt: row.dueAt,
      resolvedAt: row.resolvedAt,
    };
  }
}
