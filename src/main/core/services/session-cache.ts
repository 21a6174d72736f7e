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
