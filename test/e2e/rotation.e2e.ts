/**
 * The rotation journey, end to end through the UI (issue 4): a leaver
 * creates an obligation; the queue shows it with its reason; the wizard
 * shows old and new side by side, copies both through main and records the
 * rotation; the obligation resolves; the account keeps the old password in
 * its history; the audit trail shows each step. Then: a rotation left
 * pending is resumed and abandoned (nothing recorded), the policy refuses
 * zero days with main's message, "rotate soon", the calendar export, and a
 * reported compromise with its checklist, summary and PDF.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/rotation.e2e.ts
 *
 * Screenshots land in test-results/screenshots/rotation-NN-*.png.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIsoDate } from '../../src/shared/dates';
import { formatIsoDate } from '../../src/renderer/src/lib/format';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import { CHROMIUM_PATH, chromiumAvailable, control, launchChromium, openApp, screenshot } from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const OWNER = 'Press Office';
const PASSPHRASE = 'harbour lantern copper 19';
const OLD_PASSWORD = 'correct-horse-battery-staple-91';
const NEWS = '@UniNewsroom (X (Twitter))';
const SPORT = '@uni.sport (Instagram)';

describe.skipIf(!HAVE_CHROMIUM)('rotation: queue, wizard, history, policy, compromise (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `rotation-${String(step).padStart(2, '0')}-${name}`);
  };

  beforeAll(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  async function choose(scope: Page | Locator, label: string, typed: string, option: RegExp | string) {
    const box = scope.getByRole('combobox', { name: label });
    await box.click();
    await box.fill(typed);
    await page.getByRole('listbox', { name: label }).getByRole('option', { name: option }).first().click();
  }

  async function addPerson(name: string, email: string) {
    await page.getByRole('button', { name: /^Add (a )?person$/ }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Email').fill(email);
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name }).waitFor();
  }

  async function openAccount(label: RegExp) {
    await nav('Accounts').click();
    await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option', { name: label }).click();
  }

  /** The events the Audit screen shows for an account (kind labels and details, newest first). */
  async function auditRows(account: string): Promise<string[]> {
    await nav('Audit trail').click();
    await choose(page, 'Account', account.slice(1, 8), account);
    const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
    await page
      .getByTestId('audit-count')
      .getByText(/matching events/)
      .waitFor();
    return (await rows.allTextContents()).slice(1);
  }

  const clipboard = async () => (await control(bridge, 'clipboard')) as { text: string; concealed: boolean };

  it('rotates after a leaver, resolves the obligation, keeps history, audits each step, and handles a compromise', async () => {
    const started = Date.now();
    const today = toIsoDate(Date.now());

    // 1. A vault, an account with a password, two people with access.
    await page.getByRole('button', { name: 'Create a vault' }).click();
    await page.getByLabel('Owner or team').fill(OWNER);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No accounts yet — add your first').waitFor({ timeout: 20_000 });

    // A second account straight through the core (listed after the next reload): the compromise happens to it.
    const sport = bridge.core.accounts.create(
      AccountFieldsSchema.parse({ platform: 'instagram', handle: 'uni.sport', displayName: 'Sport and Fitness' }),
      { password: 'sport-password-2024!' },
    );
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByRole('combobox', { name: 'Platform' }).click();
    await page.getByRole('listbox', { name: 'Platform' }).getByRole('option', { name: 'X (Twitter)' }).click();
    await page.getByLabel('Handle').fill('UniNewsroom');
    await page.getByLabel('Display name').fill('University Newsroom');
    await page.getByLabel('Password', { exact: true }).fill(OLD_PASSWORD);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { name: 'University Newsroom' }).waitFor();
    const news = bridge.core.accounts.list().find((a) => a.handle === 'UniNewsroom')!;

    await nav('People').click();
    await addPerson('Ada Lovelace', 'ada.lovelace@example.ac.uk');
    await addPerson('Grace Hopper', 'grace.hopper@example.ac.uk');

    // Nothing is due yet: the queue says so, and the navigation carries no count.
    await nav('Rotation').click();
    await page.getByText('Nothing to rotate this quarter').waitFor();
    expect(await nav('Rotation').textContent()).toBe('Rotation');

    await openAccount(/UniNewsroom/);
    await page.getByRole('tab', { name: 'Access' }).click();
    for (const [who, typed, why] of [
      [/Ada Lovelace/, 'ada', 'Runs the account day to day'],
      [/Grace Hopper/, 'grace', 'Covers evenings and weekends'],
    ] as const) {
      await page.getByRole('button', { name: 'Grant access' }).click();
      const dialog = page.getByRole('dialog', { name: 'Grant access to @UniNewsroom' });
      await choose(dialog, 'Person', typed, who);
      await dialog.getByLabel('Reason').fill(why);
      await dialog.getByRole('button', { name: 'Grant access' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.getByText('2 people hold access now').waitFor();

    // 2. Ada leaves, through the UI: an obligation naming her.
    await page
      .getByRole('list', { name: 'Current holders' })
      .getByRole('button', { name: 'Ada Lovelace', exact: true })
      .click();
    await page.getByRole('button', { name: 'Leaver or mover…' }).click();
    const leaver = page.getByRole('dialog', { name: 'Ada Lovelace is leaving' });
    await leaver.getByRole('button', { name: 'Review what will change' }).click();
    await leaver.getByRole('button', { name: 'Mark as left and revoke 1 grant' }).click();
    await page.getByRole('dialog', { name: 'Ada Lovelace: done' }).getByRole('button', { name: 'Done' }).click();

    // 3. The count on the main screen and in the navigation; the queue with its reason.
    await nav('Accounts').click();
    const strip = page.getByRole('button', { name: /^1 password to rotate · 1 due today/ });
    await strip.waitFor();
    await expect(strip.textContent()).resolves.toContain('1 password to rotate');
    await expect(nav('Rotation').textContent()).resolves.toBe('Rotation1');
    await shot('main-screen-count');
    await strip.click();
    // Left today: due today, under its own heading (not "Overdue", which is for past due dates).
    const dueToday = page.getByRole('region', { name: 'Due today' });
    const newsRow = dueToday.getByRole('listitem', { name: NEWS });
    await newsRow.waitFor();
    const reasons = await newsRow.getByRole('list', { name: 'Reasons' }).getByRole('listitem').allTextContents();
    expect(reasons[0]).toMatch(
      new RegExp(`^Holder left: Ada Lovelace left on ${formatIsoDate(today)} · raised just now\\s*due today$`),
    );
    expect(reasons[1]).toMatch(/^Scheduled rotation \(every quarter\)/);
    await expect(page.getByRole('group', { name: 'Due today: 1' }).count()).resolves.toBe(1);
    await expect(page.getByRole('group', { name: 'Overdue: 0' }).count()).resolves.toBe(1);
    await shot('queue-leaver');

    // 4. The wizard: a generated password fitted to X, then old and new side by side.
    await newsRow.getByRole('button', { name: `Rotate ${NEWS}` }).click();
    const wizard = page.getByRole('dialog', { name: 'Rotate the password of @UniNewsroom' });
    await wizard.getByText(/bits of entropy/).waitFor();
    await wizard.getByText(/Fitted to X \(Twitter\)/).waitFor();
    await shot('wizard-generate');
    await wizard.getByRole('button', { name: 'Start rotation' }).click();
    await wizard.getByText('Change it on X (Twitter) now').waitFor();
    const current = wizard.getByRole('group', { name: 'Current password' });
    const next = wizard.getByRole('group', { name: 'New password' });
    await current.getByRole('button', { name: 'Reveal current password' }).click();
    await expect.poll(() => current.getByLabel('Current password value').textContent()).toBe(OLD_PASSWORD);
    await next.getByRole('button', { name: 'Reveal new password' }).click();
    await expect.poll(async () => (await next.getByLabel('New password value').textContent())?.length).toBe(24);
    const newPassword = (await next.getByLabel('New password value').textContent())!;
    expect(newPassword).not.toBe(OLD_PASSWORD);
    // Nothing recorded yet: the new password waits, sealed, in the draft (read without a reveal, which is audited).
    expect(bridge.core.rotation.history(news.id).rotations).toEqual([]);
    await next.getByRole('button', { name: 'Copy new password' }).click();
    await expect.poll(clipboard).toEqual({ text: newPassword, concealed: true });
    await page
      .getByRole('status', { name: 'Clipboard status' })
      .getByText(/New password copied — clears in/)
      .waitFor();
    await current.getByRole('button', { name: 'Copy current password' }).click();
    await expect.poll(clipboard).toEqual({ text: OLD_PASSWORD, concealed: true });
    await shot('wizard-side-by-side');

    // 5. "I've changed it": what it resolves, a note, the record.
    await wizard.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    const resolves = wizard.getByRole('list', { name: 'Obligations resolved' });
    await expect(resolves.textContent()).resolves.toContain(
      `Holder left: Ada Lovelace left on ${formatIsoDate(today)}`,
    );
    await wizard.getByText('Resolves 1 open obligation').waitFor();
    await wizard.getByLabel('Note').fill('Changed after Ada left; sign-in checked');
    await shot('wizard-record');
    await wizard.getByRole('button', { name: 'Record rotation' }).click();
    const done = page.getByRole('dialog', { name: '@UniNewsroom: rotated' });
    await done.getByText(/^Rotation recorded at/).waitFor();
    await done.getByText(/1 obligation resolved/).waitFor();
    await shot('wizard-done');
    expect(bridge.core.obligations.list(news.id)).toEqual([]);

    // 6. The obligation resolved: the account leaves the queue, the counts drop.
    await done.getByRole('button', { name: 'Show rotation history' }).click();
    await page.getByRole('tab', { name: 'Rotation', selected: true }).waitFor();
    await page
      .getByRole('status', { name: 'Within policy' })
      .getByText(/Next scheduled rotation due/)
      .waitFor();
    const entry = page.getByRole('list', { name: 'Rotations' }).getByRole('listitem');
    await expect.poll(() => entry.count()).toBe(1);
    await expect(entry.first().textContent()).resolves.toContain('Changed after Ada left; sign-in checked');
    await entry.first().getByRole('button', { name: 'Reveal previous password' }).click();
    await expect.poll(() => entry.first().getByLabel('Previous password value').textContent()).toBe(OLD_PASSWORD);
    await shot('account-rotation-history');
    await nav('Rotation').click();
    await page.getByText('Nothing to rotate this quarter').waitFor();
    await expect(page.getByRole('listitem', { name: NEWS }).count()).resolves.toBe(0);
    await expect(nav('Rotation').textContent()).resolves.toBe('Rotation');

    // 7. The audit trail shows each step, in order.
    const rows = await auditRows('@UniNewsroom');
    const kinds = rows
      .map(
        (r) =>
          /(Rotation obligation created|Rotation started|Password rotated|Secret revealed|Secret copied)/.exec(r)?.[1],
      )
      .filter(Boolean);
    expect(kinds).toEqual([
      'Secret revealed', // the previous password, from the history
      'Password rotated',
      'Secret copied', // the current password
      'Secret copied', // the new one
      'Secret revealed', // the new password (revealing it is audited like any reveal)
      'Secret revealed', // the current password, side by side
      'Rotation started',
      'Rotation obligation created',
    ]);
    expect(rows.find((r) => r.includes('Password rotated'))).toContain('resolved 1 obligation');
    expect(rows.find((r) => r.includes('Rotation obligation created'))).toContain('Holder left');
    expect(rows[0]).toContain('Previous password');
    await shot('audit-rotation');
    // Behind the UI's back (after reading the trail: a reveal through the core is audited too).
    expect(bridge.core.secrets.reveal(news.id, 'password')).toBe(newPassword);

    // 8. A rotation left pending is resumed, and says so; abandoning it records nothing.
    await openAccount(/uni\.sport/);
    // Nothing is due on it: rotating is one of the account's other actions.
    await expect(page.getByRole('button', { name: 'Rotate', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Rotate password…' }).click();
    const sportWizard = page.getByRole('dialog', { name: 'Rotate the password of @uni.sport' });
    await sportWizard.getByText('Type my own').click();
    await sportWizard.getByLabel('New password', { exact: true }).fill('Typed-by-hand-2026!x');
    await sportWizard.getByRole('button', { name: 'Start rotation' }).click();
    await sportWizard.getByRole('button', { name: 'Finish later' }).click();
    await sportWizard.waitFor({ state: 'detached' });
    await page.getByText('Rotation in progress').first().waitFor();
    await page.getByRole('button', { name: 'Resume rotation' }).click();
    const resumed = page.getByRole('dialog', { name: 'Resume the rotation of @uni.sport' });
    await resumed.getByText(/^A rotation started on .* is waiting$/).waitFor();
    await resumed.getByText(/may already be set on Instagram/).waitFor();
    await resumed.getByRole('button', { name: 'Reveal new password' }).click();
    await expect.poll(() => resumed.getByLabel('New password value').textContent()).toBe('Typed-by-hand-2026!x');
    await shot('wizard-resumed');
    await resumed.getByRole('button', { name: 'Abandon…' }).click();
    await resumed.getByRole('button', { name: 'Abandon rotation' }).click();
    await resumed.waitFor({ state: 'detached' });
    await page.getByText('Rotation abandoned: @uni.sport keeps its current password').waitFor();
    expect(bridge.core.rotation.history(sport.id).rotations).toEqual([]);
    expect(bridge.core.secrets.reveal(sport.id, 'password')).toBe('sport-password-2024!');

    // 9. The policy: zero days is refused with main's message; 30 days is taken.
    await nav('Rotation').click();
    await page.getByRole('button', { name: 'Change policy' }).click();
    const policy = page.getByRole('dialog', { name: 'Rotation policy' });
    await policy.getByText('Days', { exact: true }).click();
    await policy.getByLabel('Period').fill('0');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await policy.getByText('A period must be at least one day').waitFor();
    await shot('policy-refused');
    expect(bridge.core.rotation.policy().label).toBe('every quarter');
    await policy.getByLabel('Period').fill('30');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    await policy.waitFor({ state: 'detached' });
    await page.getByText('Rotate every 30 days').waitFor();

    // 10. Rotate soon, with a note and a date; the queue shows it.
    await openAccount(/UniNewsroom/);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Rotate soon…' }).click();
    const soon = page.getByRole('dialog', { name: 'Rotate @UniNewsroom soon' });
    await soon.getByRole('button', { name: 'Add to the queue' }).click();
    await soon.getByText('Say why').waitFor();
    await soon.getByLabel('Why').fill('The agency’s contract ends on Friday');
    await soon.getByRole('button', { name: 'Add to the queue' }).click();
    await soon.waitFor({ state: 'detached' });
    await nav('Rotation').click();
    const manual = page.getByRole('listitem', { name: NEWS });
    await manual.getByText('Rotate soon: The agency’s contract ends on Friday').waitFor();

    // 11. The calendar export: one event per due account.
    await page.getByRole('button', { name: 'Export calendar (.ics)' }).click();
    await page.getByRole('status', { name: /^Calendar saved/ }).waitFor();
    const ics = readdirSync(join(bridge.dataDir, 'exports')).find((f) => f.endsWith('.ics'))!;
    const calendar = readFileSync(join(bridge.dataDir, 'exports', ics), 'utf8');
    expect(calendar.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(calendar).toContain('Rotate the password of @UniNewsroom');
    await shot('queue-manual-and-calendar');

    // 12. A compromise: reported from the account, marked everywhere, with its checklist, summary and PDF.
    await openAccount(/uni\.sport/);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Report compromise…' }).click();
    const report = page.getByRole('dialog', { name: 'Report @uni.sport compromised' });
    await report.getByLabel('What happened').fill('Posts we did not write at 02:10; the recovery email was changed');
    await report.getByRole('button', { name: 'Report compromise' }).click();
    await report.waitFor({ state: 'detached' });
    const incident = page.getByRole('region', { name: 'Compromise report' });
    await incident.getByText(/^Reported compromised/).waitFor();
    await page.getByRole('button', { name: 'Compromised: show the incident' }).waitFor();
    await expect(
      page
        .getByRole('listbox', { name: 'Accounts' })
        .getByRole('option', { name: /uni\.sport/ })
        .textContent(),
    ).resolves.toContain('Compromised');
    const checklist = incident.getByRole('list', { name: 'Incident checklist' });
    // Ticked once main has recorded it (the box follows main's answer).
    await checklist.getByLabel('Tell the communications team').click();
    await expect.poll(() => checklist.getByLabel('Tell the communications team').isChecked()).toBe(true);
    await incident.getByText('1 of 4 steps done', { exact: false }).waitFor();
    await incident.getByRole('button', { name: 'Summary for the communications team' }).click();
    const summary = incident.getByLabel('Incident summary');
    await expect(summary.textContent()).resolves.toContain('# Compromise report: @uni.sport (Instagram)');
    await expect(summary.textContent()).resolves.toContain('- [x] Tell the communications team');
    await expect(summary.textContent()).resolves.not.toContain('sport-password-2024!');
    // Reading the summary is not an audit event, so the open summary follows the checklist.
    const audited = bridge.core.audit.count({});
    await checklist.getByLabel('Review recent posts, messages and connected apps').click();
    await expect.poll(() => summary.textContent()).toContain('- [x] Review recent posts, messages and connected apps');
    await incident.getByText('2 of 4 steps done', { exact: false }).waitFor();
    expect(bridge.core.audit.list({ limit: 2 }).map((e) => e.kind)).toEqual(['incident.step', 'incident.step']);
    expect(bridge.core.audit.count({})).toBe(audited + 1);
    await incident.getByRole('button', { name: 'Export PDF' }).click();
    await incident.getByRole('status', { name: 'PDF saved' }).waitFor({ timeout: 30_000 });
    const pdfName = readdirSync(join(bridge.dataDir, 'exports')).find((f) => f.endsWith('.pdf'))!;
    const pdf = readFileSync(join(bridge.dataDir, 'exports', pdfName));
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await shot('compromise-incident');
    await nav('Rotation').click();
    const compromisedRow = page.getByRole('region', { name: 'Due today' }).getByRole('listitem', { name: SPORT });
    await compromisedRow.getByText('Compromised').waitFor();
    await compromisedRow.getByText(/^Reported compromise: Posts we did not write/).waitFor();
    await shot('queue-compromised');

    // Rotating ticks the checklist's first step by itself; closing the incident clears the marker.
    await compromisedRow.getByRole('button', { name: `Rotate ${SPORT}` }).click();
    const fix = page.getByRole('dialog', { name: 'Rotate the password of @uni.sport' });
    await fix.getByText(/bits of entropy/).waitFor();
    await fix.getByRole('button', { name: 'Start rotation' }).click();
    await fix.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    await fix.getByRole('button', { name: 'Record rotation' }).click();
    await page.getByRole('dialog', { name: '@uni.sport: rotated' }).getByRole('button', { name: 'Done' }).click();
    await openAccount(/uni\.sport/);
    await expect
      .poll(() => checklist.getByRole('listitem').first().textContent())
      .toMatch(/Change the password.*Done .*\(recorded by the rotation\)/);
    await incident.getByRole('button', { name: 'Close incident…' }).click();
    const closing = page.getByRole('dialog', { name: 'Close this incident?' });
    // Communications, recent posts and the password are done; resetting 2FA is not.
    await closing.getByText('1 step is not ticked off yet.').waitFor();
    await closing.getByRole('button', { name: 'Close incident' }).click();
    await incident.waitFor({ state: 'detached' });
    // The badge follows the incident list, read again after the close: wait for it rather than read it once.
    await expect.poll(() => page.getByRole('button', { name: 'Compromised: show the incident' }).count()).toBe(0);
    await shot('compromise-closed');

    const incidentEvents = (await auditRows('@uni.sport')).filter((r) => /Compromise reported|Incident/.test(r));
    expect(incidentEvents.length).toBeGreaterThanOrEqual(4);
    console.log(`[e2e] rotation journey in ${Date.now() - started} ms`);
  });
});
