import { describe, expect, it } from 'vitest';
import {
  accountFindings,
  ComplianceMatrixSchema,
  matrixFindings,
  ruleCounts,
  toMatrix,
  type AccountFacts,
} from '../../../src/shared/compliance';
import {
  DEFAULT_POLICY_SETTINGS,
  HandleRulesSchema,
  handleRuleProblem,
  type OrganisationPolicy,
} from '../../../src/shared/domain/policy';

const policy: OrganisationPolicy = {
  ...DEFAULT_POLICY_SETTINGS,
  takeoverMaxDays: 14,
  rotation: { unit: 'months', count: 3 },
};

const clean: AccountFacts = {
  id: 1,
  platform: 'x',
  handle: 'livuni_news',
  department: 'Communications',
  status: 'active',
  twoFactor: 'totp',
  hasTotp: true,
  manager: { name: 'Mia', status: 'active' },
  hasPurpose: true,
  hasHours: true,
  holders: [
    { name: 'Ann', department: 'Communications' },
    { name: 'Bob', department: 'Marketing' },
  ],
  hasPassword: true,
  passwordStrength: 4,
  reusedWith: null,
  passwordTooOld: false,
  overdueObligations: 0,
  leaverObligations: 0,
  takeoversNotChangedBack: 0,
  escrow: 'current',
  totpDisclosed: false,
};
const kinds = (facts: Partial<AccountFacts>, over: Partial<OrganisationPolicy> = {}) =>
  accountFindings({ ...clean, ...facts }, { ...policy, ...over }).map((f) => f.kind);

describe('compliance rules', () => {
  it('a clean account has no findings', () => {
    expect(kinds({})).toEqual([]);
  });

  it('R2: the department rule counts only holders in the account’s department, accents and case ignored', () => {
    expect(kinds({}, { holdersSameDepartment: true })).toEqual(['too_few_holders']);
    const message = accountFindings(clean, { ...policy, holdersSameDepartment: true })[0]!.message;
    expect(message).toBe('1 of the 2 people the policy asks for hold access (1 more outside Communications)');
    expect(
      kinds(
        {
          holders: [
            { name: 'A', department: 'communications' },
            { name: 'B', department: 'COMMUNICATIONS ' },
          ],
        },
        {
          holdersSameDepartment: true,
        },
      ),
    ).toEqual([]);
    // No department on the account: everyone counts.
    expect(kinds({ department: '' }, { holdersSameDepartment: true })).toEqual([]);
    expect(kinds({}, { minHolders: 3 })).toEqual(['too_few_holders']);
    expect(kinds({ holders: [] })).toEqual(['no_holders']);
  });

  it('R3 and R8 follow the policy’s floor and two-factor setting', () => {
    expect(kinds({ passwordStrength: 2 })).toEqual(['weak_password']);
    expect(kinds({ passwordStrength: 2 }, { minPasswordStrength: 2 })).toEqual([]);
    expect(kinds({ twoFactor: 'none', hasTotp: false })).toEqual(['no_two_factor']);
    expect(kinds({ twoFactor: 'none', hasTotp: false }, { twoFactorRequired: false })).toEqual([]);
    expect(kinds({ reusedWith: { first: '@a (X)', others: 3 } }).length).toBe(1);
    expect(accountFindings({ ...clean, reusedWith: { first: '@a (X)', others: 3 } }, policy)[0]!.message).toBe(
      'The same password is used on @a (X) and 2 more',
    );
    // A disclosed seed matters only while the account has one.
    expect(kinds({ totpDisclosed: true })).toEqual(['totp_disclosed']);
    expect(kinds({ totpDisclosed: true, hasTotp: false })).toEqual([]);
  });

  it('an archived account is checked only for access that remains', () => {
    expect(kinds({ status: 'archived', manager: null, escrow: 'none' })).toEqual(['archived_with_access']);
    expect(kinds({ status: 'archived', holders: [] })).toEqual([]);
  });
});

describe('handle rules', () => {
  const rules = HandleRulesSchema.parse([
    { platform: 'all', kind: 'prefix', value: 'livuni' },
    { platform: 'instagram', kind: 'pattern', value: 'livuni[._][a-z]+' },
  ]);

  it('a platform’s own rule wins over "all"; prefixes ignore case; patterns match the whole handle', () => {
    expect(handleRuleProblem(rules, 'x', 'LivUni_News')).toBeNull();
    expect(handleRuleProblem(rules, 'x', 'badname')).toMatch(/does not begin with “livuni”/);
    expect(handleRuleProblem(rules, 'instagram', 'livuni.sport')).toBeNull();
    expect(handleRuleProblem(rules, 'instagram', 'livuni.sport2')).toMatch(/naming pattern on Instagram/);
    expect(handleRuleProblem(rules, 'instagram', 'xlivuni.sport')).not.toBeNull();
    expect(handleRuleProblem([], 'x', 'anything')).toBeNull();
  });

  it('refuses an invalid pattern, an empty rule and two rules for one platform', () => {
    const invalid = HandleRulesSchema.safeParse([{ platform: 'x', kind: 'pattern', value: 'livuni(' }]);
    expect(invalid.success).toBe(false);
    // The engine's own reason, so the person typing it can fix it.
    expect(invalid.error?.issues[0]).toMatchObject({
      path: [0, 'value'],
      message: 'Not a valid regular expression: Unterminated group',
    });
    expect(HandleRulesSchema.safeParse([{ platform: 'x', kind: 'prefix', value: ' ' }]).success).toBe(false);
    const twice = HandleRulesSchema.safeParse([
      { platform: 'x', kind: 'prefix', value: 'a' },
      { platform: 'x', kind: 'prefix', value: 'b' },
    ]);
    expect(twice.error?.issues[0]?.message).toBe('Two rules for the same platform');
  });
});

describe('the report as the Compliance page receives it', () => {
  it('keeps every account’s findings in order while sending each distinct finding once', () => {
    const reused = (first: string) => accountFindings({ ...clean, reusedWith: { first, others: 1 } }, policy);
    const accounts = [
      { id: 3, findings: accountFindings({ ...clean, hasPurpose: false, hasHours: false }, policy) },
      { id: 5, findings: accountFindings(clean, policy) },
      { id: 8, findings: [...accountFindings({ ...clean, hasPurpose: false }, policy), ...reused('@a')] },
      { id: 9, findings: reused('@b') },
    ];
    const report = { generatedAt: 1, counts: ruleCounts(accounts as never), findings: 6, accounts } as never;
    const matrix = ComplianceMatrixSchema.parse(toMatrix(report));
    // "No purpose recorded" twice, "No monitored hours" once, two different reuse messages.
    expect(matrix.distinct.map((f) => f.kind)).toEqual([
      'no_purpose',
      'no_hours',
      'reused_password',
      'reused_password',
    ]);
    const back = matrixFindings(matrix);
    expect([...back.keys()]).toEqual([3, 5, 8, 9]);
    for (const { id, findings } of accounts) expect(back.get(id)).toEqual(findings);
  });

  it('refuses an index that points outside the distinct findings', () => {
    expect(() =>
      matrixFindings({ generatedAt: 1, counts: {} as never, findings: 1, distinct: [], accounts: [[1, [0]]] }),
    ).toThrow(/not in the report/);
  });
});
