/**
 * Rotation reminders: a desktop notification when the app starts and once a
 * day while it runs, whenever something is overdue, due today or due this week, and a
 * badge with the count. The counts come from plaintext columns, so this works
 * before the vault is unlocked and names no account.
 */
import { toIsoDate } from '../../../shared/dates';
import type { Clock } from '../clock';
import type { DueCounts } from './rotation-schedule';

export interface ReminderDeps {
  clock: Clock;
  zone: () => string;
  /** Counts for the vault the app is pointed at, or null when there is none to read. */
  counts: () => DueCounts | null;
  notify: (title: string, body: string) => void;
  setBadge: (count: number) => void;
}

export function reminderText(counts: DueCounts): { title: string; body: string } | null {
  const parts: string[] = [];
  const plural = (n: number) => (n === 1 ? 'account' : 'accounts');
  if (counts.overdue > 0) parts.push(`${counts.overdue} ${plural(counts.overdue)} overdue`);
  if (counts.today > 0) parts.push(`${counts.today} due today`);
  if (counts.week > 0) parts.push(`${counts.week} due this week`);
  if (parts.length === 0) return null;
  return {
    title: 'Passwords to rotate',
    body: `${parts.join(', ')}. Open Custodian to see the rotation queue.`,
  };
}

export class RotationReminders {
  private lastNotifiedDay: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ReminderDeps) {}

  /** Updates the badge; notifies at most once per local day. Returns whether it notified. */
  check(): boolean {
    let counts: DueCounts | null;
    try {
      counts = this.deps.counts();
    } catch {
      counts = null; // an unreadable or older vault: nothing to remind about
    }
    if (!counts) {
      this.deps.setBadge(0);
      return false;
    }
    this.deps.setBadge(counts.overdue + counts.today + counts.week);
    const text = reminderText(counts);
    const today = toIsoDate(this.deps.clock.now(), this.deps.zone());
    if (!text || this.lastNotifiedDay === today) return false;
    this.lastNotifiedDay = today;
    this.deps.notify(text.title, text.body);
    return true;
  }

  /** Checks now, then every `everyMs` (hourly by default: the notification itself is daily). */
  start(everyMs = 60 * 60 * 1000): void {
    this.stop();
    this.check();
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
