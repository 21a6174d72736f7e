/**
 * One user action that asks main for something: whether it is running, and
 * what main refused. Replaces the busy/try/catch/finally every button would
 * otherwise write again.
 *
 *   const save = useAction(async (input: Input) => { ...; await api.x.y(input); });
 *   <Button loading={save.busy} onClick={() => void save.run(input)} />
 *   {save.error ? <Text role="alert">{save.error}</Text> : null}
 *
 * A refusal is shown where the screen shows `error` (or as a toast with
 * `{ refusal: 'toast' }`); `onRefused` may take it first (a field's refusal
 * shown on its field) by returning true (toasts need a FeedbackProvider;
 * without one a refusal goes to `error`). Anything not from main becomes the
 * generic "nothing was changed" line, never a stack trace.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useOptionalFeedback } from '../components/Feedback';
import { errorMessage } from './api';

export interface ActionOptions {
  /** Where a refusal goes: `error` (the default) or a toast. */
  refusal?: 'error' | 'toast';
  /** Sees a refusal first; returning true means it was shown elsewhere (on a field). */
  onRefused?(error: unknown): boolean | void;
}

export interface Action<A extends unknown[]> {
  /** Runs the work; resolves true when it finished without a refusal. Never rejects. */
  run(...args: A): Promise<boolean>;
  busy: boolean;
  /** The arguments of the run in progress (which card is exporting), or null. */
  pending: A | null;
  /** The last refusal's one-line message, until the next run or `reset`. */
  error: string | null;
  reset(): void;
}

export function useAction<A extends unknown[]>(
  work: (...args: A) => Promise<unknown>,
  options: ActionOptions = {},
): Action<A> {
  const feedback = useOptionalFeedback();
  const [pending, setPending] = useState<A | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest work and options, so `run` stays one function across renders.
  const latest = useRef({ work, options });
  useLayoutEffect(() => {
    latest.current = { work, options };
  });

  const run = useCallback(
    async (...args: A) => {
      setPending(args);
      setError(null);
      try {
        await latest.current.work(...args);
        return true;
      } catch (refused) {
        const { refusal = 'error', onRefused } = latest.current.options;
        if (onRefused?.(refused) === true) return false;
        if (refusal === 'toast' && feedback) feedback.toast(errorMessage(refused), 'error');
        else setError(errorMessage(refused));
        return false;
      } finally {
        setPending(null);
      }
    },
    [feedback],
  );
  const reset = useCallback(() => setError(null), []);

  return useMemo(() => ({ run, busy: pending !== null, pending, error, reset }), [run, pending, error, reset]);
}
