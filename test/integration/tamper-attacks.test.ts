/**
 * The attacks of the independent report, each against a real vault file
 * written by the app and edited behind its back by someone who can write the
 * file but does not know the passphrase: every one must be refused (at open,
 * at unlock) or caught by `audit verify`, never shown as if intact. Then a
 * sweep of random bit flips over the whole file, with the counts by category.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerChecksum } from '../../src/main/core/crypto/row-auth';
import { loadSodium, type Sodium } from '../../src/main/core/crypto/sodium';
import type { VaultKeys } from '../../src/main/core/crypto/vault-keys';
import { VaultStore } from '../../src/main/core/db/vault-store';
import { AuditTrail } from '../../src/main/core/audit/audit-trail';
import { FREE_ATTEMPTS } from '../../src/main/core/services/backoff';
import { runCli } from '../support/cli';
import { escrowPair, exportBundle, importPressCard, prng, strangerKey } from '../support/escrow';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, WRONG_PASSPHRASE, countingDerive, makeCore } from '../support/vault';
import { keysOf } from '../support/vault-keys';

const dir = useTempDir('custodian-tamper-');
const DAY = 86_400_000;
let managerPath = '';
let pressPath = '';
/** The manager vault before the revocation: a source of valid but older rows. */
let beforeRevoke = '';
let revokedGrantId = 0;
let sodium: Sodium;
let trail: AuditTrail;
const vaults: Record<'manager' | 'press', { vaultId: string; keys: () => VaultKeys }> = {} as never;

beforeAll(async () => {
  sodium = await loadSodium();
  const pair = await escrowPair(dir);
  const { manager, press, clock, accounts, people } = pair;
  managerPath = pair.managerPath;
  pressPath = pair.pressPath;
  manager.settings.update({ autoLockMinutes: 5, clipboardSeconds: 20 });
  await manager.takeovers.schedule({
    accountId: accounts.unisport,
    guest: { name: 'Gus Guest', email: 'gus@student.ac.uk' },
    reason: 'Open day',
    start: new Date(clock.now() + DAY).toISOString(),
    end: new Date(clock.now() + 3 * DAY).toISOString(),
  });
  importPressCard(pair);
  press.press.importBundle((await exportBundle(manager)).file);
  manager.vault.lock();
  beforeRevoke = freshPath(dir, 'before-revoke');
  copyFileSync(managerPath, beforeRevoke);
  await manager.vault.unlock(PASSPHRASE);
  clock.advance(60_000);
  revokedGrantId = manager.access.revoke({
    accountId: accounts.ourbrand,
    personId: people.sam,
    reason: 'Cover ended',
  }).grant.id;
  manager.access.processLeaver({ personId: people.jo, kind: 'left', date: '2026-01-15' });
  clock.advance(60_000);
  press.press.importBundle((await exportBundle(manager)).file);
  await pair.dispose();
  trail = new AuditTrail(sodium, clock, 'test');
  vaults.manager = await keysOf(managerPath, PASSPHRASE);
  vaults.press = await keysOf(pressPath, PASSPHRASE);
});

const tally: Record<string, number> = {};
afterAll(() => {
  for (const [what, n] of Object.entries(tally)) console.log(`[tamper attacks] ${what}: ${n}`);
});

type Outcome =
  { at: 'open' | 'unlock'; message: string } | { at: 'audit verify'; message: string } | { at: 'none'; message: '' };

/** What the app does with the file: open (schema, header checksum), unlock-time verification, then `audit verify`. */
function examine(path: string, which: 'manager' | 'press'): Outcome {
  let store: VaultStore;
  try {
    store = VaultStore.open(path);
    const header = store.integrity.headerMaterial();
    if (header && !Buffer.from(headerChecksum(sodium, header.values)).equals(Buffer.from(header.checksum))) {
      store.close();
      return { at: 'open', message: 'header checksum' };
    }
  } catch (error) {
    return { at: 'open', message: (error as Error).message };
  }
  const keys = vaults[which].keys();
  try {
    try {
      store.authenticate(keys.rows);
    } catch (error) {
      return { at: 'unlock', message: (error as Error).message };
    }
    try {
      const verdict = trail.verify(store, vaults[which].vaultId, keys);
      if (!verdict.intact) return { at: 'audit verify', message: verdict.problem ?? '' };
      const structure = store.structureProblem();
      if (structure) return { at: 'audit verify', message: structure };
    } catch (error) {
      return { at: 'audit verify', message: (error as Error).message };
    }
    return { at: 'none', message: '' };
  } finally {
    keys.dispose();
    store.close();
  }
}

function edited(source: string, name: string, edit: (db: Database.Database) => void): string {
  const path = freshPath(dir, name);
  copyFileSync(source, path);
  withRawDb(path, (db) => {
    db.pragma('foreign_keys = OFF');
    edit(db);
  });
  return path;
}

describe('the 13 metadata edits of the report, and more', () => {
  const edits: [string, 'manager' | 'press', (db: Database.Database) => void, RegExp][] = [
    [
      'un-revoke a grant',
      'manager',
      (db) =>
        db
          .prepare('UPDATE grants SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL WHERE id = ?')
          .run(revokedGrantId),
      /table grants, row \d+ does not verify/,
    ],
    [
      'move a grant to another person',
      'manager',
      (db) => db.prepare('UPDATE grants SET person_id = 2 WHERE id = 1').run(),
      /table grants, row 1 does not verify/,
    ],
    [
      "resolve a leaver's obligations",
      'manager',
      (db) => db.prepare("UPDATE rotation_obligations SET resolved_at = created_at WHERE reason_kind = 'leaver'").run(),
      /table rotation_obligations, row \d+ does not verify/,
    ],
    [
      'rotation_days = 36500',
      'manager',
      (db) => db.prepare('UPDATE accounts SET rotation_days = 36500 WHERE id = 1').run(),
      /table accounts, row 1 does not verify/,
    ],
    [
      'archive an account (it would drop out of the escrow bundle)',
      'manager',
      (db) => db.prepare("UPDATE accounts SET status = 'archived', archived_at = updated_at WHERE id = 2").run(),
      /table accounts, row 2 does not verify/,
    ],
    [
      're-activate a leaver',
      'manager',
      (db) =>
        db
          .prepare("UPDATE people SET status = 'active', status_date = NULL, status_note = NULL WHERE status = 'left'")
          .run(),
      /table people, row \d+ does not verify/,
    ],
    [
      'auto-lock raised to 240 minutes',
      'manager',
      (db) => db.prepare("UPDATE settings SET value = '240' WHERE key = 'autoLockMinutes'").run(),
      /table settings, row autoLockMinutes does not verify/,
    ],
    [
      'clipboard clearing raised to 600 s',
      'manager',
      (db) => db.prepare("UPDATE settings SET value = '600' WHERE key = 'clipboardSeconds'").run(),
      /table settings, row clipboardSeconds does not verify/,
    ],
    [
      'a takeover extended by 30 days',
      'manager',
      (db) => db.prepare('UPDATE takeovers SET ends_at = ends_at + ?').run(30 * DAY),
      /table takeovers, row 1 does not verify/,
    ],
    [
      'the password marked as just changed (the rotation looks done)',
      'manager',
      (db) =>
        db
          .prepare('UPDATE account_secrets SET password_changed_at = password_changed_at + ? WHERE account_id = 1')
          .run(90 * DAY),
      /table account_secrets, row 1 does not verify/,
    ],
    [
      "another account's sealed password planted as the sign-in name (schema 8's column is in the row MAC)",
      'manager',
      (db) =>
        db
          .prepare(
            'UPDATE account_secrets SET sign_in_name = (SELECT password FROM account_secrets WHERE account_id = 2) WHERE account_id = 1',
          )
          .run(),
      /table account_secrets, row 1 does not verify/,
    ],
    [
      'a grant row deleted',
      'manager',
      (db) => db.prepare('DELETE FROM grants WHERE id = 1').run(),
      /table grants has \d+ rows where \d+ were written/,
    ],
    [
      'the revoked grant put back from an older copy of the file (its old MAC is valid)',
      'manager',
      (db) => {
        const old = withRawDb(beforeRevoke, (src) =>
          src.prepare('SELECT * FROM grants WHERE id = ?').get(revokedGrantId),
        ) as Record<string, unknown>;
        const columns = Object.keys(old);
        db.prepare(`UPDATE grants SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(old);
      },
      /rows of table grants were replaced by older copies/,
    ],
    [
      'the press register rolled back to the older bundle',
      'press',
      (db) => {
        db.prepare('UPDATE escrow_bundles SET superseded_by = NULL WHERE id = 1').run();
        db.prepare('UPDATE escrow_bundles SET superseded_by = 1 WHERE id = 2').run();
      },
      /table escrow_bundles, row [12] does not verify/,
    ],
    [
      "the pinned issuer key swapped for the attacker's",
      'press',
      () => undefined,
      /table escrow_issuers, row 1 does not verify/,
    ],
    [
      'the integrity record deleted',
      'manager',
      (db) => db.prepare('DELETE FROM vault_integrity').run(),
      /the integrity record is missing/,
    ],
    [
      "a row's MAC copied to another row",
      'manager',
      (db) => db.prepare('UPDATE people SET mac = (SELECT mac FROM people WHERE id = 1) WHERE id = 2').run(),
      /table people, row 2 does not verify/,
    ],
  ];

  it.each(edits)('%s: refused at unlock, naming the table and row', async (name, which, edit, message) => {
    const source = which === 'manager' ? managerPath : pressPath;
    let apply = edit;
    if (name.startsWith('the pinned issuer key')) {
      const stranger = await strangerKey();
      apply = (db) => db.prepare('UPDATE escrow_issuers SET signing_key = ?').run(stranger.publicKey);
    }
    const outcome = examine(edited(source, name.replace(/\W+/g, '-'), apply), which);
    tally[`metadata edit refused at ${outcome.at}`] = (tally[`metadata edit refused at ${outcome.at}`] ?? 0) + 1;
    expect(outcome.at).toBe('unlock');
    expect(outcome.message).toMatch(/^This vault file has been changed outside Custodian: /);
    expect(outcome.message).toMatch(message);
  });

  it('the CLI refuses an edited vault with exit 1 and one line', async () => {
    const path = edited(managerPath, 'cli-unrevoke', (db) =>
      db
        .prepare('UPDATE grants SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL WHERE id = ?')
        .run(revokedGrantId),
    );
    const run = await runCli(['access', '1', '--vault', path], { env: { CUSTODIAN_PASSPHRASE: PASSPHRASE } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^custodian: This vault file has been changed outside Custodian: table grants, row \d+ does not verify\n$/,
    );
  });
});

describe('planted SQLite objects', () => {
  const plants: [string, string, RegExp][] = [
    [
      'a trigger on grants that undoes every revocation',
      `CREATE TRIGGER keep_access AFTER UPDATE OF revoked_at ON grants
         BEGIN UPDATE grants SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL WHERE id = NEW.id; END`,
      /contains a trigger "keep_access" that Custodian did not create/,
    ],
    [
      'a trigger on account_secrets that discards every rotation',
      `CREATE TRIGGER keep_password BEFORE UPDATE OF password ON account_secrets
         BEGIN SELECT RAISE(IGNORE); END`,
      /contains a trigger "keep_password" that Custodian did not create/,
    ],
    ['a view', 'CREATE VIEW v AS SELECT * FROM accounts', /contains a view "v"/],
    ['an index', 'CREATE INDEX extra ON grants (kind)', /contains a index "extra"|contains an? index "extra"/],
    ['a dropped index', 'DROP INDEX grants_open', /the index "grants_open" is missing/],
  ];

  it.each(plants)('%s: refused when the file is opened, naming it', async (name, sql, message) => {
    const outcome = examine(
      edited(managerPath, name.replace(/\W+/g, '-'), (db) => db.exec(sql)),
      'manager',
    );
    expect(outcome.at).toBe('open');
    expect(outcome.message).toMatch(message);
  });

  it('the CLI refuses to revoke through a planted trigger: exit 1', async () => {
    const path = edited(managerPath, 'cli-trigger', (db) => db.exec(plants[0]![1]));
    const run = await runCli(['revoke', '2', '--person', '2', '--reason', 'Moved on', '--vault', path], {
      env: { CUSTODIAN_PASSPHRASE: PASSPHRASE },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^custodian: This vault file has been changed outside Custodian: it contains a trigger "keep_access"/,
    );
  });
});

describe('another Custodian writing to the same file', () => {
  it('is verified again, not mistaken for tampering', async () => {
    const path = freshPath(dir, 'shared');
    copyFileSync(managerPath, path);
    const app = await makeCore(path);
    const cli = await makeCore(path);
    try {
      await app.vault.unlock(PASSPHRASE);
      await cli.vault.unlock(PASSPHRASE);
      const before = app.accounts.list().length;
      for (let i = 0; i < 15; i++) {
        cli.accounts.create({ platform: 'x', handle: `shared_${i}`, twoFactor: 'none' }, { password: `pw ${i}` });
        expect(app.accounts.list().length).toBe(before + i + 1);
        app.settings.update({ clipboardSeconds: 30 + i });
      }
      expect(cli.audit.verify().intact).toBe(true);
      expect(app.audit.verify().intact).toBe(true);
    } finally {
      await app.dispose();
      await cli.dispose();
    }
  });
});

describe('parallel wrong passphrases', () => {
  it('ten at once run Argon2 no more often than the back-off allows', async () => {
    const path = freshPath(dir, 'parallel');
    copyFileSync(managerPath, path);
    const derive = countingDerive();
    const cores = await Promise.all(Array.from({ length: 10 }, () => makeCore(path, { deriveKey: derive })));
    try {
      const results = await Promise.allSettled(cores.map((core) => core.vault.unlock(WRONG_PASSPHRASE)));
      const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
      const wrong = codes.filter((c) => c === 'wrong_passphrase').length;
      console.log(`[tamper attacks] 10 parallel wrong passphrases: ${JSON.stringify(codes)}, KDF runs ${derive.calls}`);
      expect(codes.every((c) => c === 'wrong_passphrase' || c === 'backoff')).toBe(true);
      // Two free attempts, then the third is counted before its KDF and backs off everything after it.
      expect(derive.calls).toBeLessThanOrEqual(FREE_ATTEMPTS + 1);
      expect(wrong).toBe(derive.calls);
      const { n } = withRawDb(path, (db) => db.prepare('SELECT failed_unlocks AS n FROM vault_header').get()) as {
        n: number;
      };
      expect(n).toBe(derive.calls);
    } finally {
      for (const core of cores) await core.dispose();
    }
  });
});

describe('a sweep of random bit flips over the whole file', () => {
  it('every flip is refused at open or unlock, caught by audit verify, or changes nothing the vault holds', () => {
    // Compacted first, so fewer flips land in free pages.
    const compact = freshPath(dir, 'compact');
    withRawDb(managerPath, (db) => db.prepare('VACUUM INTO ?').run(compact));
    const pristine = readFileSync(compact);
    const logical = (path: string) =>
      withRawDb(path, (db) => {
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .pluck()
          .all() as string[];
        return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).raw().all()));
      });
    const reference = logical(compact);
    const next = prng(16_2026);
    const counts: Record<string, number> = {};
    const FLIPS = 600;
    for (let i = 0; i < FLIPS; i++) {
      const offset = next(pristine.length);
      const bytes = Buffer.from(pristine);
      bytes[offset] = bytes[offset]! ^ (1 << next(8));
      const path = freshPath(dir, 'flip');
      writeFileSync(path, bytes);
      const outcome = examine(path, 'manager');
      let category: string;
      if (outcome.at !== 'none')
        category = `refused at ${outcome.at === 'audit verify' ? 'audit verify' : 'open or unlock'}`;
      else {
        let same: boolean;
        try {
          same = logical(path) === reference;
        } catch {
          same = false; // unreadable to SQLite yet not refused: that would be a miss
        }
        category = same ? 'no effect (free space or bytes that hold nothing)' : 'MISSED';
        if (!same) console.log(`[tamper sweep] missed flip at offset ${offset}`);
      }
      counts[category] = (counts[category] ?? 0) + 1;
    }
    console.log(`[tamper sweep] ${FLIPS} flips over ${pristine.length} bytes: ${JSON.stringify(counts)}`);
    expect(counts.MISSED ?? 0).toBe(0);
    expect((counts['refused at open or unlock'] ?? 0) + (counts['refused at audit verify'] ?? 0)).toBeGreaterThan(0);
  }, 300_000);
});
