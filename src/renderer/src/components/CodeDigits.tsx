/**
 * A live one-time code, split in two halves for reading out or typing across
 * (a dimmed "••• •••" until main first answers), tinted red in its last seconds.
 */
import { Text } from '@mantine/core';

export function CodeDigits({
  code,
  urgent,
  label,
  ...data
}: {
  /** Null until main first answers. */
  code: string | null;
  urgent: boolean;
  /** The accessible name, e.g. "One-time code value". */
  label: string;
  /** Further data- attributes, passed through (e.g. data-code-ready). */
  [attribute: `data-${string}`]: string | boolean | undefined;
}) {
  const half = code ? Math.ceil(code.length / 2) : 0;
  return (
    <Text className="totp-code" data-urgent={urgent || undefined} aria-label={label} aria-live="off" {...data}>
      {code ? (
        <>
          <span>{code.slice(0, half)}</span>
          <span className="totp-gap">{code.slice(half)}</span>
        </>
      ) : (
        <span className="totp-placeholder">••• •••</span>
      )}
    </Text>
  );
}
