/**
 * Every IPC answer is a result envelope: handlers never throw across the
 * boundary, and the renderer must look at `ok` before it can touch a value.
 */

export const ERROR_CODES = [
  'invalid_input', // payload or argument failed validation
  'unknown_channel',
  'forbidden', // sender is not our renderer
  'locked', // the operation needs an unlocked vault
  'no_vault', // no vault file at the given path
  'exists', // refusing to overwrite an existing file or record
  'not_found',
  'conflict', // a uniqueness or state rule was violated
  'needs_confirmation', // allowed only when asked again with the user's confirmation or reason (the message says which)
  'wrong_passphrase',
  'backoff', // too many failed unlocks: wait
  'kdf_too_weak', // stored KDF parameters below the floor (downgrade attack)
  'tampered', // authentication failed on data that should verify
  'not_a_vault',
  'newer_version',
  'corrupt',
  'unsupported', // the current environment cannot do this (e.g. no file dialog)
  'io', // a file could not be read or written
  'expired', // a one-time credential outside its window (too late)
  'not_yet_valid', // a one-time credential before its window opens
  'already_used', // a one-time credential already redeemed on this machine
  'wrong_code', // the code does not open the credential
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  /** One line, safe to show to the user, never containing a secret. */
  message: string;
  /** Seconds to wait, for `backoff`. */
  retryAfterSeconds?: number;
  /**
   * Field-level problems, for `invalid_input`: each with the dotted path of the
   * field in the input (`fields.url`, `officers.0.name`; empty for the input as
   * a whole) and a message naming no value. Refusals from the IPC dispatcher's
   * validation and from services' `parseInput` both carry them.
   */
  issues?: { path: string; message: string }[];
}

/**
 * The first message for each field path of a refusal (`{ 'fields.url': 'URL must
 * start with http:// or https://' }`), for forms that show problems beside
 * their fields. Empty for refusals without field issues.
 */
export function fieldErrors(error: ErrorBody): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of error.issues ?? []) byPath[issue.path] ??= issue.message;
  return byPath;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorBody): Result<never> => ({ ok: false, error });
