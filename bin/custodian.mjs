#!/usr/bin/env node
// The `custodian` command in a checkout. Runs the compiled CLI when it is up
// to date with the sources, else the TypeScript sources through tsx (see
// bin/cli-entry.mjs), so `npx custodian` works right after `npm ci`, with or
// without a build.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeTooOld } from '../scripts/check-node.mjs';

const tooOld = nodeTooOld();
if (tooOld) {
  process.stderr.write(`custodian: ${tooOld}\n`);
  process.exit(2);
}
const { cliEntry } = await import('./cli-entry.mjs');
const entry = cliEntry(fileURLToPath(new URL('..', import.meta.url)));
if (entry.kind === 'sources') {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import(pathToFileURL(entry.path).href);
process.exitCode = await main(process.argv.slice(2));
