/**
 * The unlocked vault's store: what several screens share (the account
 * summaries, the people directory, the rotation queue with the open
 * obligations and incidents, the takeovers, the escrow status, the settings).
 * Owned by <VaultDataProvider> under <VaultShell>, so locking drops it with
 * everything else decrypted.
 *
 * Each list is fetched once on unlock and again only when a screen says it is
 * out of date (`invalidate('people')`). A change whose answer carries the
 * fresh record patches the store instead (`patch.person(saved)`): no list is
 * read again for it. The rotation queue and the takeovers are also read again
 * every minute and whenever their screens open: a takeover window closes by
 * the clock alone, and reading the list is what ends it in main. The escrow
 * status is read with the accounts, since any account change can make the
 * bundle the press team holds stale.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AccountDetail, AccountListItem } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { EscrowStatus } from '../../../shared/domain/escrow';
import type { PersonView } from '../../../shared/domain/people';
import type { IncidentView, RotationQueue } from '../../../shared/domain/rotation';
import type { Settings } from '../../../shared/domain/settings';
import type { TakeoverView } from '../../../shared/domain/takeover';
import { useFeedback } from '../components/Feedback';
import { api, errorMessage } from '../lib/api';

/**
 * What can be read again. `obligations` is the rotation state as a whole (the
 * queue, the open obligations and the open incidents); `queue` is the queue alone.
 */
export type Slice = 'accounts' | 'people' | 'queue' | 'obligations' | 'takeovers' | 'escrow' | 'settings';

export interface VaultData {
  /** The vault owner's name: who "granted by: nobody else" means. */
  owner: string;
  /** The vault's signing-key fingerprint, as its one-time credentials show it (for reading out). */
  keyFingerprint: string | null;
  /** Whether main can show file dialogs (not in the browser test bridge, where text is pasted instead). */
  fileDialogs: boolean;
  accounts: AccountListItem[] | null;
  accountsById: ReadonlyMap<number, AccountListItem>;
  /** Why the account list could not be read, until it is. */
  accountsError: string | null;
  people: PersonView[] | null;
  peopleById: ReadonlyMap<number, PersonView>;
  peopleError: string | null;
  /** Open rotation obligations across the vault, soonest due first. */
  obligationsByAccount: ReadonlyMap<number, ObligationView[]>;
  /** The rotation queue (overdue, this week, this quarter), or null until first read. */
  rotation: RotationQueue | null;
  /** Accounts with an open compromise report. */
  compromised: ReadonlySet<number>;
  /** Every takeover, newest first, or null until first read. */
  takeovers: TakeoverView[] | null;
  /** The manager's side of escrow: imported press cards and whether their bundles are current; null until read. */
  escrow: EscrowStatus | null;
  settings: Settings | null;
  /**
   * Bumped after anything that changes an account's secrets or rotation state
   * (a rotation, a takeover's temporary password, a compromise report):
   * open account panes fetch again.
   */
  revision: number;
  /**
   * Reads these again (the takeovers before the queue: reading them ends any
   * whose window closed, which adds obligations). A failure to read the
   * accounts or the people shows where they would; others as a toast.
   */
  invalidate(...slices: Slice[]): Promise<void>;
  /** A rotation, incident or takeover changed something: read all it touches again, and bump `revision`. */
  rotationChanged(): Promise<void>;
  /** Puts main's fresh answer in place of what the store held: no list is read again. */
  patch: {
    /** An account saved, archived or restored (its escrow bundle may now be stale: that status is read again). */
    account(detail: AccountDetail): void;
    person(person: PersonView): void;
    /** Obligations main just created (a leaver processed); the queue they change is read again. */
    obligations(added: readonly ObligationView[]): void;
    settings(settings: Settings): void;
  };
}

/** The queue and the takeovers are read again this often: a takeover window closes by the clock alone. */
const REFRESH_MS = 60_000;

/** The old value when the new one says the same (plain JSON data from main), else the new one. */
function unchanged<T>(old: T, next: T): T {
  return old !== null && JSON.stringify(old) === JSON.stringify(next) ? old : next;
}

/** Replaces the item with the same id, or appends it (main lists in id order). */
function upsert<T extends { id: number }>(list: T[] | null, item: T): T[] | null {
  if (list === null) return list;
  const at = list.findIndex((x) => x.id === item.id);
  return at < 0 ? [...list, item] : list.map((x, i) => (i === at ? item : x));
}

/** The row the account list holds, out of a detail main answered with. */
function listItemOf(detail: AccountDetail): AccountListItem {
  const { id, platform, handle, displayName, department, status, twoFactor, hasPassword, hasTotp, updatedAt } = detail;
  const { manager, holders, passwordChangedAt } = detail;
  return {
    id,
    platform,
    handle,
    displayName,
    department,
    status,
    twoFactor,
    hasPassword,
    hasTotp,
    updatedAt,
    manager,
    holders,
    passwordChangedAt,
  };
}

interface Identity {
  owner: string;
  keyFingerprint: string | null;
  fileDialogs: boolean;
}

export function VaultDataProvider({ identity, children }: { identity: Identity; children: ReactNode }) {
  const feedback = useFeedback();
  const [accounts, setAccounts] = useState<AccountListItem[] | null>(null);
  const [accountsError, setAccountsError] = useState<string | null>(null);
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [peopleError, setPeopleError] = useState<string | null>(null);
  const [rotation, setRotation] = useState<RotationQueue | null>(null);
  const [obligations, setObligations] = useState<ObligationView[]>([]);
  const [incidents, setIncidents] = useState<IncidentView[]>([]);
  const [takeovers, setTakeovers] = useState<TakeoverView[] | null>(null);
  const [escrow, setEscrow] = useState<EscrowStatus | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [revision, setRevision] = useState(0);

  // Each reader throws on failure; `invalidate` and the timers decide who hears of it.
  // The minute's refresh usually finds nothing new: keeping the same objects spares every screen a re-render.
  const readers = useMemo(
    () => ({
      accounts: async () => {
        const { accounts: list } = await api.accounts.list();
        setAccounts(list);
        setAccountsError(null);
      },
      people: async () => {
        const { people: list } = await api.people.list();
        setPeople(list);
        setPeopleError(null);
      },
      queue: async () => {
        const queue = await api.rotation.queue();
        setRotation((old) => unchanged(old, queue));
      },
      /** The rest of the rotation state, read after the queue (reading it ends takeovers, which adds obligations). */
      openItems: async () => {
        const [{ obligations: open }, { incidents: reported }] = await Promise.all([
          api.obligations.list({}),
          api.incidents.list({}),
        ]);
        setObligations((old) => unchanged(old, open));
        setIncidents((old) => unchanged(old, reported));
      },
      takeovers: async () => {
        const { takeovers: list } = await api.takeovers.list();
        const sorted = [...list].sort((a, b) => b.startsAt - a.startsAt || b.id - a.id);
        setTakeovers((old) => unchanged(old, sorted));
      },
      escrow: async () => {
        const next = await api.escrow.status();
        setEscrow((old) => unchanged(old, next));
      },
      settings: async () => setSettings(await api.settings.get()),
    }),
    [],
  );

  const invalidate = useCallback(
    async (...slices: Slice[]) => {
      const wanted = new Set(slices);
      const toast = (error: unknown) => feedback.toast(errorMessage(error), 'error');
      const jobs: Promise<unknown>[] = [];
      if (wanted.has('accounts')) {
        jobs.push(readers.accounts().catch((error: unknown) => setAccountsError(errorMessage(error))));
        // An account added, archived or with new secrets makes the escrow bundle stale: read both.
        if (!wanted.has('escrow')) jobs.push(readers.escrow().catch(() => undefined));
      }
      if (wanted.has('people')) {
        jobs.push(readers.people().catch((error: unknown) => setPeopleError(errorMessage(error))));
      }
      if (wanted.has('escrow')) jobs.push(readers.escrow().catch(toast));
      if (wanted.has('settings')) jobs.push(readers.settings().catch(toast));
      const rotationState = wanted.has('obligations') || wanted.has('queue');
      if (wanted.has('takeovers') || rotationState) {
        jobs.push(
          (async () => {
            if (wanted.has('takeovers')) await readers.takeovers();
            if (rotationState) await readers.queue();
            if (wanted.has('obligations')) await readers.openItems();
          })().catch(toast),
        );
      }
      await Promise.all(jobs);
    },
    [feedback, readers],
  );

  const rotationChanged = useCallback(async () => {
    setRevision((r) => r + 1);
    await invalidate('obligations', 'takeovers', 'accounts', 'people');
  }, [invalidate]);

  const patch = useMemo<VaultData['patch']>(
    () => ({
      account(detail) {
        setAccounts((list) => upsert(list, listItemOf(detail)));
        readers.escrow().catch(() => undefined);
      },
      person(person) {
        setPeople((list) => upsert(list, person));
      },
      obligations(added) {
        if (added.length === 0) return;
        setObligations((list) => [...list, ...added].sort((a, b) => a.dueAt - b.dueAt || a.id - b.id));
        readers.queue().catch(() => undefined);
      },
      settings: setSettings,
    }),
    [readers],
  );

  // On unlock: everything once. Takeovers first (the list ends any whose window closed), then the
  // rotation state that may now include them. Failures other than the lists' are left to the next read.
  useEffect(() => {
    readers.accounts().catch((error: unknown) => setAccountsError(errorMessage(error)));
    readers.people().catch((error: unknown) => setPeopleError(errorMessage(error)));
    readers
      .takeovers()
      .then(readers.queue)
      .then(readers.openItems)
      .catch(() => undefined);
    readers.settings().catch(() => undefined);
    readers.escrow().catch(() => undefined);
  }, [readers]);

  // A takeover's window closes, a scheduled rotation falls due: the clock alone changes these.
  useEffect(() => {
    const timer = window.setInterval(() => {
      readers
        .takeovers()
        .then(readers.queue)
        .then(readers.openItems)
        .catch(() => undefined);
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [readers]);

  const { owner, keyFingerprint, fileDialogs } = identity;
  // Kept while their list is: pages that join on them (the Compliance page over 10,000 accounts) need not redo it when another slice changes.
  const accountsById = useMemo(() => new Map((accounts ?? []).map((a) => [a.id, a])), [accounts]);
  const peopleById = useMemo(() => new Map((people ?? []).map((p) => [p.id, p])), [people]);
  const data = useMemo<VaultData>(() => {
    const byAccount = new Map<number, ObligationView[]>();
    for (const obligation of obligations) {
      const list = byAccount.get(obligation.accountId);
      if (list) list.push(obligation);
      else byAccount.set(obligation.accountId, [obligation]);
    }
    return {
      owner,
      keyFingerprint,
      fileDialogs,
      accounts,
      accountsById,
      accountsError,
      people,
      peopleById,
      peopleError,
      obligationsByAccount: byAccount,
      rotation,
      compromised: new Set(incidents.map((i) => i.accountId)),
      takeovers,
      escrow,
      settings,
      revision,
      invalidate,
      rotationChanged,
      patch,
    };
  }, [
    owner,
    keyFingerprint,
    fileDialogs,
    accounts,
    accountsById,
    accountsError,
    people,
    peopleById,
    peopleError,
    obligations,
    rotation,
    incidents,
    takeovers,
    escrow,
    settings,
    revision,
    invalidate,
    rotationChanged,
    patch,
  ]);

  return <VaultDataContext.Provider value={data}>{children}</VaultDataContext.Provider>;
}

const VaultDataContext = createContext<VaultData | null>(null);

export function useVaultData(): VaultData {
  const data = useContext(VaultDataContext);
  if (!data) throw new Error('useVaultData outside VaultDataProvider');
  return data;
}
