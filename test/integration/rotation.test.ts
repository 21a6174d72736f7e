/**
 * Rotation against a real vault: the queue and its reasons, the draft ->
 * confirm/abandon cycle (and crash safety), password history, policies,
 * compromise reports, reminders counted while locked, and bad input.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { makeCore, makeVault, PASSPHRASE, refusal, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-rotation-');
const DAY = 86_400_000;
const ZONE = 'Europe/London';
let clock: ManualClock;
let core: TestCore;
let path: string;
let brand: number;
let news: number;
let archived: number;
let ada: number;

const counts = () =>
  withRawDb(path, (db) => ({
    rotations: (db.prepare('SELECT count(*) AS n FROM rotations').get() as { n: number }).n,
    history: (db.prepare('SELECT count(*) AS n FROM password_history').get() as { n: number }).n,
    open: (
      db.prepare('SELECT count(*) AS n FROM rotation_obligations WHERE resolved_at IS NULL').get() as { n: number }
    ).n,
  }));

beforeAll(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 10, 9, 0));
  path = freshPath(dir);
  core = await makeVault(path, { clock, timeZone: ZONE });
  brand = core.accounts.create(
    { platform: 'x', handle: 'ourbrand', twoFactor: 'none' },
    { password: 'first-password' },
  ).id;
  news = core.accounts.create(
    { platform: 'tiktok', handle: 'uni.news', twoFactor: 'none' },
    { password: 'news-password' },
  ).id;
  archived = core.accounts.create({ platform: 'x', handle: 'oldcampaign', twoFactor: 'none' }, { password: 'old' }).id;
  core.access.archiveAccount({ id: archived });
  ada = core.people.create({ name: 'Ada Lovelace', email: 'ada@example.ac.uk' }).id;
  core.access.grant({ accountId: brand, personId: ada, reason: 'Runs it' });
});

describe('the rotation queue', () => {
  it('is empty right after registration; the scheduled rotation falls due a quarter later', () => {
    expect(core.rotation.queue().items).toEqual([]);
    clock.set(Date.UTC(2026, 3, 3, 9, 0)); // 3 April: due 10 April, within the week
    const queue = core.rotation.queue();
    expect(queue.items.map((i) => [i.accountLabel, i.bucket])).toEqual([
      ['@ourbrand (X (Twitter))', 'week'],
      ['@uni.news (TikTok)', 'week'],
    ]);
    expect(queue.items[0]!.dueAt).toBe(Date.UTC(2026, 3, 10, 8, 0)); // 09:00 GMT + 3 months = 09:00 BST
    expect(queue.items[0]!.reasons).toEqual([
      {
        kind: 'scheduled',
        detail: 'Scheduled rotation (every quarter)',
        dueAt: queue.items[0]!.dueAt,
        obligationId: null,
        createdAt: null,
      },
    ]);
    expect(queue.counts).toEqual({ overdue: 0, today: 0, week: 2, quarter: 0 });
  });

  it('lists every reason of an account: a leaver and the schedule', () => {
    core.access.processLeaver({ personId: ada, kind: 'left', date: '2026-04-02' });
    const item = core.rotation.queue().items.find((i) => i.accountId === brand)!;
    expect(item.bucket).toBe('overdue');
    expect(item.reasons.map((r) => [r.kind, r.detail])).toEqual([
      ['leaver', 'Ada Lovelace left on 2026-04-02'],
      ['scheduled', 'Scheduled rotation (every quarter)'],
    ]);
  });
});

describe('the rotation wizard', () => {
  it('starts a draft that fits the platform and survives a lock (a crash) before confirmation', async () => {
    const draft = core.rotation.begin({ accountId: news });
    const newPassword = core.rotation.revealNew(draft.id);
    expect(newPassword.length).toBeLessThanOrEqual(20); // TikTok allows at most 20
    expect(newPassword).toMatch(/[0-9]/);
    expect(draft.hasCurrentPassword).toBe(true);
    core.vault.lock();
    await core.vault.unlock(PASSPHRASE);
    const again = core.rotation.begin({ accountId: news });
    expect(again).toMatchObject({ id: draft.id, resumed: true });
    expect(core.rotation.revealNew(again.id)).toBe(newPassword);
    expect(core.rotation.queue().items.find((i) => i.accountId === news)?.draftId).toBe(draft.id);
    core.rotation.abandon(draft.id);
    expect(core.secrets.reveal(news, 'password')).toBe('news-password');
    expect(core.rotation.queue().items.find((i) => i.accountId === news)?.draftId).toBeNull();
  });

  it('confirming records the rotation, keeps the old password sealed, resolves every obligation', async () => {
    const before = counts();
    const draft = core.rotation.begin({ accountId: brand, password: 'second-password-xyz' });
    const record = core.rotation.confirm(draft.id, 'Changed after Ada left');
    expect(record).toMatchObject({ accountId: brand, resolvedObligations: 1, note: 'Changed after Ada left' });
    expect(core.secrets.reveal(brand, 'password')).toBe('second-password-xyz');
    expect(counts()).toEqual({ rotations: before.rotations + 1, history: before.history + 1, open: before.open - 1 });
    const history = core.rotation.history(brand);
    expect(history.rotations).toHaveLength(1);
    expect(core.rotation.revealOld(history.passwords[0]!.id)).toBe('first-password');
    expect(core.rotation.queue().items.find((i) => i.accountId === brand)).toBeUndefined();
    // The old password is sealed like any other secret.
    const raw = withRawDb(path, (db) => db.prepare('SELECT password FROM password_history').all()) as {
      password: Buffer;
    }[];
    expect(Buffer.concat(raw.map((r) => r.password)).includes(Buffer.from('first-password'))).toBe(false);
    await refusal(() => core.rotation.confirm(draft.id), 'conflict');
    expect(counts().rotations).toBe(before.rotations + 1);
  });

  it('can replace the TOTP seed and recovery codes in the same step', () => {
    const draft = core.rotation.begin({
      accountId: news,
      totp: { seed: 'JBSWY3DPEHPK3PXP' },
      recoveryCodes: ['aaaa-1111', 'bbbb-2222'],
    });
    expect(draft).toMatchObject({ totpChanging: true, recoveryChanging: true });
    expect(core.rotation.confirm(draft.id)).toMatchObject({ totpChanged: true, recoveryChanged: true });
    expect(core.secrets.reveal(news, 'totpSecret')).toBe('JBSWY3DPEHPK3PXP');
    expect(core.secrets.reveal(news, 'recoveryCodes')).toBe('aaaa-1111\nbbbb-2222');
  });

  it('refuses archived accounts, unknown drafts and bad seeds, changing nothing', async () => {
    const before = counts();
    await refusal(() => core.rotation.begin({ accountId: archived }), 'conflict');
    await refusal(() => core.rotation.rotateNow(archived, { password: 'x' }), 'conflict');
    await refusal(() => core.rotation.confirm(9999), 'not_found');
    await refusal(() => core.rotation.begin({ accountId: brand, totp: { seed: 'not base32!' } }), 'invalid_input');
    expect(counts()).toEqual(before);
    expect(core.rotation.drafts()).toEqual([]);
  });

  it('rotates in one step for the command line, refusing while the app has a rotation in progress', async () => {
    const draft = core.rotation.begin({ accountId: brand });
    await refusal(() => core.rotation.rotateNow(brand, { password: 'Cli-rotated-Kestrel-4271' }), 'conflict');
    core.rotation.abandon(draft.id);
    expect(core.rotation.rotateNow(brand, { password: 'Cli-rotated-Kestrel-4271' }).resolvedObligations).toBe(0);
    expect(core.secrets.reveal(brand, 'password')).toBe('Cli-rotated-Kestrel-4271');
  });
});

describe('policies and requests', () => {
  it('follows the vault policy and a per-account override, and refuses a period of zero days', async () => {
    core.rotation.setPolicy({ unit: 'days', count: 30 });
    expect(core.rotation.policy()).toMatchObject({ label: 'every 30 days', timeZone: ZONE });
    core.rotation.setAccountPeriod(news, 7);
    clock.advance(8 * DAY);
    const item = core.rotation.queue().items.find((i) => i.accountId === news)!;
    expect(item.bucket).toBe('overdue');
    expect(item.reasons[0]!.detail).toBe('Scheduled rotation (every 7 days)');
    core.rotation.setAccountPeriod(news, null);
    expect(core.rotation.queue().items.find((i) => i.accountId === news)?.bucket).not.toBe('overdue');
    await refusal(() => core.rotation.setAccountPeriod(archived, 5), 'conflict');
  });

  it('records a manual "rotate soon" with its note', () => {
    const obligation = core.rotation.requestSoon(brand, 'Agency contract ended', '2026-05-01');
    expect(obligation).toMatchObject({ reasonKind: 'manual', reasonDetail: 'Agency contract ended' });
    expect(
      core.rotation
        .queue()
        .items.find((i) => i.accountId === brand)
        ?.reasons.map((r) => r.kind),
    ).toContain('manual');
  });
});

describe('reported compromise', () => {
  it('creates an immediate obligation and a checklist; rotating ticks the first step', () => {
    const incident = core.incidents.report(news, 'Posts we did not write at 02:00 <script>alert(1)</script>');
    expect(incident.steps).toEqual({ rotate: null, reset_2fa: null, review_posts: null, tell_comms: null });
    const item = core.rotation.queue().items.find((i) => i.accountId === news)!;
    // Due at once: today, not yet past its due date.
    expect(item).toMatchObject({ bucket: 'today', compromised: true });
    core.rotation.rotateNow(news, { password: 'After-incident-Heron-9731' });
    expect(core.incidents.get(incident.id).steps.rotate).not.toBeNull();
    expect(core.incidents.setStep(incident.id, 'tell_comms', true).steps.tell_comms).not.toBeNull();
    const summary = core.incidents.summary(incident.id);
    expect(summary.markdown).toContain('# Compromise report: @uni.news (TikTok)');
    expect(summary.markdown).toContain('- [x] Change the password');
    expect(summary.markdown).toContain('Posts we did not write at 02:00');
    expect(summary.markdown).not.toContain('After-incident-Heron-9731');
    expect(summary.html).not.toContain('<script>');
    expect(summary.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(core.incidents.close(incident.id).closedAt).not.toBeNull();
    expect(core.incidents.list(news)).toEqual([]);
  });
});

describe('reminders and the calendar', () => {
  it('counts what is due from plaintext while the vault is locked', async () => {
    const unlocked = core.rotation.countsNow();
    core.vault.lock();
    expect(core.rotation.countsNow()).toEqual(unlocked);
    const notes: string[] = [];
    const fresh = await makeCore(path, { clock, timeZone: ZONE, notify: (t, b) => notes.push(`${t}: ${b}`) });
    expect(fresh.reminders.check()).toBe((unlocked?.overdue ?? 0) + (unlocked?.today ?? 0) + (unlocked?.week ?? 0) > 0);
    await fresh.dispose();
    await core.vault.unlock(PASSPHRASE);
  });

  it('exports one calendar event per account, and writes nothing when the file cannot be written', () => {
    const out = join(dir, 'rotations.ics');
    const before = withRawDb(
      path,
      (db) => (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n,
    );
    expect(() =>
      core.rotation.exportCalendar(() => {
        throw new Error('disk full');
      }),
    ).toThrow();
    expect(
      withRawDb(path, (db) => (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n),
    ).toBe(before);
    const events = core.rotation.exportCalendar((content) => writeFileSync(out, content));
    expect(events).toBe(2);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });
});
