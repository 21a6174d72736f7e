/**
 * Child process of footprint.bench.ts: opens a vault and reports resident
 * memory in MiB as one JSON line, {"first": ..., "after": ...}.
 *   unlocked N: unlock and list once; first = after = RSS then.
 *   cycles N:   N times unlock, list, lock; first = RSS after the first cycle, after = after the last.
 *
 * Each cycle ends with a turn of the event loop, as the app's does between two
 * requests: better-sqlite3 frees a statement's native memory in a Node-API
 * finalizer, which Node runs from the event loop after a collection, so a
 * loop that only awaits promises never frees any (measured here: 200 statements
 * a cycle grew RSS by 620 MiB over 1,000 cycles that way, and by 13 MiB with a
 * setImmediate between cycles).
 */
import { benchCore, PASSPHRASE } from './fixtures';

const [path, mode, count] = process.argv.slice(2);
const turn = () => new Promise((resolve) => setImmediate(resolve));
const rss = async () => {
  (globalThis.gc as (() => void) | undefined)?.();
  await turn();
  return process.memoryUsage().rss / 2 ** 20;
};
const core = await benchCore(path!);
let first = 0;
for (let i = 0; i < Number(count); i++) {
  await core.vault.unlock(PASSPHRASE);
  core.accounts.list();
  if (mode === 'cycles') core.vault.lock();
  await turn();
  if (i === 0) first = await rss();
}
const after = await rss();
await core.dispose();
console.log(JSON.stringify({ first, after }));
