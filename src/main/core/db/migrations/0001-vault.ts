import type { Migration } from './migration';

/**
 * The first schema: the vault header, settings, accounts and their secrets.
 * Free text (handles, names, URLs, notes) and every secret are stored as
 * FieldCipher ciphertexts; ids, enums and timestamps stay plaintext so SQL can
 * filter and count without the key.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'vault',
  up(db) {
    db.exec(`
      CREATE TABLE vault_header (
        id                    INTEGER PRIMARY KEY CHECK (id = 1),
        format                INTEGER NOT NULL,
        vault_id              TEXT    NOT NULL,
        created_at            INTEGER NOT NULL,
        kdf_algorithm         TEXT    NOT NULL,
        kdf_ops_limit         INTEGER NOT NULL,
        kdf_mem_limit         INTEGER NOT NULL,
        kdf_salt              BLOB    NOT NULL,
        verifier              BLOB    NOT NULL,
        wrapped_key           BLOB    NOT NULL,
        signing_public_key    BLOB    NOT NULL,
        signing_secret_key    BLOB    NOT NULL,
        owner                 BLOB    NOT NULL,
        failed_unlocks        INTEGER NOT NULL DEFAULT 0,
        last_failed_unlock_at INTEGER
      ) STRICT;

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id              INTEGER PRIMARY KEY,
        platform        TEXT    NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN ('active', 'archived')),
        two_factor      TEXT    NOT NULL,
        handle          BLOB    NOT NULL,
        handle_index    BLOB    NOT NULL,
        display_name    BLOB,
        url             BLOB,
        department      BLOB,
        manager         BLOB,
        purpose         BLOB,
        monitored_hours BLOB,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        archived_at     INTEGER
      ) STRICT;
      CREATE INDEX accounts_by_handle ON accounts (handle_index);
      CREATE INDEX accounts_by_status ON accounts (status, platform);

      CREATE TABLE account_secrets (
        account_id          INTEGER PRIMARY KEY REFERENCES accounts (id),
        password            BLOB,
        totp                BLOB,
        recovery_codes      BLOB,
        notes               BLOB,
        password_changed_at INTEGER,
        updated_at          INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
