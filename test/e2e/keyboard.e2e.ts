/**
 * The keyboard-only journey: create a vault, add an account, reveal and copy
 * its password, lock, with no mouse at all (only keyboard.press and
 * keyboard.type; Tab moves between controls as a person would). And focus
 * goes back to what opened a dialog when the dialog closes, whether it is
 * dismissed with Escape or finished with its own button.
 *
 * Screenshots land in test-results/screenshots/keyboard-NN-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, control, launchChromium, openApp, screenshot } from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}.`);

const PASSPHRASE = 'harbour lantern quietly 7';

/** The accessible name of the focused element, roughly as a screen reader says it (label, aria-label or text). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelledBy = el.getAttribute('aria-labelledby');
    const byId = labelledBy
      ? labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
      : '';
    const label = el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '') : '';
    return (el.getAttribute('aria-label') || byId || label || el.textContent || '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name matches; fails after `limit` presses. */
async function tabTo(page: Page, name: string | RegExp, { back = false, limit = 40 } = {}): Promise<void> {
  const matches = (text: string) =>
    typeof name === 'string' ? text === name || text.replace(/\s*\*$/, '') === name : name.test(text);
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    const now = await focusedName(page);
    if (matches(now)) return;
    seen.push(now);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(name)}; passed: ${seen.join(' | ')}`);
}

/** Polls the focused element's name until it is `name` (focus moves after a dialog's close transition). */
async function expectFocusOn(page: Page, name: string | RegExp): Promise<void> {
  await expect
    .poll(() => focusedName(page), { timeout: 5000 })
    .toSatisfy((text: string) => (typeof name === 'string' ? text === name : name.test(text)));
}

describe.skipIf(!HAVE_CHROMIUM)('keyboard only (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    bridge = await startBridge();
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it('creates a vault, adds an account, reveals, copies and locks without a mouse; focus returns after each dialog', async () => {
    // 1. The start screen: Tab to "Create a vault", Enter.
    await page.getByRole('button', { name: 'Create a vault' }).waitFor();
    await tabTo(page, /^Create a vault/);
    await page.keyboard.press('Enter');

    // 2. The form: the first field has focus; Tab between them; Enter submits.
    await page.getByLabel('Owner or team').waitFor();
    await expectFocusOn(page, /^Owner or team/);
    await page.keyboard.type('Keyboard Office');
    await tabTo(page, /^Passphrase/);
    await page.keyboard.type(PASSPHRASE);
    await tabTo(page, /^Confirm passphrase/);
    await page.keyboard.type(PASSPHRASE);
    await screenshot(page, 'keyboard-01-create-vault');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Lock vault' }).waitFor({ timeout: 20_000 });
    await page.getByText('No accounts yet — add your first').waitFor();

    // 3. A new account with Ctrl+N: the platform field has focus; its list opens with the arrow keys.
    await page.keyboard.press('Control+n');
    const form = page.getByRole('dialog', { name: /account/i });
    await form.waitFor();
    await expectFocusOn(page, /^Platform/);
    await page.keyboard.press('ArrowDown');
    await page.getByRole('listbox', { name: 'Platform' }).waitFor();
    // Typing filters the choices; the arrow key picks the first one left, Enter chooses it.
    await page.keyboard.type('Instagram');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox', { name: 'Platform' }).waitFor({ state: 'hidden' });
    await expect(page.getByRole('combobox', { name: 'Platform' }).inputValue()).resolves.toBe('Instagram');
    await tabTo(page, /^Handle/);
    await page.keyboard.type('keyboard.office');
    await tabTo(page, /^Display name/);
    await page.keyboard.type('Keyboard Office');

    // The generator dialog: opened from its button with Enter, closed with Escape: focus is back on the button.
    await tabTo(page, 'Generate…');
    await page.keyboard.press('Enter');
    const generator = page.getByRole('dialog', { name: 'Generate a password' });
    await generator.getByText(/\d+ bits of entropy/).waitFor();
    await page.keyboard.press('Escape');
    await generator.waitFor({ state: 'detached' });
    await expectFocusOn(page, 'Generate…');
    // Again, finished with "Use this password": focus is back on the button too.
    await page.keyboard.press('Enter');
    await generator.getByText(/\d+ bits of entropy/).waitFor();
    await tabTo(page, 'Use this password');
    await page.keyboard.press('Enter');
    await generator.waitFor({ state: 'detached' });
    await expectFocusOn(page, 'Generate…');
    const password = await page.getByLabel('Password', { exact: true }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await screenshot(page, 'keyboard-02-account-form');
    await tabTo(page, 'Add account');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard Office' }).waitFor();
    await form.waitFor({ state: 'detached' });

    // 4. Reveal and copy the password from the keyboard.
    await tabTo(page, 'Reveal password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Password value').textContent()).toBe(password);
    await screenshot(page, 'keyboard-03-revealed');
    await tabTo(page, 'Copy password');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await control(bridge, 'clipboard')).text).toBe(password);
    await page
      .getByRole('status', { name: 'Clipboard status' })
      .getByText(/^Password copied/)
      .waitFor();

    // 5. The edit drawer: opened with Enter, dismissed with Escape: focus is back on "Edit".
    await tabTo(page, 'Edit', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: /Edit/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /Edit/ }).waitFor({ state: 'detached' });
    await expectFocusOn(page, 'Edit');

    // 6. Lock, from the header's button.
    await tabTo(page, 'Lock vault', { back: true, limit: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    expect(await page.getByText(password).count()).toBe(0);
    await screenshot(page, 'keyboard-04-locked');
    // The unlock screen's passphrase field has focus: typing and Enter unlock it.
    await expectFocusOn(page, /^Passphrase/);
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Lock vault' }).waitFor({ timeout: 20_000 });
  });
});
