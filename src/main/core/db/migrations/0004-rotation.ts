import type { Migration } from './migration';

/**
 * Rotation: the record of each password change (with the previous password
 * kept, sealed, in case the platform change did not take), rotation drafts
 * (the new password is saved before the manager changes it on the platform,
 * so a crash in between cannot lose it), compromise incidents, and a
 * per-account override of the vault's rotation period.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'rotation',
  up(db) {
    db.exec(`
      CREATE TABLE rotations (
        id               INTEGER PRIMARY KEY,
        account_id       INTEGER NOT NULL REFERENCES accounts (id),
        rotated_at       INTEGER NOT NULL,
        note             BLOB,
        totp_changed     INTEGER NOT NULL CHECK (totp_changed IN (0, 1)),
        recovery_changed INTEGER NOT NULL CHECK (recovery_changed IN (0, 1))
      ) STRICT;
      CREATE INDEX rotations_by_account ON rotations (account_id, rotated_at);

      CREATE TABLE password_history (
        id          INTEGER PRIMARY KEY,
        account_id  INTEGER NOT NULL REFERENCES accounts (id),
        rotation_id INTEGER REFERENCES rotations (id),
        password    BLOB    NOT NULL,
        set_at      INTEGER,
        replaced_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX password_history_by_account ON password_history (account_id, replaced_at);

      CREATE TABLE rotation_drafts (
        id             INTEGER PRIMARY KEY,
        account_id     INTEGER NOT NULL REFERENCES accounts (id),
        created_at     INTEGER NOT NULL,
        password       BLOB    NOT NULL,
        totp           BLOB,
        recovery_codes BLOB,
        state          TEXT    NOT NULL CHECK (state IN ('pending', 'confirmed', 'abandoned')),
        finished_at    INTEGER,
        rotation_id    INTEGER REFERENCES rotations (id)
      ) STRICT;
      CREATE UNIQUE INDEX one_pending_draft ON rotation_drafts (account_id) WHERE state = 'pending';

      CREATE TABLE incidents (
        id          INTEGER PRIMARY KEY,
        account_id  INTEGER NOT NULL REFERENCES accounts (id),
        reported_at INTEGER NOT NULL,
        note        BLOB    NOT NULL,
        steps       TEXT    NOT NULL DEFAULT '{}',
        closed_at   INTEGER
      ) STRICT;
      CREATE INDEX incidents_open ON incidents (account_id) WHERE closed_at IS NULL;

      ALTER TABLE accounts ADD COLUMN rotation_days INTEGER CHECK (rotation_days IS NULL OR rotation_days > 0);
    `);
  },
};
