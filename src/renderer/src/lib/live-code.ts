import { useEffect, useEffectEvent, useState } from 'react';
import { errorMessage } from './api';
import { useNow } from './hooks';

export interface CodeAnswer {
  code: string;
  /** Whole seconds the code stays current, as main saw it. */
  remaining: number;
  period: number;
}

export interface LiveCode {
  /** Null until main first answers. */
  code: string | null;
  period: number;
  /** Milliseconds until the shown code rolls over. */
  remainingMs: number;
  seconds: number;
  /** The last five seconds: time to wait for the next code rather than type this one. */
  urgent: boolean;
  error: string | null;
}

/**
 * A one-time code kept current: asked for once (`refresh: false`, the audited
 * view), then with `refresh: true` each time the period rolls over; the
 * countdown in between is local. `key` names what is shown: a new key starts over.
 */
export function useLiveCode(ask: (refresh: boolean) => Promise<CodeAnswer>, key: string): LiveCode {
  const [current, setCurrent] = useState<{ code: string; period: number; expiresAt: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(250);
  const askMain = useEffectEvent(ask);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    let last: string | null = null;
    const fetchCode = (refresh: boolean) => {
      askMain(refresh)
        .then((answer) => {
          if (!live) return;
          // Asked a hair early (the two clocks differ by a fraction of a second): same code, ask again shortly.
          const same = refresh && answer.code === last;
          last = answer.code;
          // `remaining` is in whole seconds, so the true figure is up to a second less: aim for the middle.
          const wait = same ? 300 : Math.max(500, answer.remaining * 1000 - 500);
          setCurrent({ code: answer.code, period: answer.period, expiresAt: Date.now() + wait });
          setError(null);
          timer = window.setTimeout(() => fetchCode(true), wait);
        })
        .catch((e: unknown) => {
          if (live) setError(errorMessage(e));
        });
    };
    fetchCode(false);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key]);

  const remainingMs = current ? Math.max(0, current.expiresAt - now) : 0;
  const seconds = Math.ceil(remainingMs / 1000);
  return {
    code: current?.code ?? null,
    period: current?.period ?? 30,
    remainingMs,
    seconds,
    urgent: seconds <= 5,
    error,
  };
}
