/**
 * Compliance at a glance: every account against every rule of the
 * organisation's policy, as a matrix (accounts x rules) with a count per
 * rule. Filters by department, manager and rule; sorts by account, findings,
 * department or manager; each cell opens the place that fixes it. Rows are
 * virtualised so a 10,000-account vault paints at once.
 */
import { Alert, Badge, Button, Checkbox, Group, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconCheck, IconFileCertificate, IconRefresh } from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  COMPLIANCE_RULES,
  RULE_TITLES,
  matrixFindings,
  type ComplianceMatrix,
  type ComplianceRule,
  type Finding,
} from '../../../../shared/compliance';
import type { AccountSummary } from '../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { PlatformIcon } from '../../components/PlatformIcon';
import { SaveOutcome, useSaveToFile } from '../../components/SaveToFile';
import { api, errorMessage } from '../../lib/api';
import { formatCount, plural } from '../../lib/format';
import { useVaultData } from '../VaultData';
import { useNavigation, type Navigation } from '../navigation';

const ROW_HEIGHT = 44;
const SORTS = ['findings', 'account', 'department', 'manager'] as const;
type Sort = (typeof SORTS)[number];
const SORT_LABELS: Record<Sort, string> = {
  findings: 'Most findings first',
  account: 'Account',
  department: 'Department',
  manager: 'Manager',
};

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** One row of the matrix: the account as the list knows it, with its findings from the report. */
type AccountCompliance = Pick<AccountSummary, 'id' | 'platform' | 'handle' | 'department' | 'manager' | 'status'> & {
  findings: readonly Finding[];
};

/** Opens the screen where a finding is fixed. */
function openFix(navigation: Navigation, account: AccountCompliance, finding: Finding): void {
  switch (finding.fix) {
    case 'details':
      return navigation.openAccount(account.id, 'overview');
    case 'access':
      return navigation.openAccount(account.id, 'access');
    case 'rotation':
      return navigation.openAccount(account.id, 'rotation');
    case 'takeovers':
      return navigation.openTakeovers();
    case 'escrow':
      return navigation.openEscrow();
  }
}

export function CompliancePage() {
  const data = useVaultData();
  const navigation = useNavigation();
  const [matrix, setMatrix] = useState<ComplianceMatrix | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rule, setRule] = useState<ComplianceRule | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const [manager, setManager] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('findings');
  const [showCompliant, setShowCompliant] = useState(false);

  // The signed PDF for auditors: main checks the vault again, prints and signs it (custodian report verify checks it).
  const pdf = useSaveToFile(() => api.compliance.exportPdf());
  const [reads, setReads] = useState(0);
  const load = useCallback(() => setReads((n) => n + 1), []);

  // Read again whenever the vault's data changed elsewhere (an edit, a grant, a rotation), or on request.
  const { accounts, accountsById, people, obligationsByAccount, escrow, revision } = data;
  useEffect(() => {
    let current = true;
    api.compliance
      .report()
      .then((next) => {
        if (!current) return;
        setMatrix(next);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (current) setError(errorMessage(caught));
      });
    return () => {
      current = false;
    };
  }, [reads, accounts, people, obligationsByAccount, escrow, revision]);

  // Names from the account list (the report sends ids); an account the list has not caught up with waits for it.
  const report = useMemo(() => {
    if (!matrix || !accounts) return null;
    const findings = matrixFindings(matrix);
    const rows: AccountCompliance[] = [];
    let unknown = 0;
    for (const [id, own] of findings) {
      const account = accountsById.get(id);
      if (account) rows.push({ ...account, findings: own });
      else unknown++;
    }
    return { accounts: rows, findings: matrix.findings, unknown };
  }, [matrix, accounts, accountsById]);
  // Accounts added elsewhere (the CLI, another window) since the list was read: read it again, once per report.
  const caughtUpFor = useRef<ComplianceMatrix | null>(null);
  const { invalidate } = data;
  useEffect(() => {
    if (!report || report.unknown === 0 || caughtUpFor.current === matrix) return;
    caughtUpFor.current = matrix;
    void invalidate('accounts');
  }, [report, matrix, invalidate]);

  const departments = useMemo(
    () => [...new Set((report?.accounts ?? []).map((a) => a.department).filter(Boolean))].sort(collator.compare),
    [report],
  );
  const managers = useMemo(
    () => [...new Set((report?.accounts ?? []).map((a) => a.manager).filter(Boolean))].sort(collator.compare),
    [report],
  );

  const rows = useMemo(() => {
    if (!report) return [];
    const chosen = report.accounts.filter(
      (a) =>
        (department === null || a.department === department) &&
        (manager === null || a.manager === manager) &&
        (rule === null ? showCompliant || a.findings.length > 0 : a.findings.some((f) => f.rule === rule)),
    );
    const byHandle = (a: AccountCompliance, b: AccountCompliance) =>
      collator.compare(a.handle, b.handle) || a.id - b.id;
    const order: Record<Sort, (a: AccountCompliance, b: AccountCompliance) => number> = {
      findings: (a, b) => b.findings.length - a.findings.length || byHandle(a, b),
      account: byHandle,
      department: (a, b) => collator.compare(a.department, b.department) || byHandle(a, b),
      manager: (a, b) => collator.compare(a.manager, b.manager) || byHandle(a, b),
    };
    return chosen.sort(order[sort]);
  }, [report, department, manager, rule, sort, showCompliant]);

  /** Per rule, how many of the filtered accounts break it (the rule filter aside). */
  const counts = useMemo(() => {
    const out = Object.fromEntries(COMPLIANCE_RULES.map((r) => [r, 0])) as Record<ComplianceRule, number>;
    for (const a of report?.accounts ?? []) {
      if ((department !== null && a.department !== department) || (manager !== null && a.manager !== manager)) continue;
      for (const r of new Set(a.findings.map((f) => f.rule))) out[r] += 1;
    }
    return out;
  }, [report, department, manager]);

  const outOfPolicy = report ? report.accounts.filter((a) => a.findings.length > 0).length : 0;

  return (
    <Stack gap="md" className="compliance-page" p="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Compliance</Title>
          <Text size="sm" c="dimmed" data-testid="compliance-summary">
            {report
              ? outOfPolicy === 0
                ? report.accounts.length === 1
                  ? 'The only account keeps the policy'
                  : `All ${plural(report.accounts.length, 'account')} keep the policy`
                : `${formatCount(outOfPolicy)} of ${plural(report.accounts.length, 'account')} ${outOfPolicy === 1 ? 'is' : 'are'} out of policy · ${plural(report.findings, 'finding')}`
              : 'Checking every account…'}
          </Text>
        </div>
        <Stack gap={0} align="flex-end">
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconFileCertificate size={16} />}
              onClick={() => void pdf.run()}
              loading={pdf.saving}
            >
              Signed PDF for auditors
            </Button>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={load}>
              Check again
            </Button>
          </Group>
          <SaveOutcome state={pdf} label="Signed report saved" />
        </Stack>
      </Group>

      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}

      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Rule"
          placeholder="Every rule"
          clearable
          data={COMPLIANCE_RULES.map((r) => ({ value: r, label: `${r} · ${RULE_TITLES[r]}` }))}
          value={rule}
          onChange={(value) => setRule(value as ComplianceRule | null)}
          w={300}
        />
        <Select
          label="Department"
          placeholder="Every department"
          clearable
          searchable
          data={departments}
          value={department}
          onChange={setDepartment}
          w={220}
        />
        <Select
          label="Manager"
          placeholder="Every manager"
          clearable
          searchable
          data={managers}
          value={manager}
          onChange={setManager}
          w={220}
        />
        <Select
          label="Sort by"
          data={SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          value={sort}
          onChange={(value) => setSort((value as Sort | null) ?? 'findings')}
          allowDeselect={false}
          w={200}
        />
        <Checkbox
          label="Show accounts that keep every rule"
          checked={showCompliant}
          onChange={(event) => setShowCompliant(event.currentTarget.checked)}
          disabled={rule !== null}
          mb={8}
        />
      </Group>

      <div className="compliance-matrix" role="table" aria-label="Accounts by rule" aria-rowcount={rows.length + 1}>
        <div className="compliance-row compliance-head" role="row">
          <div role="columnheader" className="compliance-account">
            Account
          </div>
          {COMPLIANCE_RULES.map((r) => (
            <div role="columnheader" key={r} className="compliance-cell">
              <Tooltip label={RULE_TITLES[r]}>
                <button
                  type="button"
                  className={`compliance-rule${rule === r ? ' is-active' : ''}`}
                  onClick={() => setRule(rule === r ? null : r)}
                  aria-pressed={rule === r}
                  // Names start with what the button shows (the rule and its count): WCAG 2.5.3.
                  aria-label={`${r}, ${plural(counts[r], 'account')}: ${RULE_TITLES[r]}`}
                >
                  <span>{r}</span>{' '}
                  <Badge size="sm" color={counts[r] ? 'red' : 'teal'} variant="light" data-testid={`count-${r}`}>
                    {formatCount(counts[r])}
                  </Badge>
                </button>
              </Tooltip>
            </div>
          ))}
        </div>
        {report && rows.length === 0 ? (
          <div role="row">
            <Text className="compliance-empty" c="dimmed" size="sm" p="md" role="cell">
              {rule ? `No account breaks ${rule}.` : 'Nothing is out of policy.'}
            </Text>
          </div>
        ) : (
          <MatrixBody rows={rows} rule={rule} navigation={navigation} />
        )}
      </div>
    </Stack>
  );
}

/** The matrix's rows, virtualised: a table of cells (not the keyboard listbox components/list/VirtualList is). */
function MatrixBody({
  rows,
  rule,
  navigation,
}: {
  rows: readonly AccountCompliance[];
  rule: ComplianceRule | null;
  navigation: Navigation;
}) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  return (
    <div ref={parent} className="compliance-body" role="rowgroup">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <MatrixRow key={item.key} account={rows[item.index]!} top={item.start} rule={rule} navigation={navigation} />
        ))}
      </div>
    </div>
  );
}

const MatrixRow = memo(function MatrixRow({
  account,
  top,
  rule,
  navigation,
}: {
  account: AccountCompliance;
  top: number;
  rule: ComplianceRule | null;
  navigation: Navigation;
}) {
  const label = `@${account.handle}`;
  return (
    <div
      className="compliance-row"
      role="row"
      style={{ position: 'absolute', top, left: 0, right: 0, height: ROW_HEIGHT }}
      data-account={account.handle}
    >
      <div role="rowheader" className="compliance-account">
        <PlatformIcon platform={account.platform} size={18} />
        <div className="compliance-account-text">
          <Text size="sm" fw={600} truncate>
            {label}
            {account.status === 'archived' ? (
              <Badge ml={6} size="xs" color="gray" variant="light">
                archived
              </Badge>
            ) : null}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {[PLATFORM_INFO[account.platform].label, account.department, account.manager].filter(Boolean).join(' · ')}
          </Text>
        </div>
      </div>
      {COMPLIANCE_RULES.map((r) => {
        const findings = account.findings.filter((f) => f.rule === r);
        if (findings.length === 0) {
          return (
            <div role="cell" key={r} className={`compliance-cell is-ok${rule && rule !== r ? ' is-dim' : ''}`}>
              <IconCheck size={16} aria-label={`${r} kept`} />
            </div>
          );
        }
        const first = findings[0]!;
        const text = findings.map((f) => f.message).join('\n');
        return (
          <div role="cell" key={r} className={`compliance-cell${rule && rule !== r ? ' is-dim' : ''}`}>
            <Tooltip label={text} multiline maw={320} withinPortal>
              <button
                type="button"
                className="compliance-finding"
                onClick={() => openFix(navigation, account, first)}
                aria-label={`${plural(findings.length, 'finding')}: ${label}, ${r}: ${findings.map((f) => f.message).join('; ')}. Open the place that fixes it`}
                data-finding={first.kind}
              >
                {findings.length}
              </button>
            </Tooltip>
          </div>
        );
      })}
    </div>
  );
});
