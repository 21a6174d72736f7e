import {
  COMPLIANCE_RULES,
  RULE_TITLES,
  reportForRule,
  type ComplianceReport,
  type ComplianceRule,
} from '../../../shared/compliance';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import { toCsv } from '../../core/services/export-format';
import { stringOption, type Command } from '../command';
import { table } from '../io';
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
