/**
 * Rules that bite, end to end through the UI (issue 13): a takeover whose
 * ticket carried the TOTP seed ends; the queue shows the change-back and a
 * "re-enrol two-factor" obligation, due today (not overdue); the wizard
 * refuses the temporary password with main's reason, accepts a new one, shows
 * the new seed as a QR code and otpauth URI, refuses a wrong live code and
 * records with the right one, which clears both obligations and closes the
 * takeover. Then several overdue accounts are worked through in one sitting,
 * interrupted half-way and resumed.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/rules-that-bite.e2e.ts
 *
 * Screenshots land in test-results/screenshots/rules-NN-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import { totpCode } from '../../src/shared/totp';
import { CHROMIUM_PATH, chromiumAvailable, control, launchChromium, openApp, screenshot } from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSPHRASE = 'harbour lantern copper 19';
const SEED = 'JBSWY3DPEHPK3PXP';
const NEW_SEED = 'KRSXG5CTMVRXEZLUKRSXG5CT';
const NEWS = '@uni.news (Instagram)';
const QUEUED = ['uni.sport', 'uni.alumni', 'uni.library'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe.skipIf(!HAVE_CHROMIUM)('rules that bite: change-back, re-enrolment, a queue in one sitting', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let temporary = '';
  let newsId = 0;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `rules-${String(step).padStart(2, '0')}-${name}`);
  };

  beforeAll(async () => {
    bridge = await startBridge();
    const core = bridge.core;
    await core.vault.create({ owner: 'Press Office', passphrase: PASSPHRASE, kdf: 'interactive' });
    // Three accounts whose quarterly rotation is long past.
    for (const handle of QUEUED) {
      core.accounts.create(AccountFieldsSchema.parse({ platform: 'instagram', handle }), {
        password: `Original-${handle}-Lantern-4471`,
      });
    }
    await control(bridge, 'advance', { ms: 100 * DAY });
    // A fresh account with a TOTP seed, taken over by a student whose ticket carries the seed.
    newsId = core.accounts.create(
      AccountFieldsSchema.parse({ platform: 'instagram', handle: 'uni.news', twoFactor: 'totp' }),
      {
        password: 'Original-news-Harbour-8812',
        totp: { seed: SEED },
      },
    ).id;
    const now = core.clock.now();
    const { takeover } = await core.takeovers.schedule({
      accountId: newsId,
      guest: { name: 'Sam Student', email: 'sam@student.ac.uk' },
      start: new Date(now).toISOString(),
      end: new Date(now + 2 * HOUR).toISOString(),
      reason: 'Open day',
      includeTotp: true,
    });
    core.takeovers.temporarySet(takeover.id);
    temporary = core.secrets.reveal(newsId, 'password');
    core.vault.lock();
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  it('refuses the temporary password, re-enrols two-factor with a live code, then works through the overdue queue', async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Lock vault' }).waitFor({ timeout: 20_000 });

    // 1. The takeover ends: change it back, and re-enrol two-factor, both due today (not overdue).
    await control(bridge, 'advance', { ms: 2 * HOUR + 5 * 60_000 });
    await nav('Takeovers').click();
    await page.getByRole('region', { name: 'Change the password back' }).getByRole('listitem').first().waitFor();
    await nav('Rotation').click();
    const today = page.getByRole('region', { name: 'Due today' });
    const newsRow = today.getByRole('listitem', { name: NEWS });
    await newsRow.getByText(/^Takeover ended: Change the password back after Sam Student’s takeover/).waitFor();
    await newsRow.getByText(/Re-enrol two-factor: Sam Student’s takeover ticket included the TOTP seed/).waitFor();
    const overdue = page.getByRole('region', { name: 'Overdue' });
    await expect.poll(() => overdue.getByRole('listitem', { name: /^@uni\./ }).count()).toBe(3);
    await expect(page.getByRole('group', { name: 'Due today: 1' }).count()).resolves.toBe(1);
    await expect(page.getByRole('group', { name: 'Overdue: 3' }).count()).resolves.toBe(1);
    await shot('queue-due-today-and-overdue');

    // 2. The wizard asks for the new seed, and refuses the temporary password with main's reason.
    await newsRow.getByRole('button', { name: `Rotate ${NEWS}` }).click();
    const wizard = page.getByRole('dialog', { name: 'Rotate the password of @uni.news' });
    await wizard.getByText('Two-factor must be re-enrolled').first().waitFor();
    await wizard.getByText('Type my own').click();
    await wizard.getByLabel('TOTP seed').fill(NEW_SEED);
    await wizard.getByLabel('New password', { exact: true }).fill(temporary);
    await wizard.getByRole('button', { name: 'Start rotation' }).click();
    const refusal = wizard.getByRole('alert').filter({ hasText: 'Refused' });
    await refusal.getByText(/^Refused: that is the account’s current password/).waitFor();
    expect(await refusal.textContent()).not.toContain(temporary);
    expect(bridge.core.rotation.drafts()).toEqual([]);
    await shot('temporary-password-refused');

    // 3. A new password: accepted. The new seed as a QR code and otpauth URI.
    await wizard.getByLabel('New password', { exact: true }).fill('Changed-back-Osprey-Lantern-5521');
    await wizard.getByRole('button', { name: 'Start rotation' }).click();
    const seedPanel = wizard.getByRole('group', { name: 'New two-factor seed' });
    await seedPanel.getByRole('button', { name: 'Show QR code and URI' }).click();
    await seedPanel.getByRole('img', { name: 'QR code of the new TOTP seed' }).waitFor();
    await expect(seedPanel.getByLabel('otpauth URI').textContent()).resolves.toMatch(
      new RegExp(`^otpauth://totp/.*secret=${NEW_SEED}`),
    );
    await shot('new-seed-qr');
    await wizard.getByRole('button', { name: 'I’ve changed it on the platform' }).click();

    // 4. A wrong live code is refused (nothing recorded); the right one records and clears both obligations.
    await wizard.getByLabel('Code from the new seed').fill('000000');
    await wizard.getByRole('button', { name: 'Record rotation' }).click();
    await wizard
      .getByRole('alert')
      .getByText(/^That code does not come from the new TOTP seed/)
      .waitFor();
    expect(bridge.core.takeovers.list()[0]!.state).toBe('awaiting_change_back');
    await shot('wrong-live-code');
    const live = totpCode({ secret: NEW_SEED, digits: 6, period: 30, algorithm: 'sha1' }, bridge.clock.now() / 1000);
    await wizard.getByLabel('Code from the new seed').fill(live.code);
    await wizard.getByRole('button', { name: 'Record rotation' }).click();
    const done = page.getByRole('dialog', { name: '@uni.news: rotated' });
    await done.getByText(/2 obligations resolved/).waitFor();
    await shot('re-enrolled');
    await done.getByRole('button', { name: 'Done' }).click();
    expect(bridge.core.takeovers.list()[0]!.state).toBe('closed');
    expect(bridge.core.obligations.list(newsId)).toEqual([]);
    await expect.poll(() => today.count()).toBe(0);

    // 5. The overdue queue in one sitting: each its own password and confirmation.
    await page.getByRole('button', { name: 'Work through all overdue (3)' }).click();
    const first = page.getByRole('dialog', { name: /^Rotate the password of @uni\.\w+ \(1 of 3\)$/ });
    await first.getByText(/bits of entropy/).waitFor();
    await shot('sitting-first');
    await first.getByRole('button', { name: 'Start rotation' }).click();
    await first.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    await first.getByRole('button', { name: 'Record rotation' }).click();
    await page
      .getByRole('dialog', { name: /: rotated \(1 of 3\)$/ })
      .getByRole('button', { name: 'Next account' })
      .click();

    // Interrupted on the second: it stays in progress, and the rest stay queued.
    const second = page.getByRole('dialog', { name: /^Rotate the password of @uni\.\w+ \(2 of 3\)$/ });
    await second.getByText(/bits of entropy/).waitFor();
    await second.getByRole('button', { name: 'Start rotation' }).click();
    await second.getByRole('button', { name: 'Finish later' }).click();
    await page.getByText('Stopped with 2 accounts to go: they stay in the rotation queue').waitFor();
    await expect.poll(() => overdue.getByRole('listitem', { name: /^@uni\./ }).count()).toBe(2);
    await shot('sitting-interrupted');

    // Resumed: the started one picks up its draft, then the last.
    await page.getByRole('button', { name: 'Work through all overdue (2)' }).click();
    const resumed = page.getByRole('dialog', { name: /^Resume the rotation of @uni\.\w+ \(1 of 2\)$/ });
    await resumed.getByText(/^A rotation started on .* is waiting$/).waitFor();
    await shot('sitting-resumed');
    await resumed.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    await page
      .getByRole('dialog', { name: /^Rotate the password of @uni\.\w+ \(1 of 2\)$/ })
      .getByRole('button', { name: 'Record rotation' })
      .click();
    await page
      .getByRole('dialog', { name: /: rotated \(1 of 2\)$/ })
      .getByRole('button', { name: 'Next account' })
      .click();
    const last = page.getByRole('dialog', { name: /^Rotate the password of @uni\.\w+ \(2 of 2\)$/ });
    await last.getByRole('button', { name: 'Start rotation' }).click();
    await last.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    await last.getByRole('button', { name: 'Record rotation' }).click();
    await page
      .getByRole('dialog', { name: /: rotated \(2 of 2\)$/ })
      .getByRole('button', { name: 'Done' })
      .click();
    await page.getByText('Nothing to rotate this quarter').waitFor();
    await shot('queue-empty');
    const rotated = bridge.core.audit.list({ kinds: ['rotation.completed'], limit: 20 });
    expect(rotated.filter((e) => e.details.temporary === false)).toHaveLength(4);
  });
});
