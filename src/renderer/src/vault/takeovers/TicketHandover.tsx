/**
 * Handing over a one-time credential: the ticket (a text block to paste into
 * an email or chat, or a file) and, separately, the code that opens it. The
 * code is shown here once: main does not keep it.
 */
import { Alert, Box, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFingerprint, IconMessage2, IconTicket } from '@tabler/icons-react';
import type { IssuedTicket } from '../../../../shared/domain/takeover';
import { COPY_SHORTCUT, HandoverText, useSaveToFile } from '../../components/SaveToFile';
import { api } from '../../lib/api';
import { formatWindow } from '../../lib/format';
import { useVaultData } from '../VaultData';

export function TicketHandover({ ticket, recipient }: { ticket: IssuedTicket; recipient: string }) {
  const { keyFingerprint } = useVaultData();
  const save = useSaveToFile(() => api.tickets.save({ file: ticket.file, suggestedName: ticket.suggestedName }));
  const first = recipient.split(/\s+/)[0] || recipient;

  return (
    <Stack gap="lg">
      <Box component="section" aria-label="Ticket">
        <Group gap="sm" wrap="nowrap" mb={6}>
          <ThemeIcon size={26} radius="xl" variant="light">
            <IconTicket size={15} />
          </ThemeIcon>
          <Box>
            <Text size="sm" fw={600}>
              1. Send {first} the ticket
            </Text>
            <Text size="xs" c="dimmed">
              By email or chat, or as a file. On its own it reveals nothing; with the code it opens to{' '}
              {ticket.includesSignInName ? 'the sign-in name and the password' : 'the password'}. Valid{' '}
              {formatWindow(ticket.notBefore, ticket.notAfter)}.
            </Text>
          </Box>
        </Group>
        <HandoverText
          text={ticket.text}
          label="Ticket text"
          hint={`Select it and copy it with ${COPY_SHORTCUT}, or save it.`}
          saveLabel="Save ticket file…"
          savedLabel="Ticket saved"
          state={save}
        />
        {keyFingerprint ? (
          <Group gap={8} mt="sm" wrap="nowrap" align="flex-start">
            <IconFingerprint size={16} stroke={1.8} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" c="dimmed">
              The ticket names this vault by its key fingerprint,{' '}
              <Text span ff="monospace" fw={600} c="var(--mantine-color-text)" aria-label="Your key fingerprint">
                {keyFingerprint}
              </Text>
              . If {first} asks whether it really comes from you, read it out: their screen shows the same.
            </Text>
          </Group>
        ) : null}
      </Box>

      <Box component="section" aria-label="Code">
        <Group gap="sm" wrap="nowrap" mb={8}>
          <ThemeIcon size={26} radius="xl" variant="light" color="grape">
            <IconMessage2 size={15} />
          </ThemeIcon>
          <Box>
            <Text size="sm" fw={600}>
              2. Send {first} this code by another channel
            </Text>
            <Text size="xs" c="dimmed">
              A text message or a phone call, never with the ticket: whoever has both can open it.
            </Text>
          </Box>
        </Group>
        <Paper className="code-panel" withBorder>
          <Text className="ticket-code" aria-label="One-time code" data-code={ticket.code}>
            {ticket.code.split('-').map((group, i) => (
              <span key={i} className="ticket-code-group">
                {group}
              </span>
            ))}
          </Text>
          <Text size="xs" c="dimmed" ta="center" mt={6}>
            Digits 2–9 and capital letters without I, L or O, so it reads out clearly.
          </Text>
        </Paper>
        <Alert color="yellow" variant="light" p="xs" mt="sm">
          <Text size="xs">Shown only now: Custodian does not keep the code. Note it or send it before you go on.</Text>
        </Alert>
      </Box>
    </Stack>
  );
}
