/**
 * Moving between the unlocked app's screens: which page shows, what it was
 * opened with ("this account, on its Access tab"), and the rotation wizard,
 * which opens over any page. Screens send the user elsewhere through
 * `useNavigation()`; the shell reads the route to render the page.
 */
import { createContext, useContext, useMemo, useState } from 'react';

export type Page = 'accounts' | 'people' | 'rotation' | 'takeovers' | 'escrow' | 'compliance' | 'audit' | 'settings';

export type AccountTab = 'overview' | 'access' | 'rotation' | 'history';

/** The Escrow screen's tabs: the manager's side, then the press office's. */
export type EscrowTab = 'manager' | 'register' | 'openings' | 'key';

/** What the Escrow screen opens with. */
export interface EscrowEntry {
  tab?: EscrowTab;
  /** A bundle's text, carried from the start screen, to import into the press register. */
  bundle?: string;
}

/** Filters the audit screen can be opened with. */
export interface AuditEntry {
  accountId?: number;
  personId?: number;
}

/** Where the app is: a page and what it was asked to show as it mounts (read once). */
export type Route =
  | { page: 'accounts'; entry: { id: number; tab: AccountTab } | null }
  | { page: 'people'; entry: number | null }
  | { page: 'escrow'; entry: EscrowEntry | null }
  | { page: 'audit'; entry: AuditEntry | null }
  | { page: 'rotation' | 'takeovers' | 'compliance' | 'settings' };

export interface Navigation {
  openAccount(id: number, tab?: AccountTab): void;
  openPerson(id: number): void;
  openAudit(filters: AuditEntry): void;
  openRotation(): void;
  openTakeovers(): void;
  openEscrow(entry?: EscrowEntry): void;
  /** Opens the rotation wizard for an account, over whatever screen is showing. */
  startRotation(accountId: number): void;
  /**
   * Works through several rotations in one sitting, one wizard after another.
   * Each is recorded on its own; stopping leaves the rest in the queue (and a
   * started one as a draft), so starting again resumes.
   */
  startRotations(accountIds: readonly number[]): void;
}

/** The rotation wizard's sitting: the accounts to work through and which one is showing. */
export interface Rotating {
  queue: readonly number[];
  index: number;
  /** When this wizard opened (a fresh wizard for the same account mounts afresh). */
  at: number;
}

export interface RouteState {
  route: Route;
  /** Bumped on every `open…`, so a page opened again with a new entry mounts afresh. */
  visit: number;
  /** The rotation wizard, open over any page. */
  rotating: Rotating | null;
  closeRotation(): void;
  /** On to the sitting's next account, or closed after the last. */
  nextRotation(): void;
  /** A click in the sidebar: the page as it was, without an entry. */
  goTo(page: Page): void;
  navigation: Navigation;
}

/** The shell's route; `onOpenAccount` runs when another screen opens an account (the shell clears its search). */
export function useRouteState(initial: Route, onOpenAccount: () => void): RouteState {
  const [{ route, visit }, setState] = useState({ route: initial, visit: 0 });
  const [rotating, setRotating] = useState<RouteState['rotating']>(null);

  const navigation = useMemo<Navigation>(() => {
    const open = (next: Route) => setState(({ visit: v }) => ({ route: next, visit: v + 1 }));
    return {
      openAccount(id, tab = 'overview') {
        onOpenAccount();
        open({ page: 'accounts', entry: { id, tab } });
      },
      openPerson: (id) => open({ page: 'people', entry: id }),
      openAudit: (filters) => open({ page: 'audit', entry: filters }),
      openRotation: () => open({ page: 'rotation' }),
      openTakeovers: () => open({ page: 'takeovers' }),
      openEscrow: (entry) => open({ page: 'escrow', entry: entry ?? null }),
      startRotation: (accountId) => setRotating({ queue: [accountId], index: 0, at: Date.now() }),
      startRotations(accountIds) {
        if (accountIds.length > 0) setRotating({ queue: [...accountIds], index: 0, at: Date.now() });
      },
    };
  }, [onOpenAccount]);

  return useMemo(
    () => ({
      route,
      visit,
      rotating,
      closeRotation: () => setRotating(null),
      nextRotation: () =>
        setRotating((r) => (r && r.index + 1 < r.queue.length ? { ...r, index: r.index + 1, at: Date.now() } : null)),
      goTo: (page: Page) => setState(({ visit: v }) => ({ route: withoutEntry(page), visit: v })),
      navigation,
    }),
    [route, visit, rotating, navigation],
  );
}

function withoutEntry(page: Page): Route {
  switch (page) {
    case 'accounts':
    case 'people':
    case 'escrow':
    case 'audit':
      return { page, entry: null };
    default:
      return { page };
  }
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside VaultShell');
  return navigation;
}
