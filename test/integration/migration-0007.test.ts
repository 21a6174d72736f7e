/**
 * A vault written at schema 6 (the fixture was made by the build before row
 * MACs, with an unkeyed audit chain) is migrated at its first unlock: every
 * row sealed in the migration's transaction, the chain continuing keyed. It
 * keeps all its data, its old trail still verifies, and from then on an edit
 * behind the app's back is refused like in any new vault.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeCore, refusal, type TestCore } from '../support/vault';

const FIXTURE = join(__dirname, '..', 'fixtures', 'vault-schema6.custodian');
const dir = useTempDir('custodian-migrate-');
const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
});

async function open(path: string): Promise<TestCore> {
  const core = await makeCore(path);
  cores.push(core);
  return core;
}

describe('migrating a schema 6 vault to 7 (and on to this build’s schema)', () => {
  it('seals every row at the first unlock; data, settings and the old trail intact', async () => {
    const path = freshPath(dir, 'v6');
    copyFileSync(FIXTURE, path);
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(6);
    const core = await open(path);
    await core.vault.unlock(PASSPHRASE);
    // Through 7 and on to this build's schema (8 adds the sign-in name, 9 rules that bite, 10 the register fields).
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
    const accounts = core.accounts.list();
    expect(accounts.map((a) => a.handle).sort()).toEqual(['ourbrand', 'uni.news']);
    expect(core.secrets.reveal(accounts.find((a) => a.handle === 'ourbrand')!.id, 'password')).toBe(
      'brand password v6',
    );
    expect(core.settings.get().autoLockMinutes).toBe(7);
    const verdict = core.audit.verify();
    expect(verdict).toMatchObject({ intact: true });
    expect(verdict.events).toBeGreaterThan(310);
    const { keyedFrom, unsealed } = withRawDb(path, (db) => ({
      keyedFrom: db.prepare('SELECT audit_keyed_from AS n FROM vault_integrity').pluck().get() as number,
      unsealed: db.prepare('SELECT count(*) FROM grants WHERE mac IS NULL').pluck().get() as number,
    }));
    expect(keyedFrom).toBe(311);
    expect(unsealed).toBe(0);
    core.vault.lock();
    // Unlocks again, and the trail (unkeyed below 311, keyed from there) still verifies.
    await core.vault.unlock(PASSPHRASE);
    expect(core.audit.verify().intact).toBe(true);
  });

  it('after the migration, an edit behind the app is refused', async () => {
    const path = freshPath(dir, 'v6-edited');
    copyFileSync(FIXTURE, path);
    const core = await open(path);
    await core.vault.unlock(PASSPHRASE);
    core.vault.lock();
    withRawDb(path, (db) =>
      db.prepare('UPDATE grants SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL').run(),
    );
    const error = await refusal(core.vault.unlock(PASSPHRASE), 'tampered');
    expect(error.message).toMatch(/changed outside Custodian: table grants, row \d+ does not verify/);
  });
});
