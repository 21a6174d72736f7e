import type { Migration } from './migration';

/**
 * The tamper-evident audit trail: an append-only, hash-chained event list and
 * the Ed25519-signed checkpoints over its head. Events carry ids and enums,
 * never secrets or free text, so they are stored in the clear and can be
 * filtered by SQL; the chain makes any edit, deletion or reordering visible.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'audit-trail',
  up(db) {
    db.exec(`
      CREATE TABLE audit_events (
        seq        INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        actor      TEXT    NOT NULL,
        kind       TEXT    NOT NULL,
        account_id INTEGER,
        person_id  INTEGER,
        details    TEXT    NOT NULL,
        prev_hash  BLOB    NOT NULL,
        hash       BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_account ON audit_events (account_id, seq) WHERE account_id IS NOT NULL;
      CREATE INDEX audit_by_person ON audit_events (person_id, seq) WHERE person_id IS NOT NULL;
      CREATE INDEX audit_by_kind ON audit_events (kind, seq);
      CREATE INDEX audit_by_time ON audit_events (at);

      CREATE TABLE audit_checkpoints (
        seq       INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        head_hash BLOB    NOT NULL,
        signature BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
