/** A CliIo that records what the command line prints, with a chosen environment and stdin. */
import type { CliIo } from '../../src/main/cli/io';
import { main } from '../../src/main/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Prompts shown (the fake terminal never answers them). */
  prompts: string[];
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** What is piped on stdin; null (the default) means stdin is a terminal. */
  stdin?: string | null;
  /** Answers to no-echo prompts in order; null means there is no terminal. */
  answers?: (string | null)[];
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    stdout: (text) => out.push(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => err.push(text.endsWith('\n') ? text : `${text}\n`),
    // Nothing from the real environment leaks in (no CUSTODIAN_VAULT, no real HOME).
    env: { HOME: '/nonexistent-home', ...options.env },
    readStdin: async () => options.stdin ?? null,
    promptSecret: async (prompt) => {
      prompts.push(prompt);
      return answers.length ? (answers.shift() ?? null) : null;
    },
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join(''), prompts };
}
