/**
 * The compliance report against a real vault: a clean vault has no findings;
 * a vault that breaks each rule once (one account per way of breaking it)
 * yields exactly those findings, on exactly those accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import type { FindingKind } from '../../src/shared/compliance';
import type { AccountFieldsInput } from '../../src/shared/domain/account';
import { freshPath, useTempDir } from '../support/tmp';
import { fields, makeVault, refusal, secrets, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-compliance-');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface World {
  core: TestCore;
  clock: ManualClock;
  people: Record<'mia' | 'ann' | 'bob' | 'hal' | 'leo', number>;
  /** Creates an account that keeps every rule, then applies `change`. */
  account(handle: string, change?: Partial<AccountFieldsInput>, password?: string | null): number;
  dispose(): Promise<void>;
}

let serial = 0;
/** A password zxcvbn rates 4 and no other account shares. */
const strongPassword = () => `Quartz-Lantern-${++serial}-Meadow-Violet-Harbour`;

async function world(): Promise<World> {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  const core = await makeVault(freshPath(dir), { clock, timeZone: 'Europe/London' });
  const person = (name: string, email: string) => core.people.create({ name, email, department: 'Communications' }).id;
  const people = {
    mia: person('Mia Manager', 'mia@example.ac.uk'),
    ann: person('Ann Holder', 'ann@example.ac.uk'),
    bob: person('Bob Holder', 'bob@example.ac.uk'),
    hal: person('Hal Leaver', 'hal@example.ac.uk'),
    leo: person('Leo Leftmanager', 'leo@example.ac.uk'),
  };
  core.settings.update({ handleRules: [{ platform: 'all', kind: 'prefix', value: 'livuni' }] });
  const account = (
    handle: string,
    change: Partial<AccountFieldsInput> = {},
    password: string | null = strongPassword(),
  ) => {
    const id = core.accounts.create(
      fields({
        platform: 'x',
        handle,
        department: 'Communications',
        managerId: people.mia,
        purpose: 'News and events',
        monitoredHours: 'Mon-Fri 9-17',
        twoFactor: 'security_key',
        ...change,
      }),
      secrets(password === null ? {} : { password }),
    ).id;
    for (const holder of [people.ann, people.bob]) {
      core.access.grant({ accountId: id, personId: holder, reason: 'Runs it' });
    }
    return id;
  };
  return { core, clock, people, account, dispose: () => core.dispose() };
}

/** "handle:kind" for every finding in the report, sorted. */
function findings(core: TestCore): string[] {
  return core.compliance
    .report()
    .accounts.flatMap((a) => a.findings.map((f) => `${a.handle}:${f.kind}`))
    .sort();
}

async function exportEscrow(core: TestCore, press: TestCore): Promise<void> {
  const { key } = press.press.card();
  if (core.escrow.cards().length === 0) core.escrow.importCard(key!.card, key!.fingerprint);
  await core.escrow.export(undefined, () => undefined);
}

describe('compliance report', () => {
  let clean: World;
  let press: TestCore;

  beforeAll(async () => {
    clean = await world();
    press = await makeVault(freshPath(dir, 'press'), { clock: clean.clock });
    await press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false });
  });
  afterAll(async () => {
    await clean.dispose();
    await press.dispose();
  });

  it('finds nothing on a vault that keeps every rule', async () => {
    clean.account('livuni_news');
    clean.account('livuni_sport');
    expect(findings(clean.core)).toEqual(['livuni_news:no_escrow', 'livuni_sport:no_escrow']);
    await exportEscrow(clean.core, press);
    const report = clean.core.compliance.report();
    expect(report.findings).toBe(0);
    expect(Object.values(report.counts).every((n) => n === 0)).toBe(true);
    expect(report.accounts.map((a) => a.handle)).toEqual(['livuni_news', 'livuni_sport']);
    expect(report.policy).toMatchObject({ minHolders: 2, twoFactorRequired: true, minPasswordStrength: 3 });
  });

  it('refuses an invalid handle pattern or an out-of-range policy, changing nothing', async () => {
    const before = clean.core.settings.get();
    await refusal(
      () => clean.core.settings.update({ handleRules: [{ platform: 'x', kind: 'pattern', value: '(' }] }),
      'invalid_input',
    );
    await refusal(() => clean.core.settings.update({ minHolders: 0 }), 'invalid_input');
    await refusal(() => clean.core.settings.update({ minPasswordStrength: 5 }), 'invalid_input');
    expect(clean.core.settings.get()).toEqual(before);
    // The department rule, once on, finds the holders outside the account's department.
    clean.core.people.update(clean.people.bob, { name: 'Bob Holder', email: 'bob@example.ac.uk', department: 'Sport' });
    clean.core.settings.update({ holdersSameDepartment: true });
    expect(findings(clean.core)).toEqual(['livuni_news:too_few_holders', 'livuni_sport:too_few_holders']);
    clean.core.settings.update({ holdersSameDepartment: false });
    expect(findings(clean.core)).toEqual([]);
  });

  it('finds exactly the rule each account breaks', async () => {
    const w = await world();
    const { core, clock, people } = w;
    w.account('livuni_clean');
    // R1
    w.account('livuni_nomgr', { managerId: null });
    w.account('livuni_leftmgr', { managerId: people.leo });
    w.account('livuni_nopurp', { purpose: '' });
    w.account('livuni_nohours', { monitoredHours: '' });
    // R2
    core.accounts.create(
      fields({
        platform: 'x',
        handle: 'livuni_nobody',
        department: 'Communications',
        managerId: people.mia,
        purpose: 'p',
        monitoredHours: 'h',
        twoFactor: 'security_key',
      }),
      secrets({ password: strongPassword() }),
    );
    const one = w.account('livuni_one');
    core.access.revoke({ accountId: one, personId: people.bob, reason: 'Moved team' });
    // R3
    w.account('livuni_weak', {}, 'password1');
    w.account('livuni_same1', {}, 'Shared-Quartz-Lantern-Meadow-Violet');
    w.account('livuni_same2', {}, 'Shared-Quartz-Lantern-Meadow-Violet');
    const old = w.account('livuni_old');
    core.rotation.setAccountPeriod(old, 1);
    // R5
    const overdue = w.account('livuni_overdue');
    core.rotation.requestSoon(overdue, 'Suspicious login');
    const leaverAccount = w.account('livuni_leaver');
    core.access.grant({ accountId: leaverAccount, personId: people.hal, reason: 'Cover' });
    // R6
    const takeover = w.account('livuni_takeov');
    const scheduled = await core.takeovers.schedule({
      accountId: takeover,
      guest: { name: 'Sam Student', email: 'sam@student.ac.uk' },
      start: iso(clock.now()),
      end: iso(clock.now() + HOUR),
      reason: 'Open day',
    });
    core.takeovers.temporarySet(scheduled.takeover.id);
    // R8
    w.account('livuni_no2fa', { twoFactor: 'none' });
    const seeded = w.account('livuni_seed', { twoFactor: 'totp' });
    core.accounts.update(
      seeded,
      fields({ ...fieldsOfAccount(core, seeded) }),
      secrets({ totp: { seed: 'JBSWY3DPEHPK3PXP' } }),
    );
    await core.takeovers.issueForGrant(seeded, people.ann, 7, true);
    const stale = w.account('livuni_stale');
    // R10
    w.account('badname');
    // Archiving revokes every grant now; a vault archived before it did can still hold such an account.
    const archived = w.account('livuni_closed');
    const session = core.vault.session();
    session.store.transaction(() => session.store.accounts.setStatus(archived, 'archived', clock.now()));
    core.accounts.refresh(session, archived);

    clock.advance(2 * HOUR);
    expect(core.takeovers.sweep()).toBe(1);
    // Leavers: the obligation, and the leaver's grant revoked (two holders remain).
    core.access.processLeaver({ personId: people.hal, kind: 'left', date: '2026-03-02' });
    core.access.processLeaver({ personId: people.leo, kind: 'left', date: '2026-03-02' });

    // R7: everything above is in the bundle as it is now, except what changes after it.
    await exportEscrow(core, press);
    w.account('livuni_later');
    core.rotation.rotateNow(stale, { password: strongPassword() });
    clock.advance(2 * DAY);

    expect(findings(core)).toEqual(
      (
        [
          ['livuni_nomgr', 'no_manager'],
          ['livuni_leftmgr', 'manager_left'],
          ['livuni_nopurp', 'no_purpose'],
          ['livuni_nohours', 'no_hours'],
          ['livuni_nobody', 'no_holders'],
          ['livuni_one', 'too_few_holders'],
          ['livuni_weak', 'weak_password'],
          ['livuni_same1', 'reused_password'],
          ['livuni_same2', 'reused_password'],
          ['livuni_old', 'password_too_old'],
          ['livuni_overdue', 'rotation_overdue'],
          ['livuni_leaver', 'leaver_obligation'],
          ['livuni_takeov', 'takeover_not_changed_back'],
          ['livuni_later', 'no_escrow'],
          ['livuni_stale', 'escrow_stale'],
          ['livuni_no2fa', 'no_two_factor'],
          ['livuni_seed', 'totp_disclosed'],
          ['badname', 'handle_breaks_rule'],
          ['livuni_closed', 'archived_with_access'],
        ] satisfies [string, FindingKind][]
      )
        .map(([handle, kind]) => `${handle}:${kind}`)
        .sort(),
    );
    await w.dispose();
  });
});

function fieldsOfAccount(core: TestCore, id: number): AccountFieldsInput {
  const a = core.accounts.get(id);
  return {
    platform: a.platform,
    handle: a.handle,
    department: a.department,
    managerId: a.managerId,
    purpose: a.purpose,
    monitoredHours: a.monitoredHours,
    twoFactor: a.twoFactor,
  };
}
