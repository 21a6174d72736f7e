/**
 * The organisation's policy on the command line: `policy show`, `policy set`
 * (the parts given; the rest is kept), `policy export` (a press team's policy,
 * signed with its press card's key) and `policy import` (a manager applies
 * it, only when signed by a pinned press card). Every change goes through the
 * `policy.set` / `policy.import` channel schemas, like the app's.
 */
import { MAX_POLICY_FILE_CHARS, type HandleRule, type OrganisationPolicy } from '../../../shared/domain/policy';
import { PLATFORM_INFO } from '../../../shared/domain/platforms';
import { policyLabel } from '../../../shared/rotation';
import { STRENGTH_LABELS } from '../../../shared/password/strength-labels';
import { integerOption, requiredOption, stringOption, type Command, type OptionValues } from '../command';
import { channelInput } from '../channel-input';
import { readInput, saveNewFile } from '../io';
import { UsageError } from '../usage-error';

function describe(policy: OrganisationPolicy): string {
  const rules = policy.handleRules.length
    ? policy.handleRules.map(
        (r) =>
          `  ${r.platform === 'all' ? 'every platform' : PLATFORM_INFO[r.platform].label}: ${r.kind === 'prefix' ? `begins with “${r.value}”` : `matches ${r.value}`}`,
      )
    : ['  none'];
  return [
    'Handle rules:',
    ...rules,
    `Minimum holders: ${policy.minHolders}${policy.holdersSameDepartment ? ', from the account’s department' : ''}`,
    `Two-factor: ${policy.twoFactorRequired ? 'required' : 'optional'}`,
    `Minimum password strength: ${policy.minPasswordStrength} (${STRENGTH_LABELS[policy.minPasswordStrength]})`,
    `Longest takeover: ${policy.takeoverMaxDays} day(s)`,
    `Rotation: ${policyLabel(policy.rotation)}`,
  ].join('\n');
}

/** PLATFORM:prefix:VALUE or PLATFORM:pattern:VALUE (the value may itself hold colons). */
function handleRule(text: string): HandleRule {
  const match = /^([a-z_]+):(prefix|pattern):(.*)$/s.exec(text);
  if (!match) {
    throw new UsageError(
      `--handle-rule is PLATFORM:prefix:VALUE or PLATFORM:pattern:VALUE (PLATFORM is "all" or one of ${Object.keys(PLATFORM_INFO).join(', ')})`,
    );
  }
  return { platform: match[1] as HandleRule['platform'], kind: match[2] as HandleRule['kind'], value: match[3]! };
}

function yesNo(values: OptionValues, name: string, yes: string, no: string): boolean | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (value === yes) return true;
  if (value === no) return false;
  throw new UsageError(`--${name} is ${yes} or ${no}`);
}

export const policyShowCommand: Command = {
  name: 'policy show',
  summary: 'Print the organisation policy compliance is checked against',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const policy = core.policy.get();
    return { json: policy, text: describe(policy) };
  },
};

export const policySetCommand: Command = {
  name: 'policy set',
  summary: 'Change parts of the organisation policy (the rest is kept); refused whole when any part is invalid',
  usage:
    '[--handle-rule PLATFORM:prefix|pattern:VALUE]... [--clear-handle-rules] [--min-holders N] [--same-department yes|no] [--two-factor required|optional] [--min-strength 0-4] [--takeover-max-days N] [--rotation-days N | --rotation-months N]',
  options: {
    'handle-rule': { type: 'string', multiple: true },
    'clear-handle-rules': { type: 'boolean' },
    'min-holders': { type: 'string' },
    'same-department': { type: 'string' },
    'two-factor': { type: 'string' },
    'min-strength': { type: 'string' },
    'takeover-max-days': { type: 'string' },
    'rotation-days': { type: 'string' },
    'rotation-months': { type: 'string' },
  },
  async run(ctx, values) {
    const rules = (values['handle-rule'] as string[] | undefined)?.map(handleRule);
    if (rules && values['clear-handle-rules'])
      throw new UsageError('Give --handle-rule or --clear-handle-rules, not both');
    const days = integerOption(values, 'rotation-days');
    const months = integerOption(values, 'rotation-months');
    if (days !== undefined && months !== undefined)
      throw new UsageError('Give --rotation-days or --rotation-months, not both');
    const patch: Partial<OrganisationPolicy> = {
      ...(rules ? { handleRules: rules } : values['clear-handle-rules'] ? { handleRules: [] } : {}),
      ...optional('minHolders', integerOption(values, 'min-holders')),
      ...optional('holdersSameDepartment', yesNo(values, 'same-department', 'yes', 'no')),
      ...optional('twoFactorRequired', yesNo(values, 'two-factor', 'required', 'optional')),
      ...optional('minPasswordStrength', integerOption(values, 'min-strength')),
      ...optional('takeoverMaxDays', integerOption(values, 'takeover-max-days')),
      ...(days !== undefined
        ? { rotation: { unit: 'days' as const, count: days } }
        : months !== undefined
          ? { rotation: { unit: 'months' as const, count: months } }
          : {}),
    };
    if (Object.keys(patch).length === 0) throw new UsageError('Nothing to change: see custodian help policy set');
    const core = await ctx.unlocked();
    const { policy } = channelInput('policy.set', { policy: { ...core.policy.get(), ...patch } });
    const saved = core.policy.set(policy);
    return { json: saved, text: `Policy saved\n${describe(saved)}` };
  },
};

export const policyExportCommand: Command = {
  name: 'policy export',
  summary: 'Press team: write this vault’s policy signed with its press card’s key, for managers to import',
  usage: '--out FILE',
  options: { out: { type: 'string' } },
  async run(ctx, values) {
    const out = requiredOption(values, 'out');
    const core = await ctx.unlocked();
    const published = await saveNewFile(
      out,
      (sink) => core.policy.publish(sink),
      () => core.audit.recordExportFailure('policy file'),
    );
    return {
      json: { path: out, ...published },
      text: `Wrote the policy of ${published.team} to ${out}, signed with the key of card ${published.cardFingerprint}`,
    };
  },
};

export const policyImportCommand: Command = {
  name: 'policy import',
  summary: 'Apply the press team’s published policy: only when signed by a press card this vault imported',
  usage: 'FILE',
  positionals: { min: 1, max: 1 },
  async run(ctx, _values, [file]) {
    const content = readInput(file!, MAX_POLICY_FILE_CHARS, 'a policy file');
    const core = await ctx.unlocked();
    const result = core.policy.importFile(channelInput('policy.import', { content }).content);
    const what = result.changed.length ? `changed: ${result.changed.join(', ')}` : 'nothing changed';
    return {
      json: result,
      text: `Applied the policy ${result.team} published on ${new Date(result.publishedAt).toISOString().slice(0, 10)} (${what})\n${describe(result.policy)}`,
    };
  },
};

function optional<K extends keyof OrganisationPolicy>(key: K, value: OrganisationPolicy[K] | undefined) {
  return value === undefined ? {} : ({ [key]: value } as Pick<OrganisationPolicy, K>);
}

export const POLICY_COMMANDS: readonly Command[] = [
  policyShowCommand,
  policySetCommand,
  policyExportCommand,
  policyImportCommand,
];
