/**
 * Child process of footprint.bench.ts: opens a vault and reports resident
 * memory in MiB as one JSON line, {"first": ..., "after": ...}.
 *   unlocked N: unlock and list once; first = after = RSS then.
 *   cycles N:   N times unlock, list, lock; first = RSS after the first cycle, after = after the last.
 */
import { benchCore, PASSPHRASE } from './fixtures';

const [path, mode, count] = process.argv.slice(2);
const rss = () => {
  (globalThis.gc as (() => void) | undefined)?.();
  return process.memoryUsage().rss / 2 ** 20;
};
const core = await benchCore(path!);
let first = 0;
for (let i = 0; i < Number(count); i++) {
  await core.vault.unlock(PASSPHRASE);
  core.accounts.list();
  if (mode === 'cycles') core.vault.lock();
  if (i === 0) first = rss();
}
const after = rss();
await core.dispose();
console.log(JSON.stringify({ first, after }));
