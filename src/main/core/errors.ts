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
