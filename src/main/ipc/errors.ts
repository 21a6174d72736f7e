import type { z } from 'zod';
import type { ErrorBody } from '../../shared/contract/envelope';
import { invalidInputError, isCustodianError } from '../core/errors';

/** zod issues as the envelope carries them: field path and message, never the value. */
export function invalidInput(error: z.ZodError): ErrorBody {
  return invalidInputError(error).toBody();
}

/**
 * Where an unexpected error is reported. Only the error's name and stack
 * frames: messages of errors we did not raise ourselves (a JSON parse error,
 * say) can quote the data they choked on, which may be a secret.
 */
export function describeUnexpected(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown: ${typeof error}`;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return [error.name, ...frames.slice(0, 8)].join('\n');
}

export function toErrorBody(error: unknown, report: (text: string) => void): ErrorBody {
  if (isCustodianError(error)) return error.toBody();
  report(describeUnexpected(error));
  return {
    code: 'internal',
    message: 'Something went wrong inside Custodian; nothing was changed. Details are in the log.',
  };
}
