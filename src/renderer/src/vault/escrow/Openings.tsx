/**
 * Every time the glass was broken in this vault, newest first: whose accounts,
 * which, when and why. A notice can be saved again at any time; while the
 * vault stays unlocked, an opening's secrets can still be copied.
 */
import { Alert, Box, Button, Group, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCopy, IconDeviceFloppy, IconHammer } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { EscrowRegister, OpeningView } from '../../../../shared/domain/escrow';
import { SaveOutcome, useSaveToFile } from '../../components/SaveToFile';
import { api, errorMessage } from '../../lib/api';
import { formatDateTime, formatRelative, plural } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { EmptyRow, Section } from '../DetailSection';
import { registerLines, type Opening } from './OpenedSecrets';

export function Openings({ register, onUse }: { register: EscrowRegister | null; onUse(opening: Opening): void }) {
  const [openings, setOpenings] = useState<OpeningView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.press
      .openings()
      .then(({ openings: list }) => live && setOpenings([...list].sort((a, b) => b.openedAt - a.openedAt)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  const rowsOf = (opening: OpeningView): Opening['rows'] =>
    opening.accounts.map((ref) => {
      const entry = register?.accounts.find((a) => a.bundleId === opening.bundleId && a.ref === ref);
      return entry
        ? {
            ref,
            platform: entry.platform,
            handle: entry.handle,
            displayName: entry.displayName,
            url: entry.url,
            hasPassword: entry.hasPassword,
            hasTotp: entry.hasTotp,
            secrets: null,
            contacts: { manager: entry.manager, holders: entry.holders },
            register: registerLines(entry),
          }
        : // A bundle since replaced in the register: only its number is known here.
          {
            ref,
            platform: 'other',
            handle: `Account #${ref}`,
            displayName: '',
            url: '',
            hasPassword: true,
            hasTotp: false,
            secrets: null,
            contacts: null,
            register: [],
          };
    });

  return (
    <Box>
      <Text size="sm" c="dimmed" mt="lg" maw={640}>
        Each opening is in this vault’s audit trail. Its notice tells the manager which accounts were opened, and why,
        so that they change those passwords.
      </Text>
      {error ? (
        <Alert color="red" variant="light" mt="md" title="Could not read the openings" role="alert">
          {error}
        </Alert>
      ) : null}
      <Section title="Openings" mt="md">
        {openings === null ? (
          <Stack p="md" gap="sm" aria-busy="true">
            <Skeleton height={14} width="50%" />
            <Skeleton height={10} width="70%" />
          </Stack>
        ) : openings.length === 0 ? (
          <EmptyRow>The glass has not been broken in this vault.</EmptyRow>
        ) : (
          <Box role="list" aria-label="Openings">
            {openings.map((opening) => (
              <OpeningRow
                key={opening.openingId}
                opening={opening}
                rows={rowsOf(opening)}
                onUse={() =>
                  onUse({
                    openingId: opening.openingId,
                    issuerName: opening.issuerName,
                    openedAt: opening.openedAt,
                    reason: opening.reason,
                    rows: rowsOf(opening),
                  })
                }
              />
            ))}
          </Box>
        )}
      </Section>
    </Box>
  );
}

function OpeningRow({ opening, rows, onUse }: { opening: OpeningView; rows: Opening['rows']; onUse(): void }) {
  const notice = useSaveToFile(() => api.press.exportNotice({ openingId: opening.openingId }));

  return (
    <Box
      className="queue-row"
      role="listitem"
      aria-label={`${opening.issuerName}: ${plural(opening.accounts.length, 'account')} opened`}
    >
      <ThemeIcon size={36} radius="md" variant="light" color="red">
        <IconHammer size={20} stroke={1.7} />
      </ThemeIcon>
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Text fw={600} size="sm">
            {plural(opening.accounts.length, 'account')} of {opening.issuerName}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(opening.openedAt)} ({formatRelative(opening.openedAt)})
          </Text>
        </Group>
        <Text size="xs" c="dimmed" mt={2} className="reason-text">
          {rows.map((r) => displayHandle(r.platform, r.handle)).join(', ')}
        </Text>
        <Text size="sm" mt={6} className="grant-reason">
          {opening.reason}
        </Text>
        <SaveOutcome state={notice} label="Notice saved" />
      </Box>
      <Stack gap={6} className="access-row-action" align="flex-end">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDeviceFloppy size={14} />}
          onClick={() => void notice.run()}
          loading={notice.saving}
        >
          Save notice…
        </Button>
        {opening.secretsAvailable ? (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconCopy size={14} />} onClick={onUse}>
            Copy from it…
          </Button>
        ) : null}
      </Stack>
    </Box>
  );
}
