import { useEffect, useEffectEvent, useRef, useState } from 'react';

export interface Inspection<T, E> {
  /** What main made of the latest text; null while there is none, or it was refused. */
  answer: T | null;
  /** Why main refused the latest text, as the caller describes it. */
  error: E | null;
  /** A question about the latest text is still out. */
  inspecting: boolean;
  /** Asks about new text; blank text asks nothing and clears the answer and the error. */
  inspect(text: string): void;
}

/**
 * Pasted text (a ticket, a bundle) inspected by main as the user types, pastes
 * or opens a file. Every change asks again, and the answers can come back out
 * of order: only the answer to the latest text is shown, and an earlier text's
 * answer arriving late is dropped, so it never replaces a newer one (or the
 * empty state of text since cleared).
 *
 * `onAnswer` runs with the latest text's answer as it is shown. `initial`:
 * text handed over from elsewhere, asked about as the caller first appears.
 */
export function useInspection<T, E>(
  ask: (text: string) => Promise<T>,
  describe: (error: unknown) => E,
  { initial = '', onAnswer }: { initial?: string; onAnswer?(answer: T): void } = {},
): Inspection<T, E> {
  const [answer, setAnswer] = useState<T | null>(null);
  const [error, setError] = useState<E | null>(null);
  const [inspecting, setInspecting] = useState(initial !== '');
  const asked = useRef(0);

  const send = (text: string) => {
    const n = ++asked.current;
    ask(text)
      .then((found) => {
        if (n !== asked.current) return;
        setAnswer(found);
        setError(null);
        onAnswer?.(found);
      })
      .catch((e: unknown) => {
        if (n !== asked.current) return;
        setAnswer(null);
        setError(describe(e));
      })
      .finally(() => n === asked.current && setInspecting(false));
  };

  const inspect = (text: string) => {
    if (!text.trim()) {
      asked.current += 1;
      setAnswer(null);
      setError(null);
      setInspecting(false);
      return;
    }
    setInspecting(true);
    send(text);
  };

  const sendInitial = useEffectEvent(send);
  useEffect(() => {
    if (initial) sendInitial(initial);
  }, [initial]);

  return { answer, error, inspecting, inspect };
}
