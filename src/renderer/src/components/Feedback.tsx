/**
 * Transient feedback for the unlocked app: short messages ("Account added",
 * a warning, a refusal) and the clipboard status ("Password copied — clears
 * in 28 s", then "Clipboard cleared" when main says so). One clipboard, one
 * status line.
 *
 * Messages never cover work: at most two show at once (the clipboard status
 * counts as one). The clipboard status lives in the header (`<HeaderClipboard
 * />`), where it can stay its 30 s without hiding a button; short messages
 * float bottom right for a few seconds (at the top they covered the page's
 * heading and its buttons). While a dialog or
 * drawer is open both show inside it instead (`<DialogMessages />`, which
 * `Dialog` and `FormDrawer` render), under its content, where they push
 * nothing the user is looking at.
 */
import { Box, CloseButton, Group, Paper, Progress, Text, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconCheck, IconClipboardCheck, IconClipboardX } from '@tabler/icons-react';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api } from '../lib/api';
import { useSecondsLeft } from '../lib/hooks';

export type ToastKind = 'success' | 'warning' | 'error';
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

/** What the message lists read: the messages, and which open dialog (if any) shows them. */
interface FeedbackView {
  toasts: Toast[];
  clipboard: ClipboardState;
  dismiss(id: number): void;
  clearClipboard(): void;
  /** The innermost open dialog's sink, or null when none is open (the floating stack shows them). */
  topSink: string | null;
  /** A dialog opened: messages show in it until the returned function says it closed. */
  registerSink(id: string): () => void;
}

/** Never more than this many messages (the clipboard status counts as one). */
export const MAX_VISIBLE = 2;
const TOAST_MS = 3500;

const FeedbackContext = createContext<FeedbackApi | null>(null);
const FeedbackViewContext = createContext<FeedbackView | null>(null);

export function useFeedback(): FeedbackApi {
  const feedback = useOptionalFeedback();
  if (!feedback) throw new Error('useFeedback outside FeedbackProvider');
  return feedback;
}

/** The toasts and clipboard status, or null on screens that have none (before a vault is open). */
export function useOptionalFeedback(): FeedbackApi | null {
  return useContext(FeedbackContext);
}

export function FeedbackProvider({
  children,
  withHeader = false,
}: {
  children: ReactNode;
  /** The screen has the vault's header: the clipboard status shows there (`<HeaderClipboard />`), not floating. */
  withHeader?: boolean;
}) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [clipboard, setClipboard] = useState<ClipboardState>(null);
  const [sinks, setSinks] = useState<string[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const clearClipboard = useCallback(() => setClipboard(null), []);

  const feedback = useMemo<FeedbackApi>(
    () => ({
      toast(message, kind = 'success') {
        const id = nextId.current++;
        // Older messages give way: only the latest ones could show anyway.
        setToasts((list) => [...list.slice(-(MAX_VISIBLE - 1)), { id, kind, message }]);
        window.setTimeout(() => dismiss(id), kind === 'success' ? TOAST_MS : TOAST_MS * 2);
      },
      copied(what, seconds) {
        setClipboard({ phase: 'holding', what, seconds, deadline: Date.now() + seconds * 1000 });
      },
    }),
    [dismiss],
  );

  const registerSink = useCallback((id: string) => {
    setSinks((list) => [...list, id]);
    return () => setSinks((list) => list.filter((s) => s !== id));
  }, []);

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

  const topSink = sinks.length > 0 ? sinks[sinks.length - 1]! : null;
  const view = useMemo<FeedbackView>(
    () => ({ toasts, clipboard, dismiss, clearClipboard, topSink, registerSink }),
    [toasts, clipboard, dismiss, clearClipboard, topSink, registerSink],
  );

  return (
    <FeedbackContext.Provider value={feedback}>
      <FeedbackViewContext.Provider value={view}>
        {children}
        {topSink === null ? (
          <Box className="feedback-stack">
            <Messages view={view} withClipboard={!withHeader} />
          </Box>
        ) : null}
      </FeedbackViewContext.Provider>
    </FeedbackContext.Provider>
  );
}

/**
 * The messages of the moment, shown in place inside a dialog or drawer. Only
 * the innermost open one shows them; outside a vault (no provider) it is empty.
 */
export function DialogMessages() {
  const view = useContext(FeedbackViewContext);
  const register = view?.registerSink;
  const sink = useId();
  const box = useRef<HTMLDivElement>(null);
  // Registered before paint, so the floating stack never flashes over a dialog that just opened.
  useLayoutEffect(() => register?.(sink), [register, sink]);
  const mine = view !== null && view.topSink === sink;
  const count = mine ? visible(view).length : 0;
  useEffect(() => {
    if (count > 0) box.current?.scrollIntoView({ block: 'nearest' });
  }, [count]);
  if (!mine) return null;
  return (
    <Box ref={box} className="dialog-messages">
      <Messages view={view} />
    </Box>
  );
}

type Item = { toast: Toast } | { clipboard: NonNullable<ClipboardState> };

/** The clipboard status (if any) and the latest messages: never more than MAX_VISIBLE together. */
function visible(view: FeedbackView): Item[] {
  const items: Item[] = [];
  if (view.clipboard) items.push({ clipboard: view.clipboard });
  for (const toast of view.toasts) items.push({ toast });
  return items.slice(-MAX_VISIBLE);
}

/** The clipboard status in the header, while no dialog is open (a dialog shows it inside). */
export function HeaderClipboard() {
  const view = useContext(FeedbackViewContext);
  if (!view?.clipboard || view.topSink !== null) return null;
  return <ClipboardStatus state={view.clipboard} onClose={view.clearClipboard} compact />;
}

const KIND_STYLE: Record<ToastKind, { color: string; icon: ReactNode }> = {
  success: { color: 'teal', icon: <IconCheck size={16} /> },
  warning: { color: 'yellow', icon: <IconAlertTriangle size={16} /> },
  error: { color: 'red', icon: <IconAlertCircle size={16} /> },
};

function Messages({ view, withClipboard = true }: { view: FeedbackView; withClipboard?: boolean }) {
  return visible(view).map((item) =>
    'clipboard' in item ? (
      !withClipboard ? null : (
        <ClipboardStatus key="clipboard" state={item.clipboard} onClose={view.clearClipboard} />
      )
    ) : (
      <Paper
        key={item.toast.id}
        className="toast"
        data-kind={item.toast.kind}
        shadow="md"
        withBorder
        role={item.toast.kind === 'success' ? 'status' : 'alert'}
      >
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={26} radius="xl" variant="light" color={KIND_STYLE[item.toast.kind].color}>
            {KIND_STYLE[item.toast.kind].icon}
          </ThemeIcon>
          <Text size="sm" style={{ flex: 1 }}>
            {item.toast.message}
          </Text>
          <CloseButton size="sm" aria-label="Dismiss" onClick={() => view.dismiss(item.toast.id)} />
        </Group>
      </Paper>
    ),
  );
}

function ClipboardStatus({
  state,
  onClose,
  compact = false,
}: {
  state: NonNullable<ClipboardState>;
  onClose: () => void;
  /** One line, for the header. */
  compact?: boolean;
}) {
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
    <Paper
      className={compact ? 'clipboard-chip' : 'toast'}
      shadow={compact ? undefined : 'md'}
      withBorder
      role="status"
      aria-label="Clipboard status"
      title={holding ? `${state.what} copied — clears in ${left} s` : undefined}
    >
      <Group gap={compact ? 6 : 'sm'} wrap="nowrap">
        <ThemeIcon size={compact ? 20 : 26} radius="xl" variant="light" color={holding ? 'custodian' : 'teal'}>
          {holding ? <IconClipboardCheck size={compact ? 13 : 16} /> : <IconClipboardX size={compact ? 13 : 16} />}
        </ThemeIcon>
        <Text size={compact ? 'xs' : 'sm'} style={{ flex: 1 }} className={compact ? 'truncate' : undefined}>
          {holding
            ? compact
              ? `${state.what} copied · ${left} s`
              : `${state.what} copied — clears in ${left} s`
            : 'Clipboard cleared'}
        </Text>
        <CloseButton size="sm" aria-label="Dismiss" onClick={onClose} />
      </Group>
      {holding ? (
        <Progress
          mt={compact ? 4 : 8}
          size={compact ? 2 : 3}
          value={(left / state.seconds) * 100}
          aria-hidden
          transitionDuration={250}
        />
      ) : null}
    </Paper>
  );
}
