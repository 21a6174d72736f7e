/**
 * The current password and the one replacing it, side by side: what the
 * manager needs open while changing it on the platform. Each shows only on
 * an explicit Reveal (and hides itself again after REVEAL_MS); each copies
 * through main, which clears the clipboard afterwards.
 */
import { Badge, Box, Button, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconArrowRight, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { useSecondsLeft } from '../../lib/hooks';
import { MASK, PasswordGlyphs, REVEAL_MS, useCopy, useCopyWithFeedback } from '../accounts/SecretValue';
import { SectionLabel } from '../../components/SectionLabel';

/** A value that shows for REVEAL_MS after an explicit Reveal, then hides itself. */
function useTimedReveal() {
  const [revealed, setRevealed] = useState<{ value: string; until: number } | null>(null);
  const left = useSecondsLeft(revealed?.until ?? null);
  useEffect(() => {
    if (!revealed) return;
    const timer = window.setTimeout(() => setRevealed(null), revealed.until - Date.now());
    return () => window.clearTimeout(timer);
  }, [revealed]);
  return {
    revealed: revealed?.value ?? null,
    left,
    show: (value: string) => setRevealed({ value, until: Date.now() + REVEAL_MS }),
    hide: () => setRevealed(null),
  };
}

function PasswordCard({
  title,
  badge,
  tone,
  value,
  left,
  revealing,
  copying,
  onReveal,
  onCopy,
  empty,
  footer,
}: {
  title: string;
  badge?: ReactNode;
  tone: 'old' | 'new';
  value: string | null;
  left: number;
  revealing: boolean;
  copying: boolean;
  onReveal(): void;
  onCopy(): void;
  /** Shown instead of the controls when there is nothing to show. */
  empty?: string;
  footer?: ReactNode;
}) {
  const name = title.toLowerCase();
  return (
    <Paper withBorder className="pair-card" data-tone={tone} role="group" aria-label={title}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <SectionLabel>{title}</SectionLabel>
        {badge}
      </Group>
      {empty ? (
        <Text size="sm" c="dimmed" mt="sm" mih={52}>
          {empty}
        </Text>
      ) : (
        <>
          <Box className="pair-value" aria-label={`${title} value`} data-revealed={value !== null || undefined}>
            {value !== null ? (
              <span className="password-text">
                <PasswordGlyphs value={value} />
              </span>
            ) : (
              <span className="mask">{MASK}</span>
            )}
          </Box>
          <Group gap="xs" mt="sm" justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                variant="default"
                leftSection={value !== null ? <IconEyeOff size={14} /> : <IconEye size={14} />}
                onClick={onReveal}
                loading={revealing}
                aria-label={value !== null ? `Hide ${name}` : `Reveal ${name}`}
                aria-pressed={value !== null}
              >
                {value !== null ? 'Hide' : 'Reveal'}
              </Button>
              <Button
                size="xs"
                variant={tone === 'new' ? 'filled' : 'default'}
                leftSection={<IconCopy size={14} />}
                onClick={onCopy}
                loading={copying}
                aria-label={`Copy ${name}`}
              >
                Copy
              </Button>
            </Group>
            {value !== null ? (
              <Text size="xs" c="dimmed" aria-live="off">
                hides in {left} s
              </Text>
            ) : null}
          </Group>
        </>
      )}
      {footer}
    </Paper>
  );
}

/** The account's password as stored now: revealed on click (audited), copied through main. */
export function CurrentPassword({
  accountId,
  hasPassword,
  title = 'Current password',
  hint,
}: {
  accountId: number;
  hasPassword: boolean;
  title?: string;
  hint?: ReactNode;
}) {
  const { copy, busy: copying } = useCopy(accountId);
  const { revealed, left, show, hide } = useTimedReveal();
  const read = useAction(async () => show((await api.secrets.reveal({ accountId, field: 'password' })).value), {
    refusal: 'toast',
  });
  const loading = read.busy;
  const reveal = () => (revealed !== null ? hide() : void read.run());
  return (
    <PasswordCard
      title={title}
      tone="old"
      value={revealed}
      left={left}
      revealing={loading}
      copying={copying}
      onReveal={() => void reveal()}
      onCopy={() => void copy('password', title)}
      empty={hasPassword ? undefined : 'No password is stored for this account: sign in however you do now.'}
      footer={
        hint ? (
          <Text size="xs" c="dimmed" mt="xs">
            {hint}
          </Text>
        ) : null
      }
    />
  );
}

/** The password a draft will set: revealed on click, copied by main from the sealed draft. */
export function NewPassword({
  draftId,
  title = 'New password',
  badge,
}: {
  draftId: number;
  title?: string;
  badge?: ReactNode;
}) {
  const { revealed, left, show, hide } = useTimedReveal();
  const { copy, busy } = useCopyWithFeedback(() => api.rotation.copyNew({ draftId }));
  // Read from main on each Reveal, audited: no draft view carries the value.
  const read = useAction(async () => show((await api.rotation.revealNew({ draftId })).value), { refusal: 'toast' });
  const loading = read.busy;
  const reveal = () => (revealed !== null ? hide() : void read.run());
  return (
    <PasswordCard
      title={title}
      badge={badge}
      tone="new"
      value={revealed}
      left={left}
      revealing={loading}
      copying={busy !== null}
      onReveal={() => void reveal()}
      onCopy={() => void copy('newPassword', title)}
    />
  );
}

/** Old on the left, new on the right, an arrow between. */
export function PasswordPair({ current, next }: { current: ReactNode; next: ReactNode }) {
  return (
    <SimpleGrid cols={2} spacing={0} className="pair-grid">
      <Box pr="lg" pos="relative">
        {current}
        <Box className="pair-arrow" aria-hidden>
          <IconArrowRight size={16} stroke={2} />
        </Box>
      </Box>
      <Box pl="lg">{next}</Box>
    </SimpleGrid>
  );
}

/** Marks the password to type on the platform (the instructions above say which). */
export function SetOnBadge() {
  return (
    <Badge size="xs" variant="light" color="custodian" style={{ flexShrink: 0 }}>
      Set this one
    </Badge>
  );
}
