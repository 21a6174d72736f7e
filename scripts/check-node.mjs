// Refuses to go on under a Node.js older than package.json's "engines" asks
// for, in one line. Run before `npm start`, `npm run dev` and `npm test`
// (their pre-scripts) and by bin/custodian.mjs. Written in syntax every Node
// since 14 parses, so that an old Node reaches the message rather than a
// syntax error.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);

/** The minimum [major, minor] from package.json's engines.node (">=22.13"). */
function requiredVersion() {
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const match = /^>=\s*(\d+)\.(\d+)/.exec(manifest.engines.node);
  return [Number(match[1]), Number(match[2])];
}

/** One line saying what is needed and how to get it, or null when this Node is new enough. */
export function nodeTooOld(current = process.versions.node) {
  const [needMajor, needMinor] = requiredVersion();
  const [major, minor] = current.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return (
    `Custodian needs Node.js >= ${needMajor}.${needMinor} (this is ${current}): install Node ${needMajor} LTS ` +
    `from https://nodejs.org/ or with a version manager (nvm install ${needMajor}), then run this again.`
  );
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const message = nodeTooOld();
  if (message) {
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}
