import type { Migration } from './migration';

/**
 * Takeovers (a guest runs an account for a while on a temporary password that
 * is changed back afterwards) and the record of every one-time credential
 * issued (the code is never stored; the ticket is sealed under it).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'takeovers',
  up(db) {
    db.exec(`
      CREATE TABLE takeovers (
        id                    INTEGER PRIMARY KEY,
        account_id            INTEGER NOT NULL REFERENCES accounts (id),
        person_id             INTEGER NOT NULL REFERENCES people (id),
        grant_id              INTEGER NOT NULL REFERENCES grants (id),
        starts_at             INTEGER NOT NULL,
        ends_at               INTEGER NOT NULL,
        reason                BLOB    NOT NULL,
        includes_totp         INTEGER NOT NULL CHECK (includes_totp IN (0, 1)),
        created_at            INTEGER NOT NULL,
        draft_id              INTEGER REFERENCES rotation_drafts (id),
        temporary_set_at      INTEGER,
        ended_at              INTEGER,
        obligation_id         INTEGER REFERENCES rotation_obligations (id),
        closed_at             INTEGER,
        closed_by_rotation_id INTEGER REFERENCES rotations (id),
        cancelled_at          INTEGER,
        CHECK (ends_at > starts_at)
      ) STRICT;
      CREATE INDEX takeovers_by_account ON takeovers (account_id, starts_at);
      CREATE INDEX takeovers_open ON takeovers (ends_at) WHERE ended_at IS NULL AND cancelled_at IS NULL;

      CREATE TABLE issued_tickets (
        id            TEXT    PRIMARY KEY,
        account_id    INTEGER NOT NULL REFERENCES accounts (id),
        person_id     INTEGER NOT NULL REFERENCES people (id),
        grant_id      INTEGER REFERENCES grants (id),
        takeover_id   INTEGER REFERENCES takeovers (id),
        issued_at     INTEGER NOT NULL,
        not_before    INTEGER NOT NULL,
        not_after     INTEGER NOT NULL,
        includes_totp INTEGER NOT NULL CHECK (includes_totp IN (0, 1))
      ) STRICT;
      CREATE INDEX issued_tickets_by_grant ON issued_tickets (grant_id, issued_at);

      -- A draft may hold a takeover's temporary password rather than a rotation.
      ALTER TABLE rotation_drafts ADD COLUMN purpose TEXT NOT NULL DEFAULT 'rotation'
        CHECK (purpose IN ('rotation', 'takeover'));
    `);
  },
};
