/**
 * Reported compromises (policy: a hacked account is escalated to the
 * communications team). Reporting creates an immediate rotation obligation
 * and a checklist; the summary for the communications team says what the
 * account is, who holds access, when it last rotated and what happened to it
 * recently, as Markdown and as HTML for printing to PDF.
 */
import {
  INCIDENT_STEP_LABELS,
  INCIDENT_STEPS,
  type IncidentStep,
  type IncidentView,
} from '../../../shared/domain/rotation';
import { TWO_FACTOR_LABELS } from '../../../shared/domain/account';
import { AUDIT_KIND_LABELS, type AuditKind } from '../../../shared/domain/audit';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import type { FieldRef } from '../crypto/field-cipher';
import { incidentSteps, type IncidentRow } from '../db/rotations.repo';
import { CustodianError } from '../errors';
import type { AccessService } from './access.service';
import type { AccountsService } from './accounts.service';
import type { AuditService } from './audit.service';
import type { ObligationsService } from './obligations.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const noteRef = (row: number): FieldRef => ({ table: 'incidents', row, column: 'note' });

export interface IncidentSummary {
  markdown: string;
  html: string;
  suggestedName: string;
}

export class IncidentsService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly access: AccessService,
    private readonly obligations: ObligationsService,
    private readonly audit: AuditService,
  ) {}

  report(accountId: number, note: string): IncidentView {
    const session = this.vault.session();
    const { store, keys, clock } = session;
    const id = store.transaction(() => {
      const account = this.accounts.get(accountId);
      if (account.status === 'archived') {
        throw new CustodianError(
          'conflict',
          `${this.accounts.labelOf(session, accountId)} is archived: restore it to report a compromise`,
        );
      }
      const id = store.rotations.nextId('incidents');
      store.rotations.insertIncident({
        id,
        accountId,
        reportedAt: clock.now(),
        note: keys.fields.sealText(noteRef(id), note),
        steps: '{}',
        closedAt: null,
      });
      session.record({ kind: 'incident.reported', accountId, details: { incidentId: id } });
      this.obligations.add(session, {
        accountId,
        kind: 'compromise',
        detail: `Reported compromised: ${note}`,
        dueAt: clock.now(),
      });
      return id;
    });
    return this.view(session, store.rotations.incident(id)!);
  }

  list(accountId?: number): IncidentView[] {
    const session = this.vault.session();
    return session.store
      .read(() => session.store.rotations.openIncidents(accountId))
      .map((row) => this.view(session, row));
  }

  get(id: number): IncidentView {
    const session = this.vault.session();
    return this.view(session, this.row(session, id));
  }

  setStep(id: number, step: IncidentStep, done: boolean): IncidentView {
    const session = this.vault.session();
    session.store.transaction(() => {
      const row = this.row(session, id);
      if (row.closedAt !== null) throw new CustodianError('conflict', 'This incident is closed');
      const steps = incidentSteps(row);
      steps[step] = done ? session.clock.now() : null;
      session.store.rotations.updateIncident(id, JSON.stringify(steps), null);
      session.record({ kind: 'incident.step', accountId: row.accountId, details: { incidentId: id, step, done } });
    });
    return this.get(id);
  }

  close(id: number): IncidentView {
    const session = this.vault.session();
    session.store.transaction(() => {
      const row = this.row(session, id);
      if (row.closedAt !== null) throw new CustodianError('conflict', 'This incident is already closed');
      session.store.rotations.updateIncident(id, row.steps, session.clock.now());
      session.record({ kind: 'incident.closed', accountId: row.accountId, details: { incidentId: id } });
    });
    return this.get(id);
  }

  /**
   * The summary for the communications team (no secrets in it). Reading it
   * is not an event; exporting it (`recordExport`) is.
   */
  summary(id: number, recordExport = false): IncidentSummary {
    const session = this.vault.session();
    const incident = this.get(id);
    const account = this.accounts.get(incident.accountId);
    const holders = this.access.holders(account.id);
    const last = session.store.read(() => session.store.rotations.lastRotation(account.id));
    const events = this.audit.list({ accountId: account.id, limit: 15 });
    if (recordExport) {
      session.store.transaction(() =>
        session.record({ kind: 'incident.exported', accountId: account.id, details: { incidentId: id } }),
      );
    }
    const when = (ms: number | null) =>
      ms === null ? 'never' : new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    const facts: [string, string][] = [
      ['Account', `@${account.handle} on ${PLATFORM_INFO[account.platform].label}`],
      ['Name', account.displayName || '—'],
      ['Profile', account.url || '—'],
      ['Department', account.department || '—'],
      ['Overall manager', account.manager || '—'],
      ['Reported', when(incident.reportedAt)],
      ['Last password change', when(last?.rotatedAt ?? account.passwordChangedAt)],
      ['Two-factor', TWO_FACTOR_LABELS[account.twoFactor]],
    ];
    const checklist = INCIDENT_STEPS.map((step) => ({
      label: INCIDENT_STEP_LABELS[step],
      done: incident.steps[step] ?? null,
    }));
    const holderLines = holders.map(
      (h) => `${h.personName} <${h.personEmail}> — ${h.kind}, since ${when(h.grantedAt)}, granted by ${h.grantedBy}`,
    );
    const eventLines = events.map(
      (e) =>
        `${when(e.at)} — ${AUDIT_KIND_LABELS[e.kind as AuditKind] ?? e.kind}${e.personLabel ? ` (${e.personLabel})` : ''}`,
    );
    const title = `Compromise report: @${account.handle} (${PLATFORM_INFO[account.platform].label})`;
    const markdown = [
      `# ${title}`,
      '',
      ...facts.map(([k, v]) => `- **${k}:** ${v}`),
      '',
      '## What happened',
      '',
      incident.note,
      '',
      '## Checklist',
      '',
      ...checklist.map((c) => `- [${c.done ? 'x' : ' '}] ${c.label}${c.done ? ` (${when(c.done)})` : ''}`),
      '',
      '## Who holds access',
      '',
      ...(holderLines.length ? holderLines.map((l) => `- ${l}`) : ['- Nobody is recorded as holding access.']),
      '',
      '## Recent activity in Custodian',
      '',
      ...(eventLines.length ? eventLines.map((l) => `- ${l}`) : ['- None recorded.']),
      '',
      `_Generated by Custodian (vault of ${session.info.owner}) on ${when(session.clock.now())}. Contains no passwords._`,
      '',
    ].join('\n');
    const esc = (text: string) =>
      text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const list = (items: string[], empty: string) =>
      items.length
        ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
        : `<p class="muted">${esc(empty)}</p>`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
  body { font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1a1b1e; margin: 2cm; }
  h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 18pt 0 6pt; border-bottom: 1px solid #dee2e6; padding-bottom: 3pt; }
  .badge { display: inline-block; background: #fa5252; color: white; border-radius: 4px; padding: 1pt 6pt; font-size: 9pt; font-weight: 600; }
  table { border-collapse: collapse; } td { padding: 2pt 12pt 2pt 0; vertical-align: top; } td:first-child { color: #495057; }
  .note { white-space: pre-wrap; background: #fff5f5; border-left: 3pt solid #fa5252; padding: 6pt 10pt; }
  li.done { color: #2b8a3e; } .muted, footer { color: #868e96; } footer { margin-top: 24pt; font-size: 9pt; }
</style></head><body>
<span class="badge">COMPROMISED</span>
<h1>${esc(title)}</h1>
<table>${facts.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>What happened</h2><div class="note">${esc(incident.note)}</div>
<h2>Checklist</h2><ul>${checklist
      .map(
        (c) =>
          `<li class="${c.done ? 'done' : ''}">${c.done ? '&#9745;' : '&#9744;'} ${esc(c.label)}${c.done ? ` (${esc(when(c.done))})` : ''}</li>`,
      )
      .join('')}</ul>
<h2>Who holds access</h2>${list(holderLines, 'Nobody is recorded as holding access.')}
<h2>Recent activity in Custodian</h2>${list(eventLines, 'None recorded.')}
<footer>Generated by Custodian (vault of ${esc(session.info.owner)}) on ${esc(when(session.clock.now()))}. Contains no passwords.</footer>
</body></html>`;
    const stamp = new Date(session.clock.now()).toISOString().slice(0, 10);
    return {
      markdown,
      html,
      suggestedName: `custodian-incident-${account.handle.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`,
    };
  }

  private row(session: VaultSession, id: number): IncidentRow {
    const row = session.store.read(() => session.store.rotations.incident(id));
    if (!row) throw new CustodianError('not_found', `No incident with id ${id}`);
    return row;
  }

  private view(session: VaultSession, row: IncidentRow): IncidentView {
    const stored = incidentSteps(row);
    return {
      id: row.id,
      accountId: row.accountId,
      accountLabel: this.accounts.labelOf(session, row.accountId),
      reportedAt: row.reportedAt,
      note: session.keys.fields.openText(noteRef(row.id), row.note),
      steps: Object.fromEntries(INCIDENT_STEPS.map((s) => [s, stored[s] ?? null])) as IncidentView['steps'],
      closedAt: row.closedAt,
    };
  }
}
