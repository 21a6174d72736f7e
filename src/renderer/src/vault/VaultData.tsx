/**
 * What several screens of the unlocked app share: the people directory, the
 * open rotation obligations, the account summaries, and a way to move between
 * screens ("open this account on its Access tab"). Owned by <VaultShell>, so
 * locking drops it with everything else decrypted.
 *
 * Each list is fetched once on unlock and again only after a change that
 * affects it (a person saved, a grant made or revoked, a leaver processed).
 */
import { createContext, useContext } from 'react';
import type { AccountSummary } from '../../../shared/domain/account';
import type { ObligationView } from '../../../shared/domain/access';
import type { PersonView } from '../../../shared/domain/people';

export type AccountTab = 'overview' | 'access' | 'history';

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
  reloadPeople(): Promise<void>;
  reloadObligations(): Promise<void>;
  openAccount(id: number, tab?: AccountTab): void;
  openPerson(id: number): void;
  openAudit(filters: AuditEntry): void;
}

export const VaultDataContext = createContext<VaultData | null>(null);

export function useVaultData(): VaultData {
  const data = useContext(VaultDataContext);
  if (!data) throw new Error('useVaultData outside VaultShell');
  return data;
}
