import type { VaultSession } from './vault-session';

interface Entry<T> {
  dataVersion: number;
  value: T;
}

/**
 * A decrypted view kept for the session and rebuilt when another connection
 * (the CLI, another window) has committed to the file since it was built.
 * Our own writes do not move data_version: call `invalidate` after them.
 */
export function sessionCached<T>(session: VaultSession, key: string, load: () => T): T {
  const version = session.store.dataVersion();
  const entry = session.cache.get(key) as Entry<T> | undefined;
  if (entry && entry.dataVersion === version) return entry.value;
  const value = session.store.read(load);
  session.cache.set(key, { dataVersion: version, value } satisfies Entry<T>);
  return value;
}

export function invalidate(session: VaultSession, key: string): void {
  session.cache.delete(key);
}

/**
 * Updates a cached view in place after our own committed write, instead of
 * rebuilding it (rebuilding the directory on every added person made adding
 * N people cost N^2 decryptions). Does nothing when nothing is cached.
 */
export function patchCached<T>(session: VaultSession, key: string, patch: (value: T) => void): void {
  const entry = session.cache.get(key) as Entry<T> | undefined;
  if (entry && entry.dataVersion === session.store.dataVersion()) patch(entry.value);
  else session.cache.delete(key);
}

interface Derived<T> {
  stamp: number;
  /** The instant from which the value no longer holds even with no write (a grant that ends), or Infinity. */
  until: number;
  value: T;
}

/**
 * A value derived from some tables, kept for the session and recomputed
 * after any write to one of them, ours or another connection's (the store's
 * change stamps move on every sealed row): unlike `sessionCached`, nothing
 * has to remember to invalidate it. `load` may say until when its value
 * holds with no write (`until`, ms on the session's clock).
 */
export function derivedFrom<T>(
  session: VaultSession,
  key: string,
  tables: readonly string[],
  load: () => { value: T; until?: number },
): T {
  const { store } = session;
  return store.read(() => {
    const stamp = store.changeStamp(tables);
    const entry = session.cache.get(key) as Derived<T> | undefined;
    if (entry && entry.stamp === stamp && session.clock.now() < entry.until) return entry.value;
    const { value, until = Infinity } = load();
    session.cache.set(key, { stamp, until, value } satisfies Derived<T>);
    return value;
  });
}
