/**
 * The organisation's policy as the vault applies it: the rules compliance is
 * checked against (docs/compliance.md). Some of it lives in the vault's
 * settings beside the preferences (handle rules, holders, two-factor, the
 * password floor, the longest takeover), the rotation period in its own
 * setting; together they are the policy a press team can publish.
 */
import { z } from 'zod';
import { RotationPolicySchema, type RotationPolicy } from '../rotation';
import { PLATFORMS, PLATFORM_INFO, type Platform } from './platforms';

/** Longest prefix or pattern accepted: a handle is at most a few dozen characters. */
export const MAX_HANDLE_RULE = 200;

/** Compiles a handle pattern as a whole-handle match; null when it is not a valid regular expression. */
export function compileHandlePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'iu');
  } catch {
    return null;
  }
}

/** Why a handle pattern is refused ("Not a valid regular expression: Unterminated group"), or null. */
export function handlePatternProblem(pattern: string): string | null {
  try {
    new RegExp(`^(?:${pattern})$`, 'iu');
    return null;
  } catch (error) {
    // "Invalid regular expression: /^(?:uni()$/iu: Unterminated group": the engine's reason is the last part.
    const reason = error instanceof Error ? error.message.split(': ').pop() : undefined;
    return reason ? `Not a valid regular expression: ${reason}` : 'Not a valid regular expression';
  }
}

export const HandleRuleSchema = z
  .strictObject({
    /** The platform the rule applies to, or "all" for every platform without its own rule. */
    platform: z.union([z.enum(PLATFORMS), z.literal('all')]),
    /** "prefix": the handle starts with the value (case ignored); "pattern": the whole handle matches the regular expression. */
    kind: z.enum(['prefix', 'pattern']),
    value: z.string().trim().min(1, 'The rule is empty').max(MAX_HANDLE_RULE, `At most ${MAX_HANDLE_RULE} characters`),
  })
  .superRefine((rule, ctx) => {
    const problem = rule.kind === 'pattern' ? handlePatternProblem(rule.value) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export type HandleRule = z.infer<typeof HandleRuleSchema>;

export const HandleRulesSchema = z
  .array(HandleRuleSchema)
  .max(PLATFORMS.length + 1)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.platform)) {
        ctx.addIssue({ code: 'custom', path: [i, 'platform'], message: 'Two rules for the same platform' });
      }
      seen.add(rule.platform);
    });
  });

/** The rule that applies to a platform: its own, else the "all" rule, else none. */
export function handleRuleFor(rules: readonly HandleRule[], platform: Platform): HandleRule | null {
  return rules.find((r) => r.platform === platform) ?? rules.find((r) => r.platform === 'all') ?? null;
}

/** Why a handle breaks the rule, or null when it keeps it (or there is no rule). */
export function handleRuleProblem(rules: readonly HandleRule[], platform: Platform, handle: string): string | null {
  const rule = handleRuleFor(rules, platform);
  if (!rule) return null;
  const where = rule.platform === 'all' ? '' : ` on ${PLATFORM_INFO[platform].label}`;
  if (rule.kind === 'prefix') {
    return handle.toLowerCase().startsWith(rule.value.toLowerCase())
      ? null
      : `The handle does not begin with “${rule.value}”, as the naming rule${where} asks`;
  }
  const pattern = compileHandlePattern(rule.value);
  return pattern === null || pattern.test(handle)
    ? null
    : `The handle does not match the naming pattern${where} (${rule.value})`;
}

/** The policy's own settings, stored beside the preferences (see SettingsSchema). */
export const PolicySettingsShape = {
  /** Handle naming rules (R10): a prefix or a pattern per platform. */
  handleRules: HandleRulesSchema,
  /** R2: how many people must know each login. */
  minHolders: z.number().int().min(1).max(10),
  /** R2: whether those people must belong to the account's department. */
  holdersSameDepartment: z.boolean(),
  /** R8: whether every account must have two-factor authentication. */
  twoFactorRequired: z.boolean(),
  /** The policy's password floor: the lowest zxcvbn score (0-4) accepted without an override reason. */
  minPasswordStrength: z.number().int().min(0).max(4),
};

export const DEFAULT_POLICY_SETTINGS = {
  handleRules: [] as HandleRule[],
  minHolders: 2,
  holdersSameDepartment: false,
  twoFactorRequired: true,
  minPasswordStrength: 3,
};

/** Everything compliance is checked against, in one object: what a policy file carries. */
export const OrganisationPolicySchema = z.strictObject({
  ...PolicySettingsShape,
  /** The longest a takeover may last, in days. */
  takeoverMaxDays: z.number().int().min(1).max(90),
  /** How often every password changes in any case. */
  rotation: RotationPolicySchema,
});
export type OrganisationPolicy = z.infer<typeof OrganisationPolicySchema>;

export function isRotationPolicy(value: unknown): value is RotationPolicy {
  return RotationPolicySchema.safeParse(value).success;
}

/** A published policy file is a few numbers and at most a rule per platform: 64 KiB is generous. */
export const MAX_POLICY_FILE_CHARS = 64 * 1024;

/** What applying a press team's published policy did. */
export const PolicyImportResultSchema = z.strictObject({
  policy: OrganisationPolicySchema,
  team: z.string(),
  cardFingerprint: z.string(),
  publishedAt: z.number(),
  policyId: z.string(),
  /** The members of the policy whose value changed (empty when the vault already applied it). */
  changed: z.array(z.string()),
});
export type PolicyImportResult = z.infer<typeof PolicyImportResultSchema>;
