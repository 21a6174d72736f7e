/**
 * The emergency-escrow journey, end to end through the UI of two vaults (issue 6):
 * two test bridges, each with its own core and data folder, one for the press
 * office and one for an account manager; files move between them through the
 * bridges' exports folders, read from one and pasted into the other (the
 * browser bridge has no file dialogs).
 *
 *   press office: generates the press key, saves its card
 *   manager:      imports the card (a wrong fingerprint is refused first), exports a bundle
 *   press office: imports the bundle (the key is pinned), sees the register with no secret
 *                 on screen, breaks the glass on one account with a reason: the password
 *                 revealed is the manager's, copies go through main; saves the notice
 *   manager:      imports the notice: an "Escrow opened" obligation in the rotation queue;
 *                 rotating it makes the escrow out of date, one click re-exports
 *   press office: the new bundle is inspected on the start screen with no vault open, then
 *                 carried through unlocking into the register, replacing the old one
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/escrow.e2e.ts
 *
 * Screenshots land in test-results/screenshots/escrow-NN-*.png.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import { totpCode } from '../../src/shared/totp';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  control,
  launchChromium,
  openApp,
  screenshot,
  screenshotAtLaptop,
} from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';
import { resign, strangerKey, unwrap } from '../support/escrow';
import { toBase64Url } from '../../src/main/core/formats/signed-envelope';
import { checkpointMessage } from '../../src/main/core/audit/audit-trail';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PRESS_OWNER = 'Press Office vault';
const TEAM = 'University Press Office';
const MANAGER_OWNER = 'Digital Communications';
const PASSPHRASE = 'harbour lantern copper 19';
const NEWS_PASSWORD = 'correct-horse-battery-staple-91';
const SPORT_PASSWORD = 'sport-password-2024!';
const TOTP_SEED = 'JBSWY3DPEHPK3PXP';
const RECOVERY = ['alpha-1111-2222', 'bravo-3333-4444'];
const NEWS = '@UniNewsroom (X (Twitter))';
/** The seed the newsroom re-enrols with after the opening showed the old one. */
const NEW_TOTP_SEED = 'KRSXG5CTMVRXEZLUKRSXG5CT';
const SPORT = '@uni.sport (Instagram)';
const REASON = 'The account is posting spam at 2am; the digital team needs to get back in tonight';

describe.skipIf(!HAVE_CHROMIUM)('emergency escrow across two vaults (Chromium + two test bridges)', () => {
  let press: Bridge;
  let manager: Bridge;
  let browser: Browser;
  let pressPage: Page;
  let managerPage: Page;
  let newsId: number;
  let step = 0;
  const shot = async (on: Page, name: string) => {
    step += 1;
    await screenshot(on, `escrow-${String(step).padStart(2, '0')}-${name}`);
  };

  beforeAll(async () => {
    [press, manager] = await Promise.all([startBridge(), startBridge()]);
    // The manager's vault: two accounts, a named manager and two people with access.
    const m = manager.core;
    await m.vault.create({ owner: MANAGER_OWNER, passphrase: PASSPHRASE, kdf: 'interactive' });
    const jo = m.people.create({
      name: 'Jo Bloggs',
      email: 'jo.bloggs@example.ac.uk',
      role: 'Head of digital',
      phone: '+44 151 794 2000',
    });
    const sam = m.people.create({ name: 'Sam Smith', email: 'sam.smith@example.ac.uk', role: 'Social media officer' });
    newsId = m.accounts.create(
      AccountFieldsSchema.parse({
        platform: 'x',
        handle: 'UniNewsroom',
        displayName: 'University Newsroom',
        url: 'https://x.com/UniNewsroom',
        managerId: jo.id,
        twoFactor: 'totp',
      }),
      { password: NEWS_PASSWORD, totp: { seed: TOTP_SEED }, recoveryCodes: RECOVERY },
    ).id;
    const sportId = m.accounts.create(
      AccountFieldsSchema.parse({ platform: 'instagram', handle: 'uni.sport', displayName: 'Sport and Fitness' }),
      { password: SPORT_PASSWORD },
    ).id;
    m.access.grant({ accountId: newsId, personId: jo.id, reason: 'Runs the newsroom account' });
    m.access.grant({ accountId: newsId, personId: sam.id, reason: 'Evening and weekend cover' });
    m.access.grant({ accountId: sportId, personId: sam.id, reason: 'Runs the sport account' });
    m.vault.lock('manual');
    // The press office's vault: empty for now.
    await press.core.vault.create({ owner: PRESS_OWNER, passphrase: PASSPHRASE, kdf: 'interactive' });
    press.core.vault.lock('manual');

    browser = await launchChromium();
    [pressPage, managerPage] = await Promise.all([openApp(browser, press), openApp(browser, manager)]);
  });

  afterAll(async () => {
    await browser?.close();
    await press?.close();
    await manager?.close();
  });

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  async function unlock(page: Page) {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Lock vault' }).waitFor({ timeout: 20_000 });
  }

  /** The text of the newest file with this ending in a bridge's exports folder (where its "save" dialogs write). */
  function exported(bridge: Bridge, ending: string): string {
    const dir = join(bridge.dataDir, 'exports');
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(ending))
      .map((name) => ({ path: join(dir, name), at: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    expect(files.length).toBeGreaterThan(0);
    return readFileSync(files[0]!.path, 'utf8');
  }

  const pressClipboard = async () => (await control(press, 'clipboard')) as { text: string; concealed: boolean };
  const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

  it('card, fingerprint check, bundle, register, break glass, notice, obligation, stale and re-export', async () => {
    const started = Date.now();

    // 1. The press office generates its key; the card shows the fingerprint to read out, and is saved.
    await unlock(pressPage);
    await nav(pressPage, 'Escrow').click();
    await pressPage.getByText('Give the press team emergency access').waitFor();
    await pressPage.getByRole('button', { name: 'Set up the press key instead' }).click();
    const keygen = pressPage.getByRole('form', { name: 'Generate the press key' });
    await expect(keygen.getByLabel('Team name').inputValue()).resolves.toBe(PRESS_OWNER);
    await keygen.getByLabel('Team name').fill(TEAM);
    await keygen.getByRole('button', { name: 'Generate the press key' }).click();
    const fingerprintBox = pressPage.getByLabel('Press card fingerprint');
    await fingerprintBox.waitFor();
    const key = press.core.press.card().key!;
    expect(key.team).toBe(TEAM);
    await expect(fingerprintBox.getAttribute('data-fingerprint')).resolves.toBe(key.fingerprint);
    expect(key.fingerprint).toMatch(/^\d{5}( \d{5}){5}$/);
    await expect(pressPage.getByLabel('Press card text').textContent()).resolves.toBe(key.armoured);
    await pressPage.getByRole('button', { name: 'Save card file…' }).click();
    await pressPage.getByRole('status', { name: 'Card saved' }).waitFor();
    const cardFile = exported(press, '.custodian-card');
    expect(JSON.parse(cardFile)).toMatchObject({ custodianPressCard: 1 });
    await shot(pressPage, 'press-card');

    // 2. The manager imports the card: refused until the fingerprint typed is the one read out.
    await unlock(managerPage);
    await nav(managerPage, 'Escrow').click();
    await managerPage.getByRole('button', { name: 'Import the press team’s card' }).click();
    const importCard = managerPage.getByRole('dialog', { name: 'Import the press team’s card' });
    await importCard.getByLabel('Card', { exact: true }).fill(cardFile);
    const misheard = `${key.fingerprint.slice(0, -1)}${(Number(key.fingerprint.at(-1)) + 1) % 10}`;
    await importCard.getByLabel('Fingerprint read out by the press office').fill(misheard);
    await importCard.getByRole('button', { name: 'Check and import' }).click();
    const refused = importCard.getByRole('alert');
    await refused.getByText('The fingerprints differ: do not use this card').waitFor();
    // The card's own fingerprint is not shown: a mistyped check must not become a copied one.
    await expect(importCard.textContent()).resolves.not.toContain(key.fingerprint);
    expect(manager.core.escrow.cards()).toEqual([]);
    await shot(managerPage, 'card-wrong-fingerprint');
    await importCard.getByLabel('Fingerprint read out by the press office').fill(key.fingerprint.replace(/ /g, '-'));
    await importCard.getByRole('button', { name: 'Check and import' }).click();
    const imported = managerPage.getByRole('dialog', { name: 'Press card imported' });
    await imported.getByText(TEAM, { exact: true }).waitFor();
    expect(manager.core.escrow.cards().map((c) => c.fingerprint)).toEqual([key.fingerprint]);
    await shot(managerPage, 'card-imported');

    // ...and exports the bundle to it straight away.
    await imported.getByRole('button', { name: 'Export the bundle now…' }).click();
    const cardRow = managerPage.getByRole('list', { name: 'Press cards' }).getByRole('listitem', { name: TEAM });
    await cardRow.getByRole('status', { name: 'Bundle saved' }).waitFor();
    await cardRow
      .getByRole('status', { name: 'Escrow status' })
      .getByText(/^Up to date: .* holds both active accounts as they are now/)
      .waitFor();
    const bundle = exported(manager, '.custodian-escrow');
    expect(JSON.parse(bundle)).toMatchObject({ custodianEscrowBundle: 1 });
    expect(manager.core.escrow.status().needsExport).toBe(false);
    await shot(managerPage, 'bundle-exported');

    // 3. The press office imports it: a first bundle pins the manager's key.
    await pressPage.getByRole('tab', { name: 'Press register' }).click();
    await pressPage.getByRole('button', { name: 'Import a bundle…' }).click();
    const importBundle = pressPage.getByRole('dialog', { name: 'Import an escrow bundle' });
    await importBundle.getByLabel('Bundle', { exact: true }).fill(bundle);
    const details = importBundle.getByRole('region', { name: 'Bundle details' });
    await details.getByText(MANAGER_OWNER).waitFor();
    await expect(details.textContent()).resolves.toContain('2 accounts');
    await expect(details.textContent()).resolves.toContain('The press key alone');
    await importBundle.getByRole('status').getByText('First bundle from this manager').waitFor();
    await shot(pressPage, 'bundle-inspected');
    await importBundle.getByRole('button', { name: 'Import into the register' }).click();
    const importedBundle = pressPage.getByRole('dialog', { name: 'Bundle imported' });
    await importedBundle.getByText(`2 accounts from ${MANAGER_OWNER}`).waitFor();
    await importedBundle.getByText(/Their signing key is now pinned/).waitFor();
    await importedBundle.getByRole('button', { name: 'Done' }).click();

    // The register: every account with its manager and holders, and not one secret on screen.
    const register = pressPage.getByRole('table', { name: 'Register' });
    const newsRow = register.getByRole('row', { name: NEWS });
    await newsRow.waitFor();
    await expect(newsRow.textContent()).resolves.toContain('Jo Bloggs');
    await expect(newsRow.textContent()).resolves.toContain('jo.bloggs@example.ac.uk');
    await expect(newsRow.textContent()).resolves.toContain('Jo Bloggs, Sam Smith');
    await expect(newsRow.textContent()).resolves.toContain(MANAGER_OWNER);
    await expect(register.getByRole('row', { name: SPORT }).textContent()).resolves.toContain('Sam Smith');
    await expect(register.getByRole('row', { name: SPORT }).textContent()).resolves.toContain('No manager named');
    await pressPage.getByRole('group', { name: 'Accounts: 2' }).waitFor();
    const registerText = await visibleText(pressPage);
    for (const secret of [NEWS_PASSWORD, SPORT_PASSWORD, TOTP_SEED, ...RECOVERY]) {
      expect(registerText).not.toContain(secret);
    }
    // Searching the register: by a holder's name.
    await pressPage.getByLabel('Search the register').fill('sam smith');
    await expect.poll(() => register.getByRole('row').count()).toBe(3);
    await pressPage.getByLabel('Search the register').fill('jo bloggs');
    await expect.poll(() => register.getByRole('row').count()).toBe(2);
    await pressPage.getByLabel('Search the register').fill('');
    await shot(pressPage, 'register');

    // 4. Break glass on one account: a reason is required, then a confirmation step of its own.
    await newsRow.getByRole('button', { name: 'Break glass on @UniNewsroom' }).click();
    const breakGlass = pressPage.getByRole('dialog', { name: `Break glass: accounts of ${MANAGER_OWNER}` });
    await expect(breakGlass.getByLabel(NEWS).isChecked()).resolves.toBe(true);
    await expect(breakGlass.getByLabel(SPORT).isChecked()).resolves.toBe(false);
    await breakGlass.getByRole('button', { name: 'Continue' }).click();
    await breakGlass.getByText('Say why: it goes to the manager with the notice').waitFor();
    await breakGlass.getByLabel('Reason').fill(REASON);
    await breakGlass.getByRole('button', { name: 'Continue' }).click();
    const breakButton = breakGlass.getByRole('button', { name: 'Break the glass' });
    await expect(breakButton.isDisabled()).resolves.toBe(true);
    await breakGlass
      .getByText(`You are about to open @UniNewsroom from the vault of ${MANAGER_OWNER}, because:`)
      .waitFor();
    expect(press.core.press.openings()).toEqual([]);
    await breakGlass.getByLabel(`This is an emergency, and I will send the notice to ${MANAGER_OWNER}`).check();
    await expect.poll(() => breakButton.isEnabled()).toBe(true);
    await pressPage.waitForTimeout(200); // the tick's 100 ms transition, for the screenshot
    await shot(pressPage, 'break-glass-confirm');
    await breakButton.click();

    // The secrets: revealed on request, the manager's own password; copies and codes through main.
    const opening = pressPage.getByRole('region', { name: 'Break-glass opening' });
    await opening.getByText(`Glass broken: 1 account of ${MANAGER_OWNER}`).waitFor();
    await opening.getByText(REASON).waitFor();
    const opened = pressPage.getByRole('list', { name: 'Opened accounts' }).getByRole('listitem', { name: NEWS });
    // Who to call, with the number the manager's directory has.
    await expect(opened.getByRole('group', { name: 'Who to call' }).textContent()).resolves.toContain(
      'Jo Bloggs (manager) · jo.bloggs@example.ac.uk · +44 151 794 2000',
    );
    const password = opened.getByRole('group', { name: 'Password' });
    await expect(password.getByLabel('Password value').textContent()).resolves.not.toContain(NEWS_PASSWORD);
    await password.getByRole('button', { name: 'Reveal password' }).click();
    const stored = manager.core.secrets.reveal(newsId, 'password');
    expect(stored).toBe(NEWS_PASSWORD);
    await expect.poll(() => password.getByLabel('Password value').textContent()).toBe(stored);
    await password.getByRole('button', { name: 'Copy password' }).click();
    await expect.poll(pressClipboard).toEqual({ text: stored, concealed: true });
    const code = opened.getByRole('group', { name: 'Two-factor code' });
    await code.getByRole('button', { name: 'Show code' }).click();
    await expect
      .poll(
        async () =>
          (await code.getByLabel('Two-factor code value').textContent()) ===
          manager.core.secrets.totp(newsId, true).code,
      )
      .toBe(true);
    const recovery = opened.getByRole('group', { name: 'Recovery codes' });
    await recovery.getByRole('button', { name: 'Reveal recovery codes' }).click();
    await expect(recovery.getByLabel('Recovery codes value').textContent()).resolves.toBe(RECOVERY.join(''));
    await shot(pressPage, 'opened');
    const kinds = press.core.audit.list({ limit: 10 }).map((e) => e.kind);
    expect(kinds).toContain('escrow.opened');
    expect(kinds).toContain('escrow.secret_copied');
    expect(kinds).toContain('escrow.totp_viewed');

    // 5. The notice for the manager; leaving the opening takes the secrets off the screen.
    await opening.getByRole('button', { name: 'Save break-glass notice…' }).click();
    await opening.getByRole('status', { name: 'Notice saved' }).waitFor();
    const notice = exported(press, '.custodian-notice');
    expect(JSON.parse(notice)).toMatchObject({ custodianBreakGlassNotice: 1 });
    await opening.getByRole('button', { name: 'Done: hide the secrets' }).click();
    // Back in the register, the bundle is marked as opened: the manager will rotate, and send a new one.
    const bundleRow = pressPage
      .getByRole('list', { name: 'Managers’ bundles' })
      .getByRole('listitem', { name: MANAGER_OWNER });
    await bundleRow.getByLabel('Opened bundle, exported today').waitFor();
    await bundleRow.getByText(/glass broken 1 time/).waitFor();
    await pressPage.getByRole('group', { name: 'Stale or opened: 1' }).waitFor();
    expect(await visibleText(pressPage)).not.toContain(NEWS_PASSWORD);
    await shot(pressPage, 'register-opened');
    await pressPage.getByRole('tab', { name: 'Break-glass openings' }).click();
    const pastOpening = pressPage.getByRole('list', { name: 'Openings' }).getByRole('listitem');
    await expect.poll(() => pastOpening.count()).toBe(1);
    await expect(pastOpening.first().textContent()).resolves.toContain(REASON);
    await expect(pastOpening.first().textContent()).resolves.toContain('@UniNewsroom');
    expect(await visibleText(pressPage)).not.toContain(NEWS_PASSWORD);
    await shot(pressPage, 'openings');

    // 6. The manager imports the notice: the account it names must rotate.
    await managerPage.getByRole('button', { name: 'Import a notice…' }).click();
    const importNotice = managerPage.getByRole('dialog', { name: 'Import a break-glass notice' });
    await importNotice.getByLabel('Notice', { exact: true }).fill(notice);
    await importNotice.getByRole('button', { name: 'Import notice' }).click();
    const noticeDone = managerPage.getByRole('dialog', { name: 'Break-glass notice imported' });
    await noticeDone.getByRole('list', { name: 'Accounts opened' }).getByText('@UniNewsroom').waitFor();
    await noticeDone.getByText(REASON).waitFor();
    await noticeDone
      .getByRole('status', { name: 'Obligations created' })
      .getByText(/^1 account now has an “Escrow opened” obligation/)
      .waitFor();
    await shot(managerPage, 'notice-imported');
    await noticeDone.getByRole('button', { name: 'Open the rotation queue' }).click();
    const queued = managerPage.getByRole('main').getByRole('listitem', { name: NEWS });
    // Main's YYYY-MM-DD reads in the app's date style ("7 Dec 2026").
    await queued
      .getByText(new RegExp(`^Escrow opened by ${TEAM} on \\d{1,2} [A-Z][a-z]{2} \\d{4}: ${REASON}`))
      .waitFor();
    await expect(nav(managerPage, 'Rotation').textContent()).resolves.toBe('Rotation1');
    const obligations = manager.core.obligations.list(newsId);
    // Breaking the glass showed the press team the TOTP seed too: two-factor must be re-enrolled (issue 13).
    expect(obligations.map((o) => o.reasonKind)).toEqual(['escrow_opened', 'reenrol_totp']);
    await shot(managerPage, 'queue-escrow-opened');

    // 7. Rotating (with the new seed the re-enrolment asks for, confirmed by its live code) makes the
    // escrow out of date; the main screen says so, and one click re-exports.
    await queued.getByRole('button', { name: `Rotate ${NEWS}` }).click();
    const wizard = managerPage.getByRole('dialog', { name: 'Rotate the password of @UniNewsroom' });
    await wizard.getByText(/bits of entropy/).waitFor();
    await wizard.getByLabel('TOTP seed').fill(NEW_TOTP_SEED);
    await wizard.getByRole('button', { name: 'Start rotation' }).click();
    await wizard.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    const live = totpCode(
      { secret: NEW_TOTP_SEED, digits: 6, period: 30, algorithm: 'sha1' },
      manager.clock.now() / 1000,
    );
    await wizard.getByLabel('Code from the new seed').fill(live.code);
    await wizard.getByRole('button', { name: 'Record rotation' }).click();
    await managerPage
      .getByRole('dialog', { name: '@UniNewsroom: rotated' })
      .getByRole('button', { name: 'Done' })
      .click();
    await nav(managerPage, 'Accounts').click();
    const banner = managerPage.getByRole('alert', { name: 'Escrow out of date' });
    await banner.getByText(/^1 account rotated since \d+ \w+ \d{4}$/).waitFor();
    await nav(managerPage, 'Escrow').getByRole('img', { name: 'Escrow out of date' }).waitFor();
    expect(manager.core.escrow.status().cards[0]!.reasons.rotated).toEqual([newsId]);
    await shot(managerPage, 'escrow-out-of-date');
    await banner.getByRole('button', { name: `Re-export the escrow bundle for ${TEAM}` }).click();
    await managerPage
      .getByRole('status', { name: 'Escrow bundle saved' })
      .getByText(`Bundle saved for ${TEAM}`)
      .waitFor();
    await expect(banner.count()).resolves.toBe(0);
    await expect(nav(managerPage, 'Escrow').getByRole('img', { name: 'Escrow out of date' }).count()).resolves.toBe(0);
    expect(manager.core.escrow.status().needsExport).toBe(false);
    await shot(managerPage, 'escrow-re-exported');
    const fresh = exported(manager, '.custodian-escrow');
    expect(fresh).not.toBe(bundle);

    // 8. The press office receives it: inspected on the start screen with no vault open, then imported.
    await pressPage.getByRole('button', { name: 'Lock vault' }).click();
    await pressPage.getByRole('button', { name: 'Back to the start screen' }).click();
    await pressPage.getByRole('button', { name: 'Open an escrow bundle' }).click();
    await pressPage.getByRole('heading', { name: 'Open an escrow bundle' }).waitFor();
    await pressPage.getByLabel('Escrow bundle', { exact: true }).fill(fresh);
    const facts = pressPage.getByRole('region', { name: 'Bundle details' });
    await facts.getByText(MANAGER_OWNER).waitFor();
    await expect(facts.textContent()).resolves.toContain(TEAM);
    await expect(facts.getByLabel('Press card fingerprint').textContent()).resolves.toBe(`card ${key.fingerprint}`);
    await expect(facts.textContent()).resolves.toContain('Sealed: counted by the press vault it was made for');
    await shot(pressPage, 'start-screen-bundle');
    await pressPage.getByRole('button', { name: 'Unlock the press vault and import' }).click();
    await pressPage.getByRole('heading', { name: 'Unlock the press vault' }).waitFor();
    await unlock(pressPage);
    const carried = pressPage.getByRole('dialog', { name: 'Import an escrow bundle' });
    await carried.getByRole('status').getByText('Signed by the pinned key').waitFor();
    await expect(carried.getByRole('region', { name: 'Bundle details' }).textContent()).resolves.toContain(
      '2 accounts',
    );
    await carried.getByRole('button', { name: 'Import into the register' }).click();
    await pressPage
      .getByRole('dialog', { name: 'Bundle imported' })
      .getByText(/It replaces their previous bundle/)
      .waitFor();
    await pressPage.getByRole('dialog', { name: 'Bundle imported' }).getByRole('button', { name: 'Done' }).click();
    const bundles = press.core.press.register().bundles;
    expect(bundles).toHaveLength(2);
    expect(bundles.filter((b) => b.current)).toHaveLength(1);
    await pressPage
      .getByRole('list', { name: 'Managers’ bundles' })
      .getByRole('listitem', { name: MANAGER_OWNER })
      .getByText('1 earlier bundle kept', { exact: false })
      .waitFor();
    await shot(pressPage, 'register-updated');

    // 9. The manager's audit trail tells the story in words.
    await nav(managerPage, 'Audit trail').click();
    await managerPage.getByRole('combobox', { name: 'Events' }).click();
    await managerPage.getByRole('option', { name: 'Break-glass notice imported' }).click();
    await managerPage.getByRole('option', { name: 'Escrow bundle exported' }).click();
    await managerPage.keyboard.press('Escape');
    const audit = managerPage.getByRole('table', { name: 'Audit events' }).getByRole('row');
    await expect.poll(() => audit.count()).toBe(4); // the header, two exports, one notice
    const rows = (await audit.allTextContents()).slice(1);
    expect(rows[0]).toContain('Escrow bundle exported');
    expect(rows[0]).toContain(`2 accounts · card ${key.fingerprint} · bundle `);
    expect(rows[1]).toContain('Break-glass notice imported');
    expect(rows[1]).toContain('1 account · 1 rotation obligation · opened ');
    expect(rows[1]).toContain(`card ${key.fingerprint}`);
    await shot(managerPage, 'manager-audit');
    console.log(`[e2e] escrow journey across two vaults in ${Date.now() - started} ms`);
  });

  // Continues from the journey above: the same two vaults.
  it('a quorum card: the press key is replaced, and k named officers must type their passphrases', async () => {
    const started = Date.now();
    const officers = [
      { name: 'Ada Officer', passphrase: 'ada tide lantern 4821' },
      { name: 'Bo Officer', passphrase: 'bo marble orchard 1390' },
      { name: 'Cy Officer', passphrase: 'cy velvet quarry 7754' },
    ];

    // The press office replaces its key with one that needs 2 of 3 officers.
    await nav(pressPage, 'Escrow').click();
    await pressPage.getByRole('tab', { name: 'Press key' }).click();
    await pressPage.getByRole('button', { name: 'Generate a new key…' }).click();
    const replace = pressPage.getByRole('dialog', { name: 'Generate a new press key' });
    await expect(replace.getByLabel('Team name').inputValue()).resolves.toBe(TEAM);
    await replace.getByRole('switch', { name: 'Opening needs several press officers' }).check();
    await replace.getByRole('button', { name: 'Add an officer' }).click();
    for (const [i, officer] of officers.entries()) {
      const row = replace.getByRole('group', { name: `Officer ${i + 1}` });
      await row.getByLabel('Name').fill(officer.name);
      await row.getByLabel('Their passphrase').fill(officer.passphrase);
      await row.getByLabel('Again').fill(i === 2 ? `${officer.passphrase}!` : officer.passphrase);
    }
    await replace.getByRole('button', { name: 'Generate the new key' }).click();
    // Checked as typed: a mistyped confirmation is refused before anything is generated.
    await replace.getByRole('group', { name: 'Officer 3' }).getByText('The two passphrases differ').waitFor();
    await replace.getByRole('group', { name: 'Officer 3' }).getByLabel('Again').fill(officers[2]!.passphrase);
    await expect(replace.getByRole('combobox', { name: 'Officers needed to open' }).inputValue()).resolves.toBe('2');
    await shot(pressPage, 'quorum-keygen');
    await replace.getByRole('button', { name: 'Generate the new key' }).click();
    await replace.waitFor({ state: 'detached', timeout: 30_000 });
    const key = press.core.press.card().key!;
    expect(key.quorum).toEqual({ k: 2, officers: officers.map((o) => o.name) });
    await expect(pressPage.getByLabel('Press card fingerprint').getAttribute('data-fingerprint')).resolves.toBe(
      key.fingerprint,
    );
    await pressPage.getByText('bundles open only with 2 of 3 officers (Ada Officer, Bo Officer, Cy Officer)').waitFor();
    await pressPage.getByRole('button', { name: 'Save card file…' }).click();
    await pressPage.getByRole('status', { name: 'Card saved' }).waitFor();
    const cardFile = exported(press, '.custodian-card');

    // The manager imports the new card and exports to it.
    await nav(managerPage, 'Escrow').click();
    await managerPage.getByRole('button', { name: 'Import another card…' }).click();
    const importCard = managerPage.getByRole('dialog', { name: 'Import the press team’s card' });
    await importCard.getByLabel('Card', { exact: true }).fill(cardFile);
    await importCard.getByLabel('Fingerprint read out by the press office').fill(key.fingerprint);
    await importCard.getByRole('button', { name: 'Check and import' }).click();
    const imported = managerPage.getByRole('dialog', { name: 'Press card imported' });
    await imported.getByText(/and only with 2 of 3 officers/).waitFor();
    await imported.getByRole('button', { name: 'Export the bundle now…' }).click();
    const cards = managerPage.getByRole('list', { name: 'Press cards' }).getByRole('listitem');
    await expect.poll(() => cards.count()).toBe(2);
    const quorumCard = cards.filter({ hasText: key.fingerprint });
    await quorumCard.getByRole('status', { name: 'Bundle saved' }).waitFor();
    await expect(quorumCard.textContent()).resolves.toContain('2 of 3 officers');
    const bundle = exported(manager, '.custodian-escrow');

    // The press office imports it, and breaks the glass on the whole bundle: two officers must type.
    await pressPage.getByRole('tab', { name: 'Press register' }).click();
    await pressPage.getByRole('button', { name: 'Import a bundle…' }).click();
    const importBundle = pressPage.getByRole('dialog', { name: 'Import an escrow bundle' });
    await importBundle.getByLabel('Bundle', { exact: true }).fill(bundle);
    await importBundle.getByRole('region', { name: 'Bundle details' }).getByText('2 of 3 press officers').waitFor();
    await importBundle.getByRole('button', { name: 'Import into the register' }).click();
    await pressPage.getByRole('dialog', { name: 'Bundle imported' }).getByRole('button', { name: 'Done' }).click();
    const bundleRow = pressPage
      .getByRole('list', { name: 'Managers’ bundles' })
      .getByRole('listitem', { name: MANAGER_OWNER });
    await bundleRow.getByText('Officers’ quorum').waitFor();
    await bundleRow.getByRole('button', { name: `Break glass on the accounts of ${MANAGER_OWNER}` }).click();
    const breakGlass = pressPage.getByRole('dialog', { name: `Break glass: accounts of ${MANAGER_OWNER}` });
    await breakGlass.getByLabel('Both accounts in the bundle').check();
    await breakGlass.getByLabel('Reason').fill('Both accounts locked out after a phishing attempt');
    await breakGlass.getByRole('button', { name: 'Continue' }).click();
    const quorum = breakGlass.getByRole('group', { name: 'Officers’ passphrases' });
    await quorum.getByText('2 of 3 officers must type their passphrase').waitFor();
    await expect(quorum.getByRole('combobox', { name: 'Officer 1' }).inputValue()).resolves.toBe('Ada Officer');
    await expect(quorum.getByRole('combobox', { name: 'Officer 2' }).inputValue()).resolves.toBe('Bo Officer');
    await quorum.getByLabel('Passphrase of Ada Officer').fill(officers[0]!.passphrase);
    await quorum.getByLabel('Passphrase of Bo Officer').fill('not bo at all, sorry');
    await breakGlass.getByLabel(`This is an emergency, and I will send the notice to ${MANAGER_OWNER}`).check();
    await breakGlass.getByRole('button', { name: 'Break the glass' }).click();
    await breakGlass.getByRole('alert').getByText('The passphrase of Bo Officer is wrong').waitFor({ timeout: 30_000 });
    expect(press.core.audit.list({ limit: 1 })[0]).toMatchObject({
      kind: 'escrow.open_refused',
      details: { officer: 1, reason: 'wrong_officer_passphrase' },
    });
    // Nothing was opened; only the wrong passphrase is gone from the form (Ada need not type hers again).
    await expect(quorum.getByLabel('Passphrase of Bo Officer').inputValue()).resolves.toBe('');
    await expect(quorum.getByLabel('Passphrase of Ada Officer').inputValue()).resolves.toBe(officers[0]!.passphrase);
    expect(press.core.press.openings()).toHaveLength(1);
    await shot(pressPage, 'quorum-wrong-passphrase');
    await screenshotAtLaptop(pressPage, 'escrow-19-quorum-wrong-passphrase-1024x768', [
      breakGlass.getByRole('button', { name: 'Break the glass' }),
      breakGlass.getByRole('button', { name: 'Back' }),
    ]);
    await quorum.getByLabel('Passphrase of Bo Officer').fill(officers[1]!.passphrase);
    await breakGlass.getByRole('button', { name: 'Break the glass' }).click();
    const opening = pressPage.getByRole('region', { name: 'Break-glass opening' });
    await opening.getByText(`Glass broken: 2 accounts of ${MANAGER_OWNER}`).waitFor({ timeout: 30_000 });
    const sport = pressPage.getByRole('list', { name: 'Opened accounts' }).getByRole('listitem', { name: SPORT });
    await sport.getByRole('button', { name: 'Reveal password' }).click();
    await expect.poll(() => sport.getByLabel('Password value').textContent()).toBe(SPORT_PASSWORD);
    expect(press.core.press.openings()).toHaveLength(2);
    await shot(pressPage, 'quorum-opened');
    await opening.getByRole('button', { name: 'Done: hide the secrets' }).click();
    console.log(`[e2e] quorum card, replace and open in ${Date.now() - started} ms`);
  });

  // Continues from above: a bundle claiming to be the manager's, but signed by someone else's key.
  it('a bundle signed by another key: a warning with both fingerprints, and re-pinning only on purpose', async () => {
    const quorumCard = press.core.press.card().key!.fingerprint;
    let genuine = '';
    await manager.core.escrow.export(quorumCard, (content) => (genuine = content));
    // Intercepted and re-signed, audit checkpoint included, by a careful forger.
    const forger = await strangerKey();
    const { body } = unwrap(genuine);
    const issuer = body.issuer as { vaultId: string; name: string; signingKey: string };
    const head = body.auditHead as { seq: number; at: number; hash: string; signature: string };
    const checkpoint = checkpointMessage(issuer.vaultId, head.seq, head.at, Buffer.from(head.hash, 'base64url'));
    const forged = resign(
      genuine,
      {
        ...body,
        issuer: { ...issuer, signingKey: toBase64Url(forger.publicKey) },
        auditHead: { ...head, signature: toBase64Url(forger.sign(checkpoint)) },
      },
      forger.sign,
    );
    const pinned = press.core.press.register().issuers[0]!.signingKeyFingerprint;
    const offered = press.core.press.inspect(forged).issuer.signingKeyFingerprint;
    expect(offered).not.toBe(pinned);

    await pressPage.getByRole('tab', { name: 'Press register' }).click();
    await pressPage.getByRole('button', { name: 'Import a bundle…' }).click();
    const dialog = pressPage.getByRole('dialog', { name: 'Import an escrow bundle' });
    await dialog.getByLabel('Bundle', { exact: true }).fill(forged);
    const warning = dialog.getByRole('alert', { name: 'WARNING: the manager’s signing key has changed' });
    await warning
      .getByText(/claims to come from Digital Communications, but it is not signed by the key pinned/)
      .waitFor();
    await expect(warning.getByLabel('Pinned key fingerprint').textContent()).resolves.toBe(pinned);
    await expect(warning.getByLabel('Offered key fingerprint').textContent()).resolves.toBe(offered);
    // Nothing is imported until the re-pin is asked for and confirmed.
    await dialog.getByRole('button', { name: 'Replace the pinned key…' }).click();
    const confirm = dialog.getByRole('button', { name: 'Replace the pinned key and import' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    expect(press.core.press.register().issuers[0]!.signingKeyFingerprint).toBe(pinned);
    await shot(pressPage, 'key-changed-warning');
    await warning.getByLabel(/^I phoned Digital Communications/).check();
    await confirm.click();
    const done = pressPage.getByRole('dialog', { name: 'Bundle imported' });
    await done.getByText(/Their new signing key replaced the pinned one/).waitFor();
    await done.getByRole('alert').getByText(`${pinned} → ${offered}`, { exact: false }).waitFor();
    expect(press.core.press.register().issuers[0]!.signingKeyFingerprint).toBe(offered);
    expect(press.core.audit.list({ kinds: ['escrow.issuer_repinned'], limit: 5 })).toHaveLength(1);
    await done.getByRole('button', { name: 'Done' }).click();
  });
});
