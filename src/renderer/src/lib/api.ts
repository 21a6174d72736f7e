/**
 * The renderer's one door to main. `api` mirrors `window.custodian` (one
 * function per contract channel) but every function goes through `call`,
 * which looks at the envelope: a value comes back, anything else becomes an
 * ApiError carrying the one-line message main wrote for people. A `locked`
 * answer, from whatever call, also tells the app to show the unlock screen.
 * Nothing else in the renderer touches `window.custodian`.
 */
import type { CustodianApi } from '../../../shared/contract/api';
import type { ErrorBody, ErrorCode, Result } from '../../../shared/contract/envelope';
import { localiseIsoDates } from './format';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;
  readonly issues: { path: string; message: string }[];

  /** Main writes dates as YYYY-MM-DD (the CLI shares its messages); a person reads them in the app's style. */
  constructor(body: ErrorBody) {
    super(localiseIsoDates(body.message));
    this.code = body.code;
    this.retryAfterSeconds = body.retryAfterSeconds;
    this.issues = (body.issues ?? []).map((issue) => ({ ...issue, message: localiseIsoDates(issue.message) }));
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

type Unwrapped<F> = F extends (...args: infer A) => Promise<Result<infer T>> ? (...args: A) => Promise<T> : never;

/** `window.custodian` with every answer unwrapped: `await api.accounts.list()` is the list, or throws ApiError. */
export type Api = {
  [N in Exclude<keyof CustodianApi, 'on'>]: { [M in keyof CustodianApi[N]]: Unwrapped<CustodianApi[N][M]> };
} & Pick<CustodianApi, 'on'>;

const namespaces = new Map<string, Record<string, unknown>>();

/**
 * Built lazily, one namespace at a time, over whatever `window.custodian` the
 * preload (or the test bridge's shim) installed.
 */
export const api = new Proxy({} as Api, {
  get(_, ns: string) {
    const raw = window.custodian as unknown as Record<string, unknown>;
    if (ns === 'on') return raw.on;
    let wrapped = namespaces.get(ns);
    if (!wrapped) {
      const methods = raw[ns] as Record<string, (input?: unknown) => Promise<Result<unknown>>> | undefined;
      if (!methods) return undefined;
      wrapped = Object.fromEntries(
        Object.entries(methods).map(([name, fn]) => [name, (input?: unknown) => call(fn(input))]),
      );
      namespaces.set(ns, wrapped);
    }
    return wrapped;
  },
});
