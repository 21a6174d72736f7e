/**
 * Compliance, rule by rule and account by account: pure functions from what
 * the vault knows about an account (its facts, gathered by the core without
 * exposing any secret) and the organisation's policy to the findings that
 * put it out of policy. docs/compliance.md lists every finding.
 */
import { z } from 'zod';
import { OrganisationPolicySchema, handleRuleProblem, type OrganisationPolicy } from './domain/policy';
import { PLATFORMS, type Platform } from './domain/platforms';
import type { AccountStatus, TwoFactorMethod } from './domain/account';
import type { PersonStatus } from './domain/people';
import { STRENGTH_LABELS } from './password/strength-labels';

/** The rules compliance checks (R4 and R9 are kept by the access log and the incident flow, not checked). */
export const COMPLIANCE_RULES = ['R1', 'R2', 'R3', 'R5', 'R6', 'R7', 'R8', 'R10'] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];

export const RULE_TITLES: Record<ComplianceRule, string> = {
  R1: 'Registered with a manager, purpose and hours',
  R2: 'Known to enough people',
  R3: 'Strong, unique, recent password',
  R5: 'Rotated when due',
  R6: 'Takeovers changed back',
  R7: 'In the emergency escrow',
  R8: 'Two-factor on, seed not disclosed',
  R10: 'Naming rule; closed accounts closed',
};

/** Where in the app a finding is fixed: an account's tab, or a page. */
export const FIX_PLACES = ['details', 'access', 'rotation', 'takeovers', 'escrow'] as const;
export type FixPlace = (typeof FIX_PLACES)[number];

export const FINDINGS = {
  no_manager: { rule: 'R1', fix: 'details' },
  manager_left: { rule: 'R1', fix: 'details' },
  no_purpose: { rule: 'R1', fix: 'details' },
  no_hours: { rule: 'R1', fix: 'details' },
  no_holders: { rule: 'R2', fix: 'access' },
  too_few_holders: { rule: 'R2', fix: 'access' },
  weak_password: { rule: 'R3', fix: 'rotation' },
  reused_password: { rule: 'R3', fix: 'rotation' },
  password_too_old: { rule: 'R3', fix: 'rotation' },
  rotation_overdue: { rule: 'R5', fix: 'rotation' },
  leaver_obligation: { rule: 'R5', fix: 'rotation' },
  takeover_not_changed_back: { rule: 'R6', fix: 'rotation' },
  no_escrow: { rule: 'R7', fix: 'escrow' },
  escrow_stale: { rule: 'R7', fix: 'escrow' },
  no_two_factor: { rule: 'R8', fix: 'details' },
  totp_disclosed: { rule: 'R8', fix: 'rotation' },
  handle_breaks_rule: { rule: 'R10', fix: 'details' },
  archived_with_access: { rule: 'R10', fix: 'access' },
} as const satisfies Record<string, { rule: ComplianceRule; fix: FixPlace }>;
export type FindingKind = keyof typeof FINDINGS;
export const FINDING_KINDS = Object.keys(FINDINGS) as FindingKind[];

export const FindingSchema = z.strictObject({
  rule: z.enum(COMPLIANCE_RULES),
  kind: z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]]),
  message: z.string(),
  fix: z.enum(FIX_PLACES),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What the core knows about one account, with secrets reduced to verdicts (strength, reuse) inside the core. */
export interface AccountFacts {
  id: number;
  platform: Platform;
  handle: string;
  department: string;
  status: AccountStatus;
  twoFactor: TwoFactorMethod;
  hasTotp: boolean;
  manager: { name: string; status: PersonStatus } | null;
  hasPurpose: boolean;
  hasHours: boolean;
  /** People holding access now, with their departments. */
  holders: { name: string; department: string }[];
  hasPassword: boolean;
  /** zxcvbn score of the current password, null without one. */
  passwordStrength: number | null;
  /** Another account with the same password (its label) and how many share it besides this one; null when unique. */
  reusedWith: { first: string; others: number } | null;
  /** The password is older than its rotation period (the scheduled rotation has fallen due). */
  passwordTooOld: boolean;
  /** Open obligations that are past due, other than leavers' and movers'. */
  overdueObligations: number;
  /** Open leaver or mover obligations (due or not). */
  leaverObligations: number;
  /** Takeovers that ended without the password being changed back. */
  takeoversNotChangedBack: number;
  /** none: no bundle exported at all; missing: not in the latest; stale: changed since; current. */
  escrow: 'none' | 'missing' | 'stale' | 'current';
  /** The TOTP seed left the vault (a ticket, an escrow opening) since it was last changed. */
  totpDisclosed: boolean;
}

const finding = (kind: FindingKind, message: string): Finding => ({ ...FINDINGS[kind], kind, message });

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase();

/** Every way the account is out of policy; empty when it keeps every rule. */
export function accountFindings(facts: AccountFacts, policy: OrganisationPolicy): Finding[] {
  const out: Finding[] = [];
  if (facts.status === 'archived') {
    // An archived account is closed: only R10's "closed means no one holds access" applies.
    if (facts.holders.length > 0) {
      out.push(
        finding(
          'archived_with_access',
          `Archived, but ${facts.holders.length === 1 ? '1 person still holds' : `${facts.holders.length} people still hold`} access`,
        ),
      );
    }
    return out;
  }

  // R1
  if (!facts.manager) out.push(finding('no_manager', 'No overall account manager'));
  else if (facts.manager.status === 'left')
    out.push(finding('manager_left', `The manager, ${facts.manager.name}, has left`));
  if (!facts.hasPurpose) out.push(finding('no_purpose', 'No purpose recorded'));
  if (!facts.hasHours) out.push(finding('no_hours', 'No monitored hours recorded'));

  // R2
  const counted =
    policy.holdersSameDepartment && facts.department.trim()
      ? facts.holders.filter((h) => fold(h.department) === fold(facts.department))
      : facts.holders;
  if (facts.holders.length === 0) {
    out.push(finding('no_holders', 'Nobody holds access'));
  } else if (counted.length < policy.minHolders) {
    const outside = facts.holders.length - counted.length;
    out.push(
      finding(
        'too_few_holders',
        `${counted.length} of the ${policy.minHolders} people the policy asks for hold access` +
          (outside > 0 ? ` (${outside} more outside ${facts.department})` : ''),
      ),
    );
  }

  // R3
  if (facts.passwordStrength !== null && facts.passwordStrength < policy.minPasswordStrength) {
    out.push(
      finding(
        'weak_password',
        `The password is ${STRENGTH_LABELS[facts.passwordStrength]?.toLowerCase() ?? 'weak'} (${facts.passwordStrength} of 4; the policy asks for ${policy.minPasswordStrength})`,
      ),
    );
  }
  if (facts.reusedWith) {
    const { first, others } = facts.reusedWith;
    out.push(
      finding('reused_password', `The same password is used on ${first}${others > 1 ? ` and ${others - 1} more` : ''}`),
    );
  }
  if (facts.passwordTooOld) {
    out.push(finding('password_too_old', 'The password is older than the rotation period'));
  }

  // R5
  if (facts.overdueObligations > 0) {
    out.push(
      finding(
        'rotation_overdue',
        facts.overdueObligations === 1 ? 'A rotation is overdue' : `${facts.overdueObligations} rotations are overdue`,
      ),
    );
  }
  if (facts.leaverObligations > 0) {
    out.push(finding('leaver_obligation', 'Someone who held access left or moved role: the password must change'));
  }

  // R6
  if (facts.takeoversNotChangedBack > 0) {
    out.push(finding('takeover_not_changed_back', 'A takeover ended and the password has not been changed back'));
  }

  // R7
  if (facts.escrow === 'none' || facts.escrow === 'missing') {
    out.push(
      finding(
        'no_escrow',
        facts.escrow === 'none' ? 'No escrow bundle has been exported yet' : 'Not in the latest escrow bundle',
      ),
    );
  } else if (facts.escrow === 'stale') {
    out.push(finding('escrow_stale', 'Its secrets changed since the latest escrow bundle'));
  }

  // R8
  if (policy.twoFactorRequired && facts.twoFactor === 'none') {
    out.push(finding('no_two_factor', 'Two-factor authentication is off'));
  }
  if (facts.hasTotp && facts.totpDisclosed) {
    out.push(finding('totp_disclosed', 'The TOTP seed has been disclosed since it was last changed: re-enrol it'));
  }

  // R10
  const handleProblem = handleRuleProblem(policy.handleRules, facts.platform, facts.handle);
  if (handleProblem) out.push(finding('handle_breaks_rule', handleProblem));
  return out;
}

export const AccountComplianceSchema = z.strictObject({
  id: z.number().int(),
  platform: z.enum(PLATFORMS),
  handle: z.string(),
  displayName: z.string(),
  department: z.string(),
  managerId: z.number().int().nullable(),
  manager: z.string(),
  status: z.enum(['active', 'archived']),
  findings: z.array(FindingSchema),
});
export type AccountCompliance = z.infer<typeof AccountComplianceSchema>;

/** Per rule: how many accounts break it. */
export function ruleCounts(accounts: readonly AccountCompliance[]): Record<ComplianceRule, number> {
  const counts = Object.fromEntries(COMPLIANCE_RULES.map((r) => [r, 0])) as Record<ComplianceRule, number>;
  for (const account of accounts) {
    for (const rule of new Set(account.findings.map((f) => f.rule))) counts[rule] += 1;
  }
  return counts;
}

export const ComplianceReportSchema = z.strictObject({
  generatedAt: z.number(),
  vault: z.strictObject({ id: z.string(), owner: z.string() }),
  policy: OrganisationPolicySchema,
  /** Per rule, how many accounts break it. */
  counts: z.record(z.enum(COMPLIANCE_RULES), z.number().int()),
  /** Every finding on every account. */
  findings: z.number().int(),
  /** Every account (compliant ones with no findings), in id order. */
  accounts: z.array(AccountComplianceSchema),
});
export type ComplianceReport = z.infer<typeof ComplianceReportSchema>;

/**
 * The report as the Compliance page receives it over IPC: each account by
 * id only (the page has their handles, departments and managers from the
 * account list) with its findings as indexes into one table of the distinct
 * findings (10,000 accounts share a few dozen). At 10,000 accounts that is
 * about a tenth of the full report, which the page would otherwise parse
 * (and main clone) on every visit.
 */
export const ComplianceMatrixSchema = z.strictObject({
  generatedAt: z.number(),
  counts: z.record(z.enum(COMPLIANCE_RULES), z.number().int()),
  findings: z.number().int(),
  distinct: z.array(FindingSchema),
  /** [account id, its findings as indexes into `distinct`], in id order. */
  accounts: z.array(z.tuple([z.number().int(), z.array(z.number().int().nonnegative())])),
});
export type ComplianceMatrix = z.infer<typeof ComplianceMatrixSchema>;

export function toMatrix(report: ComplianceReport): ComplianceMatrix {
  const distinct: Finding[] = [];
  const index = new Map<string, number>();
  const accounts = report.accounts.map(({ id, findings }): [number, number[]] => [
    id,
    findings.map((f) => {
      const key = `${f.kind}\u0000${f.message}`;
      let at = index.get(key);
      if (at === undefined) index.set(key, (at = distinct.push(f) - 1));
      return at;
    }),
  ]);
  return { generatedAt: report.generatedAt, counts: report.counts, findings: report.findings, distinct, accounts };
}

/** Each account's findings from a matrix, by account id (an index outside `distinct` is the sender's bug). */
export function matrixFindings(matrix: ComplianceMatrix): Map<number, Finding[]> {
  return new Map(
    matrix.accounts.map(([id, indexes]) => [
      id,
      indexes.map((i) => {
        const found = matrix.distinct[i];
        if (!found) throw new Error(`Finding ${i} is not in the report`);
        return found;
      }),
    ]),
  );
}

/** The report narrowed to one rule: only its findings, counts and totals recomputed. */
export function reportForRule(report: ComplianceReport, rule: ComplianceRule): ComplianceReport {
  const accounts = report.accounts.map((a) => ({ ...a, findings: a.findings.filter((f) => f.rule === rule) }));
  return {
    ...report,
    accounts,
    counts: ruleCounts(accounts),
    findings: accounts.reduce((n, a) => n + a.findings.length, 0),
  };
}
