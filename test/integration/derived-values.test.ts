/**
 * Values the session derives from whole tables (who holds what, the
 * compliance report's facts, escrow coverage) are kept until a write to
 * one of their tables: ours, another connection's, or the clock passing
 * the moment a grant starts or ends. A kept value must never outlive the
 * rows it came from; these tests write behind it in each way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { currentHolders } from '../../src/main/core/services/current-holders';
import { derivedFrom } from '../../src/main/core/services/session-cache';
import { fieldsOf } from '../../src/shared/domain/account';
import { freshPath, useTempDir } from '../support/tmp';
import { fields, makeCore, makeVault, PASSPHRASE, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-derived-');
const HOUR = 60 * 60 * 1000;
const clock = new ManualClock(new Date(2026, 5, 1, 9, 0, 0).getTime());
let core: TestCore;
let path: string;
let account: number;
let ada: number;
let grace: number;

beforeAll(async () => {
  path = freshPath(dir);
  core = await makeVault(path, { clock });
  account = core.accounts.create({ platform: 'x', handle: 'derived', twoFactor: 'none' }, { password: 'pw-1' }).id;
  ada = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk' }).id;
  grace = core.people.create({ name: 'Grace Hopper', email: 'grace@example.ac.uk' }).id;
});

/** A derived value over `tables` that counts how often it was computed. */
function counter(key: string, tables: readonly string[]) {
  let loads = 0;
  return {
    read: () =>
      derivedFrom(core.vault.session(), key, tables, () => {
        loads++;
        return { value: loads };
      }),
    loads: () => loads,
  };
}

describe('derived values', () => {
  it('are kept with no write, and computed again after our write to one of their tables only', () => {
    const grants = counter('test-grants', ['grants']);
    const people = counter('test-people', ['people']);
    expect([grants.read(), grants.read(), people.read()]).toEqual([1, 1, 1]);
    core.access.grant({ accountId: account, personId: ada, reason: 'Cover' });
    expect(grants.read()).toBe(2);
    expect(people.read()).toBe(1);
    expect(grants.read()).toBe(2);
  });

  it('are computed again after a rolled-back transaction that wrote their table', () => {
    const grants = counter('test-rollback', ['grants']);
    expect(grants.read()).toBe(1);
    const session = core.vault.session();
    expect(() =>
      session.store.transaction(() => {
        core.access.grant({ accountId: account, personId: grace, reason: 'Rolled back' });
        // Read inside the transaction: sees the uncommitted grant...
        expect(currentHolders(session).get(account)).toEqual([ada, grace]);
        throw new Error('abandon');
      }),
    ).toThrow('abandon');
    // ...and after the rollback neither the counter nor the holders keep what was undone.
    expect(grants.read()).toBe(2);
    expect(currentHolders(session).get(account)).toEqual([ada]);
  });

  it('see what another connection committed', async () => {
    const session = core.vault.session();
    expect(currentHolders(session).get(account)).toEqual([ada]);
    const other = await makeCore(path, { clock });
    await other.vault.unlock(PASSPHRASE);
    other.access.grant({ accountId: account, personId: grace, reason: 'From the CLI' });
    await other.dispose();
    expect(currentHolders(session).get(account)).toEqual([ada, grace]);
    expect(core.accounts.list().find((a) => a.id === account)?.holders).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('follow the clock past a grant that ends, with no write', () => {
    const session = core.vault.session();
    const other = core.accounts.create({ platform: 'instagram', handle: 'derived.two', twoFactor: 'none' }, {}).id;
    // Access for the rest of today (1 June, 09:00 now): it ends at local midnight.
    core.access.grant({ accountId: other, personId: ada, reason: 'For today', until: '2026-06-01' });
    expect(currentHolders(session).get(other)).toEqual([ada]);
    clock.advance(14 * HOUR); // 23:00
    expect(currentHolders(session).get(other)).toEqual([ada]);
    clock.advance(2 * HOUR); // 01:00 on 2 June
    expect(currentHolders(session).get(other)).toBeUndefined();
    const findings = core.compliance.report().accounts.find((a) => a.id === other)?.findings;
    expect(findings?.map((f) => f.kind)).toContain('no_holders');
  });

  it('give the compliance report a finding’s fix at once', () => {
    const before = core.compliance.report().accounts.find((a) => a.id === account)!;
    expect(before.findings.some((f) => f.kind === 'no_manager')).toBe(true);
    const detail = core.accounts.get(account);
    core.accounts.update(account, fields({ ...fieldsOf(detail), managerId: grace }), {});
    const after = core.compliance.report().accounts.find((a) => a.id === account)!;
    expect(after.findings.some((f) => f.kind === 'no_manager')).toBe(false);
    expect(after.manager).toBe('Grace Hopper');
  });
});
