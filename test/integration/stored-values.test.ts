/**
 * Every value read back from the vault is parsed, not cast. An edit behind
 * the app's back fails its row MAC first; a row whose MAC is valid but whose
 * value Custodian would never write (which only a bug, or someone holding
 * the vault key, can produce: simulated here by writing through the
 * repositories, which MAC what they write) is refused as "changed outside
 * Custodian" naming table, row and column, never a bare TypeError or
 * SyntaxError. The report's three: `accounts.platform`, `settings.value`,
 * `escrow_openings.refs`; and an incident's checklist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/main/core/errors';
import type { VaultSession } from '../../src/main/core/services/vault-session';
import { runCli } from '../support/cli';
import { escrowPair, exportBundle, importPressCard, type EscrowPair } from '../support/escrow';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeVault, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-stored-values-');

async function refusal(fn: () => unknown): Promise<CustodianError> {
  try {
    await fn();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(CustodianError);
    return error as CustodianError;
  }
  throw new Error('expected a refusal');
}

/** Writes through a repository's own sealing write, as a bug in Custodian would. */
function buggyWrite(session: VaultSession, repo: object, table: string, sql: string, ...params: unknown[]) {
  session.store.transaction(() => {
    (repo as unknown as { write(t: string, s: string, ...p: unknown[]): number }).write(table, sql, ...params);
  });
}

describe('a value the app would never write, in a row with a valid MAC', () => {
  let core: TestCore;
  let path: string;
  let account: number;

  beforeAll(async () => {
    path = freshPath(dir);
    core = await makeVault(path);
    account = core.accounts.create({ platform: 'x', handle: 'ourbrand', twoFactor: 'none' }, { password: 'pw' }).id;
  });
  afterAll(() => core.dispose());

  it('accounts.platform: refused naming the table, row and column', async () => {
    const session = core.vault.session();
    buggyWrite(
      session,
      session.store.accounts,
      'accounts',
      "UPDATE accounts SET platform = 'myspace' WHERE id = ?",
      account,
    );
    core.vault.lock();
    const error = await refusal(async () => {
      await core.vault.unlock(PASSPHRASE);
      core.accounts.list();
    });
    expect(error.code).toBe('tampered');
    expect(error.message).toBe(
      `This vault file has been changed outside Custodian: table accounts, row ${account}, column platform holds a value Custodian does not write`,
    );
    // The command line says the same in one line, exit 1.
    if (core.vault.isUnlocked) core.vault.lock();
    const cli = await runCli(['account', 'list', '--vault', path], { env: { CUSTODIAN_PASSPHRASE: PASSPHRASE } });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(
      /^custodian: This vault file has been changed outside Custodian: table accounts, row \d+, column platform/,
    );
    expect(cli.stderr).not.toMatch(/TypeError|internal error/);
  });

  it('settings.value that is not JSON: refused, not a SyntaxError', async () => {
    const other = freshPath(dir);
    const fresh = await makeVault(other);
    try {
      const session = fresh.vault.session();
      buggyWrite(
        session,
        session.store.settings,
        'settings',
        "INSERT INTO settings (key, value) VALUES ('autoLockMinutes', '{oops') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      );
      fresh.vault.lock();
      const error = await refusal(async () => {
        await fresh.vault.unlock(PASSPHRASE);
        fresh.settings.get();
      });
      expect(error.code).toBe('tampered');
      expect(error.message).toMatch(/table settings, row autoLockMinutes, column value/);
    } finally {
      await fresh.dispose();
    }
  });

  it('incidents.steps that is not a checklist: refused', async () => {
    const other = freshPath(dir);
    const fresh = await makeVault(other);
    try {
      const id = fresh.accounts.create({ platform: 'x', handle: 'hacked', twoFactor: 'none' }, {}).id;
      const incident = fresh.incidents.report(id, 'Posts we did not write');
      const session = fresh.vault.session();
      buggyWrite(
        session,
        session.store.rotations,
        'incidents',
        `UPDATE incidents SET steps = '["rotate"]' WHERE id = ?`,
        incident.id,
      );
      const error = await refusal(() => fresh.incidents.get(incident.id));
      expect(error.message).toMatch(new RegExp(`table incidents, row ${incident.id}, column steps`));
    } finally {
      await fresh.dispose();
    }
  });

  it('the same edit made behind the app’s back fails the row MAC at unlock', async () => {
    const other = freshPath(dir);
    const fresh = await makeVault(other);
    const id = fresh.accounts.create({ platform: 'x', handle: 'edited', twoFactor: 'none' }, {}).id;
    await fresh.dispose();
    withRawDb(other, (db) => db.prepare("UPDATE accounts SET platform = 'tiktok' WHERE id = ?").run(id));
    const reopened = await makeVault(freshPath(dir));
    try {
      const error = await refusal(() => reopened.vault.unlock(PASSPHRASE, other));
      expect(error.code).toBe('tampered');
      expect(error.message).toMatch(new RegExp(`table accounts, row ${id} does not verify`));
    } finally {
      await reopened.dispose();
    }
  });
});

describe('escrow_openings.refs', () => {
  let pair: EscrowPair;
  beforeAll(async () => {
    pair = await escrowPair(dir);
  });
  afterAll(() => pair.dispose());

  it('refs that are not a list of account ids: the openings list is refused naming the row', async () => {
    importPressCard(pair);
    const { bundleId, file } = await exportBundle(pair.manager);
    pair.press.press.importBundle(file);
    const opened = await pair.press.press.open({ bundleId, reason: 'Hacked overnight' });
    expect(pair.press.press.openings().map((o) => o.openingId)).toContain(opened.openingId);
    const session = pair.press.vault.session();
    buggyWrite(
      session,
      session.store.escrow,
      'escrow_openings',
      `UPDATE escrow_openings SET refs = '1,2,3' WHERE id = ?`,
      opened.openingId,
    );
    const error = await refusal(() => pair.press.press.openings());
    expect(error.code).toBe('tampered');
    expect(error.message).toMatch(new RegExp(`table escrow_openings, row ${opened.openingId}, column refs`));
  });
});
