#!/usr/bin/env node
// The `custodian` command in a checkout: runs the TypeScript sources through
// tsx, so `npx custodian` works right after `npm ci` with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`custodian: Node >= 22.12 is required (this is ${process.versions.node})\n`);
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
