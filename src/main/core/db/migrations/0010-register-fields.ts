import type { Migration } from './migration';

/**
 * The register complete: what the social-media policies ask the register to
 * know about an account and a person beyond its handle and manager.
 *
 * Accounts: the recovery email and phone the platform sends resets to; where
 * its two-factor lives (the device, and the person in the directory who
 * holds it); its language (English, Welsh or bilingual) and the account in
 * the other language; who approved it, on which date, and the business case;
 * the response time it commits to. People: a phone number (the press team
 * needs one out of hours) and a line manager (who arranges the removal of
 * access when they move or leave).
 *
 * Free text is a FieldCipher ciphertext like the other names; the language,
 * the approval date and the links to people and accounts stay plaintext so
 * SQL can filter and join on them. The new columns are covered by the row
 * MACs like the others (see integrity.ts), so every row is resealed.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'register-fields',
  up(db, ctx) {
    db.exec(`
      ALTER TABLE accounts ADD COLUMN recovery_email BLOB;
      ALTER TABLE accounts ADD COLUMN recovery_phone BLOB;
      ALTER TABLE accounts ADD COLUMN two_factor_device BLOB;
      ALTER TABLE accounts ADD COLUMN two_factor_holder_id INTEGER REFERENCES people (id);
      ALTER TABLE accounts ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'cy', 'bilingual'));
      ALTER TABLE accounts ADD COLUMN other_language_account_id INTEGER REFERENCES accounts (id);
      ALTER TABLE accounts ADD COLUMN approved_by BLOB;
      ALTER TABLE accounts ADD COLUMN approved_on TEXT;
      ALTER TABLE accounts ADD COLUMN business_case BLOB;
      ALTER TABLE accounts ADD COLUMN response_time BLOB;

      ALTER TABLE people ADD COLUMN phone BLOB;
      ALTER TABLE people ADD COLUMN line_manager_id INTEGER REFERENCES people (id);
    `);
    // Every row's MAC covers every column: the new ones change what it is computed over.
    ctx.resealAll();
  },
};
