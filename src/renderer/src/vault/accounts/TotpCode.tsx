/**
 * The live one-time code of an account (opening it is an audited view; see useLiveCode).
 */
import { ActionIcon, Box, Group, RingProgress, Text, Tooltip } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import type { TotpParams } from '../../../../shared/totp';
import { CodeDigits } from '../../components/CodeDigits';
import { api } from '../../lib/api';
import { useLiveCode } from '../../lib/live-code';
import { useCopy } from './SecretValue';

const ALGORITHM_LABEL = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' } as const;

export function TotpCode({ accountId, params }: { accountId: number; params: TotpParams | null }) {
  const live = useLiveCode((refresh) => api.secrets.totp({ accountId, refresh }), String(accountId));
  const { copy, busy } = useCopy(accountId);
  const { code, error, seconds, urgent } = live;
  const fraction = live.remainingMs / (live.period * 1000);
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
              <CodeDigits
                code={code}
                urgent={urgent}
                label="One-time code value"
                data-code-ready={code ? true : undefined}
              />
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
                <Text ta="center" size="11px" fw={600} c={urgent ? 'red' : 'dimmed'}>
                  {code ? seconds : ''}
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
              disabled={!code}
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
