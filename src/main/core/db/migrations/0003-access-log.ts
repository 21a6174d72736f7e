import type { Migration } from './migration';

/**
 * The access log: the people directory, grants of access to accounts (never
 * deleted: revocation is a second timestamp), rotation obligations created
 * when someone leaves or moves (consumed by rotation work), and each account's
 * overall manager as a person.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'access-log',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id           INTEGER PRIMARY KEY,
        name         BLOB    NOT NULL,
        email        BLOB    NOT NULL,
        email_index  BLOB    NOT NULL UNIQUE,
        role         BLOB,
        department   BLOB,
        status       TEXT    NOT NULL CHECK (status IN ('active', 'moved', 'left')),
        status_date  TEXT,
        status_note  BLOB,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX people_by_status ON people (status);

      CREATE TABLE grants (
        id            INTEGER PRIMARY KEY,
        account_id    INTEGER NOT NULL REFERENCES accounts (id),
        person_id     INTEGER NOT NULL REFERENCES people (id),
        kind          TEXT    NOT NULL CHECK (kind IN ('standing', 'takeover', 'emergency')),
        granted_by    INTEGER REFERENCES people (id),
        granted_at    INTEGER NOT NULL,
        reason        BLOB    NOT NULL,
        ends_at       INTEGER,
        revoked_at    INTEGER,
        revoked_by    INTEGER REFERENCES people (id),
        revoke_reason BLOB,
        CHECK (ends_at IS NULL OR ends_at > granted_at),
        CHECK (revoked_at IS NULL OR revoked_at >= granted_at),
        CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
      ) STRICT;
      CREATE INDEX grants_by_account ON grants (account_id, granted_at);
      CREATE INDEX grants_by_person ON grants (person_id, granted_at);
      CREATE INDEX grants_open ON grants (account_id, person_id) WHERE revoked_at IS NULL;

      CREATE TABLE rotation_obligations (
        id                      INTEGER PRIMARY KEY,
        account_id              INTEGER NOT NULL REFERENCES accounts (id),
        reason_kind             TEXT    NOT NULL CHECK (reason_kind IN
                                  ('leaver', 'mover', 'quarterly', 'takeover_end', 'escrow_opened', 'compromise', 'manual')),
        reason_detail           BLOB,
        person_id               INTEGER REFERENCES people (id),
        created_at              INTEGER NOT NULL,
        due_at                  INTEGER NOT NULL,
        resolved_at             INTEGER,
        resolved_by_rotation_id INTEGER
      ) STRICT;
      CREATE INDEX obligations_open ON rotation_obligations (account_id) WHERE resolved_at IS NULL;
      CREATE INDEX obligations_due ON rotation_obligations (due_at) WHERE resolved_at IS NULL;

      ALTER TABLE accounts ADD COLUMN manager_person_id INTEGER REFERENCES people (id);
    `);
  },
};
