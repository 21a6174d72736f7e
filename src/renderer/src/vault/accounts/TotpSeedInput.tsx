import { Box, Group, NumberInput, PasswordInput, Select, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { IconAlertCircle, IconChevronDown, IconChevronRight, IconCircleCheck } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { TOTP_ALGORITHMS, parseTotp, type TotpAlgorithm, type TotpConfig } from '../../../../shared/totp';

export interface TotpDraft {
  seed: string;
  digits: 6 | 7 | 8 | null;
  period: number | null;
  algorithm: TotpAlgorithm | null;
}

export const EMPTY_TOTP: TotpDraft = { seed: '', digits: null, period: null, algorithm: null };

/** Parses the draft as main will; returns the config or the reason it is unusable. */
export function checkTotp(draft: TotpDraft): { config: TotpConfig } | { problem: string } | null {
  if (draft.seed.trim() === '') return null;
  try {
    return {
      config: parseTotp(draft.seed, {
        ...(draft.digits ? { digits: draft.digits } : {}),
        ...(draft.period ? { period: draft.period } : {}),
        ...(draft.algorithm ? { algorithm: draft.algorithm } : {}),
      }),
    };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : 'Not a usable TOTP seed' };
  }
}

/** The account part of an otpauth label ("Issuer:account" -> "account"), when it says something new. */
function accountName(config: TotpConfig): string | null {
  if (!config.label) return null;
  const name =
    config.issuer && config.label.startsWith(`${config.issuer}:`)
      ? config.label.slice(config.issuer.length + 1)
      : config.label;
  return name.trim() && name !== config.issuer ? name.trim() : null;
}

const ALGORITHM_LABEL: Record<TotpAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

interface Props {
  value: TotpDraft;
  onChange(value: TotpDraft): void;
  error?: string | undefined;
  autoFocus?: boolean;
}

/** Seed field taking an otpauth:// URI or a base32 secret, with live parse feedback. */
export function TotpSeedInput({ value, onChange, error, autoFocus }: Props) {
  const [advanced, setAdvanced] = useState(value.digits !== null || value.period !== null || value.algorithm !== null);
  const check = useMemo(() => checkTotp(value), [value]);
  const isUri = /^\s*otpauth:/i.test(value.seed);
  const problem = error ?? (check && 'problem' in check ? check.problem : undefined);

  let feedback: ReactNode = 'Paste the otpauth:// link from the QR code, or the secret key (base32).';
  if (check && 'config' in check) {
    const c = check.config;
    feedback = (
      <Text span size="xs" c="teal" fw={500}>
        <IconCircleCheck size={13} style={{ verticalAlign: '-2px', marginRight: 4 }} />
        Valid seed
        {c.issuer ? ` for ${c.issuer}` : ''}
        {accountName(c) ? ` (${accountName(c)})` : ''} · {c.digits} digits · every {c.period} s ·{' '}
        {ALGORITHM_LABEL[c.algorithm]}
      </Text>
    );
  }

  return (
    <Box>
      <PasswordInput
        label="TOTP seed"
        placeholder="otpauth://totp/… or JBSW Y3DP EHPK 3PXP"
        value={value.seed}
        onChange={(e) => onChange({ ...value, seed: e.currentTarget.value })}
        description={problem ? undefined : feedback}
        error={
          problem ? (
            <>
              <IconAlertCircle size={13} style={{ verticalAlign: '-2px', marginRight: 4 }} />
              {problem}
            </>
          ) : undefined
        }
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        maxLength={2048}
        classNames={{ input: 'mono-input' }}
      />
      <UnstyledButton className="disclosure" mt={6} onClick={() => setAdvanced((a) => !a)} aria-expanded={advanced}>
        <Group gap={4}>
          {advanced ? <IconChevronDown size={13} /> : <IconChevronRight size={13} />}
          <Text size="xs" fw={500}>
            Advanced: digits, period, algorithm
          </Text>
        </Group>
      </UnstyledButton>
      {advanced ? (
        <Box mt={6}>
          <SimpleGrid cols={3} spacing="xs">
            <Select
              size="xs"
              label="Digits"
              placeholder="6"
              data={['6', '7', '8']}
              value={value.digits ? String(value.digits) : null}
              onChange={(v) => onChange({ ...value, digits: v ? (Number(v) as 6 | 7 | 8) : null })}
              clearable
            />
            <NumberInput
              size="xs"
              label="Period (s)"
              placeholder="30"
              min={10}
              max={300}
              value={value.period ?? ''}
              onChange={(v) => onChange({ ...value, period: typeof v === 'number' ? v : null })}
              allowDecimal={false}
            />
            <Select
              size="xs"
              label="Algorithm"
              placeholder="SHA-1"
              data={TOTP_ALGORITHMS.map((a) => ({ value: a, label: ALGORITHM_LABEL[a] }))}
              value={value.algorithm}
              onChange={(v) => onChange({ ...value, algorithm: (v as TotpAlgorithm | null) ?? null })}
              clearable
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={4}>
            {isUri
              ? 'An otpauth:// link carries its own settings; these apply only where it leaves one out.'
              : 'Leave empty for the usual 6 digits every 30 s with SHA-1.'}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
