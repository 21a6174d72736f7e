import type { Migration } from './migration';

/**
 * Emergency escrow. Both roles live in any vault (one vault may be both):
 *
 * Press-team side: the press key pair (secret half sealed) and its signed
 * card; the officers of a quorum card (each secret key wrapped under the
 * officer's passphrase, then sealed); the issuers whose signing keys were
 * pinned on first import; the bundles received (the signed file and its
 * decrypted manifest, both sealed; the secrets inside stay sealed to the
 * press key); each break-glass opening with its reason and notice (sealed).
 *
 * Manager side: the press cards imported after a fingerprint check; each
 * bundle exported, with, per escrowed account, what staleness is judged
 * against (password change time and a keyed digest of the escrowed
 * secrets); the break-glass notices imported.
 *
 * Names, reasons and files are FieldCipher ciphertexts; ids, times, counts,
 * fingerprints and public keys are plaintext so SQL can look them up.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'escrow',
  up(db) {
    db.exec(`
      CREATE TABLE press_keys (
        id          INTEGER PRIMARY KEY,
        created_at  INTEGER NOT NULL,
        fingerprint TEXT    NOT NULL UNIQUE CHECK (length(fingerprint) = 30),
        public_key  BLOB    NOT NULL CHECK (length(public_key) = 32),
        secret_key  BLOB    NOT NULL,
        card        BLOB    NOT NULL,
        quorum_k    INTEGER CHECK (quorum_k IS NULL OR quorum_k >= 2),
        retired_at  INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX one_active_press_key ON press_keys (retired_at IS NULL) WHERE retired_at IS NULL;

      CREATE TABLE press_officers (
        id                 INTEGER PRIMARY KEY,
        press_key_id       INTEGER NOT NULL REFERENCES press_keys (id),
        position           INTEGER NOT NULL CHECK (position >= 0),
        name               BLOB    NOT NULL,
        public_key         BLOB    NOT NULL CHECK (length(public_key) = 32),
        wrapped_secret_key BLOB    NOT NULL,
        kdf_algorithm      TEXT    NOT NULL,
        kdf_ops_limit      INTEGER NOT NULL,
        kdf_mem_limit      INTEGER NOT NULL,
        kdf_salt           BLOB    NOT NULL,
        UNIQUE (press_key_id, position)
      ) STRICT;

      CREATE TABLE escrow_issuers (
        id          INTEGER PRIMARY KEY,
        vault_id    TEXT    NOT NULL UNIQUE,
        signing_key BLOB    NOT NULL CHECK (length(signing_key) = 32),
        name        BLOB    NOT NULL,
        pinned_at   INTEGER NOT NULL,
        repinned_at INTEGER
      ) STRICT;

      CREATE TABLE escrow_bundles (
        id            INTEGER PRIMARY KEY,
        bundle_id     TEXT    NOT NULL UNIQUE,
        issuer_id     INTEGER NOT NULL REFERENCES escrow_issuers (id),
        press_key_id  INTEGER NOT NULL REFERENCES press_keys (id),
        created_at    INTEGER NOT NULL,
        imported_at   INTEGER NOT NULL,
        account_count INTEGER NOT NULL,
        mode          TEXT    NOT NULL CHECK (mode IN ('single', 'quorum')),
        audit_seq     INTEGER NOT NULL,
        superseded_by INTEGER REFERENCES escrow_bundles (id),
        file          BLOB    NOT NULL,
        manifest      BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX escrow_bundles_current ON escrow_bundles (issuer_id) WHERE superseded_by IS NULL;

      CREATE TABLE escrow_openings (
        id        INTEGER PRIMARY KEY,
        notice_id TEXT    NOT NULL UNIQUE,
        bundle_id INTEGER NOT NULL REFERENCES escrow_bundles (id),
        opened_at INTEGER NOT NULL,
        refs      TEXT    NOT NULL,
        reason    BLOB    NOT NULL,
        notice    BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX escrow_openings_by_bundle ON escrow_openings (bundle_id);

      CREATE TABLE press_cards (
        id          INTEGER PRIMARY KEY,
        fingerprint TEXT    NOT NULL UNIQUE CHECK (length(fingerprint) = 30),
        imported_at INTEGER NOT NULL,
        card        BLOB    NOT NULL
      ) STRICT;

      CREATE TABLE escrow_exports (
        id            INTEGER PRIMARY KEY,
        bundle_id     TEXT    NOT NULL UNIQUE,
        card_id       INTEGER NOT NULL REFERENCES press_cards (id),
        created_at    INTEGER NOT NULL,
        account_count INTEGER NOT NULL,
        audit_seq     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX escrow_exports_by_card ON escrow_exports (card_id, id);

      CREATE TABLE escrow_export_accounts (
        export_id           INTEGER NOT NULL REFERENCES escrow_exports (id),
        account_id          INTEGER NOT NULL REFERENCES accounts (id),
        password_changed_at INTEGER,
        secrets_digest      BLOB    NOT NULL,
        PRIMARY KEY (export_id, account_id)
      ) STRICT;

      CREATE TABLE escrow_notices (
        id          INTEGER PRIMARY KEY,
        notice_id   TEXT    NOT NULL UNIQUE,
        export_id   INTEGER NOT NULL REFERENCES escrow_exports (id),
        card_id     INTEGER NOT NULL REFERENCES press_cards (id),
        opened_at   INTEGER NOT NULL,
        imported_at INTEGER NOT NULL,
        accounts    TEXT    NOT NULL,
        reason      BLOB    NOT NULL,
        notice      BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
