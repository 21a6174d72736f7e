/**
 * Terminal input and output for the CLI. Secrets are read without echo from
 * the terminal itself (/dev/tty), so a password piped on stdin and a
 * passphrase typed at a prompt never get mixed up, and never from arguments,
 * which end up in shell history.
 */
import { openSync, writeFileSync } from 'node:fs';
import { CustodianError } from '../core/errors';
import { ReadStream } from 'node:tty';
import { UsageError } from './usage-error';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Reads all of stdin, or null when stdin is a terminal. */
  readStdin: () => Promise<string | null>;
  /** Prompts on the terminal without echo; null when there is no terminal. */
  promptSecret: (prompt: string) => Promise<string | null>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  readStdin: async () => {
    if (process.stdin.isTTY) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  promptSecret: promptOnTty,
};

async function promptOnTty(prompt: string): Promise<string | null> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    return null;
  }
  const input = new ReadStream(fd);
  process.stderr.write(prompt);
  input.setRawMode(true);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (result: string | null, error?: Error) => {
      input.setRawMode(false);
      input.removeAllListeners('data');
      input.destroy();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(result);
    };
    input.on('data', (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(value);
        if (char === '\u0003') return finish(null, new UsageError('Cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    });
  });
}

/** Strips exactly one trailing newline, as `echo` and heredocs add it. */
export function stripTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** A fixed-width text table for human output. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * Creates a file for an export or a ticket: never over an existing one (it
 * might be evidence, or another person's ticket), readable by the user only.
 */
export function writeNewFile(path: string, content: string): void {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file already exists' : (error as Error).message;
    throw new CustodianError('io', `Cannot write ${path}: ${reason}`);
  }
}
