/**
 * The compliance report: every account checked against the organisation's
 * policy, rule by rule (src/shared/compliance.ts holds the rules). This
 * service gathers the facts in a handful of whole-vault queries and reduces
 * secrets to verdicts (strength, reuse) without letting them out.
 */
import {
  accountFindings,
  ruleCounts,
  type AccountCompliance,
  type AccountFacts,
  type ComplianceReport,
} from '../../../shared/compliance';
import type { OrganisationPolicy } from '../../../shared/domain/policy';
import { isScheduledDue } from '../../../shared/rotation';
import type { AccountsService } from './accounts.service';
import type { EscrowService } from './escrow.service';
import { complianceReportHtml, signReportPdf, verifyReportPdf, type VerifiedReport } from './compliance-pdf';
import { analysePasswords } from './password-analysis';
import { currentHolders } from './current-holders';
import { derivedFrom } from './session-cache';
import type { PeopleService } from './people.service';
import { storedPolicy } from './rotation-schedule';
import { keyFingerprint } from '../tickets/ticket';
import type { SettingsService } from './settings.service';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';
import type { Sodium } from '../crypto/sodium';
import type { ManifestCompliance } from '../escrow/bundle';

export class ComplianceService {
  constructor(
    private readonly sodium: Sodium,
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly people: PeopleService,
    private readonly settings: SettingsService,
    private readonly escrow: EscrowService,
    private readonly zone: () => string,
  ) {}

  /** The policy compliance is checked against: the policy settings and the rotation period. */
  policy(): OrganisationPolicy {
    const session = this.vault.session();
    const settings = this.settings.get();
    return {
      handleRules: settings.handleRules,
      minHolders: settings.minHolders,
      holdersSameDepartment: settings.holdersSameDepartment,
      twoFactorRequired: settings.twoFactorRequired,
      minPasswordStrength: settings.minPasswordStrength,
      takeoverMaxDays: settings.takeoverMaxDays,
      rotation: session.store.read(() => storedPolicy(session.store)),
    };
  }

  /**
   * `judgePasswords: false` leaves strength and reuse out (no password is
   * opened, no zxcvbn run): what an escrow export needs, in its transaction.
   */
  report({ judgePasswords = true }: { judgePasswords?: boolean } = {}): ComplianceReport {
    const session = this.vault.session();
    const now = session.clock.now();
    const policy = this.policy();
    const accounts = this.check(session, policy, now, judgePasswords);
    return {
      generatedAt: now,
      vault: { id: session.info.id, owner: session.info.owner },
      policy,
      counts: ruleCounts(accounts),
      findings: accounts.reduce((n, a) => n + a.findings.length, 0),
      accounts,
    };
  }

  /**
   * What an escrow bundle says of this vault's compliance: each active
   * account's findings but the escrow's own (R7), which the bundle being
   * exported settles and the press register judges from the bundle's age.
   */
  bundleSummary(): ManifestCompliance {
    // The press office chases rotations, holders, two-factor, managers and obligations, not password strength.
    const report = this.report({ judgePasswords: false });
    return {
      checkedAt: new Date(report.generatedAt).toISOString(),
      accounts: report.accounts
        .filter((a) => a.status === 'active')
        .map((a) => ({
          ref: a.id,
          findings: a.findings.filter((f) => f.rule !== 'R7').map(({ kind, message }) => ({ kind, message })),
        }))
        .filter((a) => a.findings.length > 0),
    };
  }

  /** The report for auditors, as a document to print (its PDF is then signed by `signPdf`). */
  auditorDocument(): { report: ComplianceReport; html: string; suggestedName: string } {
    const session = this.vault.session();
    const report = this.report();
    const fingerprint = keyFingerprint(session.sodium, session.keys.signingPublicKey);
    const day = new Date(report.generatedAt).toISOString().slice(0, 10);
    return {
      report,
      html: complianceReportHtml(report, fingerprint),
      suggestedName: `custodian-compliance-${day}.pdf`,
    };
  }

  /**
   * The printed report signed by the vault's key, and its export recorded
   * (call inside the export's write, so the event commits before the file is named).
   */
  signPdf(pdf: Uint8Array, report: ComplianceReport): Uint8Array {
    const session = this.vault.session();
    const signed = signReportPdf(pdf, report.generatedAt, {
      vaultId: session.info.id,
      owner: session.info.owner,
      publicKey: session.keys.signingPublicKey,
      sign: (message) => session.keys.sign(message),
    });
    session.store.transaction(() =>
      session.record({
        kind: 'compliance.exported',
        details: { accounts: report.accounts.length, findings: report.findings },
      }),
    );
    return signed;
  }

  /** Checks a signed report file; needs no unlocked vault. */
  verifyPdf(file: Uint8Array): VerifiedReport {
    return verifyReportPdf(this.sodium, file);
  }

  /**
   * What the report reads from the whole vault, each part kept for the
   * session until a write to the tables it comes from (the Compliance page
   * asks again after every fix; a fix touches one or two of them).
   */
  private facts(session: VaultSession) {
    const { store } = session;
    // derivedFrom loads inside one read transaction already.
    const from = <T>(key: string, tables: readonly string[], read: () => T): T =>
      derivedFrom(session, `compliance-${key}`, tables, () => ({ value: read() }));
    return {
      rows: from('rows', ['accounts', 'account_secrets'], () => store.compliance.rows()),
      holders: currentHolders(session),
      obligations: from('obligations', ['rotation_obligations'], () => store.obligations.open()),
      takeovers: from('takeovers', ['takeovers'], () => store.compliance.takeoversNotChangedBack()),
      disclosed: from('disclosed', ['issued_tickets', 'escrow_notices', 'rotations'], () =>
        store.compliance.totpDisclosedSinceChange(),
      ),
      passwords: from('passwords', ['account_secrets'], () => {
        const sealed = store.compliance.passwords();
        return { sealed, accounts: new Set(sealed.map((p) => p.accountId)) };
      }),
    };
  }

  private check(
    session: VaultSession,
    policy: OrganisationPolicy,
    now: number,
    judgePasswords: boolean,
  ): AccountCompliance[] {
    const zone = this.zone();
    const facts = this.facts(session);
    // The cached decrypted summaries: list() would also read every holder again for its search names.
    const summaries = this.accounts.summaries(session);
    const label = this.accounts.labeller(session);
    const directory = this.people.records(session);
    const person = (id: number) => directory.get(id) ?? null;
    const verdicts = judgePasswords
      ? derivedFrom(session, 'compliance-verdicts', ['account_secrets'], () => ({
          value: analysePasswords(session, facts.passwords.sealed),
        }))
      : null;
    const withPassword = facts.passwords.accounts;
    const dueByPolicy = isScheduledDue(policy.rotation, now, zone);
    const ownPeriods = new Map<number, (last: number) => boolean>();
    const dueFor = (days: number) => {
      let test = ownPeriods.get(days);
      if (!test) ownPeriods.set(days, (test = isScheduledDue({ unit: 'days', count: days }, now, zone)));
      return test;
    };
    const reuse = (id: number) => {
      const group = verdicts?.sameAs.get(id);
      if (!group) return null;
      return { first: label(group[0] === id ? group[1]! : group[0]!), others: group.length - 1 };
    };
    const coverage = this.escrow.coverage(session);
    const overdue = new Map<number, number>();
    const leavers = new Map<number, number>();
    for (const o of facts.obligations) {
      // A takeover's change-back obligation is R6's subject, not R5's.
      if (o.reasonKind === 'takeover_end') continue;
      if (o.reasonKind === 'leaver' || o.reasonKind === 'mover')
        leavers.set(o.accountId, (leavers.get(o.accountId) ?? 0) + 1);
      else if (o.dueAt <= now) overdue.set(o.accountId, (overdue.get(o.accountId) ?? 0) + 1);
    }
    return facts.rows.map((row) => {
      const summary = summaries.get(row.id);
      const manager = row.managerId === null ? null : person(row.managerId);
      const holders = (facts.holders.get(row.id) ?? []).map((id) => person(id)).filter((p) => p !== null);
      const hasPassword = withPassword.has(row.id);
      const due = row.rotationDays ? dueFor(row.rotationDays) : dueByPolicy;
      const accountFacts: AccountFacts = {
        id: row.id,
        platform: row.platform,
        handle: summary?.handle ?? '',
        department: summary?.department ?? '',
        status: row.status,
        twoFactor: row.twoFactor,
        hasTotp: row.hasTotp === 1,
        manager: manager ? { name: manager.name, status: manager.status } : null,
        hasPurpose: row.hasPurpose === 1,
        hasHours: row.hasHours === 1,
        holders: holders.map((p) => ({ name: p.name, department: p.department })),
        hasPassword,
        passwordStrength: verdicts?.strength.get(row.id) ?? null,
        reusedWith: reuse(row.id),
        passwordTooOld: hasPassword && row.passwordChangedAt !== null && due(row.passwordChangedAt),
        overdueObligations: overdue.get(row.id) ?? 0,
        leaverObligations: leavers.get(row.id) ?? 0,
        takeoversNotChangedBack: facts.takeovers.get(row.id) ?? 0,
        escrow: !coverage
          ? 'none'
          : !coverage.escrowed.has(row.id)
            ? 'missing'
            : coverage.stale.has(row.id)
              ? 'stale'
              : 'current',
        totpDisclosed: facts.disclosed.has(row.id),
      };
      return {
        id: row.id,
        platform: row.platform,
        handle: accountFacts.handle,
        displayName: summary?.displayName ?? '',
        department: accountFacts.department,
        managerId: row.managerId,
        manager: manager?.name ?? '',
        status: row.status,
        findings: accountFindings(accountFacts, policy),
      };
    });
  }
}
