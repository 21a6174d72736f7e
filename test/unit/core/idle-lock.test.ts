import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/clock';
import { IdleLock } from '../../../src/main/core/services/idle-lock';

const MINUTE = 60_000;

function setup(minutes: number | null = 5) {
  const clock = new ManualClock();
  const state = { minutes, locks: 0 };
  const idle = new IdleLock(
    clock,
    () => state.minutes,
    () => (state.locks += 1),
  );
  return { clock, state, idle };
}

describe('IdleLock', () => {
  it('fires once the configured minutes pass without activity', () => {
    const { clock, state, idle } = setup(5);
    clock.advance(5 * MINUTE - 1);
    expect(idle.check()).toBe(false);
    expect(state.locks).toBe(0);
    clock.advance(1);
    expect(idle.check()).toBe(true);
    expect(state.locks).toBe(1);
  });

  it('activity postpones it', () => {
    const { clock, state, idle } = setup(5);
    clock.advance(4 * MINUTE);
    idle.touch();
    clock.advance(4 * MINUTE);
    expect(idle.check()).toBe(false);
    clock.advance(MINUTE);
    expect(idle.check()).toBe(true);
    expect(state.locks).toBe(1);
  });

  it('reads the timeout on every check, so a settings change takes effect at once', () => {
    const { clock, state, idle } = setup(5);
    clock.advance(2 * MINUTE);
    expect(idle.check()).toBe(false);
    state.minutes = 1;
    expect(idle.check()).toBe(true);
  });

  it('does nothing when there is nothing to lock', () => {
    const { clock, state, idle } = setup(null);
    clock.advance(24 * 60 * MINUTE);
    expect(idle.check()).toBe(false);
    expect(state.locks).toBe(0);
  });
});
