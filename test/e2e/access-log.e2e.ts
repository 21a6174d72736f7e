/**
 * The access log journey, end to end through the UI: people, grants, a
 * leaver, the account's Access and History tabs, the audit trail's verdict,
 * filter and CSV export, and a trail edited behind the app's back.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/access-log.e2e.ts
 *
 * Screenshots land in test-results/screenshots/access-NN-*.png.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIsoDate } from '../../src/shared/dates';
import { formatIsoDate } from '../../src/renderer/src/lib/format';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  control,
  launchChromium,
  openApp,
  screenshot,
  typeDate,
} from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const OWNER = 'Press Office';
const PASSPHRASE = 'harbour lantern copper 19';
const ACCOUNT = '@UniNewsroom (X (Twitter))';
const FORMULA_NAME = '=HYPERLINK("x")';
/** The compliance hint of policy R2 (a login known to at least two people). */
const R2_HINT = /^(Nobody|Only one person) holds access$/;

const dateLabel = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(y!, m! - 1, d!),
  );
};

describe.skipIf(!HAVE_CHROMIUM)('access log, leavers and the audit trail (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `access-${String(step).padStart(2, '0')}-${name}`);
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

  /** Chooses an option of a searchable select: click, type, pick. */
  async function choose(scope: Page | Locator, label: string, typed: string, option: RegExp | string) {
    const box = scope.getByRole('combobox', { name: label });
    await box.click();
    await box.fill(typed);
    await page.getByRole('listbox', { name: label }).getByRole('option', { name: option }).first().click();
  }

  async function addPerson(name: string, email: string, role = '', department = '') {
    await page.getByRole('button', { name: /^Add (a )?person$/ }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Email').fill(email);
    if (role) await form.getByLabel('Role').fill(role);
    if (department) await form.getByLabel('Department').fill(department);
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name }).waitFor();
  }

  async function grant(person: RegExp, typed: string, reason: string) {
    await page.getByRole('button', { name: 'Grant access' }).click();
    const dialog = page.getByRole('dialog', { name: `Grant access to @UniNewsroom` });
    await choose(dialog, 'Person', typed, person);
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Grant access' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** A section in the navigation bar (its name also carries a count). */
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  const holders = () => page.getByRole('list', { name: 'Current holders' }).getByRole('listitem');

  it('records grants, processes a leaver, and verifies, filters, exports and catches a tampered trail', async () => {
    const started = Date.now();
    const today = toIsoDate(Date.now());

    // 1. A new vault, through the UI.
    await page.getByRole('button', { name: 'Create a vault' }).click();
    await page.getByLabel('Owner or team').fill(OWNER);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No accounts yet — add your first').waitFor({ timeout: 20_000 });

    // 2. An account, with its profile URL (which opens in the system browser, never in the app).
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByRole('combobox', { name: 'Platform' }).click();
    await page.getByRole('listbox', { name: 'Platform' }).getByRole('option', { name: 'X (Twitter)' }).click();
    await page.getByLabel('Handle').fill('UniNewsroom');
    await page.getByLabel('Display name').fill('University Newsroom');
    await page.getByRole('button', { name: 'Use x.com/UniNewsroom' }).click();
    await page.getByLabel('Password', { exact: true }).fill('correct-horse-battery-staple-91');
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { name: 'University Newsroom' }).waitFor();
    await page.getByRole('link', { name: 'x.com/UniNewsroom' }).click();
    await expect.poll(async () => (await control(bridge, 'opened-links')).links).toEqual(['https://x.com/UniNewsroom']);
    expect(page.url()).toContain('/index.html');
    await shot('account');

    // 3. People: an empty directory, then a form that checks its fields.
    await nav('People').click();
    await page.getByText('No people yet').waitFor();
    await page.getByRole('button', { name: 'Add a person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Email').fill('not an email');
    await form.getByLabel('Phone').fill('call reception');
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.getByText('Name is empty').waitFor();
    await form.getByText('Not an email address').waitFor();
    await form.getByText(/Not a phone number/).waitFor();
    await shot('person-form-errors');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Discard' }).click();

    await addPerson('Ada Lovelace', 'ada.lovelace@example.ac.uk', 'Social media officer', 'Communications');
    await addPerson('Grace Hopper', 'grace.hopper@example.ac.uk', 'Digital editor', 'Communications');
    // Her phone for the press team at 2 a.m., and her line manager: someone else in the directory.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('form', { name: 'Edit Grace Hopper' });
    await edit.getByLabel('Phone').fill('+44 151 794 2000');
    await choose(edit, 'Line manager', 'ada', /Ada Lovelace/);
    await shot('person-phone-line-manager');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByLabel('Phone', { exact: true }).getByText('+44 151 794 2000').waitFor();
    const graceRecord = bridge.core.people.list().find((p) => p.name === 'Grace Hopper')!;
    expect(graceRecord.lineManager).toBe('Ada Lovelace');
    expect(graceRecord.phone).toBe('+44 151 794 2000');
    await shot('person-contact');
    await addPerson(FORMULA_NAME, 'formula@example.ac.uk');

    // The same email again is refused with main's message, on the email field.
    await page.getByRole('button', { name: 'Add person', exact: true }).click();
    const dup = page.getByRole('form', { name: 'New person' });
    await dup.getByLabel('Name').fill('Ada King');
    await dup.getByLabel('Email').fill('ADA.LOVELACE@example.ac.uk');
    await dup.getByRole('button', { name: 'Add person' }).click();
    await dup.getByText(/ADA\.LOVELACE@example\.ac\.uk is already in the directory/).waitFor();
    await shot('duplicate-email');
    await dup.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Discard' }).click();

    const directory = page.getByRole('listbox', { name: 'People' });
    await expect(directory.getByRole('option').count()).resolves.toBe(3);
    await page.getByLabel('Search people').fill('hopper');
    await expect.poll(() => directory.getByRole('option').count()).toBe(1);
    await page.getByLabel('Search people').fill('');
    await shot('people');

    // 4. The account's Access tab: nobody yet, so the two-people rule is flagged; grant both.
    await nav('Accounts').click();
    await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().click();
    await page.getByRole('tab', { name: 'Access' }).click();
    await page.getByText('Nobody holds access', { exact: true }).first().waitFor();
    await expect(page.getByRole('status', { name: R2_HINT }).count()).resolves.toBe(1);
    await grant(/Ada Lovelace/, 'ada', 'Runs the account day to day');
    await page.getByText('Only one person holds access').waitFor();
    await grant(/Grace Hopper/, 'grace', 'Covers evenings and weekends');
    await expect.poll(() => holders().count()).toBe(2);
    await page.getByText('2 people hold access now').waitFor();
    await expect(page.getByRole('status', { name: R2_HINT }).count()).resolves.toBe(0);
    await expect(holders().nth(0).textContent()).resolves.toContain('Runs the account day to day');
    await shot('two-holders');

    // 5. Ada leaves: the confirmation lists exactly what will be revoked, then the result.
    await holders().nth(0).getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('list', { name: 'Current access' }).getByText(ACCOUNT).waitFor();
    await page.getByRole('button', { name: 'Leaver or mover…' }).click();
    const leaver = page.getByRole('dialog', { name: 'Ada Lovelace is leaving' });
    // The field shows the date as every screen does, not as YYYY-MM-DD.
    await expect(leaver.getByLabel('Leaving date').inputValue()).resolves.toBe(formatIsoDate(today));
    // A silly date is refused by main's preview, before the confirmation step, on the date field.
    await typeDate(leaver.getByLabel('Leaving date'), '2099-01-01');
    await leaver.getByRole('button', { name: 'Review what will change' }).click();
    await leaver.getByText('The date 1 Jan 2099 is more than 90 days ahead').waitFor();
    await expect(leaver.getByRole('button', { name: /^Mark as left/ }).count()).resolves.toBe(0);
    await shot('leaver-silly-date');
    await typeDate(leaver.getByLabel('Leaving date'), today);
    await leaver.getByLabel('Note').fill('Last day agreed with HR');
    await leaver.getByRole('button', { name: 'Review what will change' }).click();
    const toRevoke = leaver.getByRole('list', { name: 'Access to be revoked' }).getByRole('listitem');
    await expect.poll(() => toRevoke.count()).toBe(1);
    await expect(toRevoke.first().textContent()).resolves.toContain(ACCOUNT);
    await leaver.getByText(`Flag 1 account for a password change, due ${dateLabel(today)}`).waitFor();
    await shot('leaver-confirm');
    await leaver.getByRole('button', { name: 'Mark as left and revoke 1 grant' }).click();
    const done = page.getByRole('dialog', { name: 'Ada Lovelace: done' });
    await done.getByText('Ada Lovelace marked as left').waitFor();
    await expect(done.getByRole('list', { name: 'Revoked grants' }).textContent()).resolves.toContain(ACCOUNT);
    const obligations = done.getByRole('list', { name: 'Rotation obligations' }).getByRole('listitem');
    await expect.poll(() => obligations.count()).toBe(1);
    await expect(obligations.first().textContent()).resolves.toMatch(
      new RegExp(`Holder left: Ada Lovelace left on ${formatIsoDate(today)}.*due today`),
    );
    await shot('leaver-result');
    await done.getByRole('button', { name: 'Done' }).click();
    await page.getByText(`Left the organisation on ${dateLabel(today)}`).waitFor();
    await page.getByText('Ada holds no access to any account.').waitFor();
    await expect(page.getByRole('button', { name: 'Leaver or mover…' }).count()).resolves.toBe(0);
    // What could Ada access today? She held it earlier today, so the as-of view still lists it.
    await typeDate(page.getByLabel('What could Ada access on'), today);
    await page.getByRole('list', { name: 'Access on that day' }).getByText(ACCOUNT).waitFor();
    await shot('person-left');

    // 6. The account: one holder left, the rotation obligation, the revocation in the history.
    await page.getByRole('list', { name: 'Access on that day' }).getByRole('button', { name: ACCOUNT }).click();
    await page.getByRole('tab', { name: /Access/, selected: true }).waitFor();
    await expect.poll(() => holders().count()).toBe(1);
    await expect(holders().first().textContent()).resolves.toContain('Grace Hopper');
    await page.getByText('Only one person holds access').waitFor();
    const obligationHint = page.getByRole('status', { name: 'The password must change' });
    await obligationHint.getByText(`Holder left: Ada Lovelace left on ${formatIsoDate(today)}`).waitFor();
    await obligationHint.getByText('due today').waitFor();
    await page.getByRole('button', { name: /Rotation due: 1 open obligation/ }).waitFor();
    await expect(
      page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().textContent(),
    ).resolves.toContain('Rotate');
    await shot('account-after-leaver');
    // Who had access today: both, since Ada held it until the revocation this morning.
    await typeDate(page.getByLabel('Who had access on'), today);
    const thatDay = page.getByRole('list', { name: 'Holders on that day' }).getByRole('listitem');
    await expect.poll(() => thatDay.count()).toBe(2);
    await expect(thatDay.allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/Ada Lovelace.*revoked/), expect.stringContaining('Grace Hopper')]),
    );
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Access history' });
    await history.getByText(/Access revoked from/).waitFor();
    const entries = await history.getByRole('listitem').allTextContents();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/Access revoked from Ada Lovelace.*Ada Lovelace left on/);
    expect(entries.filter((e) => e.startsWith('Access granted to'))).toHaveLength(2);
    await shot('account-history');

    // The person named like a formula also gets access (so the account's export names them).
    await page.getByRole('tab', { name: /Access/ }).click();
    await grant(/HYPERLINK/, 'formula', 'Spreadsheet safety check');
    await expect.poll(() => holders().count()).toBe(2);

    // 7. The audit trail: verify, filter by the account, export CSV.
    await nav('Audit trail').click();
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const verdict = page.getByRole('status', { name: 'Intact: nothing has been altered' });
    await verdict.waitFor();
    const intactText = (await verdict.textContent()) ?? '';
    const verified = bridge.core.audit.list({ limit: 1 })[0]!;
    expect(verified.kind).toBe('audit.verified');
    expect(intactText).toContain(`${verified.seq - 1} events`);
    await shot('audit-intact');

    await choose(page, 'Account', 'uninews', ACCOUNT);
    const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
    const accountId = bridge.core.accounts.list()[0]!.id;
    const ofAccount = bridge.core.audit.list({ accountId, limit: 1000 });
    await page.getByTestId('audit-count').getByText(`All ${ofAccount.length} matching events`).waitFor();
    const shown = (await rows.allTextContents()).slice(1);
    expect(shown).toHaveLength(ofAccount.length);
    expect(shown.every((r) => r.includes('@UniNewsroom'))).toBe(true);
    expect(shown.filter((r) => r.includes('Access granted'))).toHaveLength(3);
    expect(shown.filter((r) => r.includes('Access revoked'))).toHaveLength(1);
    expect(shown.some((r) => r.includes('Rotation obligation created'))).toBe(true);
    await shot('audit-filtered');

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Audit trail as CSV' }).click();
    const note = page.getByRole('status', { name: /^Exported \d+ events as CSV$/ });
    await note.waitFor();
    const files = readdirSync(join(bridge.dataDir, 'exports'));
    expect(files).toHaveLength(1);
    const path = join(bridge.dataDir, 'exports', files[0]!);
    await note.getByText(path).waitFor();
    await shot('audit-exported');
    const csv = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
    const kinds = csv.data.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'grant.created')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'grant.revoked')).toHaveLength(1);
    expect(kinds).toContain('obligation.created');
    // "@…" starts a formula in some spreadsheets too, so handles are neutralised like names.
    expect(csv.data.every((r) => r.account === `'${ACCOUNT}`)).toBe(true);
    const formulaRow = csv.data.find((r) => r.kind === 'grant.created' && r.person?.includes('HYPERLINK'));
    expect(formulaRow?.person).toBe(`'${FORMULA_NAME}`);
    const exportedCount = Number(/Exported (\d+) events/.exec((await note.textContent()) ?? '')?.[1]);
    expect(exportedCount).toBe(csv.data.length);

    // The access log export too: every grant, with the formula neutralised there as well.
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Access log as CSV' }).click();
    await page.getByRole('status', { name: 'Exported 3 grants as CSV' }).waitFor();
    const accessFile = readdirSync(join(bridge.dataDir, 'exports')).find((f) => f.includes('access-log'))!;
    const access = Papa.parse<Record<string, string>>(
      readFileSync(join(bridge.dataDir, 'exports', accessFile), 'utf8'),
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    expect(access.data.map((g) => [g.person, g.state]).sort()).toEqual([
      [`'${FORMULA_NAME}`, 'active'],
      ['Ada Lovelace', 'revoked'],
      ['Grace Hopper', 'active'],
    ]);

    // 8. Someone edits event #3 behind the app's back; Verify says so, and where.
    const db = new Database(bridge.vaultPath);
    try {
      const result = db
        .prepare(
          `UPDATE audit_events SET details = CASE WHEN details = '{}' THEN '{"x":1}' ELSE '{}' END WHERE seq = 3`,
        )
        .run();
      expect(result.changes).toBe(1);
    } finally {
      db.close();
    }
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const broken = page.getByRole('alert', { name: 'Broken at event #3' });
    await broken.waitFor();
    await broken.getByText(/Event 3 was altered/).waitFor();
    await broken.getByRole('button', { name: 'Show event #3' }).click();
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(/up to #3/);
    await shot('audit-broken');

    console.log(`[e2e] access-log journey through the UI in ${Date.now() - started} ms`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('1,000 people and thousands of audit events (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  const PEOPLE = 1000;
  const ACCOUNTS = 200;
  const GRANTS = 2000;
  const LEAVERS = 40;

  beforeAll(async () => {
    bridge = await startBridge();
    const core = bridge.core;
    await core.vault.create({ owner: OWNER, passphrase: PASSPHRASE, kdf: 'interactive' });
    const started = performance.now();
    const people: number[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const person = core.people.create({
        name: `Person ${String(i).padStart(4, '0')}`,
        email: `person${i}@example.ac.uk`,
        role: i % 3 === 0 ? 'Digital editor' : 'Social media officer',
        department: `Faculty ${i % 25}`,
      });
      people.push(person.id);
    }
    const accounts: number[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      accounts.push(
        core.accounts.create(AccountFieldsSchema.parse({ platform: 'instagram', handle: `faculty_${i}` }), {}).id,
      );
    }
    for (let i = 0; i < GRANTS; i++) {
      core.access.grant({
        accountId: accounts[(i + Math.floor(i / PEOPLE) * 3) % ACCOUNTS]!,
        personId: people[i % PEOPLE]!,
        reason: `Seeded grant ${i}`,
      });
    }
    for (let i = 0; i < LEAVERS; i++) {
      core.access.processLeaver({ personId: people[i * 10]!, kind: 'left', date: toIsoDate(Date.now()) });
    }
    console.log(
      `[e2e] seeded ${PEOPLE} people, ${ACCOUNTS} accounts, ${GRANTS} grants, ${LEAVERS} leavers ` +
        `(${core.audit.list({ limit: 1 })[0]!.seq} audit events) in ${Math.round(performance.now() - started)} ms`,
    );
    core.vault.lock('manual');
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it('keeps the directory, the person picker and the audit trail virtualised and paged', async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('result-count').getByText('200 accounts').waitFor({ timeout: 30_000 });

    // The directory: a screenful of rows in the DOM, whatever its size; search on every keystroke.
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: /^People/ })
      .click();
    await page.getByTestId('people-count').getByText('1,000 people').waitFor();
    const directory = page.getByRole('listbox', { name: 'People' });
    const rendered = await directory.getByRole('option').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    await expect(directory.getByRole('option').first().getAttribute('aria-setsize')).resolves.toBe(String(PEOPLE));
    const typedAt = Date.now();
    await page.getByLabel('Search people').pressSequentially('faculty 7');
    // "Faculty 7" is department 7 (40 people); "faculty 7x" does not exist, so exactly those.
    await page.getByTestId('people-count').getByText('40 of 1,000').waitFor();
    console.log(`[e2e] typed a 9-character directory search over 1,000 people in ${Date.now() - typedAt} ms`);
    await page.getByLabel('Search people').fill('');
    await page.getByRole('radiogroup', { name: 'Status' }).getByText('Left', { exact: true }).click();
    await page.getByTestId('people-count').getByText(`${LEAVERS} of 1,000`).waitFor();
    const leftShown = await directory.getByRole('option').allTextContents();
    expect(leftShown.length).toBeGreaterThan(0);
    expect(leftShown.every((row) => /Left \d+ \w+ \d{4}/.test(row))).toBe(true);
    await screenshot(page, 'access-20-thousand-people');

    // The person picker renders the first matches only, and finds anyone by email.
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: /^Accounts/ })
      .click();
    await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().click();
    await page.getByRole('tab', { name: /Access/ }).click();
    await page.getByRole('button', { name: 'Grant access' }).click();
    const dialog = page.getByRole('dialog', { name: /^Grant access to/ });
    const picker = dialog.getByRole('combobox', { name: 'Person' });
    await picker.click();
    const options = page.getByRole('listbox', { name: 'Person' }).getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(10);
    expect(await options.count()).toBeLessThanOrEqual(61);
    await picker.fill('person999@');
    await expect
      .poll(() => options.allTextContents())
      .toEqual([expect.stringContaining('Person 0999'), expect.stringContaining('Add')]);
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The audit trail: newest first, 200 at a time, virtualised.
    const head = bridge.core.audit.list({ limit: 1 })[0]!.seq;
    // Main counts every matching event; only a page of them is loaded.
    const total = bridge.core.audit.count({}).toLocaleString('en-GB');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: /^Audit trail/ })
      .click();
    await page.getByTestId('audit-count').getByText(`200 of ${total} events, newest first`).waitFor();
    const table = page.getByRole('table', { name: 'Audit events' });
    const firstRows = await table.getByRole('row').allTextContents();
    expect(firstRows.length).toBeLessThan(60);
    expect(firstRows[1]).toContain(`#${head}`);
    await page
      .getByRole('rowgroup', { name: 'Events, newest first' })
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('button', { name: 'Load older events' }).click();
    await page.getByTestId('audit-count').getByText(`400 of ${total} events, newest first`).waitFor();
    expect(await table.getByRole('row').count()).toBeLessThan(60);
    await screenshot(page, 'access-21-audit-paged');

    // Filter by a person (the picker offers leavers here) and by kind.
    await table.getByRole('row').nth(1).waitFor();
    const person = page.getByRole('combobox', { name: 'Person' });
    await person.click();
    await person.fill('person10@');
    await page
      .getByRole('listbox', { name: 'Person' })
      .getByRole('option', { name: /Person 0010/ })
      .click();
    await page.getByRole('combobox', { name: 'Events' }).click();
    await page.getByRole('option', { name: 'Access revoked' }).click();
    await page.keyboard.press('Escape');
    await page
      .getByTestId('audit-count')
      .getByText(/^All \d+ matching events?$/)
      .waitFor();
    const filtered = (await table.getByRole('row').allTextContents()).slice(1);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((row) => row.includes('Access revoked') && row.includes('Person 0010'))).toBe(true);
    const expected = bridge.core.audit.list({
      personId: bridge.core.people.list().find((p) => p.name === 'Person 0010')!.id,
      kinds: ['grant.revoked'],
      limit: 1000,
    });
    expect(filtered).toHaveLength(expected.length);
    await screenshot(page, 'access-22-audit-person-filter');
  });
});
