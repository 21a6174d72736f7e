import { copyFileSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeRandom } from '../../src/main/core/crypto/random';
import { loadSodium, type Sodium } from '../../src/main/core/crypto/sodium';
import { base32Encode } from '../support/base32';
import { findLeaks } from '../support/leaks';
import { fileBytes, flipByte, withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { recomputeHeaderChecksum } from '../support/vault-keys';
import {
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
const MiB = 1024 * 1024;
const token = () => Buffer.from(nodeRandom(8)).toString('hex');

const cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
});
async function track(core: Promise<TestCore>): Promise<TestCore> {
  const made = await core;
  cores.push(made);
  return made;
}

describe('the leak detector (positive control)', () => {
  it('finds a plaintext stored as UTF-8, UTF-16 or base64 at any alignment', () => {
    const canary = `canary-${token()}`;
    const path = freshPath(dir);
    withRawDb(
      path,
      (db) => {
        db.exec('CREATE TABLE t (v)');
        const insert = db.prepare('INSERT INTO t VALUES (?)');
        insert.run(`prefix ${canary} suffix`);
        insert.run(Buffer.from(`xx${canary}`, 'utf16le'));
        for (const pad of ['', 'a', 'ab']) insert.run(Buffer.from(pad + canary + 'tail').toString('base64'));
      },
      { create: true },
    );
    const leaks = findLeaks(readFileSync(path), canary);
    expect(leaks).toEqual(expect.arrayContaining(['utf8', 'utf16le', 'base64#0', 'base64#1', 'base64#2']));
    expect(findLeaks(readFileSync(path), `canary-${token()}`)).toEqual([]);
  });
});

describe('nothing readable at rest', () => {
  const canaries = {
    owner: `Owner ${token()}`,
    handle: `canary_${token()}`,
    displayName: `Display ${token()}`,
    department: `Department ${token()}`,
    manager: `Manager ${token()}`,
    purpose: `Purpose ${token()}`,
    monitoredHours: `Hours ${token()}`,
    url: `https://example.org/${token()}`,
    password: `Password-${token()}`,
    newPassword: `Rotated-${token()}`,
    totpSeed: base32Encode(nodeRandom(20)),
    recoveryCode: `recovery-${token()}`,
    notes: `Notes ${token()}`,
  };
  const path = freshPath(dir);
  let core: TestCore;

  function leaksIn(bytes: Buffer | null): Record<string, string[]> {
    const found: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(canaries)) {
      const forms = [...findLeaks(bytes, value), ...findLeaks(bytes, value.toLowerCase()).map((f) => `lower ${f}`)];
      if (forms.length) found[name] = forms;
    }
    return found;
  }

  beforeAll(async () => {
    core = await makeCore(path);
    await core.vault.create({ path, owner: canaries.owner, passphrase: PASSPHRASE, kdf: 'interactive' });
    // The manager is a person in the directory: their name is sealed in the people table.
    const manager = core.people.create({ name: canaries.manager, email: `${canaries.handle}@example.org` });
    const account = core.accounts.create(
      fields({
        platform: 'instagram',
        handle: canaries.handle,
        displayName: canaries.displayName,
        department: canaries.department,
        managerId: manager.id,
        purpose: canaries.purpose,
        monitoredHours: canaries.monitoredHours,
        url: canaries.url,
      }),
      secrets({
        password: canaries.password,
        totp: { seed: canaries.totpSeed },
        recoveryCodes: [canaries.recoveryCode],
        notes: canaries.notes,
      }),
    );
    // Use the secrets as the app would: reveal, copy, show codes, rotate the password.
    expect(core.secrets.reveal(account.id, 'password')).toBe(canaries.password);
    await core.secrets.copy(account.id, 'totpSecret');
    core.secrets.totp(account.id, false);
    core.accounts.update(
      account.id,
      fields({ platform: 'instagram', handle: canaries.handle, displayName: canaries.displayName }),
      secrets({ password: canaries.newPassword }),
    );
    core.access.archiveAccount({ id: account.id });
    core.accounts.restore(account.id);
  });
  afterAll(() => core.dispose());

  it('the vault file and its WAL, while unlocked and before any checkpoint', () => {
    const wal = fileBytes(`${path}-wal`);
    expect(wal?.length ?? 0).toBeGreaterThan(0);
    expect(leaksIn(readFileSync(path))).toEqual({});
    expect(leaksIn(wal)).toEqual({});
  });

  it('the vault file and its WAL after a checkpoint', () => {
    withRawDb(path, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
    expect(leaksIn(readFileSync(path))).toEqual({});
    expect(leaksIn(fileBytes(`${path}-wal`))).toEqual({});
  });

  it('the vault file after lock and close', async () => {
    core.vault.lock();
    await core.dispose();
    expect(leaksIn(readFileSync(path))).toEqual({});
    expect(leaksIn(fileBytes(`${path}-wal`))).toEqual({});
    // The raw seed bytes are not there either.
    const seed = Buffer.from(canaries.totpSeed);
    expect(readFileSync(path).includes(seed)).toBe(false);
  });

  it('and the data is all still there for the key holder', async () => {
    core = await makeCore(path);
    await core.vault.unlock(PASSPHRASE);
    const [summary] = core.accounts.list();
    expect(summary).toMatchObject({ handle: canaries.handle, displayName: canaries.displayName });
    expect(core.secrets.reveal(summary!.id, 'password')).toBe(canaries.newPassword);
    expect(core.secrets.reveal(summary!.id, 'notes')).toBe(canaries.notes);
    expect(core.vault.status().vault?.owner).toBe(canaries.owner);
  });
});

describe('the handle lookup index', () => {
  it('is keyed per vault: the same handle indexes differently in two vaults, and not as a plain hash', async () => {
    const paths = [freshPath(dir), freshPath(dir)];
    for (const path of paths) {
      const core = await makeVault(path);
      core.accounts.create(fields({ platform: 'x', handle: 'SameHandle' }), secrets());
      await core.dispose();
    }
    const [a, b] = paths.map((path) =>
      withRawDb(path, (db) => (db.prepare('SELECT handle_index AS v FROM accounts').get() as { v: Buffer }).v),
    );
    expect(a!.length).toBe(16);
    expect(a!.equals(b!)).toBe(false);
    const core = await track(makeCore(paths[0]!));
    const plain = ['samehandle', 'handle\u0000samehandle'].map((text) =>
      Buffer.from(core.sodium.crypto_generichash(16, text, null)),
    );
    for (const hash of plain) expect(a!.equals(hash)).toBe(false);
  });
});

describe('a vault file altered behind the app', () => {
  const base = freshPath(dir, 'base');
  const other = freshPath(dir, 'other');
  let sodium: Sodium;

  beforeAll(async () => {
    sodium = await loadSodium();
    for (const [path, prefix] of [
      [base, 'base'],
      [other, 'other'],
    ] as const) {
      const core = await makeVault(path);
      core.accounts.create(
        fields({ platform: 'x', handle: `${prefix}_one`, displayName: 'Account One' }),
        secrets({ password: `${prefix} password one`, notes: `${prefix} notes one` }),
      );
      core.accounts.create(
        fields({ platform: 'x', handle: `${prefix}_two`, displayName: 'Account Two' }),
        secrets({ password: `${prefix} password two`, notes: `${prefix} notes two` }),
      );
      await core.dispose();
      expect(fileBytes(`${path}-wal`)).toBeNull();
    }
  });

  /** A copy of the base vault, changed with raw SQL. */
  function alteredCopy(sql: (db: Database.Database) => void): string {
    const path = freshPath(dir, 'altered');
    copyFileSync(base, path);
    withRawDb(path, sql);
    return path;
  }

  const cell = (db: Database.Database, table: string, column: string, where: string) =>
    (db.prepare(`SELECT ${column} AS v FROM ${table} WHERE ${where}`).get() as { v: Buffer }).v;

  /** Unlock with the right passphrase is refused as tampered, naming the table and row; nothing opens. */
  async function refusedAtUnlock(path: string, where: RegExp): Promise<void> {
    const core = await track(makeCore(path));
    const error = await refusal(core.vault.unlock(PASSPHRASE), 'tampered');
    expect(error.message).toMatch(/^This vault file has been changed outside Custodian: /);
    expect(error.message).toMatch(where);
    expect(error.message).not.toMatch(/password (one|two)|notes (one|two)/);
    expect(core.vault.isUnlocked).toBe(false);
    // The passphrase was right: not counted as a failed attempt.
    expect(withRawDb(path, (db) => db.prepare('SELECT failed_unlocks AS n FROM vault_header').get())).toEqual({ n: 0 });
  }

  // Each ciphertext is also bound to its row by its AEAD associated data; the row MAC refuses the
  // file before any of them is opened (and catches what AEAD cannot: NULLs and older ciphertexts).
  describe('field ciphertexts', () => {
    it('passwords swapped between two accounts are refused at unlock, not returned', async () => {
      const path = alteredCopy((db) => {
        const one = cell(db, 'account_secrets', 'password', 'account_id = 1');
        const two = cell(db, 'account_secrets', 'password', 'account_id = 2');
        db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 1').run(two);
        db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 2').run(one);
      });
      await refusedAtUnlock(path, /table account_secrets, row 1 does not verify/);
    });

    it('whole secret rows swapped between accounts are refused', async () => {
      const path = alteredCopy((db) => {
        db.pragma('foreign_keys = OFF');
        db.prepare('UPDATE account_secrets SET account_id = 99 WHERE account_id = 1').run();
        db.prepare('UPDATE account_secrets SET account_id = 1 WHERE account_id = 2').run();
        db.prepare('UPDATE account_secrets SET account_id = 2 WHERE account_id = 99').run();
      });
      await refusedAtUnlock(path, /table account_secrets, row [12] does not verify/);
    });

    it('a ciphertext moved to another column of the same row, or replaced by NULL, is refused', async () => {
      const moved = alteredCopy((db) => {
        const notes = cell(db, 'account_secrets', 'notes', 'account_id = 1');
        db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 1').run(notes);
      });
      await refusedAtUnlock(moved, /table account_secrets, row 1/);
      const nulled = alteredCopy((db) =>
        db.prepare('UPDATE account_secrets SET notes = NULL WHERE account_id = 2').run(),
      );
      await refusedAtUnlock(nulled, /table account_secrets, row 2/);
    });

    it('handles swapped between accounts are refused', async () => {
      const path = alteredCopy((db) => {
        const one = cell(db, 'accounts', 'handle', 'id = 1');
        const two = cell(db, 'accounts', 'handle', 'id = 2');
        db.prepare('UPDATE accounts SET handle = ? WHERE id = 1').run(two);
        db.prepare('UPDATE accounts SET handle = ? WHERE id = 2').run(one);
      });
      await refusedAtUnlock(path, /table accounts, row 1 does not verify/);
    });

    it('a ciphertext copied from another vault (same row and column) is refused', async () => {
      const foreign = withRawDb(other, (db) => cell(db, 'account_secrets', 'password', 'account_id = 1'));
      const path = alteredCopy((db) =>
        db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 1').run(foreign),
      );
      await refusedAtUnlock(path, /table account_secrets, row 1/);
    });

    it.each([
      ['the version byte', 0],
      ['the nonce', 10],
      ['the ciphertext', 30],
      ['the tag', -1],
    ])('a flipped bit in %s of a stored password is refused, naming its row', async (_where, index) => {
      const path = alteredCopy((db) => {
        const stored = cell(db, 'account_secrets', 'password', 'account_id = 1');
        db.prepare('UPDATE account_secrets SET password = ? WHERE account_id = 1').run(flipByte(stored, index));
      });
      await refusedAtUnlock(path, /table account_secrets, row 1 does not verify/);
    });

    it('a truncated ciphertext is refused', async () => {
      const path = alteredCopy((db) => {
        const stored = cell(db, 'account_secrets', 'notes', 'account_id = 2');
        db.prepare('UPDATE account_secrets SET notes = ? WHERE account_id = 2').run(stored.subarray(0, 20));
      });
      await refusedAtUnlock(path, /table account_secrets, row 2/);
    });
  });

  describe('the vault header', () => {
    const alterations: [string, (db: Database.Database) => void][] = [
      ['vault_id', (db) => db.prepare("UPDATE vault_header SET vault_id = vault_id || 'x'").run()],
      ['created_at', (db) => db.prepare('UPDATE vault_header SET created_at = created_at + 1').run()],
      [
        'signing_public_key',
        (db) =>
          db
            .prepare('UPDATE vault_header SET signing_public_key = ?')
            .run(flipByte(cell(db, 'vault_header', 'signing_public_key', 'id = 1'), 5)),
      ],
      [
        'signing_secret_key',
        (db) =>
          db
            .prepare('UPDATE vault_header SET signing_secret_key = ?')
            .run(flipByte(cell(db, 'vault_header', 'signing_secret_key', 'id = 1'), 40)),
      ],
      [
        'wrapped_key',
        (db) =>
          db
            .prepare('UPDATE vault_header SET wrapped_key = ?')
            .run(flipByte(cell(db, 'vault_header', 'wrapped_key', 'id = 1'), 30)),
      ],
      [
        'verifier',
        (db) =>
          db
            .prepare('UPDATE vault_header SET verifier = ?')
            .run(flipByte(cell(db, 'vault_header', 'verifier', 'id = 1'), 0)),
      ],
      [
        'verifier (truncated)',
        (db) =>
          db
            .prepare('UPDATE vault_header SET verifier = ?')
            .run(cell(db, 'vault_header', 'verifier', 'id = 1').subarray(0, 16)),
      ],
      ['kdf_salt (wrong length)', (db) => db.prepare('UPDATE vault_header SET kdf_salt = zeroblob(8)').run()],
      [
        'owner',
        (db) =>
          db
            .prepare('UPDATE vault_header SET owner = ?')
            .run(flipByte(cell(db, 'vault_header', 'owner', 'id = 1'), -3)),
      ],
    ];

    const checksummed = alterations.filter(([field]) => !field.startsWith('kdf_salt'));

    it.each(checksummed)(
      '%s altered: reported as damage (the checksum), before the KDF, not counted as a guess',
      async (_field, alter) => {
        const path = alteredCopy(alter);
        const derive = countingDerive();
        const core = await track(makeCore(path, { deriveKey: derive }));
        for (const passphrase of [PASSPHRASE, WRONG_PASSPHRASE]) {
          const error = await refusal(core.vault.unlock(passphrase), 'corrupt');
          expect(error.message).toMatch(/header .* is damaged \(its checksum does not match\)/);
          expect(error.message).not.toContain(passphrase);
        }
        expect(derive.calls).toBe(0);
        expect(core.vault.isUnlocked).toBe(false);
        expect(withRawDb(path, (db) => db.prepare('SELECT failed_unlocks AS n FROM vault_header').get())).toEqual({
          n: 0,
        });
      },
    );

    it.each(checksummed)(
      '%s altered and the checksum recomputed: tampered with the right passphrase, a wrong one is just wrong',
      async (_field, alter) => {
        const path = alteredCopy((db) => {
          alter(db);
          recomputeHeaderChecksum(db, sodium);
        });
        const core = await track(makeCore(path));
        const error = await refusal(core.vault.unlock(PASSPHRASE), 'tampered');
        expect(error.message).not.toContain(PASSPHRASE);
        expect(core.vault.isUnlocked).toBe(false);
        await refusal(core.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
      },
    );

    it('a same-length salt or a raised cost is damage; with the checksum recomputed it reads as a wrong passphrase', async () => {
      // The salt and cost only show through the key they produce, and a different key is exactly
      // what a wrong passphrase gives: past the checksum, there is nothing to check them against.
      const flipSalt = (db: Database.Database) =>
        db
          .prepare('UPDATE vault_header SET kdf_salt = ?')
          .run(flipByte(cell(db, 'vault_header', 'kdf_salt', 'id = 1'), 3));
      const raiseOps = (db: Database.Database) => db.prepare('UPDATE vault_header SET kdf_ops_limit = 3').run();
      for (const alter of [flipSalt, raiseOps]) {
        const damaged = await track(makeCore(alteredCopy(alter)));
        await refusal(damaged.vault.unlock(PASSPHRASE), 'corrupt');
        const forged = await track(
          makeCore(
            alteredCopy((db) => {
              alter(db);
              recomputeHeaderChecksum(db, sodium);
            }),
          ),
        );
        await refusal(forged.vault.unlock(PASSPHRASE), 'wrong_passphrase');
        expect(forged.vault.isUnlocked).toBe(false);
      }
    });
  });

  describe('the key derivation parameters', () => {
    const cases: [string, string, string][] = [
      ['memory lowered to 32 MiB', `UPDATE vault_header SET kdf_mem_limit = ${32 * MiB}`, 'kdf_too_weak'],
      ['memory lowered by 1 KiB', `UPDATE vault_header SET kdf_mem_limit = ${64 * MiB - 1024}`, 'kdf_too_weak'],
      ['passes lowered to 1', 'UPDATE vault_header SET kdf_ops_limit = 1', 'kdf_too_weak'],
      ['passes set to 0', 'UPDATE vault_header SET kdf_ops_limit = 0', 'kdf_too_weak'],
      ['negative memory', 'UPDATE vault_header SET kdf_mem_limit = -1', 'kdf_too_weak'],
      ['a terabyte of memory', `UPDATE vault_header SET kdf_mem_limit = ${1024 * 1024 * MiB}`, 'tampered'],
      ['a million passes', 'UPDATE vault_header SET kdf_ops_limit = 1000000', 'tampered'],
      ['another algorithm', "UPDATE vault_header SET kdf_algorithm = 'argon2i13'", 'unsupported'],
      ['a salt of the wrong length', 'UPDATE vault_header SET kdf_salt = zeroblob(8)', 'tampered'],
    ];

    it.each(cases)('%s: refused without running the KDF', async (_case, sql, code) => {
      const path = alteredCopy((db) => db.exec(sql));
      const derive = countingDerive();
      const core = await track(makeCore(path, { deriveKey: derive }));
      for (const passphrase of [PASSPHRASE, WRONG_PASSPHRASE]) {
        const error = await refusal(core.vault.unlock(passphrase), code as 'tampered');
        expect(error.message).not.toContain(passphrase);
      }
      expect(derive.calls).toBe(0);
      expect(core.vault.isUnlocked).toBe(false);
    });

    it('the downgrade message says what is wrong', async () => {
      const path = alteredCopy((db) => db.exec(`UPDATE vault_header SET kdf_mem_limit = ${32 * MiB}`));
      const core = await track(makeCore(path));
      const error = await refusal(core.vault.unlock(PASSPHRASE), 'kdf_too_weak');
      expect(error.message).toMatch(/32 MiB.*below the minimum \(64 MiB, 2 passes\)/);
    });
  });
});
