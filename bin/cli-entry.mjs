// Which code `custodian` runs: the compiled CLI (out/cli/custodian.mjs, built
// by `npm run build:cli`, which `npm install`/`npm ci` run through "prepare")
// while it is at least as new as every source file it was built from (listed
// in out/cli/sources.json); otherwise the TypeScript sources through tsx, so
// an edited checkout never runs stale code.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root the checkout (the folder holding package.json)
 * @returns {{ kind: 'bundle', path: string } | { kind: 'sources', path: string, reason: string }}
 */
export function cliEntry(root) {
  const bundle = join(root, 'out', 'cli', 'custodian.mjs');
  const sources = { kind: 'sources', path: join(root, 'src', 'main', 'cli', 'main.ts') };
  let built;
  let listed;
  try {
    built = statSync(bundle).mtimeMs;
    listed = JSON.parse(readFileSync(join(root, 'out', 'cli', 'sources.json'), 'utf8')).sources;
  } catch {
    return { ...sources, reason: 'no compiled CLI' };
  }
  if (!Array.isArray(listed) || listed.length === 0) return { ...sources, reason: 'no source list' };
  for (const file of listed) {
    let changed;
    try {
      changed = statSync(join(root, file)).mtimeMs;
    } catch {
      return { ...sources, reason: `${file} is gone` };
    }
    if (changed > built) return { ...sources, reason: `${file} is newer than the compiled CLI` };
  }
  return { kind: 'bundle', path: bundle };
}
