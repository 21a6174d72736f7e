import { migration0001 } from './0001-vault';
import { migration0002 } from './0002-audit-trail';
import { migration0003 } from './0003-access-log';
import { migration0004 } from './0004-rotation';
import { migration0005 } from './0005-takeovers';
import { migration0006 } from './0006-escrow';
import { migration0007 } from './0007-authenticated';
import { migration0008 } from './0008-sign-in-name';
import { migration0009 } from './0009-rules-that-bite';
import { migration0010 } from './0010-register-fields';
import type { Migration } from './migration';

/** In order; each version exactly one more than the last. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
