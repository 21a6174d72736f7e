/**
 * The rules a new password must meet before the vault records it for an
 * account. Refused outright: the account's current password, any takeover's
 * temporary password on the account, any of its last 12 passwords (except
 * setting back the password from before a takeover, with a reason). Allowed
 * only when the user accepts it after a first refusal: a password another
 * account uses (confirmed), one below the policy's strength floor (with a
 * reason, kept and audited).
 *
 * Comparisons use keyed hashes (BLAKE2b under a vault subkey, bound to the
 * account) stored beside the sealed passwords, so nothing is decrypted to
 * compare, and the file reveals nothing without the vault key. Vaults from
 * before the hashes get them at unlock (`backfillPasswordHashes`).
 */
import type { PasswordAcceptance } from '../../../shared/domain/rotation';
import { PasswordAcceptanceSchema } from '../../../shared/domain/rotation';
import { estimateStrength, STRENGTH_LABELS } from '../../../shared/password/strength';
import type { FieldRef } from '../crypto/field-cipher';
import { PASSWORD_HASH_BYTES, type VaultKeys } from '../crypto/vault-keys';
import type { VaultStore } from '../db/vault-store';
import { CustodianError, parseInput } from '../errors';
import type { VaultSession } from './vault-session';

/** How many earlier passwords of an account may not come back. */
export const HISTORY_DEPTH = 12;

export const historyRef = (row: number): FieldRef => ({ table: 'password_history', row, column: 'password' });
export const draftRef = (row: number, column: 'password' | 'totp' | 'recovery_codes' | 'acceptance'): FieldRef => ({
  table: 'rotation_drafts',
  row,
  column,
});
const currentRef = (row: number): FieldRef => ({ table: 'account_secrets', row, column: 'password' });

/** What a new password was accepted with: kept with the rotation, sealed, and flagged in the audit event. */
export interface AcceptedPassword {
  hash: Uint8Array;
  /** zxcvbn score, 0 to 4. */
  strength: number;
  /** Why a password below the floor was accepted; null when it met the floor. */
  weakReason: string | null;
  /** Why the password from before a takeover was set back; null otherwise. */
  restoreReason: string | null;
  /** Other accounts that have the same password (the user confirmed). */
  reusedBy: number[];
}

export interface PasswordContext {
  /** The policy's floor (zxcvbn score). */
  minStrength: number;
  /** "@handle (Platform)" for messages. */
  label: (accountId: number) => string;
  /** Words the estimator should treat as guessable (handle, display name). */
  userInputs?: string[];
}

/**
 * Is this new password acceptable for the account? Returns what it was
 * accepted with, or throws: `conflict` for a refusal that no confirmation
 * lifts, `needs_confirmation` (its issue path names the acceptance field to
 * send) for one the user may accept. Call inside the write transaction that
 * records the password, or before showing a password to set on a platform.
 * Messages name the rule, never the password.
 */
export function checkNewPassword(
  session: VaultSession,
  accountId: number,
  password: string,
  acceptance: PasswordAcceptance | undefined,
  context: PasswordContext,
): AcceptedPassword {
  const accepted = parseInput(PasswordAcceptanceSchema, acceptance ?? {});
  const { store, keys } = session;
  const { hash, match } = earlierMatch(session, accountId, password);

  if (match?.kind === 'current') {
    throw new CustodianError(
      'conflict',
      'Refused: that is the account’s current password; a rotation must change it (nothing recorded)',
    );
  }
  if (match?.kind === 'temporary') {
    throw new CustodianError(
      'conflict',
      'Refused: that is the temporary password of a takeover of this account; choose a new password (nothing recorded)',
    );
  }
  let restoreReason: string | null = null;
  if (match?.kind === 'history') {
    if (match.historyId !== beforeOpenTakeover(store, accountId)) {
      throw new CustodianError(
        'conflict',
        `Refused: the account had that password before (one of its last ${HISTORY_DEPTH}); choose a new one (nothing recorded)`,
      );
    }
    if (!accepted.restoreReason) {
      throw confirmation(
        'restoreReason',
        'That is the password from before the takeover, which the guest may have seen changed: choose a new one, or give a reason to set it back',
      );
    }
    restoreReason = accepted.restoreReason;
  }

  const strength = estimateStrength(password, context.userInputs ?? []).score;
  let weakReason: string | null = null;
  if (strength < context.minStrength) {
    if (!accepted.weakReason) {
      throw confirmation(
        'weakReason',
        `The password is too weak (${STRENGTH_LABELS[strength]}, ${strength} of 4; the policy’s minimum is ${context.minStrength}): choose a stronger one, or give a reason to accept it`,
      );
    }
    weakReason = accepted.weakReason;
  }

  const reusedBy = store.secrets
    .otherPasswordHashes(accountId)
    .filter((other) => keys.sameHash(other.hash, keys.passwordHash(other.accountId, password)))
    .map((other) => other.accountId);
  if (reusedBy.length > 0 && !accepted.confirmReuse) {
    const more = reusedBy.length > 1 ? ` and ${reusedBy.length - 1} more` : '';
    throw confirmation(
      'confirmReuse',
      `Warning: ${context.label(reusedBy[0]!)}${more} already uses this password: confirm the reuse, or choose another`,
    );
  }
  return { hash, strength, weakReason, restoreReason, reusedBy };
}

/**
 * Why a password may not replace an account's from outside a rotation (an
 * import's "update secrets"): it is the temporary password of one of its
 * takeovers, or one of its last HISTORY_DEPTH passwords. Null when it may.
 * Its current password is not refused here: writing it again changes nothing.
 * Nothing here accepts a reason: a restore after a takeover is a rotation.
 */
export function earlierPasswordRefusal(session: VaultSession, accountId: number, password: string): string | null {
  const { match } = earlierMatch(session, accountId, password);
  if (match?.kind === 'temporary') {
    return 'That is the temporary password of a takeover of this account: a rotation must set a new one';
  }
  if (match?.kind === 'history') {
    return `The account had that password before (one of its last ${HISTORY_DEPTH}): a password may not come back`;
  }
  return null;
}

type EarlierPassword = { kind: 'current' } | { kind: 'temporary' } | { kind: 'history'; historyId: number };

/**
 * The password's keyed hash for the account, and which of the account's
 * passwords it already is, checked in this order: its current one, a
 * takeover's temporary one, one of its last HISTORY_DEPTH.
 */
function earlierMatch(
  session: VaultSession,
  accountId: number,
  password: string,
): { hash: Uint8Array; match: EarlierPassword | null } {
  const { store, keys } = session;
  const hash = keys.passwordHash(accountId, password);
  const same = (stored: unknown) => stored !== null && keys.sameHash(storedHash(stored), hash);
  if (same(store.secrets.passwordHash(accountId))) return { hash, match: { kind: 'current' } };
  if (store.takeovers.temporaryHashes(accountId).some((t) => same(t.hash)))
    return { hash, match: { kind: 'temporary' } };
  const earlier = store.rotations.recentHashes(accountId, HISTORY_DEPTH).find((h) => same(h.hash));
  return { hash, match: earlier ? { kind: 'history', historyId: earlier.id } : null };
}

/** A keyed hash as read from the file: 32 bytes, or a refusal (never a comparison with something else). */
function storedHash(value: unknown): Uint8Array {
  if (value instanceof Uint8Array && value.length === PASSWORD_HASH_BYTES) return value;
  throw new CustodianError('tampered', 'A stored password hash is not one Custodian writes');
}

/** The history entry holding the password from before the account's open takeover, if one is open and set. */
function beforeOpenTakeover(store: VaultStore, accountId: number): number | null {
  const takeover = store.takeovers.openForAccount(accountId);
  if (!takeover || takeover.temporarySetAt === null || takeover.draftId === null) return null;
  const rotationId = store.rotations.draft(takeover.draftId)?.rotationId ?? null;
  return rotationId === null ? null : (store.rotations.replacedBy(rotationId)?.id ?? null);
}

function confirmation(field: keyof PasswordAcceptance, message: string): CustodianError {
  return new CustodianError('needs_confirmation', message, { issues: [{ path: `acceptance.${field}`, message }] });
}

/**
 * Fills in the keyed hashes a vault from before them lacks (current
 * passwords, history, takeovers' temporary passwords), inside the caller's
 * transaction. Needs the vault key, so it runs at unlock, after migrations;
 * a vault that has them all costs three indexed queries.
 */
export function backfillPasswordHashes(store: VaultStore, keys: VaultKeys): number {
  const fields = keys.fields;
  let filled = 0;
  for (const row of store.secrets.missingPasswordHashes()) {
    const password = fields.openText(currentRef(row.accountId), row.password);
    store.secrets.setPasswordHash(row.accountId, keys.passwordHash(row.accountId, password));
    filled++;
  }
  for (const row of store.rotations.missingHistoryHashes()) {
    const password = fields.openText(historyRef(row.id), row.password);
    store.rotations.setHistoryHash(row.id, keys.passwordHash(row.accountId, password));
    filled++;
  }
  for (const row of store.takeovers.missingTemporaryHashes()) {
    const draft = store.rotations.draft(row.draftId);
    if (!draft) continue;
    const password = fields.openText(draftRef(draft.id, 'password'), draft.password);
    store.takeovers.setTemporaryHash(row.id, keys.passwordHash(row.accountId, password));
    filled++;
  }
  return filled;
}
