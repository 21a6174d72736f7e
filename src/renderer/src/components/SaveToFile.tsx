/**
 * Saving something main writes to a file the user picks (a ticket, a press
 * card, a break-glass notice), and the text blocks people copy by hand: the
 * renderer cannot write the clipboard, so it selects the text for Ctrl/Cmd+C.
 */
import { Box, Button, Code, Group, Text } from '@mantine/core';
import { IconDeviceFloppy, IconSelectAll } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { useAction } from '../lib/useAction';

/** Selects the text inside an element, for Ctrl/Cmd+C. */
export function selectContents(element: HTMLElement | null): void {
  if (!element) return;
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(element);
  selection?.removeAllRanges();
  selection?.addRange(range);
  element.focus();
}

export const COPY_SHORTCUT = `${navigator.platform.includes('Mac') ? '⌘' : 'Ctrl'}+C`;

export interface SaveState {
  saving: boolean;
  /** Where the file went; null until saved (or when the dialog was cancelled). */
  saved: string | null;
  error: string | null;
  run(): Promise<void>;
}

/** One save action: `save` asks main to write the file and answers the chosen path (null when cancelled). */
export function useSaveToFile(save: () => Promise<{ path: string | null }>): SaveState {
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction(async () => {
    const { path } = await save();
    if (path) setSaved(path);
  });
  return { saving: action.busy, saved, error: action.error, run: async () => void (await action.run()) };
}

/** "Saved to /path/file": where an export went, selectable to find it again. */
export function SavedTo({ path, label, children }: { path: string; label: string; children?: ReactNode }) {
  return (
    <Text size="xs" c="teal" role="status" aria-label={label}>
      Saved to{' '}
      <Text span ff="monospace" size="xs" className="selectable path-text">
        {path}
      </Text>
      {children}
    </Text>
  );
}

/** The outcome of a save under its button: where it went, or why it failed. */
export function SaveOutcome({ state, label }: { state: SaveState; label: string }) {
  return (
    <>
      {state.saved ? (
        <Box mt={6}>
          <SavedTo path={state.saved} label={label} />
        </Box>
      ) : null}
      {state.error ? (
        <Text size="xs" c="red" mt={4} role="alert">
          {state.error}
        </Text>
      ) : null}
    </>
  );
}

/** A block of text to hand over by copy and paste or as a file: Select all, Save…, and the outcome. */
export function HandoverText({
  text,
  label,
  hint,
  saveLabel,
  savedLabel,
  state,
}: {
  text: string;
  /** The block's accessible name. */
  label: string;
  hint: ReactNode;
  saveLabel: string;
  savedLabel: string;
  state: SaveState;
}) {
  const block = useRef<HTMLPreElement>(null);
  return (
    <>
      <Code block className="ticket-block" ref={block} tabIndex={0} aria-label={label}>
        {text}
      </Code>
      <Group gap="xs" mt={8} justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconSelectAll size={14} />}
            onClick={() => selectContents(block.current)}
          >
            Select all
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDeviceFloppy size={14} />}
            onClick={() => void state.run()}
            loading={state.saving}
          >
            {saveLabel}
          </Button>
        </Group>
      </Group>
      <SaveOutcome state={state} label={savedLabel} />
    </>
  );
}
