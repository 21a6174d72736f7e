import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../../shared/contract/envelope';

/**
 * The one error type services throw on purpose. Its message is shown to the
 * user as is, so it must be one line and never contain a secret.
 */
export class CustodianError extends Error {
  override name = 'CustodianError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Pick<ErrorBody, 'retryAfterSeconds' | 'issues'> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export const isCustodianError = (error: unknown): error is CustodianError => error instanceof CustodianError;

export interface ParseOptions {
  /**
   * Where this input sits in a larger one (`reason` of a break-glass request):
   * prefixed to every issue's path.
   */
  at?: string;
  /** What the input is, named in the message when an issue has no path ("account: ..."). */
  subject?: string;
  /**
   * How the one-line message names an issue's place: null leaves it out. By
   * default the dotted path (`officers.0.name`).
   */
  where?: (path: readonly PropertyKey[]) => string | null;
}

/** zod's issues as a refusal: field path and message, never the value (which may be a secret). */
export function invalidInputError(error: z.ZodError, options: ParseOptions = {}): CustodianError {
  const pathOf = (path: readonly PropertyKey[]) => [options.at, ...path.map(String)].filter(Boolean).join('.');
  const issues = error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
  const first = error.issues[0];
  if (!first) return new CustodianError('invalid_input', 'Invalid input', { issues });
  const place = options.where ? options.where(first.path) : pathOf(first.path) || options.subject || null;
  return new CustodianError('invalid_input', place ? `${place}: ${first.message}` : first.message, { issues });
}

/**
 * Validates a service's or a command's input (IPC has checked it already) and
 * refuses it as invalid input, with each issue's field path for forms to show.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, options?: ParseOptions): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInputError(parsed.error, options);
}
