/**
 * Secrets are radioactive: distinctive canary secrets go in through the IPC
 * handler table (account secrets, a typed rotation password, the vault
 * passphrase, a one-time code), every flow that touches them runs, and then
 * no canary may appear, in any encoding, in: an answer of a channel that is
 * not an explicit (audited) reveal, an error message or issue (including
 * validation errors for payloads that carry the canary), the audit trail,
 * an exported file (CSV, JSON, ICS, PDF input, incident summary), or the console.
 */
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels, type ChannelName } from '../../src/shared/contract/channels';
import type { Result } from '../../src/shared/contract/envelope';
import { ManualClock } from '../../src/main/core/clock';
import { totpCode } from '../../src/shared/totp';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import { findLeaks } from '../support/leaks';
import { withRawDb } from '../support/raw-db';
import { FakeScheduler } from '../support/scheduler';
import { freshPath, useTempDir } from '../support/tmp';
import { makeCore, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-leaks-');
const path = freshPath(dir);
const token = () => randomBytes(6).toString('hex');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base32Canary = () => Array.from(randomBytes(32), (b) => BASE32[b % 32]).join('');

const canaries = {
  passphrase: `Canary-Passphrase-${token()}`,
  password: `Canary-Password-${token()}`,
  totpSeed: base32Canary(),
  recoveryCode: `CANARY-RECOVERY-${token()}`,
  notes: `Canary notes ${token()}`,
  rotated: `Canary-Rotated-${token()}`,
  signIn: `canary-signin-${token()}@example.ac.uk`,
  accountSignIn: `canary-account-signin-${token()}@example.ac.uk`,
  imported: `Canary-Imported-${token()}`,
  importedNote: `Canary imported note ${token()}`,
  exportPassword: `Canary-Export-Password-${token()}`,
  reenrolled: `Canary-Reenrolled-${token()}`,
  newSeed: base32Canary(),
};
/** Filled in when the one-time credential is issued. */
const late: Record<string, string> = {};
const allCanaries = () => ({ ...canaries, ...late });

/** Channels whose whole point is to hand a secret over (each one audited, or vault-less for tickets). */
const REVEALS = new Set<ChannelName>([
  'secrets.reveal',
  'rotation.revealNew',
  'rotation.revealNewTotp',
  'rotation.revealOld',
  'takeovers.issueForGrant',
  'tickets.redeem',
]);

let core: TestCore;
let dispatch: Dispatch;
const answers: { channel: ChannelName; text: string }[] = [];
const errors: { channel: ChannelName; text: string }[] = [];
const files = new Map<string, Buffer>();
const reported: string[] = [];
const consoleLines: string[] = [];
let saveAs = 0;

async function call<T = Record<string, unknown>>(channel: ChannelName, payload: unknown): Promise<T> {
  const result = (await dispatch(channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  expect(channels[channel].output.safeParse(result.value).success).toBe(true);
  answers.push({ channel, text: JSON.stringify(result.value) });
  return result.value;
}

async function refused(channel: ChannelName, payload: unknown): Promise<string> {
  const result = await dispatch(channel, payload);
  expect(result.ok, `${channel} should refuse`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  errors.push({ channel, text: JSON.stringify(result.error) });
  return result.error.code;
}

function leaksIn(haystack: Buffer): string[] {
  return Object.entries(allCanaries()).flatMap(([name, secret]) =>
    findLeaks(haystack, secret).map((encoding) => `${name} (${encoding})`),
  );
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map(String).join(' '));
    });
  }
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 10, 0));
  core = await makeCore(path, { clock, scheduler: new FakeScheduler(), ledgerPath: join(dir, 'ledger.sqlite') });
  dispatch = createDispatcher(
    createHandlers(core, {
      version: 'test',
      chooseSavePath: async (name) => join(dir, `${(saveAs += 1)}-${name}`),
      // On disk (exports are staged there and renamed once their event commits), and kept for the scan.
      writeFile: (target, content) => {
        writeFileSync(target, content, { mode: 0o600 });
        files.set(target, Buffer.from(content));
      },
      printToPdf: async (html) => new TextEncoder().encode(html),
    }),
    { validateOutput: true, report: (text) => reported.push(text) },
  );
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('canary secrets through every flow', () => {
  let accountId: number;
  let personId: number;

  it('runs the flows (and the reveals do hand the canaries over: the positive control)', async () => {
    await call('vault.create', { path, owner: 'Comms', passphrase: canaries.passphrase, kdf: 'interactive' });
    personId = (await call<{ id: number }>('people.create', { name: 'Ada Lovelace', email: 'ada@example.ac.uk' })).id;
    const account = await call<{ id: number }>('accounts.create', {
      fields: { platform: 'x', handle: 'ourbrand', managerId: personId },
      secrets: {
        signInName: canaries.accountSignIn,
        password: canaries.password,
        totp: { seed: canaries.totpSeed },
        recoveryCodes: [canaries.recoveryCode],
        notes: canaries.notes,
      },
    });
    accountId = account.id;
    await call('access.grant', { accountId, personId, reason: 'Runs it' });
    await call('accounts.list', {});
    await call('accounts.get', { id: accountId });
    await call('accounts.update', {
      id: accountId,
      fields: { platform: 'x', handle: 'ourbrand', managerId: personId },
      secrets: { notes: canaries.notes },
    });

    expect(await call('secrets.reveal', { accountId, field: 'password' })).toEqual({ value: canaries.password });
    expect(await call('secrets.reveal', { accountId, field: 'totpSecret' })).toEqual({ value: canaries.totpSeed });
    await call('secrets.reveal', { accountId, field: 'recoveryCodes' });
    await call('secrets.reveal', { accountId, field: 'notes' });
    for (const field of ['password', 'totpSecret', 'recoveryCodes', 'notes', 'totpCode']) {
      await call('secrets.copy', { accountId, field });
    }
    await call('secrets.totp', { accountId });
    // The compliance report judges the password (strength, reuse) inside the core: its answer must not carry it.
    await call('compliance.report', {});

    // A rotation with a typed password: the draft views must not carry it; only revealNew does.
    const draft = await call<{ id: number }>('rotation.begin', { accountId, password: canaries.rotated });
    await call('rotation.begin', { accountId }); // resumes the same draft
    await call('rotation.drafts', {});
    await call('rotation.queue', {});
    expect(await call('rotation.revealNew', { draftId: draft.id })).toEqual({ value: canaries.rotated });
    await call('rotation.copyNew', { draftId: draft.id });
    await call('rotation.confirm', { draftId: draft.id, note: 'Routine' });
    // Refusals of a password (the current one) and of a live code never repeat the secret.
    await refused('rotation.begin', { accountId, password: canaries.rotated });
    await refused('rotation.begin', { accountId, password: canaries.rotated, acceptance: { confirmReuse: true } });
    const seeded = await call<{ id: number }>('rotation.begin', {
      accountId,
      password: canaries.reenrolled,
      totp: { seed: canaries.newSeed },
    });
    const { uri } = await call<{ uri: string }>('rotation.revealNewTotp', { draftId: seeded.id });
    expect(uri).toContain(canaries.newSeed);
    await refused('rotation.confirm', { draftId: seeded.id, totpCode: '000000' });
    const live = totpCode(
      { secret: canaries.newSeed, digits: 6, period: 30, algorithm: 'sha1' },
      core.clock.now() / 1000,
    ).code;
    await call('rotation.confirm', { draftId: seeded.id, totpCode: live });
    const history = await call<{ passwords: { id: number }[] }>('rotation.history', { accountId });
    expect(await call('rotation.revealOld', { historyId: history.passwords[1]!.id })).toEqual({
      value: canaries.password,
    });

    const incident = await call<{ id: number }>('incidents.report', { accountId, note: 'Odd posts overnight' });
    await call('incidents.summary', { incidentId: incident.id });
    await call('incidents.exportPdf', { incidentId: incident.id });

    const ticket = await call<{ text: string; code: string }>('takeovers.issueForGrant', { accountId, personId });
    late.code = ticket.code.replace('-', '');
    await call('tickets.inspect', { ticket: ticket.text });
    await refused('tickets.redeem', { ticket: ticket.text, code: 'AAAAA-AAAAA' });
    // The ticket itself (a reveal channel's answer, so not scanned below) seals the sign-in name with the password.
    expect(leaksIn(Buffer.from(ticket.text)), 'the ticket text').toEqual([]);
    const redeemed = await call<{ ticketId: string; password: string; signInName: string }>('tickets.redeem', {
      ticket: ticket.text,
      code: ticket.code,
    });
    expect(redeemed.password).toBe(canaries.reenrolled);
    expect(redeemed.signInName).toBe(canaries.accountSignIn);
    await call('tickets.copy', { ticketId: redeemed.ticketId, field: 'signInName' });

    // Import: the preview says which secrets a row has, never what they are; only a reveal hands one over.
    const csv = [
      'url,username,password,totp,extra,name,grouping,fav',
      `https://twitter.com/ImportedNews,${canaries.signIn},${canaries.imported},,${canaries.importedNote},Imported,Press,0`,
    ].join('\n');
    const staged = await call<{ stagingId: string }>('import.stage', { source: { text: csv, name: 'lastpass.csv' } });
    await call('import.preview', { stagingId: staged.stagingId, decisions: [{ index: 0, displayName: 'Renamed' }] });
    const imported = await call<{ created: number[] }>('import.commit', { stagingId: staged.stagingId, decisions: [] });
    const importedId = imported.created[0]!;
    await call('accounts.get', { id: importedId });
    expect(await call('secrets.reveal', { accountId: importedId, field: 'signInName' })).toEqual({
      value: canaries.signIn,
    });
    await call('secrets.copy', { accountId: importedId, field: 'signInName' });
    await refused('import.stage', {
      source: { text: `${csv}\nhttps://x.com/a,${canaries.imported}`, name: 'bad.csv' },
    });
    const sealed = readFileSync('test/fixtures/import/bitwarden-encrypted-pbkdf2.json', 'utf8');
    await refused('import.stage', { source: { text: sealed, name: 'bw.json' }, password: canaries.exportPassword });

    await call('audit.list', { limit: 1000 });
    await call('audit.verify', {});
    await call('audit.exportEvents', { format: 'csv' });
    await call('audit.exportEvents', { format: 'json' });
    await call('audit.exportAccessLog', { format: 'csv' });
    await call('audit.exportAccessLog', { format: 'json' });
    await call('rotation.requestSoon', { accountId, note: 'Check it' });
    await call('rotation.exportCalendar', {});
    expect(files.size).toBe(6);

    await call('vault.lock', {});
    await call('vault.unlock', { passphrase: canaries.passphrase });
  }, 90_000); // every flow once, PDFs and Argon2id included: minutes on a loaded machine, not a hang

  it('refusals never echo the secret they were given', async () => {
    const long = (secret: string) => `${secret}${'x'.repeat(1100)}`;
    const fields = { platform: 'x', handle: 'another' };
    const bad: [ChannelName, unknown][] = [
      ['accounts.create', { fields, secrets: { password: long(canaries.password) } }],
      ['accounts.create', { fields, secrets: { totp: { seed: `${canaries.totpSeed}!` } } }],
      [
        'accounts.create',
        { fields, secrets: { totp: { seed: `otpauth://totp/x?secret=${canaries.totpSeed}&digits=9` } } },
      ],
      ['accounts.create', { fields, secrets: { totp: { seed: `otpauth:${canaries.totpSeed}` } } }],
      ['accounts.create', { fields, secrets: { recoveryCodes: [`${canaries.recoveryCode}${'x'.repeat(300)}`] } }],
      ['accounts.create', { fields, secrets: { notes: `${canaries.notes}${'x'.repeat(20001)}` } }],
      ['rotation.begin', { accountId, password: long(canaries.rotated) }],
      ['rotation.begin', { accountId, totp: { seed: `${canaries.totpSeed}1` } }],
      ['vault.unlock', { passphrase: long(canaries.passphrase) }],
      ['vault.changePassphrase', { current: canaries.rotated, next: canaries.password }],
      ['vault.changePassphrase', { current: canaries.passphrase, next: 'short' }],
      ['vault.create', { path: join(dir, 'other.custodian'), owner: 'X', passphrase: 'short' }],
      ['press.open', { bundleId: 'A'.repeat(22), reason: 'x', officerPassphrases: [{ officer: 0, passphrase: '' }] }],
    ];
    for (const [channel, payload] of bad) await refused(channel, payload);
    expect(await refused('vault.unlock', { passphrase: canaries.rotated })).toBe('wrong_passphrase');
    const unlocked = await call<{ unlocked: boolean }>('vault.unlock', { passphrase: canaries.passphrase });
    expect(unlocked.unlocked).toBe(true);
  });

  it('no answer but an explicit reveal carries a canary', () => {
    const leaks = answers
      .filter((a) => !REVEALS.has(a.channel))
      .flatMap((a) => leaksIn(Buffer.from(a.text)).map((leak) => `${a.channel}: ${leak}`));
    expect(leaks).toEqual([]);
  });

  it('no error message or issue carries a canary', () => {
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.flatMap((e) => leaksIn(Buffer.from(e.text)).map((leak) => `${e.channel}: ${leak}`))).toEqual([]);
  });

  it('no exported file carries a canary (CSV, JSON, ICS, the PDF input)', () => {
    for (const [name, content] of files) expect(leaksIn(content), name).toEqual([]);
  });

  it('the audit trail carries none, and records each reveal of the new password', () => {
    const rows = withRawDb(path, (db) => db.prepare('SELECT kind, details FROM audit_events').all()) as {
      kind: string;
      details: string;
    }[];
    expect(leaksIn(Buffer.from(JSON.stringify(rows)))).toEqual([]);
    expect(rows.filter((r) => r.kind === 'secret.revealed').map((r) => JSON.parse(r.details).field)).toEqual([
      'password',
      'totpSecret',
      'recoveryCodes',
      'notes',
      'newPassword',
      'newTotpSeed',
      'previousPassword',
      'signInName',
    ]);
  });

  it('nothing reached the console or the unexpected-error report', () => {
    expect(leaksIn(Buffer.from([...consoleLines, ...reported].join('\n')))).toEqual([]);
    expect(reported).toEqual([]);
  });

  it('the redeemed credential is dropped when the vault locks', async () => {
    await call('vault.lock', {});
    const ticketId = JSON.parse(answers.find((a) => a.channel === 'tickets.redeem')!.text).ticketId as string;
    expect(await refused('tickets.copy', { ticketId, field: 'password' })).toBe('not_found');
  });
});
