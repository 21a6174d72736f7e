import type { Migration } from './migration';

/**
 * Everything in the file authenticated: a `mac` column on every table (the
 * audit events excepted: their chain is keyed instead), an unkeyed checksum
 * of the header's unlock columns (damage versus a wrong passphrase, before
 * the KDF runs), and the integrity record that holds per-table row counts
 * and MAC digests, the audit head and the last signed checkpoint, so that
 * deleted or rolled-back rows and a truncated trail are caught. The rows
 * already in the file are sealed in the same transaction (migrations run
 * after unlock, with the vault key): a vault at this version never has an
 * unsealed row.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'authenticated',
  up(db, ctx) {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_events'
            ORDER BY name`,
        )
        .pluck()
        .all() as string[]
    ).filter((name) => /^[a-z_]+$/.test(name));
    for (const table of tables) db.exec(`ALTER TABLE ${table} ADD COLUMN mac BLOB`);
    db.exec(`
      ALTER TABLE vault_header ADD COLUMN checksum BLOB;

      CREATE TABLE vault_integrity (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        commits          INTEGER NOT NULL,
        tables           TEXT    NOT NULL,
        audit_keyed_from INTEGER NOT NULL,
        audit_seq        INTEGER NOT NULL,
        audit_hash       BLOB,
        checkpoint_seq   INTEGER NOT NULL,
        checkpoint_hash  BLOB,
        mac              BLOB
      ) STRICT;
    `);
    ctx.resealAll();
  },
};
