/**
 * Runs a Node script as its own process, the way a user's shell runs the
 * `custodian` command: a clean environment (only PATH, a temporary HOME and the
 * test passphrase, plus what the test adds), stdin from `input`, and the exit
 * code and both streams back.
 */
import { spawnSync } from 'node:child_process';
import { PASSPHRASE } from './vault';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  /** The HOME the process sees (a test's temporary folder). */
  home: string;
  input?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export function runNodeScript(
  script: string,
  args: string[],
  { home, input = '', env = {} }: ProcessOptions,
): ProcessRun {
  const result = spawnSync(process.execPath, [script, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: home, CUSTODIAN_PASSPHRASE: PASSPHRASE, ...env },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
