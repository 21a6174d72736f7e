/**
 * Which accounts must rotate, when and why, computed from plaintext columns
 * only (rotation clocks, open obligations, the policy), so that reminders can
 * count what is due while the vault is still locked. Labels and reason texts
 * are added by the rotation service when unlocked.
 */
import type { ObligationKind } from '../../../shared/domain/access';
import {
  DEFAULT_ROTATION_POLICY,
  RotationPolicySchema,
  dueBucket,
  scheduledDue,
  type DueBucket,
  type RotationPolicy,
} from '../../../shared/rotation';
import type { VaultStore } from '../db/vault-store';

export const POLICY_SETTING = 'rotationPolicy';

export interface DueReason {
  kind: ObligationKind | 'scheduled';
  dueAt: number;
  obligationId: number | null;
}

export interface DueAccount {
  accountId: number;
  lastRotatedAt: number;
  dueAt: number;
  bucket: DueBucket;
  reasons: DueReason[];
}

export interface DueCounts {
  /** Past their due date. */
  overdue: number;
  /** Due today: not late yet. */
  today: number;
  week: number;
  quarter: number;
}

export function storedPolicy(store: VaultStore): RotationPolicy {
  const parsed = RotationPolicySchema.safeParse(store.settings.all()[POLICY_SETTING]);
  return parsed.success ? parsed.data : DEFAULT_ROTATION_POLICY;
}

/**
 * Every active account with an open obligation, or with a stored password
 * whose scheduled rotation falls due, with its reasons, soonest first.
 */
export function dueAccounts(store: VaultStore, now: number, zone: string): DueAccount[] {
  const policy = storedPolicy(store);
  const obligations = new Map<number, DueReason[]>();
  for (const o of store.obligations.open()) {
    const list = obligations.get(o.accountId) ?? [];
    list.push({ kind: o.reasonKind, dueAt: o.dueAt, obligationId: o.id });
    obligations.set(o.accountId, list);
  }
  const out: DueAccount[] = [];
  for (const state of store.rotations.states()) {
    if (state.status !== 'active') continue;
    const reasons = [...(obligations.get(state.accountId) ?? [])];
    const lastRotatedAt = state.passwordChangedAt ?? state.createdAt;
    if (state.passwordChangedAt !== null) {
      const effective: RotationPolicy = state.rotationDays ? { unit: 'days', count: state.rotationDays } : policy;
      reasons.push({ kind: 'scheduled', dueAt: scheduledDue(lastRotatedAt, effective, zone), obligationId: null });
    }
    if (reasons.length === 0) continue;
    reasons.sort((a, b) => a.dueAt - b.dueAt);
    const dueAt = reasons[0]!.dueAt;
    out.push({ accountId: state.accountId, lastRotatedAt, dueAt, bucket: dueBucket(dueAt, now, zone), reasons });
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || a.accountId - b.accountId);
}

export function countDue(accounts: readonly DueAccount[]): DueCounts {
  const counts: DueCounts = { overdue: 0, today: 0, week: 0, quarter: 0 };
  for (const account of accounts) if (account.bucket !== 'later') counts[account.bucket] += 1;
  return counts;
}
