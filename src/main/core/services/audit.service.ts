/**
 * The audit trail as the manager and the auditor see it: filtered lists with
 * accounts and people resolved for display, verification, export.
 */
import type { GrantView } from '../../../shared/domain/access';
import {
  AUDIT_KIND_LABELS,
  type AuditEventView,
  type AuditKind,
  type AuditVerification,
} from '../../../shared/domain/audit';
import type { AuditEventRow, AuditQuery } from '../db/audit.repo';
import type { AccessService } from './access.service';
import type { AccountsService } from './accounts.service';
import type { AuditTrail } from '../audit/audit-trail';
import { isoOrNull, toCsv, toJson } from './export-format';
import type { PeopleService } from './people.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

export type ExportFormat = 'csv' | 'json';

/**
 * Receives the export's content inside the transaction that records the
 * export: if writing it fails (throws), the "exported" event is rolled back.
 */
export type ExportSink = (content: string) => void;

export function exportFileName(what: 'audit' | 'access-log', format: ExportFormat, now: number): string {
  return `custodian-${what}-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}

export class AuditService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly trail: AuditTrail,
  ) {}

  list(query: AuditQuery): AuditEventView[] {
    const session = this.vault.session();
    const labels = this.labels(session);
    return session.store.read(() => session.store.audit.query(query)).map((row) => this.view(row, labels));
  }

  /** How many events match the filters (for "200 of 3,401"). */
  count(query: Omit<AuditQuery, 'limit' | 'beforeSeq'>): number {
    const session = this.vault.session();
    return session.store.read(() => session.store.audit.count(query));
  }

  /**
   * Verifies the trail (docs/audit-trail.md): incrementally from the point
   * the last intact verification remembered, or with `full` (and whenever
   * there is no such point) by re-hashing every event and running SQLite's
   * structure check. The verification itself is recorded, and an intact
   * verdict's point remembered, in one transaction.
   */
  verify({ full = false }: { full?: boolean } = {}): AuditVerification {
    const session = this.vault.session();
    const { store } = session;
    const checked = store.read(() =>
      this.trail.check(store, session.info.id, session.keys, full ? null : this.trail.remembered(store)),
    );
    let result = checked.result;
    // The chain holds; then SQLite's own structure check (indexes are not rows: no MAC covers them).
    const structure = result.intact && result.mode === 'full' ? store.structureProblem() : null;
    if (structure) result = { ...result, intact: false, problem: structure };
    store.transaction(() => {
      session.record({
        kind: 'audit.verified',
        details: {
          intact: result.intact,
          events: result.events,
          firstBrokenSeq: result.firstBrokenSeq,
          full: result.mode === 'full',
        },
      });
      if (result.intact && checked.point) this.trail.remember(store, checked.point);
    });
    return result;
  }

  /**
   * An export whose event committed but whose file could not be moved to its
   * name afterwards (see files/staged-file.ts): the trail says it was not
   * saved. Best effort: a vault that cannot record this either is reported
   * by the error the caller already throws.
   */
  recordExportFailure(what: string): void {
    try {
      const session = this.vault.session();
      session.store.transaction(() => session.record({ kind: 'export.failed', details: { what } }));
    } catch {
      // The caller's error says the file was not saved; nothing more can be recorded.
    }
  }

  /**
   * The whole trail (or a filtered part), ending at a freshly signed
   * checkpoint so others can check its head. Returns the number of events.
   */
  exportEvents(format: ExportFormat, query: Omit<AuditQuery, 'limit' | 'beforeSeq'>, sink: ExportSink): number {
    const session = this.vault.session();
    return session.store.transaction(() => {
      session.record({ kind: 'audit.exported', details: { format } });
      this.trail.checkpoint(session.store, session.info.id, session.keys);
      const rows = session.store.audit.query({ ...query, limit: Number.MAX_SAFE_INTEGER }).reverse();
      const labels = this.labels(session);
      const events = rows.map((row) => this.view(row, labels));
      sink(format === 'csv' ? auditCsv(events) : this.auditJson(session, rows, events));
      return events.length;
    });
  }

  /** The access log: every grant with its revocation. Returns the number of grants. */
  exportAccessLog(format: ExportFormat, sink: ExportSink): number {
    const session = this.vault.session();
    return session.store.transaction(() => {
      session.record({ kind: 'access.exported', details: { format } });
      const grants = this.access.all();
      sink(
        format === 'csv'
          ? accessCsv(grants)
          : toJson({
              format: 'custodian.access-log.v1',
              vault: { id: session.info.id, owner: session.info.owner },
              exportedAt: isoOrNull(session.clock.now()),
              grants: grants.map((g) => withIsoTimes(g)),
            }),
      );
      return grants.length;
    });
  }

  private auditJson(session: VaultSession, rows: AuditEventRow[], events: AuditEventView[]): string {
    const checkpoint = session.store.audit.lastCheckpoint();
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    return toJson({
      format: 'custodian.audit-export.v1',
      vault: { id: session.info.id, owner: session.info.owner },
      exportedAt: isoOrNull(session.clock.now()),
      signingPublicKey: hex(session.keys.signingPublicKey),
      head: checkpoint && {
        seq: checkpoint.seq,
        at: checkpoint.at,
        hash: hex(checkpoint.headHash),
        signature: hex(checkpoint.signature),
      },
      events: rows.map((row, i) => ({ ...events[i], prevHash: hex(row.prevHash), hash: hex(row.hash) })),
    });
  }

  private labels(session: VaultSession): Labels {
    return { account: this.accounts.labeller(session), person: this.people.namer(session) };
  }

  private view(row: AuditEventRow, labels: Labels): AuditEventView {
    return {
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      kind: row.kind,
      accountId: row.accountId,
      personId: row.personId,
      details: parseDetails(row.details),
      accountLabel: row.accountId === null ? null : labels.account(row.accountId),
      personLabel: row.personId === null ? null : labels.person(row.personId),
    };
  }
}

interface Labels {
  account: (id: number) => string;
  person: (id: number) => string;
}

function parseDetails(text: string): AuditEventView['details'] {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as AuditEventView['details']) : {};
  } catch {
    return {};
  }
}

function auditCsv(events: AuditEventView[]): string {
  return toCsv(
    ['seq', 'time_utc', 'actor', 'kind', 'event', 'account_id', 'account', 'person_id', 'person', 'details'],
    events.map((e) => [
      e.seq,
      isoOrNull(e.at),
      e.actor,
      e.kind,
      AUDIT_KIND_LABELS[e.kind as AuditKind] ?? e.kind,
      e.accountId,
      e.accountLabel,
      e.personId,
      e.personLabel,
      JSON.stringify(e.details),
    ]),
  );
}

function accessCsv(grants: GrantView[]): string {
  return toCsv(
    [
      'grant_id',
      'account_id',
      'account',
      'person_id',
      'person',
      'email',
      'kind',
      'granted_at_utc',
      'granted_by',
      'reason',
      'ends_at_utc',
      'revoked_at_utc',
      'revoked_by',
      'revoke_reason',
      'state',
    ],
    grants.map((g) => [
      g.id,
      g.accountId,
      g.accountLabel,
      g.personId,
      g.personName,
      g.personEmail,
      g.kind,
      isoOrNull(g.grantedAt),
      g.grantedBy,
      g.reason,
      isoOrNull(g.endsAt),
      isoOrNull(g.revokedAt),
      g.revokedBy,
      g.revokeReason,
      g.state,
    ]),
  );
}

function withIsoTimes(grant: GrantView) {
  return {
    ...grant,
    grantedAt: isoOrNull(grant.grantedAt),
    endsAt: isoOrNull(grant.endsAt),
    revokedAt: isoOrNull(grant.revokedAt),
  };
}
