/**
 * The press office's side of the policy, end to end through the UI: its
 * Settings policy section refuses an invalid naming pattern inline with the
 * reason, saves a valid one and publishes the policy signed with its press
 * card's key (a manager applies it; a file from an unpinned card is refused
 * in the app with the reason). Then two managers' bundles are imported and
 * the register rolls them up per manager with one reminder each, saved as
 * an .ics.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/policy-rollup.e2e.ts
 *
 * Screenshots land in test-results/screenshots/policy-NN-*.png.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, openApp, screenshot } from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';
import { toIsoDate } from '../../src/shared/dates';
import { exportBundle } from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE as MANAGER_PASSPHRASE, fields, makeCore, secrets, type TestCore } from '../support/vault';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSPHRASE = 'harbour lantern copper 19';
const STRONG = (n: number) => `Quartz-Lantern-${n}-Meadow-Violet-Harbour`;
const dir = useTempDir('custodian-e2e-policy-');

describe.skipIf(!HAVE_CHROMIUM)('the press office’s policy and roll-up (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  const managers: TestCore[] = [];
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `policy-${String(step).padStart(2, '0')}-${name}`);
  };
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  /** The newest file with this ending in the bridge's exports folder (where "save" dialogs write). */
  const exported = (ending: string) => {
    const folder = join(bridge.dataDir, 'exports');
    const names = readdirSync(folder).filter((n) => n.endsWith(ending));
    expect(names.length).toBeGreaterThan(0);
    return readFileSync(join(folder, names.sort().at(-1)!), 'utf8');
  };

  /** A manager's vault (in-process, like another office's computer) that imported the press card. */
  async function manager(owner: string): Promise<TestCore> {
    const path = freshPath(dir, owner.replace(/\s/g, '-'));
    const core = await makeCore(path);
    await core.vault.create({ path, owner, passphrase: MANAGER_PASSPHRASE, kdf: 'interactive' });
    managers.push(core);
    const { key } = bridge.core.press.card();
    core.escrow.importCard(key!.card, key!.fingerprint);
    return core;
  }

  beforeAll(async () => {
    bridge = await startBridge();
    const core = bridge.core;
    await core.vault.create({ owner: 'Press Office', passphrase: PASSPHRASE, kdf: 'interactive' });
    await core.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false });
    core.vault.lock('manual');
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    for (const m of managers) await m.dispose();
    await bridge?.close();
  });

  it('refuses an invalid naming pattern inline, saves a valid one and publishes the policy signed', async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await nav('Settings').click();
    const section = page.getByRole('region', { name: 'Organisation policy' });
    await section.getByRole('button', { name: 'Add a naming rule' }).click();
    // The segmented control's radios are visually hidden: its label is what one clicks.
    await section.locator('label', { hasText: /^Pattern$/ }).click();
    await expect(section.getByRole('radio', { name: 'Pattern' }).isChecked()).resolves.toBe(true);
    const value = section.getByLabel('Value of rule 1');
    await value.fill('livuni(');
    // Refused as it is typed, with the engine's reason; Save sends nothing while it stands.
    await section.getByText('Not a valid regular expression: Unterminated group').waitFor();
    await section.getByRole('button', { name: 'Save policy' }).click();
    const top = () => section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await top();
    await shot('invalid-pattern');
    expect(bridge.core.policy.get().handleRules).toEqual([]);

    await value.fill('livuni[a-z_.]+');
    await expect.poll(() => section.getByText(/Not a valid regular expression/).count()).toBe(0);
    await section.getByLabel('People who must know each login').fill('3');
    await section.getByRole('button', { name: 'Save policy' }).click();
    await expect
      .poll(() => bridge.core.policy.get())
      .toMatchObject({ handleRules: [{ platform: 'all', kind: 'pattern', value: 'livuni[a-z_.]+' }], minHolders: 3 });
    await top();
    await shot('policy-saved');

    await section.getByRole('button', { name: 'Publish signed policy…' }).click();
    await page.getByText('Policy published: send the file to every account manager').waitFor();
    const file = exported('.custodian-policy');
    expect(JSON.parse(file)).toMatchObject({ custodianPolicy: 1 });

    // A manager who pinned the card applies it; the press vault pinned no card, so the app refuses its own file.
    const sport = await manager('Sport Office');
    expect(sport.policy.importFile(file).changed).toEqual(['handleRules', 'minHolders']);
    await section.getByRole('button', { name: 'Apply a published policy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply a published policy' });
    await dialog.getByLabel('Policy file').fill(file);
    await dialog.getByRole('button', { name: 'Apply policy' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/signed for a press card .* that this vault has not imported/)
      .waitFor();
    await shot('unpinned-policy-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('rolls two managers’ bundles up per manager, with one reminder each, and saves them as .ics', async () => {
    // Sport Office: one account without two-factor. Marketing: its manager has left, leaving one holder.
    const sport = managers[0]!;
    const lee = sport.people.create({ name: 'Lee Coach', email: 'lee@example.ac.uk' }).id;
    const kim = sport.people.create({ name: 'Kim Captain', email: 'kim@example.ac.uk' }).id;
    const club = sport.accounts.create(
      fields({ platform: 'instagram', handle: 'livuni.sport', managerId: lee, twoFactor: 'none' }),
      secrets({ password: STRONG(1) }),
    ).id;
    for (const personId of [lee, kim]) sport.access.grant({ accountId: club, personId, reason: 'Runs it' });
    const marketing = await manager('Marketing');
    const jo = marketing.people.create({ name: 'Jo Bloggs', email: 'jo@example.ac.uk' }).id;
    const sam = marketing.people.create({ name: 'Sam Smith', email: 'sam@example.ac.uk' }).id;
    const brand = marketing.accounts.create(
      fields({ platform: 'x', handle: 'livuni_brand', managerId: jo, twoFactor: 'security_key' }),
      secrets({ password: STRONG(2) }),
    ).id;
    for (const personId of [jo, sam]) marketing.access.grant({ accountId: brand, personId, reason: 'Runs it' });
    marketing.access.processLeaver({ personId: jo, kind: 'left', date: toIsoDate(Date.now()) });
    const bundles = [(await exportBundle(sport)).file, (await exportBundle(marketing)).file];

    await nav('Escrow').click();
    await page.getByRole('tab', { name: 'Press register' }).click();
    for (const bundle of bundles) {
      await page.getByRole('button', { name: 'Import a bundle…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import an escrow bundle' });
      await dialog.getByLabel('Bundle', { exact: true }).fill(bundle);
      await dialog.getByRole('button', { name: 'Import into the register' }).click();
      await page.getByRole('dialog', { name: 'Bundle imported' }).getByRole('button', { name: 'Done' }).click();
    }

    const table = page.getByRole('table', { name: 'Roll-up per manager' });
    const sportRow = table.getByRole('row', { name: 'Sport Office' });
    const marketingRow = table.getByRole('row', { name: 'Marketing' });
    await marketingRow.waitFor();
    await sportRow.getByLabel('No two-factor authentication: 1').waitFor();
    await marketingRow.getByLabel('No manager, or the manager has left: 1').waitFor();
    await marketingRow.getByLabel('Fewer people know the login than the policy asks: 1').waitFor();
    await marketingRow.getByLabel('Open leaver or takeover obligations: 1').waitFor();
    await sportRow.getByLabel('No manager, or the manager has left: 0').waitFor();

    const reminders = page.getByRole('list', { name: 'Reminders' }).getByRole('listitem');
    await expect.poll(() => reminders.count()).toBe(2);
    const texts = await reminders.allTextContents();
    expect(texts.find((t) => t.includes('Sport Office'))).toMatch(/livuni\.sport/);
    expect(texts.find((t) => t.includes('Marketing'))).toMatch(/livuni_brand/);
    await page.getByRole('table', { name: 'Roll-up per manager' }).scrollIntoViewIfNeeded();
    await shot('rollup');
    await page.getByRole('list', { name: 'Reminders' }).scrollIntoViewIfNeeded();
    await shot('reminders');

    await page.getByRole('button', { name: 'Save as calendar (.ics)…' }).click();
    await page.getByText('Saved 2 reminders as a calendar').waitFor();
    const ics = exported('.ics');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('Remind ');
  });
});
