/**
 * The parts the confirm-and-act dialogs share: main's refusal shown inline
 * above the buttons (a dialog keeps its own messages rather than raising a
 * toast over itself), the Cancel + action row, and the encrypted reason field.
 */
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';

/** Main's refusal, when it named no field; nothing when there is none. */
export function Refusal({
  message,
  icon,
  title,
}: {
  message: string | null | undefined;
  icon?: ReactNode;
  title?: string;
}) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" p="xs" role="alert" icon={icon} title={title}>
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

/**
 * The refusal, then Cancel and the dialog's action button(s) on the right.
 * Cancel is disabled while the action runs, so a half-done write is never abandoned from here.
 */
export function DialogActions({
  refusal,
  busy = false,
  onCancel,
  mt,
  children,
}: {
  refusal?: string | null;
  busy?: boolean;
  onCancel(): void;
  mt?: string;
  /** The action button(s). */
  children: ReactNode;
}) {
  return (
    <Stack gap="sm" mt={mt} className="dialog-actions">
      <Refusal message={refusal} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        {children}
      </Group>
    </Stack>
  );
}

/**
 * A free-text note kept encrypted (a reason, what happened, a leaver's note): the
 * label, the input, its error, then what happens to the text.
 */
export function NoteField({
  label = 'Reason',
  required = true,
  value,
  onChange,
  error,
  placeholder,
  description,
  minRows = 2,
  maxRows = 5,
  maxLength = 1000,
  autoFocus = false,
}: {
  label?: string;
  required?: boolean;
  value: string;
  onChange(value: string): void;
  error?: string | null;
  placeholder: string;
  description?: string;
  minRows?: number;
  maxRows?: number;
  maxLength?: number;
  autoFocus?: boolean;
}) {
  return (
    <Textarea
      label={label}
      withAsterisk={required}
      placeholder={placeholder}
      description={description}
      inputWrapperOrder={['label', 'input', 'error', 'description']}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      autosize
      minRows={minRows}
      maxRows={maxRows}
      maxLength={maxLength}
      data-autofocus={autoFocus || undefined}
    />
  );
}
