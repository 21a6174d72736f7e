/**
 * Auto-lock on inactivity. The renderer reports activity (throttled); the
 * shell calls `check` on an interval. Time comes from the injected clock, so
 * tests and the e2e bridge can jump ahead instead of waiting five minutes.
 */
import type { Clock } from '../clock';

export class IdleLock {
  private lastActivity: number;
  private interval: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: Clock,
    /** Current timeout in minutes, or null when there is nothing to lock. */
    private readonly timeoutMinutes: () => number | null,
    private readonly onIdle: () => void,
  ) {
    this.lastActivity = clock.now();
  }

  touch(): void {
    this.lastActivity = this.clock.now();
  }

  check(): boolean {
    const minutes = this.timeoutMinutes();
    if (minutes === null) return false;
    if (this.clock.now() - this.lastActivity < minutes * 60_000) return false;
    this.onIdle();
    return true;
  }

  start(everyMs = 5000): void {
    this.stop();
    this.interval = setInterval(() => this.check(), everyMs);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }
}
