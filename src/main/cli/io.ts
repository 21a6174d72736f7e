/**
 * Terminal input and output for the CLI. Secrets are read without echo from
 * the terminal itself (/dev/tty), so a password piped on stdin and a
 * passphrase typed at a prompt never get mixed up, and never from arguments,
 * which end up in shell history.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Why a file cannot be read or written, in words rather than errno jargon. */
function fileError(verb: 'read' | 'write', path: string, error: unknown): CustodianError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EEXIST'
      ? 'the file already exists'
      : code === 'ENOENT'
        ? verb === 'read'
          ? 'no such file'
          : `the folder ${dirname(path)} does not exist`
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? (verb === 'read' ? 'error' : (error as Error).message));
  return new CustodianError('io', `Cannot ${verb} ${path}: ${reason}`);
}

const folderError = () => Object.assign(new Error('folder'), { code: 'EISDIR' });

/** Reads a file someone handed over, refusing one too large to be what it claims. */
export function readInput(path: string, maxChars: number, what: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw folderError();
    size = stat.size;
  } catch (error) {
    throw fileError('read', path, error);
  }
  // UTF-8 text of at most maxChars characters is at most 4 bytes a character.
  if (size > maxChars * 4) throw new CustodianError('invalid_input', `${path} is too large to be ${what}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError('read', path, error);
  }
}

/**
 * Creates a file for an export or a ticket: never over an existing one (it
 * might be evidence, or another person's ticket), readable by the user only.
 */
export function writeNewFile(path: string, content: string): void {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    throw fileError('write', path, error);
  }
}

/** A new, still empty file claimed before an action whose result goes in it. */
export interface ReservedFile {
  readonly path: string;
  write(content: string): void;
}

/**
 * Runs an action whose result goes in a new file, claiming the file first (as
 * writeNewFile would create it): a path that cannot be written is refused
 * before anything in the vault changes (no takeover without its ticket, no
 * opening without its notice), and the file is removed again if the action fails.
 */
export async function fillNewFile<T>(path: string, action: (file: ReservedFile) => Promise<T>): Promise<T> {
  let fd: number | null;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    throw fileError('write', path, error);
  }
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  const file: ReservedFile = {
    path,
    write(content) {
      if (fd === null) throw new CustodianError('io', `Cannot write ${path}: already written`);
      try {
        writeFileSync(fd, content);
      } catch (error) {
        throw fileError('write', path, error);
      } finally {
        close();
      }
    },
  };
  try {
    return await action(file);
  } catch (error) {
    try {
      close();
      unlinkSync(path);
    } catch {
      // Already gone, or never ours to remove: nothing more to do.
    }
    throw error;
  }
}

/**
 * Writes a file that may replace an earlier one of the same kind, recognised
 * by how it starts (`signature`), but never anything else: not the vault, not
 * a document that happens to have the name.
 */
export function checkReplaceable(path: string, signature: RegExp, what: string): void {
  let head: string;
  try {
    if (!statSync(path).isFile()) throw folderError();
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(512);
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileError('write', path, error);
  }
  if (!signature.test(head)) {
    throw new CustodianError('io', `Cannot write ${path}: the file exists and is not ${what}`);
  }
}

/** Writes `content`, replacing only a file that checkReplaceable accepted. */
export function writeReplaceable(path: string, content: string, signature: RegExp, what: string): void {
  checkReplaceable(path, signature, what);
  try {
    writeFileSync(path, content, { mode: 0o600 });
  } catch (error) {
    throw fileError('write', path, error);
  }
}
