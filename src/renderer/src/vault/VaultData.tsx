/**
 * What several screens of the unlocked app share: the people directory, the
 * open rotation obligations, the account summaries, and a way to move between
 * screens ("open this account on its Access tab"). Owned by <VaultShell>, so
 * locking drops it with everything else decrypted.
 *
 * Each list is fetched once on unlock and again only after a change that
 * affects it (a person saved, a grant made or revoked, a leaver processed, a
 * rotation recorded, a compromise reported, a takeover scheduled or ended).
 * The rotation queue and the takeovers are also read again every minute and
 * whenever their screens open: a takeover window closes by the clock alone.
 * The escrow status (is the bundle held by the press team still current?)
 * is read on unlock and again with the accounts, since any account change
 * can make it stale.
 */
import { createContext, useContext } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { EscrowStatus } from '../../../shared/domain/escrow';
import type { PersonView } from '../../../shared/domain/people';
import type { RotationQueue } from '../../../shared/domain/rotation';
import type { TakeoverView } from '../../../shared/domain/takeover';

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

export interface VaultData {
  /** The vault owner's name: who "granted by: nobody else" means. */
  owner: string;
  /** The vault's signing-key fingerprint, as its one-time credentials show it (for reading out). */
  keyFingerprint: string | null;
  /** Whether main can show file dialogs (not in the browser test bridge, where text is pasted instead). */
  fileDialogs: boolean;
  accounts: AccountSummary[] | null;
  accountsById: ReadonlyMap<number, AccountSummary>;
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
  /**
   * Bumped after anything that changes an account's secrets or rotation state
   * (a rotation, a takeover's temporary password, a compromise report):
   * open account panes fetch again.
   */
  revision: number;
  reloadPeople(): Promise<void>;
  /** Obligations, the rotation queue and open incidents, read again together. */
  reloadObligations(): Promise<void>;
  reloadTakeovers(): Promise<void>;
  /** The account list, and the escrow status that any account change can make stale. */
  reloadAccounts(): Promise<void>;
  reloadEscrow(): Promise<void>;
  /** Reload what a rotation, incident or takeover change touches, and bump `revision`. */
  rotationChanged(): Promise<void>;
  openAccount(id: number, tab?: AccountTab): void;
  openPerson(id: number): void;
  openAudit(filters: AuditEntry): void;
  openRotation(): void;
  openTakeovers(): void;
  openEscrow(entry?: EscrowEntry): void;
  /** Opens the rotation wizard for an account, over whatever screen is showing. */
  startRotation(accountId: number): void;
}

export const VaultDataContext = createContext<VaultData | null>(null);

export function useVaultData(): VaultData {
  const data = useContext(VaultDataContext);
  if (!data) throw new Error('useVaultData outside VaultShell');
  return data;
}
