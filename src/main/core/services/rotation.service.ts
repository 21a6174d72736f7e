/**
 * Rotation: the queue of accounts whose password must change (scheduled and
 * event-driven), and the rotation itself. A rotation starts as a draft, with
 * the new password already sealed in the vault, so it survives a crash while
 * the manager is changing it on the platform; confirming records it in one
 * transaction (old password to the sealed history, new password in place,
 * every open obligation resolved); abandoning records no rotation.
 */
import { RecoveryCodesStored } from '../stored-value';
import { existsSync } from 'node:fs';
import type { ObligationKind, ObligationView } from '../../../shared/domain/access';
import { OBLIGATION_KIND_LABELS, PASSWORD_OBLIGATION_KINDS, REENROL_KIND } from '../../../shared/domain/access';
import type {
  BeginRotation,
  DraftView,
  PasswordAcceptance,
  PasswordHistoryEntry,
  RotationQueue,
  RotationReason,
  RotationRecord,
} from '../../../shared/domain/rotation';
import { BeginRotationSchema, PasswordAcceptanceSchema } from '../../../shared/domain/rotation';
import { DEFAULT_GENERATOR_OPTIONS } from '../../../shared/password/generator';
import { estimateStrength } from '../../../shared/password/strength';
import { totpMatches, totpUri, TotpConfigSchema, type TotpConfig } from '../../../shared/totp';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import { DUE_BUCKET_LABELS, policyLabel, type RotationPolicy } from '../../../shared/rotation';
import { parseIsoDate, startOfLocalDay, toIsoDate } from '../../../shared/dates';
import type { FieldRef } from '../crypto/field-cipher';
import { incidentSteps, type DraftRow } from '../db/rotations.repo';
import { VaultStore } from '../db/vault-store';
import { CustodianError, parseInput } from '../errors';
import { parseTotpInput, secretRef, type AccountsService } from './accounts.service';
import { generateFor } from './generator.service';
import { checkNewPassword, draftRef, historyRef, type AcceptedPassword } from './password-rules';
import { calendar } from './ics';
import type { ExportSink } from './audit.service';
import { countDue, dueAccounts, POLICY_SETTING, storedPolicy, type DueCounts } from './rotation-schedule';
import type { ObligationsService } from './obligations.service';
import type { SecretsService } from './secrets.service';
import type { SettingsService } from './settings.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const rotationNoteRef = (row: number): FieldRef => ({ table: 'rotations', row, column: 'note' });

export interface RotationInput {
  password: string;
  totp?: TotpConfig | null | undefined;
  recoveryCodes?: string[] | null | undefined;
  note?: string | undefined;
  /** What the user accepted after a first refusal (reuse, a weak password, setting back the pre-takeover one). */
  acceptance?: PasswordAcceptance | undefined;
}

/** The refusals a rotation was recorded over, kept sealed with it. */
interface RotationOverrides {
  weakReason?: string;
  restoreReason?: string;
  reusedBy?: number[];
}

export class RotationService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly obligations: ObligationsService,
    private readonly secrets: SecretsService,
    /** The user's time zone; policies are calendar rules in it. */
    private readonly zone: () => string,
    private readonly settings: SettingsService,
  ) {}

  policy(): { policy: RotationPolicy; label: string; timeZone: string } {
    const session = this.vault.session();
    const policy = session.store.read(() => storedPolicy(session.store));
    return { policy, label: policyLabel(policy), timeZone: this.zone() };
  }

  setPolicy(policy: RotationPolicy): { policy: RotationPolicy; label: string; timeZone: string } {
    const session = this.vault.session();
    session.store.transaction(() => {
      session.store.settings.set(POLICY_SETTING, policy);
      session.record({ kind: 'rotation.policy_changed', details: { unit: policy.unit, count: policy.count } });
    });
    return this.policy();
  }

  /** Overrides the vault's period for one account (null: back to the vault's policy). */
  setAccountPeriod(accountId: number, days: number | null): void {
    const session = this.vault.session();
    session.store.transaction(() => {
      this.activeAccount(session, accountId, 'change the rotation period of');
      session.store.rotations.setRotationDays(accountId, days);
      session.record({ kind: 'rotation.policy_changed', accountId, details: { days } });
    });
  }

  queue(): RotationQueue {
    this.obligations.catchUp();
    const session = this.vault.session();
    const now = session.clock.now();
    const zone = this.zone();
    const due = session.store.read(() => dueAccounts(session.store, now, zone));
    const label = this.accounts.labeller(session);
    const drafts = new Map(
      session.store.read(() => session.store.rotations.pendingDrafts()).map((d) => [d.accountId, d.id]),
    );
    const compromised = new Set(
      session.store.read(() => session.store.rotations.openIncidents()).map((i) => i.accountId),
    );
    const obligations = new Map(this.obligations.openViews(session).map((o) => [o.id, o]));
    const items = due
      .filter((d) => d.bucket !== 'later' || d.reasons.some((r) => r.obligationId !== null) || drafts.has(d.accountId))
      .map((d) => ({
        accountId: d.accountId,
        accountLabel: label(d.accountId),
        platform: this.accounts.summaryOf(session, d.accountId)?.platform ?? 'other',
        lastRotatedAt: d.lastRotatedAt,
        dueAt: d.dueAt,
        bucket: d.bucket,
        reasons: d.reasons.map((r): RotationReason => {
          const obligation = r.obligationId === null ? undefined : obligations.get(r.obligationId);
          return {
            kind: r.kind,
            detail: obligation
              ? obligation.reasonDetail || OBLIGATION_KIND_LABELS[obligation.reasonKind]
              : `Scheduled rotation (${this.effectivePolicyLabel(session, d.accountId)})`,
            dueAt: r.dueAt,
            obligationId: r.obligationId,
            createdAt: obligation?.createdAt ?? null,
          };
        }),
        draftId: drafts.get(d.accountId) ?? null,
        compromised: compromised.has(d.accountId),
      }));
    return { items, counts: countDue(due), policy: storedPolicy(session.store), timeZone: zone };
  }

  /**
   * Counts of accounts due for the vault the app is pointed at, from its
   * plaintext columns: works before unlock. Null when there is no vault, or
   * it predates rotation (schema 4).
   */
  countsNow(): DueCounts | null {
    const now = this.vault.clock.now();
    if (this.vault.isUnlocked) {
      this.obligations.catchUp();
      const session = this.vault.session();
      return session.store.read(() => countDue(dueAccounts(session.store, now, this.zone())));
    }
    const path = this.vault.currentPath;
    if (!existsSync(path)) return null;
    const store = VaultStore.open(path);
    try {
      if (store.schemaVersion() < 4) return null;
      return store.read(() => countDue(dueAccounts(store, now, this.zone())));
    } finally {
      store.close();
    }
  }

  begin(input: BeginRotation): DraftView {
    const parsed = parseInput(BeginRotationSchema, input);
    const session = this.vault.session();
    const { store, keys, clock } = session;
    const existing = session.store.read(() => store.rotations.pendingDraft(parsed.accountId));
    if (existing?.purpose === 'takeover') {
      throw new CustodianError(
        'conflict',
        'A takeover’s temporary password is waiting to be set on this account: finish or cancel the takeover first',
      );
    }
    if (existing) return this.draftView(session, existing, true);
    const summary = this.activeAccount(session, parsed.accountId, 'rotate');
    const password =
      parsed.password ??
      generateFor(session.random, parsed.generator ?? DEFAULT_GENERATOR_OPTIONS, summary.platform).password;
    const totp = parseTotpInput(parsed.totp);
    const id = store.transaction(() => {
      // Checked before the manager sets it on the platform, and again when the rotation is recorded.
      this.accept(session, parsed.accountId, password, parsed.acceptance);
      if (totp) this.refuseDisclosedSeed(session, parsed.accountId, totp);
      const id = store.rotations.nextId('rotation_drafts');
      store.rotations.insertDraft({
        id,
        purpose: 'rotation',
        accountId: parsed.accountId,
        createdAt: clock.now(),
        password: keys.fields.sealText(draftRef(id, 'password'), password),
        totp: totp ? keys.fields.sealJson(draftRef(id, 'totp'), totp) : null,
        recoveryCodes: parsed.recoveryCodes
          ? keys.fields.sealJson(draftRef(id, 'recovery_codes'), parsed.recoveryCodes)
          : null,
        state: 'pending',
        finishedAt: null,
        rotationId: null,
        acceptance: parsed.acceptance ? keys.fields.sealJson(draftRef(id, 'acceptance'), parsed.acceptance) : null,
      });
      session.record({ kind: 'rotation.started', accountId: parsed.accountId, details: { draftId: id } });
      return id;
    });
    return this.draftView(session, store.rotations.draft(id)!, false);
  }

  /**
   * The draft's new password, on an explicit Reveal. Audited like any reveal;
   * no other answer carries it (a draft view does not).
   */
  revealNew(draftId: number): string {
    const { accountId, value } = this.openNewPassword(draftId);
    return this.secrets.revealValue(accountId, value, 'newPassword', { draftId });
  }

  /**
   * The draft's new TOTP seed as an otpauth:// URI (for the QR code an
   * authenticator scans), on an explicit request. Audited like any reveal.
   */
  revealNewTotp(draftId: number): string {
    const session = this.vault.session();
    const draft = this.pendingDraft(session, draftId);
    if (!draft.totp) throw new CustodianError('not_found', 'This rotation does not change the TOTP seed');
    const totp = session.keys.fields.openJson(draftRef(draft.id, 'totp'), draft.totp, TotpConfigSchema);
    const summary = this.accounts.summaryOf(session, draft.accountId);
    const platform = summary ? PLATFORM_INFO[summary.platform].label : 'Custodian';
    const uri = totpUri(totp, platform, summary ? summary.handle : `account ${draft.accountId}`);
    return this.secrets.revealValue(draft.accountId, uri, 'newTotpSeed', { draftId });
  }

  /** Copies the draft's new password for pasting into the platform. */
  copyNew(draftId: number): Promise<{ clearAfterSeconds: number }> {
    const { accountId, value } = this.openNewPassword(draftId);
    return this.secrets.copyValue(accountId, value, 'newPassword');
  }

  private openNewPassword(draftId: number): { accountId: number; value: string } {
    const session = this.vault.session();
    const draft = this.pendingDraft(session, draftId);
    return {
      accountId: draft.accountId,
      value: session.keys.fields.openText(draftRef(draft.id, 'password'), draft.password),
    };
  }

  /** Rotations in progress (started, not yet confirmed or abandoned). */
  drafts(): DraftView[] {
    const session = this.vault.session();
    return session.store
      .read(() => session.store.rotations.pendingDrafts())
      .map((d) => this.draftView(session, d, true));
  }

  /**
   * Inside the caller's transaction: seals a takeover's temporary password as
   * a draft of the account (refused while another rotation is in progress).
   */
  beginTemporary(session: VaultSession, accountId: number, password: string): number {
    const { store, keys, clock } = session;
    if (store.rotations.pendingDraft(accountId)) {
      throw new CustodianError('conflict', 'A rotation of this account is in progress: confirm or abandon it first');
    }
    const id = store.rotations.nextId('rotation_drafts');
    store.rotations.insertDraft({
      id,
      purpose: 'takeover',
      accountId,
      createdAt: clock.now(),
      password: keys.fields.sealText(draftRef(id, 'password'), password),
      totp: null,
      recoveryCodes: null,
      state: 'pending',
      finishedAt: null,
      rotationId: null,
      acceptance: null,
    });
    session.record({ kind: 'rotation.started', accountId, details: { draftId: id, temporary: true } });
    return id;
  }

  /**
   * Inside the caller's transaction: the temporary password is now set on the
   * platform. The real one goes to the sealed history (for the change back).
   */
  confirmTemporary(session: VaultSession, draftId: number): number {
    const draft = this.pendingDraft(session, draftId);
    const password = session.keys.fields.openText(draftRef(draft.id, 'password'), draft.password);
    const rotationId = this.record(
      session,
      draft.accountId,
      { password, note: 'Temporary password for a takeover' },
      true,
    );
    session.store.rotations.finishDraft(draft.id, 'confirmed', session.clock.now(), rotationId);
    return rotationId;
  }

  /** Inside the caller's transaction: drops a takeover's unused temporary password. */
  abandonTemporary(session: VaultSession, draftId: number): void {
    const draft = this.pendingDraft(session, draftId);
    session.store.rotations.finishDraft(draft.id, 'abandoned', session.clock.now(), null);
    session.record({ kind: 'rotation.abandoned', accountId: draft.accountId, details: { draftId, temporary: true } });
  }

  /**
   * The manager has changed the password on the platform: record it. The
   * rules are checked again; what the user accepted when the rotation began
   * stands, and `acceptance` adds to it (a refusal that only arose since).
   */
  confirm(draftId: number, note?: string, acceptance?: PasswordAcceptance, totpCode?: string): RotationRecord {
    const session = this.vault.session();
    const { store, keys } = session;
    const rotationId = store.transaction(() => {
      const draft = this.pendingDraft(session, draftId);
      if (draft.purpose === 'takeover') {
        throw new CustodianError('conflict', 'This is a takeover’s temporary password: confirm it from the takeover');
      }
      const fields = keys.fields;
      if (totpCode !== undefined) this.checkNewCode(session, draft, totpCode);
      const rotationId = this.record(session, draft.accountId, {
        password: fields.openText(draftRef(draft.id, 'password'), draft.password),
        totp: draft.totp ? fields.openJson(draftRef(draft.id, 'totp'), draft.totp, TotpConfigSchema) : undefined,
        recoveryCodes: draft.recoveryCodes
          ? fields.openJson(draftRef(draft.id, 'recovery_codes'), draft.recoveryCodes, RecoveryCodesStored)
          : undefined,
        note,
        acceptance: {
          ...(draft.acceptance
            ? fields.openJson(draftRef(draft.id, 'acceptance'), draft.acceptance, PasswordAcceptanceSchema)
            : {}),
          ...acceptance,
        },
      });
      store.rotations.finishDraft(draft.id, 'confirmed', session.clock.now(), rotationId);
      return rotationId;
    });
    const view = this.rotationView(session, rotationId);
    this.accounts.refresh(session, view.accountId);
    return view;
  }

  /** The platform change did not happen: forget the draft, record no rotation. */
  abandon(draftId: number): void {
    const session = this.vault.session();
    session.store.transaction(() => {
      const draft = this.pendingDraft(session, draftId);
      if (draft.purpose === 'takeover') {
        throw new CustodianError('conflict', 'This is a takeover’s temporary password: cancel the takeover instead');
      }
      session.store.rotations.finishDraft(draft.id, 'abandoned', session.clock.now(), null);
      session.record({ kind: 'rotation.abandoned', accountId: draft.accountId, details: { draftId } });
    });
  }

  /** One step, for the command line: the password has already been changed on the platform. */
  rotateNow(accountId: number, input: Omit<RotationInput, 'totp'> & { totp?: string | undefined }): RotationRecord {
    const session = this.vault.session();
    const totp = input.totp === undefined ? undefined : parseTotpInput({ seed: input.totp });
    const rotationId = session.store.transaction(() => {
      if (session.store.rotations.pendingDraft(accountId)) {
        throw new CustodianError(
          'conflict',
          'A rotation of this account is in progress in the app: confirm or abandon it there',
        );
      }
      return this.record(session, accountId, { ...input, totp });
    });
    this.accounts.refresh(session, accountId);
    return this.rotationView(session, rotationId);
  }

  history(accountId: number): { rotations: RotationRecord[]; passwords: PasswordHistoryEntry[] } {
    const session = this.vault.session();
    this.accounts.get(accountId);
    const rotations = session.store.read(() => session.store.rotations.rotationsFor(accountId));
    const passwords = session.store.read(() => session.store.rotations.history(accountId));
    return {
      rotations: rotations.map((r) => this.rotationView(session, r.id)),
      passwords: passwords.map((p) => ({
        id: p.id,
        accountId: p.accountId,
        rotationId: p.rotationId,
        setAt: p.setAt,
        replacedAt: p.replacedAt,
      })),
    };
  }

  /** An earlier password, for when the platform change did not take. Audited like any reveal. */
  revealOld(historyId: number): string {
    const session = this.vault.session();
    const entry = session.store.read(() => session.store.rotations.historyEntry(historyId));
    if (!entry) throw new CustodianError('not_found', `No earlier password with id ${historyId}`);
    const value = session.keys.fields.openText(historyRef(entry.id), entry.password);
    return this.secrets.revealValue(entry.accountId, value, 'previousPassword', { historyId });
  }

  /**
   * An iCalendar file with one all-day event per account on its next due
   * date (overdue ones today), for calendar apps. Written inside the
   * transaction that records the export. Returns the number of events.
   */
  exportCalendar(sink: ExportSink): number {
    this.obligations.catchUp();
    const session = this.vault.session();
    const now = session.clock.now();
    const zone = this.zone();
    return session.store.transaction(() => {
      const label = this.accounts.labeller(session);
      const due = dueAccounts(session.store, now, zone);
      const events = due.map((d) => {
        const overdue = d.bucket === 'overdue';
        const reasons = d.reasons.map((r) =>
          r.kind === 'scheduled' ? 'scheduled rotation' : OBLIGATION_KIND_LABELS[r.kind],
        );
        return {
          uid: `rotation-${session.info.id}-${d.accountId}@custodian`,
          date: toIsoDate(overdue ? now : d.dueAt, zone),
          summary: `${overdue ? 'OVERDUE: ' : ''}Rotate the password of ${label(d.accountId)}`,
          description: `${DUE_BUCKET_LABELS[d.bucket]}. Reasons: ${[...new Set(reasons)].join(', ')}. Open Custodian to rotate it.`,
          alarmDaysBefore: overdue ? undefined : 1,
        };
      });
      session.record({ kind: 'rotation.calendar_exported', details: { events: events.length } });
      sink(calendar('Custodian password rotations', events, now));
      return events.length;
    });
  }

  /** "Rotate soon": a manual obligation with a note, due on the given date (default today). */
  requestSoon(accountId: number, note: string, dueDate?: string): ObligationView {
    const session = this.vault.session();
    const { store, clock } = session;
    const now = clock.now();
    const dueAt = dueDate ? startOfLocalDay(parseIsoDate(dueDate)!, this.zone()) : now;
    const id = store.transaction(() => {
      this.activeAccount(session, accountId, 'rotate');
      return this.obligations.add(session, { accountId, kind: 'manual', detail: note, dueAt });
    });
    return this.obligations.get(session, id);
  }

  /**
   * Records a rotation inside the caller's transaction: the old password goes
   * to the sealed history, the new one (and optional TOTP / recovery codes)
   * takes its place, and the open obligations it meets are resolved: every
   * password obligation, and a re-enrolment when a new TOTP seed comes with it.
   * A takeover's temporary password (`temporary`) is a change, not a
   * rotation: it is generated, skips the rules and leaves obligations open.
   */
  private record(session: VaultSession, accountId: number, input: RotationInput, temporary = false): number {
    const { store, keys, clock } = session;
    const now = clock.now();
    this.activeAccount(session, accountId, 'rotate');
    const accepted = temporary ? null : this.accept(session, accountId, input.password, input.acceptance ?? undefined);
    const newSeed = input.totp ? this.refuseDisclosedSeed(session, accountId, input.totp) : false;
    const secrets = store.secrets.get(accountId);
    const fields = keys.fields;
    const rotationId = store.rotations.nextId('rotations');
    const overrides: RotationOverrides = {
      ...(accepted?.weakReason ? { weakReason: accepted.weakReason } : {}),
      ...(accepted?.restoreReason ? { restoreReason: accepted.restoreReason } : {}),
      ...(accepted?.reusedBy.length ? { reusedBy: accepted.reusedBy } : {}),
    };
    store.rotations.insertRotation({
      id: rotationId,
      accountId,
      rotatedAt: now,
      note: input.note ? fields.sealText(rotationNoteRef(rotationId), input.note) : null,
      totpChanged: input.totp !== undefined ? 1 : 0,
      recoveryChanged: input.recoveryCodes !== undefined ? 1 : 0,
      overrides: Object.keys(overrides).length
        ? fields.sealJson({ table: 'rotations', row: rotationId, column: 'overrides' }, overrides)
        : null,
    });
    if (secrets?.password) {
      const historyId = store.rotations.nextId('password_history');
      const old = fields.openText(secretRef(accountId, 'password'), secrets.password);
      store.rotations.insertHistory({
        id: historyId,
        accountId,
        rotationId,
        password: fields.sealText(historyRef(historyId), old),
        passwordHash: store.secrets.passwordHash(accountId) ?? keys.passwordHash(accountId, old),
        setAt: secrets.passwordChangedAt,
        replacedAt: now,
      });
    }
    store.secrets.rotate({
      accountId,
      password: fields.sealText(secretRef(accountId, 'password'), input.password),
      passwordChangedAt: now,
      updatedAt: now,
      totp:
        input.totp === undefined ? undefined : input.totp && fields.sealJson(secretRef(accountId, 'totp'), input.totp),
      recoveryCodes:
        input.recoveryCodes === undefined
          ? undefined
          : input.recoveryCodes && input.recoveryCodes.length
            ? fields.sealJson(secretRef(accountId, 'recovery_codes'), input.recoveryCodes)
            : null,
    });
    store.secrets.setPasswordHash(accountId, accepted?.hash ?? keys.passwordHash(accountId, input.password));
    store.secrets.setStrengthOverride(
      accountId,
      accepted?.weakReason ? fields.sealText(secretRef(accountId, 'strength_override'), accepted.weakReason) : null,
    );
    const kinds: readonly ObligationKind[] = temporary
      ? []
      : newSeed
        ? [...PASSWORD_OBLIGATION_KINDS, REENROL_KIND]
        : PASSWORD_OBLIGATION_KINDS;
    const resolved = this.obligations.resolveOpen(session, accountId, kinds, now, rotationId);
    const closedTakeovers = store.takeovers.closeResolved(resolved, now, rotationId);
    for (const incident of temporary ? [] : store.rotations.openIncidents(accountId)) {
      const steps = incidentSteps(incident);
      steps.rotate ??= now;
      store.rotations.updateIncident(incident.id, JSON.stringify(steps), incident.closedAt);
    }
    session.record({
      kind: 'rotation.completed',
      accountId,
      details: {
        rotationId,
        resolvedObligations: resolved.length,
        totpChanged: input.totp !== undefined,
        recoveryChanged: input.recoveryCodes !== undefined,
        temporary,
        closedTakeovers: closedTakeovers.length,
        ...(accepted ? { strength: accepted.strength } : {}),
        ...(accepted?.weakReason ? { weakOverride: true } : {}),
        ...(accepted?.restoreReason ? { restoredPrevious: true } : {}),
        ...(accepted?.reusedBy.length ? { reuseConfirmed: accepted.reusedBy.length } : {}),
      },
    });
    return rotationId;
  }

  /** The vault's password rules for a new password of the account (see password-rules). */
  private accept(
    session: VaultSession,
    accountId: number,
    password: string,
    acceptance: PasswordAcceptance | undefined,
  ): AcceptedPassword {
    const summary = this.accounts.summaryOf(session, accountId);
    return checkNewPassword(session, accountId, password, acceptance, {
      minStrength: this.settings.get().minPasswordStrength,
      label: this.accounts.labeller(session),
      userInputs: summary ? [summary.handle, summary.displayName].filter(Boolean) : [],
    });
  }

  /** A live code typed from the authenticator set up with the draft's new seed proves the seed was copied right. */
  private checkNewCode(session: VaultSession, draft: DraftRow, code: string): void {
    if (!draft.totp) throw new CustodianError('invalid_input', 'This rotation does not change the TOTP seed');
    const totp = session.keys.fields.openJson(draftRef(draft.id, 'totp'), draft.totp, TotpConfigSchema);
    if (!totpMatches(totp, code, session.clock.now() / 1000)) {
      throw new CustodianError(
        'wrong_code',
        'That code does not come from the new TOTP seed: check the authenticator was set up with it (nothing recorded)',
      );
    }
  }

  /**
   * While a re-enrolment is open, the seed recorded must be a new one (not the
   * one that left the vault). Returns whether the seed differs from the stored one.
   */
  private refuseDisclosedSeed(session: VaultSession, accountId: number, totp: TotpConfig): boolean {
    const stored = session.store.secrets.get(accountId)?.totp;
    const current = stored
      ? session.keys.fields.openJson(secretRef(accountId, 'totp'), stored, TotpConfigSchema)
      : null;
    const same = current !== null && current.secret === totp.secret;
    if (same && session.store.obligations.openForAccount(accountId).some((o) => o.reasonKind === REENROL_KIND)) {
      throw new CustodianError(
        'conflict',
        'Refused: that is the TOTP seed that left the vault; set up two-factor again on the platform to get a new seed (nothing recorded)',
      );
    }
    return !same;
  }

  private activeAccount(session: VaultSession, accountId: number, verb: string) {
    const summary = this.accounts.summaryOf(session, accountId) ?? this.accounts.get(accountId);
    if (summary.status === 'archived') {
      throw new CustodianError(
        'conflict',
        `${this.accounts.labelOf(session, accountId)} is archived: restore it before you ${verb} it`,
      );
    }
    return summary;
  }

  private pendingDraft(session: VaultSession, draftId: number): DraftRow {
    const draft = session.store.rotations.draft(draftId);
    if (!draft) throw new CustodianError('not_found', `No rotation ${draftId} in progress`);
    if (draft.state === 'confirmed') throw new CustodianError('conflict', 'This rotation was already recorded');
    if (draft.state === 'abandoned') throw new CustodianError('conflict', 'This rotation was abandoned');
    return draft;
  }

  private effectivePolicyLabel(session: VaultSession, accountId: number): string {
    const state = session.store.rotations.state(accountId);
    return state?.rotationDays
      ? policyLabel({ unit: 'days', count: state.rotationDays })
      : policyLabel(storedPolicy(session.store));
  }

  private draftView(session: VaultSession, draft: DraftRow, resumed: boolean): DraftView {
    const obligations = this.obligations.openViews(session, draft.accountId);
    return {
      id: draft.id,
      accountId: draft.accountId,
      accountLabel: this.accounts.labelOf(session, draft.accountId),
      createdAt: draft.createdAt,
      hasCurrentPassword: Boolean(session.store.secrets.get(draft.accountId)?.password),
      totpChanging: draft.totp !== null,
      recoveryChanging: draft.recoveryCodes !== null,
      resumed,
      purpose: draft.purpose,
      obligations,
      reenrolTotp: obligations.some((o) => o.reasonKind === REENROL_KIND),
      strength: estimateStrength(session.keys.fields.openText(draftRef(draft.id, 'password'), draft.password)).score,
      minStrength: this.settings.get().minPasswordStrength,
    };
  }

  private rotationView(session: VaultSession, rotationId: number): RotationRecord {
    const row = session.store.rotations.rotation(rotationId)!;
    return {
      id: row.id,
      accountId: row.accountId,
      rotatedAt: row.rotatedAt,
      note: row.note ? session.keys.fields.openText(rotationNoteRef(row.id), row.note) : '',
      totpChanged: row.totpChanged === 1,
      recoveryChanged: row.recoveryChanged === 1,
      resolvedObligations: this.obligations.resolvedBy(session, row.id),
    };
  }
}
