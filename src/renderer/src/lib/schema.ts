/**
 * Forms check what they send against the same zod schema main validates it
 * with (from src/shared), so a rule is written once. Problems are keyed by
 * field, from the schema's issues before sending and from main's refusal
 * (its issues carry the same paths) after.
 */
import type { z } from 'zod';
import { ApiError } from './api';

export interface Issue {
  path: string;
  message: string;
}

/** The schema's issues for `input`, with paths as main reports them ("fields.handle"). */
export function schemaIssues(schema: z.ZodType, input: unknown): Issue[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Issues keyed by the form field they belong to: `paths` maps contract paths
 * to field names; a path maps if it equals or starts with the key (the longest
 * key wins). The first issue of a field is kept.
 */
export function issuesByField<F extends string>(
  issues: readonly Issue[],
  paths: Record<string, F>,
): Partial<Record<F, string>> {
  const keys = Object.keys(paths).sort((a, b) => b.length - a.length);
  const out: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const key = keys.find((prefix) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
    const field = key === undefined ? undefined : paths[key];
    if (field !== undefined && out[field] === undefined) out[field] = issue.message;
  }
  return out;
}

/** Field-level problems from main's `invalid_input` answer (empty for any other error). */
export function fieldErrors<F extends string>(error: unknown, paths: Record<string, F>): Partial<Record<F, string>> {
  return error instanceof ApiError ? issuesByField(error.issues, paths) : {};
}
