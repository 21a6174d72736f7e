/**
 * Transient feedback for the unlocked app: short toasts ("Account added")
 * and the clipboard status ("Password copied — clears in 28 s", then
 * "Clipboard cleared" when main says so). One clipboard, one status line.
 */
import { Box, CloseButton, Group, Paper, Progress, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClipboardCheck, IconClipboardX } from '@tabler/icons-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../lib/api';
import { useSecondsLeft } from '../lib/hooks';

type ToastKind = 'success' | 'error';
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

type ClipboardState =
  { phase: 'holding'; what: string; seconds: number; deadline: number } | { phase: 'cleared'; what: string } | null;

interface FeedbackApi {
  toast(message: string, kind?: ToastKind): void;
  /** After a successful secrets.copy: `what` is e.g. "Password". */
  copied(what: string, clearAfterSeconds: number): void;
}

const FeedbackContext = createContext<FeedbackApi | null>(null);

export function useFeedback(): FeedbackApi {
  const feedback = useOptionalFeedback();
  if (!feedback) throw new Error('useFeedback outside FeedbackProvider');
  return feedback;
}

/** The toasts and clipboard status, or null on screens that have none (before a vault is open). */
export function useOptionalFeedback(): FeedbackApi | null {
  return useContext(FeedbackContext);
}

const TOAST_MS = 3500;

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [clipboard, setClipboard] = useState<ClipboardState>(null);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const feedback = useMemo<FeedbackApi>(
    () => ({
      toast(message, kind = 'success') {
        const id = nextId.current++;
        setToasts((list) => [...list.slice(-2), { id, kind, message }]);
        window.setTimeout(() => dismiss(id), kind === 'error' ? TOAST_MS * 2 : TOAST_MS);
      },
      copied(what, seconds) {
        setClipboard({ phase: 'holding', what, seconds, deadline: Date.now() + seconds * 1000 });
      },
    }),
    [dismiss],
  );

  useEffect(
    () =>
      api.on('clipboard.cleared', () =>
        setClipboard((current) => (current ? { phase: 'cleared', what: current.what } : current)),
      ),
    [],
  );

  // "Clipboard cleared" stays a few seconds, then goes.
  useEffect(() => {
    if (clipboard?.phase !== 'cleared') return;
    const timer = window.setTimeout(() => setClipboard(null), 5000);
    return () => window.clearTimeout(timer);
  }, [clipboard]);

  return (
    <FeedbackContext.Provider value={feedback}>
      {children}
      <Box className="feedback-stack">
        {clipboard ? <ClipboardStatus state={clipboard} onClose={() => setClipboard(null)} /> : null}
        {toasts.map((toast) => (
          <Paper
            key={toast.id}
            className="toast"
            shadow="md"
            withBorder
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={26} radius="xl" variant="light" color={toast.kind === 'error' ? 'red' : 'teal'}>
                {toast.kind === 'error' ? <IconAlertTriangle size={16} /> : <IconCheck size={16} />}
              </ThemeIcon>
              <Text size="sm" style={{ flex: 1 }}>
                {toast.message}
              </Text>
              <CloseButton size="sm" aria-label="Dismiss" onClick={() => dismiss(toast.id)} />
            </Group>
          </Paper>
        ))}
      </Box>
    </FeedbackContext.Provider>
  );
}

function ClipboardStatus({ state, onClose }: { state: NonNullable<ClipboardState>; onClose: () => void }) {
  const left = useSecondsLeft(state.phase === 'holding' ? state.deadline : null);
  const holding = state.phase === 'holding';
  // Past the deadline without the event, main found someone else's text there and left it alone.
  const expired = holding && left === 0;
  useEffect(() => {
    if (!expired) return;
    const timer = window.setTimeout(onClose, 1500);
    return () => window.clearTimeout(timer);
  }, [expired, onClose]);
  return (
    <Paper className="toast" shadow="md" withBorder role="status" aria-label="Clipboard status">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon size={26} radius="xl" variant="light" color={holding ? 'custodian' : 'teal'}>
          {holding ? <IconClipboardCheck size={16} /> : <IconClipboardX size={16} />}
        </ThemeIcon>
        <Text size="sm" style={{ flex: 1 }}>
          {holding ? `${state.what} copied — clears in ${left} s` : 'Clipboard cleared'}
        </Text>
        <CloseButton size="sm" aria-label="Dismiss" onClick={onClose} />
      </Group>
      {holding ? (
        <Progress mt={8} size={3} value={(left / state.seconds) * 100} aria-hidden transitionDuration={250} />
      ) : null}
    </Paper>
  );
}
