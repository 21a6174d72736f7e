/**
 * Secret fields in the detail pane. A value reaches the DOM only after an
 * explicit Reveal, and leaves again on Hide, after REVEAL_MS, or when the
 * pane unmounts (another account, lock). Copy goes through main, which marks
 * the clipboard as concealed and clears it later.
 */
import { ActionIcon, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { SecretField } from '../../../../shared/domain/account';
import { useFeedback } from '../../components/Feedback';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { useSecondsLeft } from '../../lib/hooks';

export const REVEAL_MS = 30_000;
export const MASK = '••••••••';

/** Letters plain, digits and symbols tinted: easier to read out or type across. */
export function PasswordGlyphs({ value }: { value: string }) {
  return (
    <>
      {Array.from(value, (ch, i) => (
        <span key={i} className={/[0-9]/.test(ch) ? 'pw-digit' : /[A-Za-z]/.test(ch) ? undefined : 'pw-symbol'}>
          {ch}
        </span>
      ))}
    </>
  );
}

/**
 * Copy through main with feedback: the clipboard status on success, a toast on
 * failure. `busy` names the field being copied, or null.
 */
export function useCopyWithFeedback<F extends string>(request: (field: F) => Promise<{ clearAfterSeconds: number }>) {
  const feedback = useFeedback();
  const { run: copy, pending } = useAction(
    async (field: F, what: string) => feedback.copied(what, (await request(field)).clearAfterSeconds),
    { refusal: 'toast' },
  );
  return { copy, busy: pending?.[0] ?? null };
}

/** Copies one of an account's secrets (or its current code); `busy` while main copies. */
export function useCopy(accountId: number) {
  const { copy, busy } = useCopyWithFeedback((field: SecretField | 'totpCode') =>
    api.secrets.copy({ accountId, field }),
  );
  return { copy, busy: busy !== null };
}

interface Props {
  accountId: number;
  field: Exclude<SecretField, 'totpSecret'>;
  /** "Password", "Recovery codes", "Notes". */
  label: string;
  /** What shows while hidden. */
  hidden: ReactNode;
  render(value: string): ReactNode;
  /** Whether to lay the revealed value under the label (long values) rather than inline. */
  block?: boolean;
  copyable?: boolean;
  meta?: ReactNode;
}

export function SecretValue({ accountId, field, label, hidden, render, block = false, copyable = true, meta }: Props) {
  const [revealed, setRevealed] = useState<{ value: string; until: number } | null>(null);
  const { copy, busy: copying } = useCopy(accountId);
  const left = useSecondsLeft(revealed?.until ?? null);

  useEffect(() => {
    if (!revealed) return;
    const timer = window.setTimeout(() => setRevealed(null), revealed.until - Date.now());
    return () => window.clearTimeout(timer);
  }, [revealed]);

  const read = useAction(
    async () =>
      setRevealed({ value: (await api.secrets.reveal({ accountId, field })).value, until: Date.now() + REVEAL_MS }),
    { refusal: 'toast' },
  );
  const loading = read.busy;
  const reveal = () => (revealed ? setRevealed(null) : void read.run());

  const name = label.toLowerCase();
  const actions = (
    <Group gap={4} wrap="nowrap" className="secret-actions">
      <Tooltip label={revealed ? 'Hide' : 'Reveal'}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          onClick={() => void reveal()}
          loading={loading}
          aria-label={revealed ? `Hide ${name}` : `Reveal ${name}`}
          aria-pressed={revealed !== null}
        >
          {revealed ? <IconEyeOff size={18} /> : <IconEye size={18} />}
        </ActionIcon>
      </Tooltip>
      {copyable ? (
        <Tooltip label="Copy (clears itself)">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => void copy(field, label)}
            loading={copying}
            aria-label={`Copy ${name}`}
          >
            <IconCopy size={18} />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </Group>
  );

  return (
    <Box className="secret-row" role="group" aria-label={label}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="xs" c="dimmed" fw={500}>
            {label}
            {revealed ? (
              <Text span size="xs" c="dimmed" fw={400} aria-live="off">
                {' '}
                · hides in {left} s
              </Text>
            ) : null}
          </Text>
          {block ? (
            <Text size="sm" c="dimmed" mt={2}>
              {hidden}
            </Text>
          ) : (
            <Box
              className="secret-inline"
              mt={2}
              aria-label={`${label} value`}
              data-revealed={revealed ? true : undefined}
            >
              {revealed ? render(revealed.value) : hidden}
            </Box>
          )}
          {meta ? (
            <Text size="xs" c="dimmed" mt={2}>
              {meta}
            </Text>
          ) : null}
        </Box>
        {actions}
      </Group>
      {block && revealed ? (
        <Box className="secret-block" mt="xs" aria-label={`${label} value`}>
          {render(revealed.value)}
        </Box>
      ) : null}
    </Box>
  );
}
