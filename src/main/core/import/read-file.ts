/**
 * Reading an import file from disk (the CLI's argument, the app's file
 * dialog): a regular file only, refused before reading when over the cap, read
 * straight into memory and never copied anywhere.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_IMPORT_BYTES } from '../../../shared/domain/import';
import { CustodianError } from '../errors';

/** Reads a regular file, refusing anything over the cap before reading it. */
export function readImportFile(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CustodianError(
      'io',
      code === 'ENOENT' ? `No file at ${path}` : `Cannot read ${path} (${code ?? 'error'})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CustodianError('io', `${path} is not a regular file`);
    if (stat.size > MAX_IMPORT_BYTES) {
      throw new CustodianError(
        'invalid_input',
        `${path} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: no export of accounts is that big`,
      );
    }
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
