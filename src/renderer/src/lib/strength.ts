/**
 * zxcvbn, loaded on first use: its dictionaries are most of its weight, and
 * nothing on the first screen needs them before someone starts typing.
 */
import { useDeferredValue, useEffect, useState } from 'react';
import type * as StrengthModuleNs from '../../../shared/password/strength';
import type { StrengthEstimate } from '../../../shared/password/strength';

type StrengthModule = typeof StrengthModuleNs;

let loading: Promise<StrengthModule> | null = null;

export function loadStrength(): Promise<StrengthModule> {
  loading ??= import('../../../shared/password/strength');
  return loading;
}

export interface Strength extends StrengthEstimate {
  label: string;
}

/** The estimate for `password` (null while empty or still loading). */
export function useStrength(password: string, userInputs: readonly string[] = []): Strength | null {
  const deferred = useDeferredValue(password);
  const inputsKey = userInputs.join('\u0000');
  const [result, setResult] = useState<Strength | null>(null);
  useEffect(() => {
    if (deferred === '') return;
    let live = true;
    void loadStrength().then((module) => {
      if (!live) return;
      const estimate = module.estimateStrength(deferred, inputsKey ? inputsKey.split('\u0000') : []);
      setResult({ ...estimate, label: module.STRENGTH_LABELS[estimate.score] });
    });
    return () => {
      live = false;
    };
  }, [deferred, inputsKey]);
  if (password === '' || result === null) return null;
  return result;
}
