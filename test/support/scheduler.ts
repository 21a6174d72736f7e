/** A Scheduler driven by hand: timers fire only when a test advances time. */
import type { Scheduler } from '../../src/main/core/services/clipboard-guard';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class FakeScheduler implements Scheduler {
  now = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.now + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order, and lets their async work finish. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = next.due;
      next.fn();
      await settle();
    }
    this.now = target;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
