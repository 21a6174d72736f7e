/**
 * Rotation due dates: pure functions of instants (UTC milliseconds) and a
 * time zone. Policies are calendar rules ("every 3 months" keeps the day of
 * the month and the wall-clock time, clamping 31 January to 30 April), so they
 * are computed in the user's zone, across DST changes and leap years, with
 * date-fns and @date-fns/tz.
 */
import { TZDate } from '@date-fns/tz/date';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { endOfQuarter } from 'date-fns/endOfQuarter';
import { startOfDay } from 'date-fns/startOfDay';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { z } from 'zod';

export const RotationPolicySchema = z.discriminatedUnion('unit', [
  z.strictObject({
    unit: z.literal('months'),
    count: z.number().int().min(1, 'A period must be at least one month').max(24, 'At most 24 months'),
  }),
  z.strictObject({
    unit: z.literal('days'),
    count: z.number().int().min(1, 'A period must be at least one day').max(3650),
  }),
]);
export type RotationPolicy = z.infer<typeof RotationPolicySchema>;

/** Policy says "in any case every quarter". */
export const DEFAULT_ROTATION_POLICY: RotationPolicy = { unit: 'months', count: 3 };

export function policyLabel(policy: RotationPolicy): string {
  if (policy.unit === 'months')
    return policy.count === 3 ? 'every quarter' : `every ${policy.count} month${policy.count === 1 ? '' : 's'}`;
  return `every ${policy.count} day${policy.count === 1 ? '' : 's'}`;
}

/** When the scheduled (quarterly) rotation falls due after the last one. */
export function scheduledDue(lastRotatedAt: number, policy: RotationPolicy, zone: string): number {
  const from = new TZDate(lastRotatedAt, zone);
  return (policy.unit === 'months' ? addMonths(from, policy.count) : addDays(from, policy.count)).getTime();
}

/** More than the calendar can move a due date off "now minus the period": month-end clamping (3 days) and DST. */
const CUTOFF_SLACK_MS = 4 * 24 * 3_600_000;

/**
 * "Has the scheduled rotation after `lastRotatedAt` fallen due by `now`?"
 * for many accounts on one policy. scheduledDue costs a time-zone calendar
 * computation (~100 µs); this computes "now minus the period" once and
 * calls scheduledDue only for the few clocks within days of it (the due date
 * only grows with the last rotation), so it answers exactly as
 * `scheduledDue(last, policy, zone) <= now` would.
 */
export function isScheduledDue(policy: RotationPolicy, now: number, zone: string): (lastRotatedAt: number) => boolean {
  const current = new TZDate(now, zone);
  const cutoff = (
    policy.unit === 'months' ? subMonths(current, policy.count) : subDays(current, policy.count)
  ).getTime();
  return (last) => {
    if (last <= cutoff - CUTOFF_SLACK_MS) return true;
    if (last > cutoff + CUTOFF_SLACK_MS) return false;
    return scheduledDue(last, policy, zone) <= now;
  };
}

export const DUE_BUCKETS = ['overdue', 'today', 'week', 'quarter', 'later'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

export const DUE_BUCKET_LABELS: Record<DueBucket, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Due this week',
  quarter: 'Due this quarter',
  later: 'Later',
};

/**
 * Buckets by local calendar day, so a heading never disagrees with its rows:
 * overdue: due on a day before today (past due); today: due today (whatever
 * the hour); week: due by the end of the seventh day from today; quarter: due
 * by the end of the current calendar quarter; later: anything after.
 */
export function dueBucket(dueAt: number, now: number, zone: string): DueBucket {
  const today = new TZDate(now, zone);
  if (dueAt < startOfDay(today).getTime()) return 'overdue';
  if (dueAt < startOfDay(addDays(today, 1)).getTime()) return 'today';
  if (dueAt < startOfDay(addDays(today, 8)).getTime()) return 'week';
  if (dueAt <= endOfQuarter(today).getTime()) return 'quarter';
  return 'later';
}
