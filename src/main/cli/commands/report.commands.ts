import {
  COMPLIANCE_RULES,
  RULE_TITLES,
  reportForRule,
  type ComplianceReport,
  type ComplianceRule,
} from '../../../shared/compliance';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import { CustodianError } from '../../core/errors';
import { toCsv } from '../../core/services/export-format';
import { stringOption, type Command } from '../command';
import { readInputBytes, table } from '../io';
import { UsageError } from '../usage-error';

/** One row per finding, for spreadsheets. */
export function complianceCsv(report: ComplianceReport): string {
  const rows = report.accounts.flatMap((a) =>
    a.findings.map((f) => [a.id, a.platform, a.handle, a.department, a.manager, a.status, f.rule, f.kind, f.message]),
  );
  return toCsv(
    ['account_id', 'platform', 'handle', 'department', 'manager', 'status', 'rule', 'finding', 'message'],
    rows,
  );
}

function describe(report: ComplianceReport, rules: readonly ComplianceRule[]): string {
  const out = report.accounts.filter((a) => a.findings.length > 0);
  const lines = [
    `${report.findings === 0 ? 'In policy' : 'Out of policy'}: ${out.length} of ${report.accounts.length} accounts, ${report.findings} finding(s)`,
    ...rules.map((r) => `  ${r.padEnd(4)}${String(report.counts[r]).padStart(6)}  ${RULE_TITLES[r]}`),
  ];
  if (out.length > 0) {
    lines.push(
      '',
      table(
        ['ID', 'ACCOUNT', 'RULE', 'FINDING'],
        out.flatMap((a) =>
          a.findings.map((f) => [String(a.id), `@${a.handle} (${PLATFORM_INFO[a.platform].label})`, f.rule, f.message]),
        ),
      ),
    );
  }
  return lines.join('\n');
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Check every account against the policy; exits 1 when anything is out of policy (for cron)',
  usage: `[--rule ${COMPLIANCE_RULES.join('|')}] [--csv]`,
  options: { rule: { type: 'string' }, csv: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, values) {
    const rule = stringOption(values, 'rule')?.toUpperCase();
    if (rule !== undefined && !(COMPLIANCE_RULES as readonly string[]).includes(rule)) {
      throw new UsageError(`--rule must be one of ${COMPLIANCE_RULES.join(', ')}`);
    }
    if (values.csv && ctx.json) throw new UsageError('--csv and --json contradict each other');
    const core = await ctx.unlocked();
    const full = core.compliance.report();
    const report = rule ? reportForRule(full, rule as ComplianceRule) : full;
    return {
      json: report,
      text: values.csv ? complianceCsv(report) : describe(report, rule ? [rule as ComplianceRule] : COMPLIANCE_RULES),
      exitCode: report.findings > 0 ? 1 : 0,
    };
  },
};

/** A signed report is a few megabytes at most even over 10,000 accounts. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const normaliseFingerprint = (text: string) => text.replace(/[\s:]/g, '').toUpperCase();

export const reportVerifyCommand: Command = {
  name: 'report verify',
  summary: 'Check the signature of a compliance report PDF (no vault needed); exits 1 when it does not verify',
  usage: 'FILE [--fingerprint "XXXX XXXX XXXX XXXX"]',
  options: { fingerprint: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [file]) {
    const expected = stringOption(values, 'fingerprint');
    if (expected !== undefined && !/^[0-9A-F]{16}$/.test(normaliseFingerprint(expected))) {
      throw new UsageError('--fingerprint is 16 hexadecimal digits, as the vault shows it ("1A2B 3C4D 5E6F 7081")');
    }
    const bytes = readInputBytes(file!, MAX_REPORT_BYTES, 'a compliance report');
    const core = await ctx.core();
    let verified;
    try {
      verified = core.compliance.verifyPdf(bytes);
    } catch (error) {
      // A file that is not a signed report, or whose signature fails, is an answer ("not valid"), not a failure.
      if (!(error instanceof CustodianError) || error.code !== 'invalid_input') throw error;
      return { json: { valid: false, reason: error.message }, text: `Not valid: ${error.message}`, exitCode: 1 };
    }
    const keyMatches =
      expected === undefined || normaliseFingerprint(expected) === normaliseFingerprint(verified.fingerprint);
    const signedBy = `the vault of ${verified.owner} (${verified.vaultId}), key fingerprint ${verified.fingerprint}`;
    return {
      json: { valid: keyMatches, ...verified, ...(expected !== undefined ? { keyMatches } : {}) },
      text: keyMatches
        ? `Valid: signed by ${signedBy}; report of ${verified.generatedAt}${expected === undefined ? '\nCompare the fingerprint with the one the vault shows (or pass --fingerprint).' : ''}`
        : `Not valid: the signature is good but the key is not the expected one (${signedBy})`,
      exitCode: keyMatches ? 0 : 1,
    };
  },
};
