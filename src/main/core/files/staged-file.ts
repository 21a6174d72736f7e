/**
 * Exports that fail closed. An export's file is written to a temporary file
 * in the target folder inside the action's transaction; only after the
 * transaction (with its audit event) has committed is it moved to its name.
 * A commit that fails (a full disk) leaves no file behind; a move that fails
 * after the commit is recorded, so the trail never shows an export that
 * silently did not happen, and a file never exists without its event.
 */
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CustodianError } from '../errors';

export interface StageOptions {
  /** Replace an existing file at the path (a save dialog asked; a calendar refreshed). Default: never. */
  replace?: boolean;
  /** Writes the temporary file's content; default: here, with fsync. */
  write?: (tempPath: string, content: string | Uint8Array) => void;
  /** Called when the committed export could not be moved to its name (to record the failure). */
  onPublishFailed?: (error: CustodianError) => void;
}

/** Why a file cannot be written, in words. */
export function writeError(path: string, error: unknown): CustodianError {
  if (error instanceof CustodianError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EEXIST'
      ? 'the file already exists'
      : code === 'ENOENT'
        ? `the folder ${dirname(path)} does not exist`
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : (code ?? (error as Error).message);
  return new CustodianError('io', `Cannot write ${path}: ${reason}`);
}

function writeHere(tempPath: string, content: string | Uint8Array): void {
  const fd = openSync(tempPath, 'w', 0o600);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `action` with a sink that stages the export; publishes the file only
 * once the action (and so its transaction) has returned. The temporary file
 * is claimed first, so a folder that cannot be written is refused before
 * anything in the vault changes.
 */
export async function stagedExport<T>(
  path: string,
  action: (sink: (content: string | Uint8Array) => void) => T | Promise<T>,
  options: StageOptions = {},
): Promise<T> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
  try {
    closeSync(openSync(temp, 'wx', 0o600));
  } catch (error) {
    throw writeError(path, error);
  }
  let written = false;
  const discard = () => {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone: nothing to clean up.
    }
  };
  let result: T;
  try {
    if (!options.replace) refuseExisting(path);
    result = await action((content) => {
      try {
        if (options.write) {
          // A shell's writer creates the file itself (perhaps refusing an existing one): hand it the name free.
          unlinkSync(temp);
          options.write(temp, content);
        } else writeHere(temp, content);
        written = true;
      } catch (error) {
        throw writeError(path, error);
      }
    });
  } catch (error) {
    discard();
    throw error;
  }
  if (!written) {
    discard();
    return result;
  }
  try {
    // link() never replaces: an existing file (evidence, someone's ticket) stays as it was.
    if (options.replace) renameSync(temp, path);
    else {
      linkSync(temp, path);
      unlinkSync(temp);
    }
  } catch (error) {
    discard();
    const failure = new CustodianError(
      'io',
      `The export was recorded but could not be saved: ${writeError(path, error).message.replace(/^Cannot write /, '')}`,
    );
    options.onPublishFailed?.(failure);
    throw failure;
  }
  return result;
}

function refuseExisting(path: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })) {
    throw writeError(path, Object.assign(new Error('exists'), { code: 'EEXIST' }));
  }
}
