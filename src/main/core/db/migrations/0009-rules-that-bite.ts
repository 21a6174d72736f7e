import type { Migration } from './migration';

/**
 * Rules that bite: what lets the vault refuse a rotation that changes nothing
 * and keep obligations open until the thing they ask for has happened.
 *
 * - Keyed password hashes (BLAKE2b under a vault subkey, bound to the
 *   account) beside the current password, each history entry and each
 *   takeover's temporary password, so a new password is compared without
 *   opening the whole history, and the file shows nothing without the key.
 *   Existing rows are filled in at the next unlock (the key is needed).
 * - A "re-enrol two-factor" obligation kind, for a TOTP seed that has left
 *   the vault; it is met by a new seed, not by a password. SQLite cannot
 *   change a CHECK constraint in place, so the obligations table is rebuilt
 *   (same columns, same rows, same ids; foreign keys re-checked before commit).
 * - The strength override reason of the current password, sealed; the
 *   overrides a rotation was recorded with, sealed; what a rotation in
 *   progress was accepted with (confirmed reuse, override reasons), sealed.
 * - What happened to an archived account on its platform, and on which date.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'rules-that-bite',
  rebuildsTables: true,
  up(db, ctx) {
    db.exec(`
      CREATE TABLE rotation_obligations_rebuilt (
        id                      INTEGER PRIMARY KEY,
        account_id              INTEGER NOT NULL REFERENCES accounts (id),
        reason_kind             TEXT    NOT NULL CHECK (reason_kind IN
                                  ('leaver', 'mover', 'quarterly', 'takeover_end', 'escrow_opened', 'compromise', 'manual',
                                   'reenrol_totp')),
        reason_detail           BLOB,
        person_id               INTEGER REFERENCES people (id),
        created_at              INTEGER NOT NULL,
        due_at                  INTEGER NOT NULL,
        resolved_at             INTEGER,
        resolved_by_rotation_id INTEGER,
        mac                     BLOB
      ) STRICT;
      INSERT INTO rotation_obligations_rebuilt
             (id, account_id, reason_kind, reason_detail, person_id, created_at, due_at, resolved_at, resolved_by_rotation_id, mac)
      SELECT id, account_id, reason_kind, reason_detail, person_id, created_at, due_at, resolved_at, resolved_by_rotation_id, mac
        FROM rotation_obligations;
      DROP TABLE rotation_obligations;
      ALTER TABLE rotation_obligations_rebuilt RENAME TO rotation_obligations;
      CREATE INDEX obligations_open ON rotation_obligations (account_id) WHERE resolved_at IS NULL;
      CREATE INDEX obligations_due ON rotation_obligations (due_at) WHERE resolved_at IS NULL;

      ALTER TABLE account_secrets ADD COLUMN password_hash BLOB;
      ALTER TABLE account_secrets ADD COLUMN strength_override BLOB;
      ALTER TABLE password_history ADD COLUMN password_hash BLOB;
      ALTER TABLE takeovers ADD COLUMN temporary_hash BLOB;
      ALTER TABLE rotations ADD COLUMN overrides BLOB;
      ALTER TABLE rotation_drafts ADD COLUMN acceptance BLOB;

      ALTER TABLE accounts ADD COLUMN platform_closure TEXT
        CHECK (platform_closure IS NULL OR platform_closure IN ('deleted', 'deactivated', 'left_open'));
      ALTER TABLE accounts ADD COLUMN platform_closed_on TEXT;
    `);
    // The new columns are part of every row's MAC (and the rebuilt table's rows are new rows).
    ctx.resealAll();
  },
};
