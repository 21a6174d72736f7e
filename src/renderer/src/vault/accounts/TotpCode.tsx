/**
 * The live one-time code. Asked for once when the account opens (an audited
 * view), then with `refresh: true` each time the period rolls over; the
 * countdown in between is local.
 */
import { ActionIcon, Box, Group, RingProgress, Text, Tooltip } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { TotpParams } from '../../../../shared/totp';
import { call, errorMessage } from '../../lib/api';
import { useNow } from '../../lib/hooks';
import { useCopy } from './SecretValue';

interface Current {
  code: string;
  period: number;
  /** Local time (ms) at which this code stops being current. */
  expiresAt: number;
}

const ALGORITHM_LABEL = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' } as const;

export function TotpCode({ accountId, params }: { accountId: number; params: TotpParams | null }) {
  const [current, setCurrent] = useState<Current | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(250);
  const { copy, busy } = useCopy(accountId);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    let last: string | null = null;
    const fetchCode = (refresh: boolean) => {
      call(window.custodian.totp.code({ accountId, refresh }))
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
  }, [accountId]);

  const remainingMs = current ? Math.max(0, current.expiresAt - now) : 0;
  const seconds = Math.ceil(remainingMs / 1000);
  const fraction = current ? remainingMs / (current.period * 1000) : 0;
  const urgent = seconds <= 5;
  const half = current ? Math.ceil(current.code.length / 2) : 0;
  const meta = params
    ? [params.issuer, `${params.digits} digits`, `every ${params.period} s`, ALGORITHM_LABEL[params.algorithm]]
        .filter(Boolean)
        .join(' · ')
    : null;

  return (
    <Box className="secret-row" role="group" aria-label="One-time code">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="xs" c="dimmed" fw={500}>
            One-time code
          </Text>
          {error ? (
            <Text size="sm" c="red" mt={2} role="alert">
              {error}
            </Text>
          ) : (
            <Group gap="sm" mt={2} wrap="nowrap">
              <Text
                className="totp-code"
                data-urgent={urgent || undefined}
                aria-label="One-time code value"
                aria-live="off"
                data-code-ready={current ? true : undefined}
              >
                {current ? (
                  <>
                    <span>{current.code.slice(0, half)}</span>
                    <span className="totp-gap">{current.code.slice(half)}</span>
                  </>
                ) : (
                  <span className="totp-placeholder">••• •••</span>
                )}
              </Text>
            </Group>
          )}
          {meta ? (
            <Text size="xs" c="dimmed" mt={2}>
              {meta}
            </Text>
          ) : null}
        </Box>
        <Group gap={6} wrap="nowrap">
          <Tooltip label={`Next code in ${seconds} s`}>
            <RingProgress
              size={38}
              thickness={3.5}
              roundCaps
              transitionDuration={250}
              sections={[{ value: fraction * 100, color: urgent ? 'red.6' : 'custodian' }]}
              label={
                <Text ta="center" size="11px" fw={600} c={urgent ? 'red.7' : 'dimmed'}>
                  {current ? seconds : ''}
                </Text>
              }
              aria-label={`Code changes in ${seconds} seconds`}
              role="timer"
            />
          </Tooltip>
          <Tooltip label="Copy (clears itself)">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={() => void copy('totpCode', 'Code')}
              loading={busy}
              disabled={!current}
              aria-label="Copy one-time code"
            >
              <IconCopy size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </Box>
  );
}
