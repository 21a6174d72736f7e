/**
 * Who holds each account now, as account id -> person ids: read by every
 * list of accounts (holder names are searchable) and by the compliance
 * report, over 50,000 grants in a large vault. Kept for the session and read
 * again only after a write to the grants or when a grant starts or ends.
 */
import { derivedFrom } from './session-cache';
import type { VaultSession } from './vault-session';

export function currentHolders(session: VaultSession): ReadonlyMap<number, readonly number[]> {
  const { store } = session;
  return derivedFrom(session, 'current-holders', ['grants'], () => {
    const now = session.clock.now();
    return { value: store.grants.holdersAt(now), until: store.grants.nextHoldingChange(now) ?? Infinity };
  });
}
