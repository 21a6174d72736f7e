import { useEffect, useRef, useState } from 'react';
import { api } from './api';

/** The current time, re-read every `intervalMs` while `active`. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

/** Whole seconds left until `deadline` (ms since epoch), re-rendering while it counts down; 0 when past or null. */
export function useSecondsLeft(deadline: number | null): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (deadline === null) return;
    const timer = window.setInterval(() => {
      setTick((t) => t + 1);
      if (Date.now() >= deadline) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [deadline]);
  if (deadline === null) return 0;
  // eslint-disable-next-line react-hooks/purity -- a countdown reads the clock; the ticker above re-renders it
  return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

export const ACTIVITY_THROTTLE_MS = 15_000;
const ACTIVITY_EVENTS = ['mousedown', 'mousemove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Tells main the user is here, so idle auto-lock does not fire under their
 * hands. At most one report per ACTIVITY_THROTTLE_MS, whatever the event rate.
 */
export function useActivityReporter(): void {
  const last = useRef(0);
  useEffect(() => {
    const report = () => {
      const now = Date.now();
      if (now - last.current < ACTIVITY_THROTTLE_MS) return;
      last.current = now;
      // A `locked` answer is handled by call(); nothing else here needs the user's attention.
      api.idle.touch().catch(() => undefined);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, report, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, report, { capture: true });
    };
  }, []);
}
