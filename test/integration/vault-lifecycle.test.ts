import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import {
  OWNER,
  PASSPHRASE,
  WRONG_PASSPHRASE,
  countingDerive,
  fields,
  makeCore,
  makeVault,
  refusal,
  secrets,
  type TestCore,
} from '../support/vault';

const dir = useTempDir();
const NEW_PASSPHRASE = 'a brand new passphrase for 2026';
const MiB = 1024 * 1024;

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
});
async function track(core: Promise<TestCore>): Promise<TestCore> {
  const made = await core;
  cores.push(made);
  return made;
}

describe('creating a vault', () => {
  it('leaves it unlocked, with the owner and KDF preset recorded', async () => {
    const path = freshPath(dir);
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12, 0, 0));
    const core = await track(makeVault(path, { clock }));
    const status = core.vault.status();
    expect(status).toMatchObject({ path, exists: true, unlocked: true });
    expect(status.vault).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      owner: OWNER,
      createdAt: Date.UTC(2026, 2, 1, 12, 0, 0),
      kdf: 'interactive',
      keyFingerprint: expect.stringMatching(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/),
    });
    const header = withRawDb(path, (db) =>
      db.prepare('SELECT kdf_ops_limit AS ops, kdf_mem_limit AS mem, length(kdf_salt) AS salt FROM vault_header').get(),
    );
    expect(header).toEqual({ ops: 2, mem: 64 * MiB, salt: 16 });
  });

  it.skipIf(process.platform === 'win32')(
    'is readable by the user only, with its WAL and shared-memory files',
    async () => {
      const path = freshPath(dir);
      const previous = process.umask(0o022);
      try {
        const core = await track(makeVault(path));
        core.accounts.create(
          { platform: 'x', handle: 'modecheck', twoFactor: 'none' },
          { password: 'mode-check-password' },
        );
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
          expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
        }
      } finally {
        process.umask(previous);
      }
    },
  );

  it('gives every vault its own id and salt', async () => {
    const [a, b] = [freshPath(dir), freshPath(dir)];
    const coreA = await track(makeVault(a));
    const coreB = await track(makeVault(b));
    expect(coreA.vault.status().vault?.id).not.toBe(coreB.vault.status().vault?.id);
    await coreA.dispose();
    await coreB.dispose();
    const salt = (path: string) =>
      withRawDb(path, (db) => (db.prepare('SELECT kdf_salt AS s FROM vault_header').get() as { s: Buffer }).s);
    expect(salt(a).equals(salt(b))).toBe(false);
  });

  it('refuses to overwrite any existing file, leaving it untouched and running no KDF', async () => {
    const path = freshPath(dir);
    const precious = Buffer.from('precious spreadsheet export, not a vault\n');
    writeFileSync(path, precious);
    const derive = countingDerive();
    const core = await track(makeCore(path, { deriveKey: derive }));
    await refusal(core.vault.create({ path, owner: OWNER, passphrase: PASSPHRASE, kdf: 'interactive' }), 'exists');
    expect(readFileSync(path).equals(precious)).toBe(true);
    expect(derive.calls).toBe(0);
    expect(core.vault.isUnlocked).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses to overwrite an existing vault, which still opens with its own passphrase', async () => {
    const path = freshPath(dir);
    const first = await track(makeVault(path));
    first.accounts.create(fields({ platform: 'x', handle: 'keepme' }), secrets({ password: 'kept password' }));
    first.vault.lock();
    const before = readFileSync(path);
    const second = await track(makeCore(path));
    await refusal(
      second.vault.create({ path, owner: 'Intruder', passphrase: NEW_PASSPHRASE, kdf: 'interactive' }),
      'exists',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    await first.vault.unlock(PASSPHRASE);
    expect(first.accounts.list().map((a) => a.handle)).toEqual(['keepme']);
  });
});

describe('lock and unlock', () => {
  it('lock closes the session; unlock with the right passphrase restores the data', async () => {
    const path = freshPath(dir);
    const core = await track(makeVault(path));
    const { id } = core.accounts.create(
      fields({ platform: 'instagram', handle: 'uni.news', displayName: 'Uni News' }),
      secrets({ password: 'insta password 1', notes: 'shared with the press team' }),
    );
    const events: unknown[] = [];
    core.events.subscribe((name, payload) => events.push({ name, payload }));

    expect(core.vault.lock()).toEqual({ path, exists: true, unlocked: false });
    expect(events).toEqual([{ name: 'vault.locked', payload: { reason: 'manual' } }]);
    await refusal(() => core.accounts.list(), 'locked');
    await refusal(() => core.secrets.reveal(id, 'password'), 'locked');
    await refusal(() => core.settings.get(), 'locked');

    const status = await core.vault.unlock(PASSPHRASE);
    expect(status).toMatchObject({ unlocked: true, vault: { owner: OWNER, kdf: 'interactive' } });
    expect(core.accounts.get(id)).toMatchObject({ handle: 'uni.news', displayName: 'Uni News', hasNotes: true });
    expect(core.secrets.reveal(id, 'password')).toBe('insta password 1');
  });

  it('a wrong passphrase is refused and leaves the vault locked', async () => {
    const path = freshPath(dir);
    const core = await track(makeVault(path));
    core.vault.lock();
    const error = await refusal(core.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    expect(error.message).not.toContain(WRONG_PASSPHRASE);
    expect(core.vault.isUnlocked).toBe(false);
    await refusal(core.vault.unlock(PASSPHRASE.toUpperCase()), 'wrong_passphrase');
    await refusal(core.vault.unlock(`${PASSPHRASE} `), 'wrong_passphrase');
  });

  it('unlocking a file that does not exist says so', async () => {
    const path = freshPath(dir);
    const core = await track(makeCore(path));
    expect(core.vault.status()).toEqual({ path, exists: false, unlocked: false });
    await refusal(core.vault.unlock(PASSPHRASE), 'no_vault');
    expect(existsSync(path)).toBe(false);
  });

  it('a second unlock while unlocked still checks the passphrase, and a wrong one does not lock or unlock', async () => {
    const path = freshPath(dir);
    const derive = countingDerive();
    const core = await track(makeVault(path, { deriveKey: derive }));
    const { id } = core.accounts.create(fields({ platform: 'x', handle: 'twice' }), secrets({ password: 'pw twice' }));
    core.vault.lock();
    await core.vault.unlock(PASSPHRASE);
    const calls = derive.calls;

    await refusal(core.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    expect(derive.calls).toBe(calls + 1);
    expect(core.vault.isUnlocked).toBe(true);
    expect(core.secrets.reveal(id, 'password')).toBe('pw twice');

    const again = await core.vault.unlock(PASSPHRASE);
    expect(again.unlocked).toBe(true);
    expect(core.secrets.reveal(id, 'password')).toBe('pw twice');
  });

  it('two unlocks at once: one runs, the other is refused instead of running a second KDF', async () => {
    const path = freshPath(dir);
    const derive = countingDerive();
    const core = await track(makeVault(path, { deriveKey: derive }));
    core.vault.lock();
    const before = derive.calls;
    const results = await Promise.allSettled([core.vault.unlock(PASSPHRASE), core.vault.unlock(PASSPHRASE)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'conflict' });
    expect(derive.calls).toBe(before + 1);
    expect(core.vault.isUnlocked).toBe(true);
  });
});

describe('changing the passphrase', () => {
  it('the old passphrase stops working, the new one works, and the data is intact', async () => {
    const path = freshPath(dir);
    const core = await track(makeVault(path));
    const { id } = core.accounts.create(
      fields({ platform: 'linkedin', handle: 'example-university' }),
      secrets({ password: 'linkedin pw', totp: { seed: 'JBSWY3DPEHPK3PXP' }, recoveryCodes: ['a1', 'b2'] }),
    );
    const vaultId = core.vault.status().vault?.id;
    const saltBefore = withRawDb(path, (db) => db.prepare('SELECT kdf_salt AS s FROM vault_header').get());

    const status = await core.vault.changePassphrase(PASSPHRASE, NEW_PASSPHRASE);
    expect(status).toMatchObject({ unlocked: true, vault: { id: vaultId, kdf: 'interactive' } });
    // Still usable without unlocking again.
    expect(core.secrets.reveal(id, 'password')).toBe('linkedin pw');
    // A fresh salt for the new key.
    expect(withRawDb(path, (db) => db.prepare('SELECT kdf_salt AS s FROM vault_header').get())).not.toEqual(saltBefore);

    core.vault.lock();
    await refusal(core.vault.unlock(PASSPHRASE), 'wrong_passphrase');
    await core.vault.unlock(NEW_PASSPHRASE);
    expect(core.vault.status().vault?.id).toBe(vaultId);
    expect(core.secrets.reveal(id, 'password')).toBe('linkedin pw');
    expect(core.secrets.reveal(id, 'totpSecret')).toBe('JBSWY3DPEHPK3PXP');
    expect(core.secrets.reveal(id, 'recoveryCodes')).toBe('a1\nb2');
  });

  it('a wrong current passphrase changes nothing but the failure count (it backs off like unlock)', async () => {
    const path = freshPath(dir);
    const core = await track(makeVault(path));
    const header = () =>
      withRawDb(path, (db) => db.prepare('SELECT * FROM vault_header').get()) as Record<string, unknown>;
    const before = header();
    await refusal(core.vault.changePassphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE), 'wrong_passphrase');
    const after = header();
    // The key wrapping is untouched...
    const { failed_unlocks: failedBefore, last_failed_unlock_at: _a, ...wrappingBefore } = before;
    const { failed_unlocks: failedAfter, last_failed_unlock_at: lastAfter, ...wrappingAfter } = after;
    expect(wrappingAfter).toEqual(wrappingBefore);
    // ...and the guess counts towards the back-off, so the change dialog is no free guessing oracle.
    expect(failedAfter).toBe((failedBefore as number) + 1);
    expect(lastAfter).not.toBeNull();
    core.vault.lock();
    await core.vault.unlock(PASSPHRASE);
    expect(header().failed_unlocks).toBe(0);
  });

  it('needs an unlocked vault', async () => {
    const path = freshPath(dir);
    const core = await track(makeVault(path));
    core.vault.lock();
    await refusal(core.vault.changePassphrase(PASSPHRASE, NEW_PASSPHRASE), 'locked');
  });

  it('can move to another KDF preset, recorded in the header', async () => {
    // A cheap stand-in for Argon2id that still depends on every parameter: this test is about
    // which parameters get stored and used, and "moderate" would cost 256 MiB per derivation.
    const fake = countingDerive(async (passphrase, params) =>
      Uint8Array.from(
        createHash('sha256')
          .update(`${passphrase}\u0000${params.algorithm}\u0000${params.opsLimit}\u0000${params.memLimit}\u0000`)
          .update(params.salt)
          .digest(),
      ),
    );
    const path = freshPath(dir);
    const core = await track(makeVault(path, { deriveKey: fake }));
    const status = await core.vault.changePassphrase(PASSPHRASE, NEW_PASSPHRASE, 'moderate');
    expect(status.vault?.kdf).toBe('moderate');
    expect(
      withRawDb(path, (db) => db.prepare('SELECT kdf_ops_limit AS ops, kdf_mem_limit AS mem FROM vault_header').get()),
    ).toEqual({ ops: 3, mem: 256 * MiB });
    core.vault.lock();
    const unlocked = await core.vault.unlock(NEW_PASSPHRASE);
    expect(unlocked.vault?.kdf).toBe('moderate');
  });
});
