/**
 * The parts every add/edit form shares: the drawer it opens in, its sections,
 * and its footer (the refusal or "2 fields need attention", Cancel and the
 * submit button, or the "discard your changes?" guard in their place).
 */
import { Box, Button, Divider, Drawer, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { plural } from '../lib/format';
import { DialogActions } from './DialogParts';
import { useCloseOnEscape, useReturnFocusOnUnmount } from './escape-stack';
import { DialogMessages } from './Feedback';
import { SectionLabel } from './SectionLabel';

export function FormDrawer({
  title,
  size,
  onClose,
  children,
}: {
  title: string;
  size: number;
  onClose(): void;
  children: ReactNode;
}) {
  useCloseOnEscape(onClose, true);
  useReturnFocusOnUnmount();
  return (
    <Drawer
      opened
      onClose={onClose}
      closeOnEscape={false}
      position="right"
      size={size}
      title={
        <Text fw={650} size="lg">
          {title}
        </Text>
      }
      closeOnClickOutside={false}
      classNames={{ body: 'drawer-body', content: 'drawer-content' }}
      closeButtonProps={{ 'aria-label': 'Close form' }}
    >
      {children}
      <DialogMessages />
    </Drawer>
  );
}

export function FormSection({ title, children, last = false }: { title: string; children: ReactNode; last?: boolean }) {
  return (
    <Box component="fieldset" className="form-section">
      <SectionLabel component="legend">{title}</SectionLabel>
      <Stack gap="md">{children}</Stack>
      {last ? null : <Divider mt="xl" />}
    </Box>
  );
}

export function DiscardChanges({ onKeep, onDiscard }: { onKeep(): void; onDiscard(): void }) {
  return (
    <Group justify="space-between" wrap="nowrap" role="alertdialog" aria-label="Discard changes?">
      <Text size="sm" fw={500}>
        Discard your changes?
      </Text>
      <Group gap="xs">
        <Button variant="default" onClick={onKeep}>
          Keep editing
        </Button>
        <Button color="red" onClick={onDiscard}>
          Discard
        </Button>
      </Group>
    </Group>
  );
}

export function FormFooter({
  error,
  problems,
  busy,
  submitLabel,
  onCancel,
}: {
  /** Main's refusal, when it named no field. */
  error: string | null;
  /** How many fields have a problem, once a save was tried (0 before). */
  problems: number;
  busy: boolean;
  submitLabel: string;
  onCancel(): void;
}) {
  return (
    <>
      {problems > 0 && !error ? (
        <Text size="sm" c="red" mb="sm" role="alert">
          {plural(problems, 'field needs', 'fields need')} attention.
        </Text>
      ) : null}
      <DialogActions refusal={error} busy={busy} onCancel={onCancel}>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </DialogActions>
    </>
  );
}
