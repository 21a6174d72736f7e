/**
 * Terminal input and output for the CLI. Secrets are read without echo from
 * the terminal itself (/dev/tty), so a password piped on stdin and a
 * passphrase typed at a prompt never get mixed up, and never from arguments,
 * which end up in shell history.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CustodianError } from '../core/errors';
import { stagedExport } from '../core/files/staged-file';
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

/**
 * Reads a file someone handed over: only a regular file (not a device like
 * /dev/zero, a FIFO, a socket or a folder), and never more than it could be:
 * the read itself stops at the cap, so a file whose size the file system
 * misreports (or that grows while read) cannot make it hang or fill memory.
 * Opened non-blocking, so a FIFO given by mistake is refused, not waited on.
 */
export function readInput(path: string, maxChars: number, what: string): string {
  // UTF-8 text of at most maxChars characters is at most 4 bytes a character.
  return readInputBytes(path, maxChars * 4, what).toString('utf8');
}

/** readInput for a binary file (a signed PDF report): at most `cap` bytes. */
export function readInputBytes(path: string, cap: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError('read', path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw fileError('read', path, folderError());
    if (!stat.isFile())
      throw new CustodianError('invalid_input', `${path} is not a regular file, so it cannot be ${what}`);
    if (stat.size > cap) throw new CustodianError('invalid_input', `${path} is too large to be ${what}`);
    const buffer = Buffer.alloc(Math.min(cap, stat.size) + 1);
    let length = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (error) {
        throw fileError('read', path, error);
      }
      if (read === 0) break;
      length += read;
      if (length === buffer.length) throw new CustodianError('invalid_input', `${path} is too large to be ${what}`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Saves an export or a ticket to a new file: never over an existing one (it
 * might be evidence, or another person's ticket), readable by the user only,
 * and failing closed (core/files/staged-file.ts): `action` writes through the
 * sink into a temporary file in the same folder, which gets its name only
 * after the action's transaction has committed. `onPublishFailed` records a
 * committed export whose file could not be moved into place.
 */
export function saveNewFile<T>(
  path: string,
  action: (sink: (content: string) => void) => T | Promise<T>,
  onPublishFailed?: () => void,
): Promise<T> {
  return stagedExport(path, action, onPublishFailed ? { onPublishFailed } : {});
}

/** A new file claimed before an action whose result goes in it. */
export interface ReservedFile {
  readonly path: string;
  write(content: string): void;
}

/**
 * Runs an action whose result goes in a new file, claiming its folder first:
 * a path that cannot be written is refused before anything in the vault
 * changes (no takeover without its ticket, no opening without its notice),
 * and nothing is left behind if the action fails.
 */
export function fillNewFile<T>(
  path: string,
  action: (file: ReservedFile) => Promise<T>,
  onPublishFailed?: () => void,
): Promise<T> {
  return saveNewFile(path, (sink) => action({ path, write: sink }), onPublishFailed);
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

/** Saves like saveNewFile, but may replace a file that checkReplaceable accepts (a calendar refreshed). */
export function saveReplaceable<T>(
  path: string,
  signature: RegExp,
  what: string,
  action: (sink: (content: string) => void) => T | Promise<T>,
  onPublishFailed?: () => void,
): Promise<T> {
  checkReplaceable(path, signature, what);
  return stagedExport(path, action, { replace: true, ...(onPublishFailed ? { onPublishFailed } : {}) });
}
