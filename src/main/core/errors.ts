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

/** zod's issues as a refusal: field path and message, never the value (which may be a secret). */
export function invalidInputError(error: z.ZodError): CustodianError {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'Invalid input';
  return new CustodianError('invalid_input', message, { issues });
}

/**
 * Validates a service's input (the CLI passes arguments as typed; IPC has
 * checked them already) and refuses it as invalid input.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInputError(parsed.error);
}
