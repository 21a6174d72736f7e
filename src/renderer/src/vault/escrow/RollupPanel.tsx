/**
 * The centre sees everyone: the register rolled up per manager (overdue
 * rotations, fewer than two holders, no two-factor, manager left, open
 * obligations, a stale bundle), judged from each bundle's signed compliance
 * summary, and the reminder each manager with anything due should get: text
 * to send, or all of them as an .ics. Nothing secret is opened for it.
 */
import { Alert, Badge, Box, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconCalendarDown } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ROLLUP_ITEMS, ROLLUP_LABELS, type RegisterRollup, type RollupItem } from '../../../../shared/domain/escrow';
import { useFeedback } from '../../components/Feedback';
import { api, errorMessage } from '../../lib/api';
import { plural } from '../../lib/format';
import { EmptyRow, Section } from '../DetailSection';

const SHORT: Record<RollupItem, string> = {
  overdue: 'Overdue',
  few_holders: 'Too few holders',
  no_two_factor: 'No 2FA',
  manager_left: 'Manager left',
  open_obligations: 'Obligations',
};

/** `version` changes whenever the register does (a bundle imported): the roll-up is fetched again. */
export function RollupPanel({ version }: { version: string }) {
  const feedback = useFeedback();
  const [rollup, setRollup] = useState<RegisterRollup | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.press
      .rollup()
      .then((r) => live && (setRollup(r), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [version]);

  const saveIcs = async () => {
    try {
      const saved = await api.press.saveReminders();
      if (saved.path) feedback.toast(`Saved ${plural(saved.count, 'reminder')} as a calendar`);
    } catch (e) {
      feedback.toast(errorMessage(e), 'error');
    }
  };

  return (
    <>
      <Section title="Roll-up per manager">
        {error ? (
          <Alert color="red" variant="light" m="sm" role="alert">
            {error}
          </Alert>
        ) : rollup === null ? (
          <Stack p="md" gap="sm" aria-busy="true">
            <Skeleton height={14} width="60%" />
          </Stack>
        ) : rollup.managers.length === 0 ? (
          <EmptyRow>No bundles yet: the roll-up shows each manager once their bundle is imported.</EmptyRow>
        ) : (
          <Table aria-label="Roll-up per manager" className="rollup-table" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Manager</Table.Th>
                <Table.Th ta="right">Accounts</Table.Th>
                {ROLLUP_ITEMS.map((item) => (
                  <Table.Th key={item} ta="right" title={ROLLUP_LABELS[item]}>
                    {SHORT[item]}
                  </Table.Th>
                ))}
                <Table.Th>Bundle</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rollup.managers.map((m) => (
                <Table.Tr key={m.issuerVaultId} aria-label={m.issuerName}>
                  <Table.Td fw={600}>{m.issuerName}</Table.Td>
                  <Table.Td ta="right">{m.accounts}</Table.Td>
                  {ROLLUP_ITEMS.map((item) => (
                    <Table.Td
                      key={item}
                      ta="right"
                      data-due={m.counts[item] > 0 || undefined}
                      aria-label={`${ROLLUP_LABELS[item]}: ${m.counts[item]}`}
                    >
                      {m.counts[item] || '–'}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{m.bundleAgeDays} d</Text>
                      {m.stale ? (
                        <Badge size="xs" color="orange" variant="light">
                          Stale
                        </Badge>
                      ) : null}
                      {!m.checked ? (
                        <Badge
                          size="xs"
                          color="gray"
                          variant="light"
                          title="An older bundle, without a compliance summary"
                        >
                          Not checked
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section
        title="Reminders"
        aside={
          rollup && rollup.reminders.length > 0 ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconCalendarDown size={14} />}
              onClick={() => void saveIcs()}
            >
              Save as calendar (.ics)…
            </Button>
          ) : null
        }
      >
        {rollup === null ? null : rollup.reminders.length === 0 ? (
          <EmptyRow>Nothing is due: no manager needs a reminder.</EmptyRow>
        ) : (
          <Box role="list" aria-label="Reminders">
            {rollup.reminders.map((r) => (
              <Paper
                key={r.issuerVaultId}
                className="reminder"
                role="listitem"
                aria-label={`Reminder to ${r.to}`}
                p="md"
              >
                <Text size="xs" c="dimmed">
                  To <b>{r.to}</b>
                </Text>
                <Text size="sm" fw={600} mt={2}>
                  {r.subject}
                </Text>
                <Text size="sm" mt="xs" className="reminder-text selectable">
                  {r.text}
                </Text>
              </Paper>
            ))}
          </Box>
        )}
      </Section>
    </>
  );
}
