import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/clock';
import { reminderText, RotationReminders } from '../../../src/main/core/services/reminders';
import type { DueCounts } from '../../../src/main/core/services/rotation-schedule';

function setup(initial: DueCounts | null) {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 8, 0));
  const state = { counts: initial, notes: [] as string[], badge: -1 };
  const reminders = new RotationReminders({
    clock,
    zone: () => 'Europe/London',
    counts: () => state.counts,
    notify: (title, body) => state.notes.push(`${title}: ${body}`),
    setBadge: (n) => (state.badge = n),
  });
  return { clock, state, reminders };
}

describe('rotation reminders', () => {
  it('notifies once a local day while something is overdue or due this week, and keeps the badge current', () => {
    const { clock, state, reminders } = setup({ overdue: 2, today: 1, week: 1, quarter: 5 });
    expect(reminders.check()).toBe(true);
    expect(state.notes).toEqual([
      'Passwords to rotate: 2 accounts overdue, 1 due today, 1 due this week. Open Custodian to see the rotation queue.',
    ]);
    expect(state.badge).toBe(4);
    clock.advance(3 * 3600_000);
    expect(reminders.check()).toBe(false);
    state.counts = { overdue: 1, today: 0, week: 0, quarter: 0 };
    clock.set(Date.UTC(2026, 10, 22, 23, 59)); // still 22 November in London
    expect(reminders.check()).toBe(false);
    expect(state.badge).toBe(1);
    clock.set(Date.UTC(2026, 10, 23, 0, 1)); // the next day
    expect(reminders.check()).toBe(true);
    expect(state.notes[1]).toMatch(/^Passwords to rotate: 1 account overdue\./);
  });

  it('stays quiet when nothing is due soon, when there is no vault, and when counting fails', () => {
    const quiet = setup({ overdue: 0, today: 0, week: 0, quarter: 4 });
    expect(quiet.reminders.check()).toBe(false);
    expect(quiet.state.badge).toBe(0);
    const none = setup(null);
    expect(none.reminders.check()).toBe(false);
    const broken = new RotationReminders({
      clock: new ManualClock(),
      zone: () => 'UTC',
      counts: () => {
        throw new Error('unreadable');
      },
      notify: () => {
        throw new Error('must not notify');
      },
      setBadge: () => undefined,
    });
    expect(broken.check()).toBe(false);
    expect(reminderText({ overdue: 0, today: 0, week: 0, quarter: 9 })).toBeNull();
  });
});
