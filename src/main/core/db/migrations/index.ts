import { migration0001 } from './0001-vault';
import type { Migration } from './migration';

/** In order; each version exactly one more than the last. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
