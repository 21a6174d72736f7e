/**
 * Vault files left by earlier builds: one at every earlier schema version is
 * unlocked by this build, migrated forward and read back.
 *
 * The fixtures are built here rather than committed as files. Versions 2 and
 * 3 never shipped apart (one change added both), so no earlier build could
 * write a version-2 file; and a fixture built on the fly follows every new
 * migration without anyone regenerating binaries. Each is made the same way:
 * a vault filled by this build (accounts with secrets, a manager, a grant, a
 * rotation with its history, a rotation in progress), projected onto an empty
 * file that migrations 1..N alone have shaped — every table and column that
 * exists at version N keeps its rows, ids and ciphertexts, the rest does not
 * exist yet. So the later migrations run on a file with data in it, as they
 * do on a user's disk (a NOT NULL column without a default, say, would fail
 * here and not on an empty vault).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail, checkpointMessage } from '../../src/main/core/audit/audit-trail';
import { ManualClock } from '../../src/main/core/clock';
import { loadSodium, type Sodium } from '../../src/main/core/crypto/sodium';
import type { VaultKeys } from '../../src/main/core/crypto/vault-keys';
import type { AuditEventRow } from '../../src/main/core/db/audit.repo';
import { APPLICATION_ID, migrate } from '../../src/main/core/db/database';
import { AUTHENTICATED_SCHEMA_VERSION, Integrity } from '../../src/main/core/db/integrity';
import { SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeCore, makeVault, PASSPHRASE, refusal, secrets, WRONG_PASSPHRASE } from '../support/vault';
import { keysOf } from '../support/vault-keys';

const dir = useTempDir('custodian-migrations-');
const clock = new ManualClock(Date.UTC(2026, 2, 2, 10, 0));
const SEED = 'JBSWY3DPEHPK3PXP';
/** The versions that introduced what the checks read. */
const PEOPLE = 3;
const ROTATION = 4;

let source: string;
let sodium: Sodium;
let vaultId: string;
let sourceKeys: () => VaultKeys;
let freshSchema: string[];
const ids = { brand: 0, news: 0, ada: 0 };

/** The schema as SQLite stores it, tables and indexes, in a stable order. */
function schemaOf(path: string): string[] {
  return withRawDb(path, (db) =>
    (
      db
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .all() as { type: string; name: string; sql: string | null }[]
    ).map((row) => `${row.type} ${row.name}: ${row.sql ?? ''}`),
  );
}

const columnsOf = (db: Database.Database, schema: string, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map((c) => c.name);

/** A vault file at schema `version`, holding what `from` holds that existed at that version. */
function fixtureAt(version: number, from: string): string {
  const path = freshPath(dir);
  const db = new Database(path);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    // The empty file needs no sealing yet: the rows copied in are sealed afterwards.
    migrate(db, version, { resealAll: () => undefined });
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS source').run(from);
    const tables = (
      db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    db.transaction(() => {
      for (const table of tables) {
        const present = new Set(columnsOf(db, 'source', table));
        const columns = columnsOf(db, 'main', table)
          .filter((c) => present.has(c))
          .map((c) => `"${c}"`)
          .join(', ');
        db.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM source."${table}"`);
      }
    })();
    db.exec('DETACH DATABASE source');
    if (version >= AUTHENTICATED_SCHEMA_VERSION) asAuthenticatedBuildsSealed(db, version);
    else if (version >= 2) asOlderBuildsChained(db);
  } finally {
    db.close();
  }
  return path;
}

/**
 * Builds from schema 7 on MAC every row under the vault's row key (over the
 * columns their version has) and keep the integrity record; the copied rows
 * carry this build's MACs, so they are sealed again as that build would have
 * sealed them. The copied audit trail is already keyed, as theirs was.
 */
function asAuthenticatedBuildsSealed(db: Database.Database, version: number): void {
  const keys = sourceKeys();
  try {
    const integrity = new Integrity(db, () => version);
    integrity.install(keys.rows);
    db.transaction(() => integrity.resealAll())();
  } finally {
    keys.dispose();
  }
}

/**
 * Builds before schema 7 hashed the audit chain without a key (v1): the
 * copied trail is re-hashed that way and its checkpoints re-signed with the
 * vault's signing key, as an older build would have left them.
 */
function asOlderBuildsChained(db: Database.Database): void {
  const keys = sourceKeys();
  try {
    const trail = new AuditTrail(sodium, clock, 'test');
    const rows = db
      .prepare(
        'SELECT seq, at, actor, kind, account_id AS accountId, person_id AS personId, details FROM audit_events ORDER BY seq',
      )
      .all() as Omit<AuditEventRow, 'prevHash' | 'hash'>[];
    const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
    const hashes = new Map<number, Uint8Array>();
    let prev = trail.genesis(vaultId);
    for (const row of rows) {
      const hash = trail.hashEvent(prev, row);
      update.run(prev, hash, row.seq);
      hashes.set(row.seq, hash);
      prev = hash;
    }
    const checkpoints = db.prepare('SELECT seq, at FROM audit_checkpoints').all() as { seq: number; at: number }[];
    const resign = db.prepare('UPDATE audit_checkpoints SET head_hash = ?, signature = ? WHERE seq = ?');
    for (const cp of checkpoints) {
      const hash = hashes.get(cp.seq)!;
      resign.run(hash, keys.sign(checkpointMessage(vaultId, cp.seq, cp.at, hash)), cp.seq);
    }
  } finally {
    keys.dispose();
  }
}

beforeAll(async () => {
  source = freshPath(dir);
  const core = await makeVault(source, { clock });
  ids.ada = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk', role: 'Editor' }).id;
  ids.brand = core.accounts.create(
    { platform: 'x', handle: 'ourbrand', displayName: 'Our Brand', twoFactor: 'totp', managerId: ids.ada },
    secrets({ password: 'brand-pass-1', totp: { seed: SEED }, recoveryCodes: ['rc-1', 'rc-2'], notes: 'Shared inbox' }),
  ).id;
  ids.news = core.accounts.create(
    { platform: 'tiktok', handle: 'uni.news', twoFactor: 'none' },
    { password: 'news-1' },
  ).id;
  core.access.grant({ accountId: ids.brand, personId: ids.ada, reason: 'Runs the channel' });
  clock.advance(86_400_000);
  core.rotation.rotateNow(ids.brand, { password: 'brand-pass-2', note: 'Quarterly' });
  core.rotation.begin({ accountId: ids.news, password: 'news-2-kestrel-orchard' });
  await core.dispose();
  freshSchema = schemaOf(source);
  sodium = await loadSodium();
  const opened = await keysOf(source, PASSPHRASE);
  vaultId = opened.vaultId;
  sourceKeys = opened.keys;
});

const earlier = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1);

describe.each(earlier)('a vault file at schema version %i', (version) => {
  let path: string;
  let core: Awaited<ReturnType<typeof makeCore>>;

  beforeAll(async () => {
    path = fixtureAt(version, source);
    core = await makeCore(path, { clock });
  });
  afterAll(() => core.dispose());

  it('refuses a wrong passphrase without migrating anything', async () => {
    await refusal(core.vault.unlock(WRONG_PASSPHRASE, path), 'wrong_passphrase');
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(version);
  });

  it('unlocks, migrates to this build’s schema, and has the schema a new vault has', async () => {
    clock.advance(60_000); // past the failed unlock's back-off
    await core.vault.unlock(PASSPHRASE, path);
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
    expect(schemaOf(path)).toEqual(freshSchema);
  });

  it('reads the accounts and their secrets as they were', () => {
    expect(
      core.accounts
        .list()
        .map((a) => a.handle)
        .sort(),
    ).toEqual(['ourbrand', 'uni.news']);
    expect(core.secrets.reveal(ids.brand, 'password')).toBe('brand-pass-2');
    expect(core.secrets.reveal(ids.brand, 'totpSecret')).toBe(SEED);
    expect(core.secrets.reveal(ids.brand, 'recoveryCodes')).toBe('rc-1\nrc-2');
    expect(core.secrets.reveal(ids.brand, 'notes')).toBe('Shared inbox');
    expect(core.accounts.get(ids.brand).displayName).toBe('Our Brand');
  });

  it('reads the people, the manager and the access log where the version had them', () => {
    const people = core.people.list();
    const holders = core.access.holders(ids.brand);
    if (version >= PEOPLE) {
      expect(people.map((p) => p.name)).toEqual(['Ada Lovelace']);
      expect(core.accounts.get(ids.brand).managerId).toBe(ids.ada);
      expect(holders.map((g) => [g.personName, g.reason])).toEqual([['Ada Lovelace', 'Runs the channel']]);
    } else {
      expect(people).toEqual([]);
      expect(holders).toEqual([]);
    }
  });

  it('reads rotations, their history and a rotation in progress where the version had them', async () => {
    const history = core.rotation.history(ids.brand);
    const drafts = core.rotation.drafts();
    if (version >= ROTATION) {
      expect(history.rotations.map((r) => r.note)).toEqual(['Quarterly']);
      expect(core.rotation.revealOld(history.passwords[0]!.id)).toBe('brand-pass-1');
      // A draft from before takeovers existed is an ordinary rotation.
      expect(drafts.map((d) => [d.accountId, d.purpose])).toEqual([[ids.news, 'rotation']]);
      await core.rotation.copyNew(drafts[0]!.id);
      expect(core.clipboardPort.text).toBe('news-2-kestrel-orchard');
    } else {
      expect(history.rotations).toEqual([]);
      expect(drafts).toEqual([]);
    }
    // Nothing is due yet; the rotation in progress shows in the queue.
    expect(core.rotation.queue().items.map((i) => [i.accountId, i.draftId === drafts[0]?.id])).toEqual(
      version >= ROTATION ? [[ids.news, true]] : [],
    );
  });

  it('has keyed hashes of the passwords it holds: a rotation to the current or an old one is refused', async () => {
    // Filled in at the unlock that migrated it (the hashes need the key).
    await refusal(() => core.rotation.rotateNow(ids.brand, { password: 'brand-pass-2' }), 'conflict');
    if (version >= ROTATION) {
      await refusal(() => core.rotation.rotateNow(ids.brand, { password: 'brand-pass-1' }), 'conflict');
    }
    const missing = withRawDb(path, (db) => ({
      secrets: db.prepare('SELECT count(*) FROM account_secrets WHERE password_hash IS NULL').pluck().get(),
      history: db.prepare('SELECT count(*) FROM password_history WHERE password_hash IS NULL').pluck().get(),
    }));
    expect(missing).toEqual({ secrets: 0, history: 0 });
  });

  it('keeps an intact audit trail and takes new writes', () => {
    const person = core.people.create({ name: 'Grace Hopper', email: 'grace@example.ac.uk' });
    core.access.grant({ accountId: ids.news, personId: person.id, reason: 'Covers weekends' });
    expect(core.access.holders(ids.news).map((g) => g.personName)).toEqual(['Grace Hopper']);
    const verification = core.audit.verify();
    expect(verification).toMatchObject({ intact: true, problem: null });
    expect(core.audit.list({ kinds: ['vault.unlocked'], limit: 10 }).length).toBeGreaterThan(0);
  });
});
