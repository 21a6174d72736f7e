/**
 * Revoking a grant under which a one-time credential was handed over, while
 * that credential can still be redeemed: the ticket cannot be recalled (the
 * vault does not know whether it was redeemed, and a copy of the file still
 * opens on another machine), so the revocation says so and raises a rotation
 * obligation on the account, in the same transaction as the revocation and
 * its audit event. Through the service, and through the CLI on a real file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { runCli } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, makeVault, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-revoke-tickets-');
const DAY = 24 * 60 * 60 * 1000;

function counts(path: string) {
  return withRawDb(path, (db) => ({
    revoked: (db.prepare('SELECT count(*) AS n FROM grants WHERE revoked_at IS NOT NULL').get() as { n: number }).n,
    obligations: (db.prepare('SELECT count(*) AS n FROM rotation_obligations').get() as { n: number }).n,
    events: (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n,
  }));
}

async function vaultWithHandOver(path: string, clock?: ManualClock) {
  const core = await makeVault(path, clock ? { clock } : {});
  const account = core.accounts.create(
    { platform: 'x', handle: 'ourbrand', twoFactor: 'none' },
    { password: 'Pa55-word!' },
  ).id;
  const ada = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk' }).id;
  const bea = core.people.create({ name: 'Bea Smith', email: 'bea@example.ac.uk' }).id;
  core.access.grant({ accountId: account, personId: ada, reason: 'Runs it' });
  core.access.grant({ accountId: account, personId: bea, reason: 'Cover' });
  const ticket = await core.takeovers.issueForGrant(account, ada, 3, false);
  return { core, account, ada, bea, ticket };
}

describe('revoking a grant with a hand-over ticket outstanding', () => {
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0));
  let path: string;
  let core: TestCore;
  let account: number;
  let ada: number;
  let bea: number;
  let notAfter: number;

  beforeAll(async () => {
    path = freshPath(dir);
    ({ core, account, ada, bea } = await vaultWithHandOver(path, clock).then((v) => {
      notAfter = v.ticket.notAfter;
      return v;
    }));
  });

  it('shows the outstanding credential on the grant before the revocation (for the confirmation)', () => {
    const grant = core.access.holders(account).find((g) => g.personId === ada)!;
    expect(grant).toMatchObject({ outstandingCredentials: 1, credentialsValidUntil: notAfter });
    const other = core.access.holders(account).find((g) => g.personId === bea)!;
    expect(other).toMatchObject({ outstandingCredentials: 0, credentialsValidUntil: null });
  });

  it('says so and raises a rotation obligation, due now, committed with the revocation and its events', () => {
    clock.advance(DAY);
    const before = counts(path);
    const { grant, obligation } = core.access.revoke({ accountId: account, personId: ada, reason: 'Left the rota' });
    expect(grant).toMatchObject({ state: 'revoked', outstandingCredentials: 1, credentialsValidUntil: notAfter });
    expect(obligation).toMatchObject({ accountId: account, personId: ada, dueAt: clock.now(), resolvedAt: null });
    expect(obligation!.reasonDetail).toMatch(/one-time credential .*could still be redeemed.*change the password/);
    // One revocation, one obligation, and their two events: nothing else.
    expect(counts(path)).toEqual({
      revoked: before.revoked + 1,
      obligations: before.obligations + 1,
      events: before.events + 2,
    });
    const events = core.audit.list({ limit: 2 });
    expect(events.map((e) => e.kind).sort()).toEqual(['grant.revoked', 'obligation.created']);
    expect(events.find((e) => e.kind === 'grant.revoked')!.details).toMatchObject({ outstandingCredentials: 1 });
    // The rotation queue shows it as due now.
    expect(core.obligations.list(account).map((o) => o.id)).toContain(obligation!.id);
    expect(core.audit.verify().intact).toBe(true);
  });

  it('raises nothing for a grant without a credential, or once the credential has expired', async () => {
    const { obligation } = core.access.revoke({ accountId: account, personId: bea, reason: 'Cover over' });
    expect(obligation).toBeNull();
    // A second hand-over whose window has closed before the revocation: nothing can be redeemed any more.
    core.access.grant({ accountId: account, personId: bea, reason: 'Back again' });
    await core.takeovers.issueForGrant(account, bea, 1, false);
    clock.advance(2 * DAY);
    const before = counts(path);
    const result = core.access.revoke({ accountId: account, personId: bea, reason: 'Done' });
    expect(result.obligation).toBeNull();
    expect(result.grant.outstandingCredentials).toBe(0);
    expect(counts(path).obligations).toBe(before.obligations);
  });

  it('commits nothing (no obligation, no event) when the revocation is refused', () => {
    const before = counts(path);
    expect(() => core.access.revoke({ accountId: account, personId: ada, reason: 'again' })).toThrow(
      /nothing to revoke/,
    );
    expect(counts(path)).toEqual(before);
  });
});

describe('custodian revoke', () => {
  it('prints the outstanding credential and the obligation, in text and --json', async () => {
    const path = freshPath(dir);
    const { core, ticket } = await vaultWithHandOver(path);
    core.vault.lock();
    const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
    const before = counts(path);
    const text = await runCli(
      ['revoke', 'ourbrand', '--person', 'ada@example.ac.uk', '--reason', 'Left', '--vault', path],
      {
        env,
      },
    );
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/^Revoked grant 1\n/);
    expect(text.stdout).toMatch(
      /A one-time credential issued under it can still be redeemed until \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(text.stdout).toMatch(/has rotation obligation \d+, due now/);
    const json = await runCli(
      ['revoke', 'ourbrand', '--person', 'bea@example.ac.uk', '--reason', 'Cover over', '--vault', path, '--json'],
      { env },
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      id: 2,
      revokedAt: expect.any(Number),
      outstandingCredentials: 0,
      credentialsValidUntil: null,
      obligationId: null,
    });
    expect(counts(path).obligations).toBe(before.obligations + 1);
    const due = await runCli(['rotation', 'due', '--vault', path, '--json'], { env });
    // Due now, that is due today: listed, but `rotation due` exits 1 only for what is past its due date.
    expect(due.code).toBe(0);
    expect(due.stdout).toContain('one-time credential');
    expect((JSON.parse(due.stdout) as { counts: { today: number } }).counts.today).toBe(1);
    expect(ticket.notAfter).toBeGreaterThan(Date.now());
  });
});
