/**
 * A manager's vault rolled back to an older copy of its file (which undoes
 * a revocation) passes its own checks: the copy is whole. What catches it is
 * the press register, which has seen a later audit head from that vault. A
 * bundle from the rolled-back vault, newer by its date but behind by its
 * audit head, must not replace the register's current bundle unless the
 * press team accepts the rollback explicitly (IPC flag, CLI option), and
 * that acceptance is audited. Against real vault files, and through the CLI.
 */
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/main/core/errors';
import { runCli } from '../support/cli';
import { contentDigest, escrowPair, exportBundle, importPressCard, type EscrowPair } from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-escrow-rollback-');
let pair: EscrowPair;
let rolledBack: { file: string; bundleId: string };
let latest: { file: string; bundleId: string };

/** Puts an older copy of the vault file in place of the current one, as an attacker (or a careless restore) would. */
async function restore(path: string, copy: string, core: EscrowPair['manager']) {
  core.vault.lock();
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${path}${suffix}`)) rmSync(`${path}${suffix}`);
  copyFileSync(copy, path);
  await core.vault.unlock(PASSPHRASE);
}

/**
 * The press register imports a bundle, then a later one made after a
 * revocation; the manager's vault is then put back to a copy from before the
 * revocation and exports again. `verify` checks the rolled-back vault's own
 * trail (which appends an event: that vault has then written as many events
 * as the register has seen, so the new head is at the same event with
 * another hash); without it the new head is behind.
 */
async function rollBack(on: EscrowPair, name: string, verify: boolean) {
  importPressCard(on);
  on.press.press.importBundle((await exportBundle(on.manager)).file);
  // The copy the vault will be rolled back to: Sam still holds access to the brand account here.
  on.manager.vault.lock();
  const older = freshPath(dir, name);
  copyFileSync(on.managerPath, older);
  await on.manager.vault.unlock(PASSPHRASE);
  on.clock.advance(60_000);
  on.manager.access.revoke({ accountId: on.accounts.ourbrand, personId: on.people.sam, reason: 'Cover ended' });
  on.clock.advance(60_000);
  const latest = await exportBundle(on.manager);
  on.press.press.importBundle(latest.file);
  // The rollback: the revocation is gone, and the vault's own checks pass (the copy is whole).
  await restore(on.managerPath, older, on.manager);
  if (verify) expect(on.manager.audit.verify().intact).toBe(true);
  expect(on.manager.access.holders(on.accounts.ourbrand).map((g) => g.personName)).toContain('Sam Smith');
  on.clock.advance(60_000);
  return { latest, rolledBack: await exportBundle(on.manager) };
}

beforeAll(async () => {
  pair = await escrowPair(dir);
  ({ latest, rolledBack } = await rollBack(pair, 'older-copy', true));
});

afterAll(() => pair.dispose());

describe('a bundle from a rolled-back vault', () => {
  it('is shown as a rollback before importing', () => {
    const inspection = pair.press.press.inspect(rolledBack.file);
    expect(inspection).toMatchObject({ pin: 'match', imported: false });
    expect(inspection.rollback).not.toBeNull();
    // The rolled-back vault has written as many events since: the same event number, another chain.
    expect(inspection.rollback!.bundleAuditSeq).toBe(inspection.rollback!.registerAuditSeq);
    // The bundle already in the register is no rollback.
    expect(pair.press.press.inspect(latest.file).rollback).toBeNull();
  });

  it('is refused, and the register keeps the newer bundle; nothing in the press vault changes', () => {
    const before = contentDigest(pair.pressPath);
    let error: unknown;
    try {
      pair.press.press.importBundle(rolledBack.file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CustodianError);
    expect((error as CustodianError).code).toBe('conflict');
    expect((error as CustodianError).message).toMatch(
      /^WARNING: .*audit trail in this bundle \(at event \d+\) does not extend the one .*\(at event \d+\).*rolled back.*accepting the rollback$/,
    );
    expect(contentDigest(pair.pressPath)).toBe(before);
    const register = pair.press.press.register();
    expect(register.bundles.filter((b) => b.current).map((b) => b.bundleId)).toEqual([latest.bundleId]);
    // The register still shows the revocation: Sam no longer holds the brand account.
    const brand = register.accounts.find((a) => a.handle === 'ourbrand')!;
    expect(brand.holders.map((h) => h.name)).toEqual(['Jo Bloggs']);
  });

  it('is imported as current only when the rollback is accepted, and the acceptance is audited', () => {
    const result = pair.press.press.importBundle(rolledBack.file, { acceptRollback: true });
    expect(result).toMatchObject({ pin: 'match', superseded: false, supersedes: latest.bundleId });
    expect(result.warnings.join(' ')).toMatch(/^Rollback accepted: /);
    const [event] = pair.press.audit.list({ kinds: ['escrow.imported'], limit: 1 });
    expect(event!.details).toMatchObject({
      bundleId: rolledBack.bundleId,
      rollbackAccepted: true,
      registerAuditSeq: expect.any(Number),
      auditSeq: expect.any(Number),
    });
    expect(event!.details.auditSeq as number).toBeLessThanOrEqual(event!.details.registerAuditSeq as number);
    expect(pair.press.audit.verify().intact).toBe(true);
  });

  it('an older bundle arriving late replaces nothing, so it goes to history without a confirmation', async () => {
    // Back on the rolled-back manager's own line: two more exports, the later imported first.
    pair.clock.advance(60_000);
    const earlier = await exportBundle(pair.manager);
    pair.clock.advance(60_000);
    const later = await exportBundle(pair.manager);
    expect(pair.press.press.importBundle(later.file).superseded).toBe(false);
    const late = pair.press.press.importBundle(earlier.file);
    expect(late.superseded).toBe(true);
    expect(late.warnings.join(' ')).toMatch(/newer bundle .* kept as history/);
  });
});

describe('custodian escrow import', () => {
  it('refuses the rolled-back bundle (exit 1) and imports it with --accept-rollback', async () => {
    const local = await escrowPair(join(dir));
    try {
      const { rolledBack: bundle } = await rollBack(local, 'cli-older', false);
      const bundleFile = join(dir, 'rolled-back.custodian-escrow');
      writeFileSync(bundleFile, bundle.file);
      // Here the rolled-back head is behind by its event number.
      const { rollback } = local.press.press.inspect(bundle.file);
      expect(rollback!.bundleAuditSeq).toBeLessThan(rollback!.registerAuditSeq);
      // The CLI opens the press vault file itself.
      local.press.vault.lock();
      const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
      const before = contentDigest(local.pressPath);
      const refused = await runCli(['escrow', 'import', bundleFile, '--vault', local.pressPath], { env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^custodian: WARNING: .*rolled back/);
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
      // Only the CLI's own unlock and lock were recorded.
      expect(contentDigest(local.pressPath) === before || (await registerUnchanged(local))).toBe(true);
      const accepted = await runCli(
        ['escrow', 'import', bundleFile, '--accept-rollback', '--json', '--vault', local.pressPath],
        {
          env,
        },
      );
      expect(accepted.code).toBe(0);
      expect(JSON.parse(accepted.stdout)).toMatchObject({ pin: 'match', superseded: false });
      expect(accepted.stderr).toMatch(/custodian: warning: Rollback accepted: /);
    } finally {
      await local.dispose();
    }
  });
});

/** True when the press register's bundles are as before (a CLI run also writes its unlock and lock events). */
async function registerUnchanged(local: EscrowPair): Promise<boolean> {
  await local.press.vault.unlock(PASSPHRASE);
  try {
    const kinds = local.press.audit.list({ limit: 3 }).map((e) => e.kind);
    return local.press.press.register().bundles.length === 2 && !kinds.includes('escrow.imported');
  } finally {
    local.press.vault.lock();
  }
}
