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
 */
import { createContext, useContext } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { PersonView } from '../../../shared/domain/people';
import type { RotationQueue } from '../../../shared/domain/rotation';
import type { TakeoverView } from '../../../shared/domain/takeover';

export type AccountTab = 'overview' | 'access' | 'rotation' | 'history';

/** Filters the audit screen can be opened with. */
export interface AuditEntry {
  accountId?: number;
  personId?: number;
}

export interface VaultData {
  /** The vault owner's name: who "granted by: nobody else" means. */
  owner: string;
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
  reloadAccounts(): Promise<void>;
  /** Reload what a rotation, incident or takeover change touches, and bump `revision`. */
  rotationChanged(): Promise<void>;
  openAccount(id: number, tab?: AccountTab): void;
  openPerson(id: number): void;
  openAudit(filters: AuditEntry): void;
  openRotation(): void;
  openTakeovers(): void;
  /** Opens the rotation wizard for an account, over whatever screen is showing. */
  startRotation(accountId: number): void;
}

export const VaultDataContext = createContext<VaultData | null>(null);

export function useVaultData(): VaultData {
  const data = useContext(VaultDataContext);
  if (!data) throw new Error('useVaultData outside VaultShell');
  return data;
}
