import type { Migration } from './migration';

/**
 * The sign-in name: the email address, phone number or username typed at the
 * platform's login form, which is often not the public handle. It is kept
 * with the other secrets (a FieldCipher ciphertext bound to its row and
 * column): knowing it is half of signing in. Adding a column changes what
 * every `account_secrets` row's MAC covers, so the rows are resealed in the
 * same transaction.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'sign-in-name',
  up(db, ctx) {
    db.exec(`ALTER TABLE account_secrets ADD COLUMN sign_in_name BLOB;`);
    ctx.resealAll();
  },
};
