/**
 * People, grants, the access views (now and "as of" a date), leaver/mover
 * processing, and the bad inputs that must change nothing.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { CustodianError } from '../../src/main/core/errors';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-access-');
const DAY = 24 * 60 * 60 * 1000;
const clock = new ManualClock(new Date(2026, 2, 1, 9, 0, 0).getTime()); // 1 March 2026, 09:00 local
let core: TestCore;
let path: string;

function expectRefused(fn: () => unknown, code: string, message?: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CustodianError);
    expect((error as CustodianError).code).toBe(code);
    if (message) expect((error as CustodianError).message).toMatch(message);
    return;
  }
  throw new Error('expected a refusal');
}

function counts() {
  return withRawDb(path, (db) => ({
    grants: (db.prepare('SELECT count(*) AS n FROM grants').get() as { n: number }).n,
    revoked: (db.prepare('SELECT count(*) AS n FROM grants WHERE revoked_at IS NOT NULL').get() as { n: number }).n,
    people: (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n,
    obligations: (db.prepare('SELECT count(*) AS n FROM rotation_obligations').get() as { n: number }).n,
    events: (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n,
  }));
}

let brand: number;
let news: number;
let archived: number;
let ada: number;
let grace: number;

beforeAll(async () => {
  path = freshPath(dir);
  core = await makeVault(path, { clock });
  brand = core.accounts.create({ platform: 'x', handle: 'ourbrand', twoFactor: 'none' }, { password: 'brand-pw' }).id;
  news = core.accounts.create({ platform: 'instagram', handle: 'uni.news', twoFactor: 'none' }, {}).id;
  archived = core.accounts.create({ platform: 'tiktok', handle: 'oldcampaign', twoFactor: 'none' }, {}).id;
  core.access.archiveAccount({ id: archived });
  ada = core.people.create({ name: 'Ada Lovelace', email: 'Ada@Example.ac.uk', role: 'Social media officer' }).id;
  grace = core.people.create({ name: 'Grace Hopper', email: 'grace@example.ac.uk', department: 'Press office' }).id;
});

describe('people', () => {
  it('stores names and emails encrypted, and refuses a duplicate email in any case', () => {
    const raw = withRawDb(path, (db) => db.prepare('SELECT name, email FROM people').all()) as {
      name: Buffer;
      email: Buffer;
    }[];
    expect(Buffer.concat(raw.flatMap((r) => [r.name, r.email])).toString('latin1')).not.toMatch(/Ada|Lovelace|example/);
    const before = counts();
    expectRefused(
      () => core.people.create({ name: 'Imposter', email: 'ada@EXAMPLE.ac.uk' }),
      'conflict',
      /^ada@EXAMPLE\.ac\.uk is already in the directory, as Ada Lovelace$/,
    );
    expect(counts()).toEqual(before);
    expect(core.people.get(ada)).toMatchObject({ name: 'Ada Lovelace', email: 'Ada@Example.ac.uk', status: 'active' });
  });

  it('resolves people by id or email', () => {
    expect(core.people.resolve(String(ada))).toBe(ada);
    expect(core.people.resolve('ADA@example.ac.uk')).toBe(ada);
    expectRefused(() => core.people.resolve('nobody@example.ac.uk'), 'not_found');
  });
});

describe('grants and views', () => {
  it('grants, lists holders and holdings, and refuses a second concurrent grant', () => {
    const g1 = core.access.grant({ accountId: brand, personId: ada, reason: 'Runs the brand account' });
    expect(g1).toMatchObject({
      kind: 'standing',
      state: 'active',
      grantedBy: 'Comms Team (vault owner)',
      reason: 'Runs the brand account',
    });
    clock.advance(DAY); // 2 March
    core.access.grant({ accountId: brand, personId: grace, reason: 'Press cover', kind: 'emergency', grantedBy: ada });
    core.access.grant({ accountId: news, personId: ada, reason: 'News desk' });
    expect(core.access.holders(brand).map((g) => g.personName)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(core.access.holders(brand)[1]!.grantedBy).toBe('Ada Lovelace');
    expect(core.access.holdings(ada).map((g) => g.accountLabel)).toEqual([
      '@ourbrand (X (Twitter))',
      '@uni.news (Instagram)',
    ]);
    const before = counts();
    expectRefused(
      () => core.access.grant({ accountId: brand, personId: ada, reason: 'again' }),
      'conflict',
      /already holds/,
    );
    expect(counts()).toEqual(before);
  });

  it('refuses grants to unknown people, on unknown or archived accounts, and with a past end date; nothing changes', () => {
    const before = counts();
    expectRefused(() => core.access.grant({ accountId: brand, personId: 999, reason: 'x' }), 'not_found');
    expectRefused(() => core.access.grant({ accountId: 999, personId: ada, reason: 'x' }), 'not_found');
    expectRefused(() => core.access.grant({ accountId: archived, personId: ada, reason: 'x' }), 'conflict', /archived/);
    expectRefused(
      () => core.access.grant({ accountId: news, personId: grace, reason: 'x', until: '2026-02-01' }),
      'invalid_input',
      /past/,
    );
    expectRefused(
      () => core.access.grant({ accountId: news, personId: grace, reason: 'x', grantedBy: 4242 }),
      'not_found',
    );
    expect(counts()).toEqual(before);
  });

  it('revokes without deleting, and refuses to revoke twice', () => {
    clock.advance(DAY); // 3 March 09:00
    const { grant: revoked, obligation } = core.access.revoke({
      accountId: brand,
      personId: grace,
      reason: 'Cover ended',
    });
    expect(revoked).toMatchObject({
      state: 'revoked',
      revokeReason: 'Cover ended',
      revokedBy: 'Comms Team (vault owner)',
      outstandingCredentials: 0,
    });
    // No one-time credential was handed over under this grant: nothing to rotate.
    expect(obligation).toBeNull();
    const before = counts();
    expectRefused(
      () => core.access.revoke({ accountId: brand, personId: grace, reason: 'again' }),
      'conflict',
      /nothing to revoke/,
    );
    expect(counts()).toEqual(before);
    expect(core.access.history({ accountId: brand }).map((g) => [g.personName, g.state])).toEqual([
      ['Ada Lovelace', 'active'],
      ['Grace Hopper', 'revoked'],
    ]);
  });

  it('answers "who had access on 3 March?" and "at this instant?"', () => {
    expect(core.access.holders(brand, '2026-03-03').map((g) => g.personName)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(core.access.holders(brand, '2026-03-01').map((g) => g.personName)).toEqual(['Ada Lovelace']);
    expect(core.access.holders(brand, '2026-02-28')).toEqual([]);
    expect(core.access.holders(brand).map((g) => g.personName)).toEqual(['Ada Lovelace']);
    const afterRevocation = new Date(2026, 2, 3, 10, 0).toISOString();
    expect(core.access.holders(brand, afterRevocation).map((g) => g.personName)).toEqual(['Ada Lovelace']);
    expectRefused(() => core.access.holders(brand, 'yesterday'), 'invalid_input');
  });

  it('ends time-limited grants at the end of their last day', () => {
    const g = core.access.grant({
      accountId: news,
      personId: grace,
      reason: 'Takeover week',
      kind: 'takeover',
      until: '2026-03-05',
    });
    expect(g.endsAt).toBe(new Date(2026, 2, 6).getTime());
    expect(core.access.holders(news, '2026-03-05').map((x) => x.personName)).toContain('Grace Hopper');
    expect(core.access.holders(news, '2026-03-06').map((x) => x.personName)).not.toContain('Grace Hopper');
    clock.set(new Date(2026, 2, 6, 9).getTime());
    expect(core.access.history({ personId: grace }).find((x) => x.id === g.id)?.state).toBe('expired');
    // Access that has expired can be granted again.
    core.access.grant({
      accountId: news,
      personId: grace,
      reason: 'Back for another week',
      kind: 'takeover',
      until: '2026-03-12',
    });
  });
});

describe('leavers and movers', () => {
  it('previews what would be revoked and flagged, without changing anything', () => {
    const before = counts();
    const preview = core.access.previewLeaver(ada);
    expect(preview.revoke.map((g) => g.accountLabel).sort()).toEqual([
      '@ourbrand (X (Twitter))',
      '@uni.news (Instagram)',
    ]);
    expect(counts()).toEqual(before);
  });

  it('refuses implausible dates; nothing changes', () => {
    const before = counts();
    expectRefused(
      () => core.access.processLeaver({ personId: ada, kind: 'left', date: '2027-12-01' }),
      'invalid_input',
      /ahead/,
    );
    expectRefused(
      () => core.access.processLeaver({ personId: ada, kind: 'left', date: '1999-12-31' }),
      'invalid_input',
    );
    expectRefused(() => core.access.processLeaver({ personId: 4242, kind: 'left', date: '2026-03-04' }), 'not_found');
    expect(counts()).toEqual(before);
    expect(core.people.get(ada).status).toBe('active');
  });

  it('marks a leaver, revokes every grant and creates one obligation per account, in one go', () => {
    const before = counts();
    const result = core.access.processLeaver({
      personId: ada,
      kind: 'left',
      date: '2026-03-04',
      note: 'Moved to another university',
    });
    expect(result.person).toMatchObject({
      status: 'left',
      statusDate: '2026-03-04',
      statusNote: 'Moved to another university',
      currentAccess: 0,
    });
    expect(result.revoked.map((g) => g.accountLabel).sort()).toEqual([
      '@ourbrand (X (Twitter))',
      '@uni.news (Instagram)',
    ]);
    expect(
      result.revoked.every((g) => g.state === 'revoked' && g.revokeReason === 'Ada Lovelace left on 2026-03-04'),
    ).toBe(true);
    expect(result.obligations.map((o) => [o.accountLabel, o.reasonKind, o.reasonDetail]).sort()).toEqual([
      ['@ourbrand (X (Twitter))', 'leaver', 'Ada Lovelace left on 2026-03-04'],
      ['@uni.news (Instagram)', 'leaver', 'Ada Lovelace left on 2026-03-04'],
    ]);
    expect(result.obligations.every((o) => o.dueAt === new Date(2026, 2, 4).getTime() && o.personId === ada)).toBe(
      true,
    );
    const after = counts();
    expect(after.revoked - before.revoked).toBe(2);
    expect(after.obligations - before.obligations).toBe(2);
    expect(core.access.holdings(ada)).toEqual([]);
    expect(core.obligations.list().length).toBe(2);
    // History is kept: the grants are still there, revoked.
    expect(core.access.history({ personId: ada }).length).toBe(2);
  });

  it('refuses to grant access to someone who has left, or to mark them twice', () => {
    const before = counts();
    expectRefused(() => core.access.grant({ accountId: brand, personId: ada, reason: 'x' }), 'conflict', /left/);
    expectRefused(() => core.access.processLeaver({ personId: ada, kind: 'left', date: '2026-03-05' }), 'conflict');
    expect(counts()).toEqual(before);
  });

  it('treats a mover the same way, and a mover can be granted access again', () => {
    const result = core.access.processLeaver({ personId: grace, kind: 'moved', date: '2026-03-06' });
    expect(result.person.status).toBe('moved');
    expect(result.obligations.every((o) => o.reasonKind === 'mover')).toBe(true);
    expect(core.access.grant({ accountId: brand, personId: grace, reason: 'New role, same account' }).state).toBe(
      'active',
    );
  });

  it('is all or nothing: a failure half way leaves no revocation and no obligation', () => {
    const bob = core.people.create({ name: 'Bob', email: 'bob@example.ac.uk' }).id;
    core.access.grant({ accountId: brand, personId: bob, reason: 'x' });
    core.access.grant({ accountId: news, personId: bob, reason: 'y' });
    const before = counts();
    // The fault is injected in process: a trigger planted in the file is refused (the schema is pinned).
    const obligations = core.vault.session().store.obligations;
    const insert = obligations.insert.bind(obligations);
    let inserted = 0;
    const failing = vi.spyOn(obligations, 'insert').mockImplementation((row) => {
      if (++inserted >= 2) throw new Error('simulated disk failure');
      insert(row);
    });
    try {
      expect(() => core.access.processLeaver({ personId: bob, kind: 'left', date: '2026-03-06' })).toThrow();
      expect(counts()).toEqual(before);
      expect(core.people.get(bob).status).toBe('active');
      expect(core.access.holdings(bob).length).toBe(2);
    } finally {
      failing.mockRestore();
    }
  });
});

describe('the action and its audit event commit together', () => {
  it('a grant whose event cannot be written does not happen, and a secret whose reveal cannot be recorded is not shown', () => {
    const person = core.people.create({ name: 'Eve', email: 'eve@example.ac.uk' }).id;
    const before = counts();
    // In process (a trigger planted in the file would be refused: the schema is pinned).
    const audit = core.vault.session().store.audit;
    const failing = vi.spyOn(audit, 'append').mockImplementation(() => {
      throw new Error('audit disk full');
    });
    try {
      expect(() => core.access.grant({ accountId: brand, personId: person, reason: 'x' })).toThrow();
      expect(() => core.secrets.reveal(brand, 'password')).toThrow();
      expect(() => core.people.create({ name: 'Mallory', email: 'mallory@example.ac.uk' })).toThrow();
      expect(counts()).toEqual(before);
      expect(core.access.holdings(person)).toEqual([]);
    } finally {
      failing.mockRestore();
    }
    expect(core.secrets.reveal(brand, 'password')).toBe('brand-pw');
    expect(core.audit.verify().intact).toBe(true);
  });
});
