/**
 * Escape closes the innermost open dialog only. Mantine's modals each listen
 * for Escape on the window, so a dialog opened from a drawer (the password
 * generator from the account form) closed both at once, and the drawer then
 * asked whether to discard the form. Dialog and FormDrawer turn Mantine's
 * own handling off and register here, newest on top.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

const stack: { close(): void }[] = [];

function onKeyDown(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.isComposing) return;
  // A combobox inside the dialog closes its own dropdown first (Mantine marks its input so).
  const target = event.target as Element | null;
  if (target?.getAttribute?.('data-mantine-stop-propagation') === 'true') return;
  stack.at(-1)?.close();
}

/** While mounted and `enabled`, Escape calls `close` when this is the newest open dialog. */
export function useCloseOnEscape(close: () => void, enabled: boolean): void {
  const latest = useRef(close);
  useLayoutEffect(() => {
    latest.current = close;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const entry = { close: () => latest.current() };
    if (stack.length === 0) window.addEventListener('keydown', onKeyDown, true);
    stack.push(entry);
    return () => {
      stack.splice(stack.indexOf(entry), 1);
      if (stack.length === 0) window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [enabled]);
}

/**
 * Focus back on what opened a dialog when the dialog is unmounted rather
 * than closed (most of ours are rendered only while open: Mantine returns
 * focus when `opened` turns false, which then never happens). Only when
 * focus was left on nothing (the removed dialog took it along), so a dialog
 * unmounted long after it closed takes nobody's focus.
 */
export function useReturnFocusOnUnmount(): void {
  const [opener] = useState(() => document.activeElement);
  useEffect(
    () => () => {
      const left = document.activeElement;
      if (!(opener instanceof HTMLElement) || !opener.isConnected) return;
      if (left === null || left === document.body) opener.focus();
    },
    [opener],
  );
}
