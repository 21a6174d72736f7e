/**
 * The renderer's one door to main. Every call goes through `call`, which
 * looks at the envelope: a value comes back, anything else becomes an
 * ApiError carrying the one-line message main wrote for people. A `locked`
 * answer, from whatever call, also tells the app to show the unlock screen.
 */
import type { ErrorBody, ErrorCode, Result } from '../../../shared/contract/envelope';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;
  readonly issues: { path: string; message: string }[];

  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.code;
    this.retryAfterSeconds = body.retryAfterSeconds;
    this.issues = body.issues ?? [];
  }
}

let lockedHandler: (() => void) | null = null;

/** The app registers what to do when any call finds the vault locked. */
export function onLockedError(handler: () => void): () => void {
  lockedHandler = handler;
  return () => {
    if (lockedHandler === handler) lockedHandler = null;
  };
}

const UNREACHABLE: ErrorBody = {
  code: 'internal',
  message: 'Custodian’s background process did not answer. Try again.',
};

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const { ok } = value as { ok: unknown };
  if (ok === true) return 'value' in value;
  return ok === false && typeof (value as { error?: { message?: unknown } }).error?.message === 'string';
}

/** Awaits a contract call and unwraps its envelope; throws ApiError on failure. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: unknown;
  try {
    result = await pending;
  } catch {
    throw new ApiError(UNREACHABLE);
  }
  if (!isResult(result)) throw new ApiError(UNREACHABLE);
  if (result.ok) return result.value as T;
  if (result.error.code === 'locked') lockedHandler?.();
  throw new ApiError(result.error);
}

/** The one-line message to show for an error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something unexpected happened; nothing was changed.';
}

/**
 * Field-level problems from an `invalid_input` answer, keyed by the form
 * field they belong to. `paths` maps contract paths (e.g. "fields.handle")
 * to form field names; a path maps if it equals or starts with the key.
 */
export function fieldErrors(error: unknown, paths: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const key = Object.keys(paths)
      .sort((a, b) => b.length - a.length)
      .find((prefix) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
    const field = key === undefined ? undefined : paths[key];
    if (field !== undefined && out[field] === undefined) out[field] = issue.message;
  }
  return out;
}
