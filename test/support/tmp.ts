/** Temporary folders for vault files, removed when the test file finishes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Makes a fresh folder now and removes it (with everything in it) after the file's tests. */
export function useTempDir(prefix = 'custodian-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
/** A path in `dir` that does not exist yet. */
export function freshPath(dir: string, name = 'vault'): string {
  counter += 1;
  return join(dir, `${name}-${process.pid}-${counter}.custodian`);
}
