/**
 * The takeover journey, end to end through the UI (issue 5): a manager
 * schedules a takeover for a guest added on the spot, hands over the ticket
 * and the code, and sets the temporary password on the platform (old and new
 * side by side). In fresh browser contexts (the guest's own window, no vault
 * open) the ticket is redeemed on the start screen: a mistyped code is caught
 * as typed, wrong codes are refused and then backed off, the right one after
 * an explicit Reveal shows the temporary password, and the ticket opens only
 * once. The window ends (the bridge's clock moves), a "change it back"
 * obligation appears in the rotation queue, the wizard rotates, and the
 * takeover closes. Finally a standing holder is handed the password the same way.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/takeover.e2e.ts
 *
 * Screenshots land in test-results/screenshots/takeover-NN-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET } from '../../src/shared/ticket-code';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  control,
  launchChromium,
  openApp,
  screenshot,
  screenshotAtLaptop,
  typeDate,
} from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const OWNER = 'Press Office';
const PASSPHRASE = 'harbour lantern copper 19';
const REAL_PASSWORD = 'correct-horse-battery-staple-91';
const ACCOUNT = '@UniNewsroom (X (Twitter))';
const HOUR = 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** A moment as the value of a datetime-local input, in this machine's zone (the browser's too). */
const localInput = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** A well-formed code that is not `code`. */
function otherCode(code: string): string {
  const last = code.at(-1)!;
  const swap = CODE_ALPHABET[(CODE_ALPHABET.indexOf(last) + 1) % CODE_ALPHABET.length]!;
  return `${code.slice(0, -1)}${swap}`;
}

describe.skipIf(!HAVE_CHROMIUM)('takeovers and one-time credentials (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const shot = async (name: string, on: Page = page) => {
    step += 1;
    await screenshot(on, `takeover-${String(step).padStart(2, '0')}-${name}`);
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

  const clipboard = async () => (await control(bridge, 'clipboard')) as { text: string; concealed: boolean };

  /** A fresh browser context: someone else's window, on the start screen, with no vault open. */
  async function guestWindow(): Promise<Page> {
    const guest = await openApp(browser, bridge);
    await guest.getByRole('button', { name: 'Back to the start screen' }).click();
    await guest.getByRole('button', { name: 'Redeem a one-time credential' }).click();
    await guest.getByRole('heading', { name: 'Redeem a one-time credential' }).waitFor();
    return guest;
  }

  it('schedules, hands over, redeems once in another window, ends, changes back and closes', async () => {
    const started = Date.now();

    // 1. A vault and an account with its real password.
    await page.getByRole('button', { name: 'Create a vault' }).click();
    await page.getByLabel('Owner or team').fill(OWNER);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No accounts yet — add your first').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByRole('combobox', { name: 'Platform' }).click();
    await page.getByRole('listbox', { name: 'Platform' }).getByRole('option', { name: 'X (Twitter)' }).click();
    await page.getByLabel('Handle').fill('UniNewsroom');
    await page.getByLabel('Display name').fill('University Newsroom');
    await page.getByLabel('Profile URL').fill('https://x.com/UniNewsroom');
    await page.getByRole('textbox', { name: 'Sign-in name' }).fill('newsroom@example.ac.uk');
    await page.getByLabel('Password', { exact: true }).fill(REAL_PASSWORD);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('heading', { name: 'University Newsroom' }).waitFor();
    const account = bridge.core.accounts.list()[0]!;

    // 2. Schedule: the guest is added on the spot; the window starts now and lasts two hours.
    await nav('Takeovers').click();
    await page.getByText('No takeovers yet').waitFor();
    await page.getByRole('button', { name: 'Schedule a takeover' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule a takeover' });
    await choose(dialog, 'Account', 'uninews', '@UniNewsroom · X (Twitter)');
    await dialog.getByText('A guest (add them now)').click();
    await dialog.getByLabel('Name').fill('Sam Student');
    await dialog.getByLabel('Email').fill('sam.student@example.ac.uk');
    await dialog.getByLabel('Role').fill('Student ambassador');
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    const end = start + 2 * HOUR;
    // A window that ends before it starts is refused with main's reason, on the end field.
    await typeDate(dialog.getByLabel('Starts'), localInput(start));
    await typeDate(dialog.getByLabel('Ends'), localInput(start - HOUR));
    await dialog.getByLabel('Reason').fill('Open day: posting live from campus');
    await dialog.getByRole('button', { name: 'Schedule takeover' }).click();
    await dialog.getByText('The takeover must end after it starts').waitFor();
    await shot('schedule-refused');
    expect(bridge.core.takeovers.list()).toEqual([]);
    await typeDate(dialog.getByLabel('Ends'), localInput(end));
    // A corrected end takes its refusal away with it: no error text, no red border.
    await dialog.getByText('The takeover must end after it starts').waitFor({ state: 'detached' });
    await expect(dialog.getByLabel('Ends').getAttribute('aria-invalid')).resolves.not.toBe('true');
    await shot('schedule-form');
    await dialog.getByRole('button', { name: 'Schedule takeover' }).click();

    // 3. The ticket (text block and file) and the code, shown once.
    const handover = page.getByRole('dialog', { name: 'Takeover of @UniNewsroom' });
    const ticketText = (await handover.getByLabel('Ticket text').textContent())!;
    expect(ticketText).toMatch(/^-----BEGIN CUSTODIAN TICKET-----/);
    const code = (await handover.getByLabel('One-time code').getAttribute('data-code'))!;
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{5}-[${CODE_ALPHABET}]{5}$`));
    await expect(handover.getByLabel('One-time code').textContent()).resolves.toBe(code.replace('-', ''));
    await handover.getByRole('button', { name: 'Save ticket file…' }).click();
    const saved = handover.getByRole('status', { name: 'Ticket saved' });
    await saved.waitFor();
    const file = join(bridge.dataDir, 'exports', 'custodian-ticket-UniNewsroom.custodian-ticket');
    await saved.getByText(file).waitFor();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ custodianTicket: 1 });
    await shot('ticket-and-code');
    // Closing now would lose the code: the dialog asks first.
    await page.keyboard.press('Escape');
    await handover.getByText('Close without the code?').waitFor();
    await handover.getByRole('button', { name: 'Stay' }).click();
    await handover.getByRole('button', { name: 'I’ve sent the ticket and the code' }).click();

    // 4. The temporary password beside the real one, until it is set on the platform.
    await handover.getByText('Set the temporary password on X (Twitter)').waitFor();
    const real = handover.getByRole('group', { name: 'Current password' });
    const temporary = handover.getByRole('group', { name: 'Temporary password' });
    await real.getByRole('button', { name: 'Reveal current password' }).click();
    await expect.poll(() => real.getByLabel('Current password value').textContent()).toBe(REAL_PASSWORD);
    await temporary.getByRole('button', { name: 'Reveal temporary password' }).click();
    await expect
      .poll(async () => (await temporary.getByLabel('Temporary password value').textContent())?.length)
      .toBe(24);
    const temporaryPassword = (await temporary.getByLabel('Temporary password value').textContent())!;
    await temporary.getByRole('button', { name: 'Copy temporary password' }).click();
    await expect.poll(clipboard).toEqual({ text: temporaryPassword, concealed: true });
    await shot('temporary-side-by-side');
    await handover.getByRole('button', { name: 'I’ve set it on the platform' }).click();
    const ready = page.getByRole('dialog', { name: 'Takeover ready' });
    await ready.getByText('Ready for the takeover').waitFor();
    await ready.getByRole('button', { name: 'Done' }).click();
    const running = page.getByRole('region', { name: 'Running now' }).getByRole('listitem');
    await expect.poll(() => running.count()).toBe(1);
    await expect(running.first().getByLabel('State').textContent()).resolves.toBe('Active');
    await expect(running.first().textContent()).resolves.toContain('Sam Student');
    await shot('takeover-active');
    expect(bridge.core.takeovers.list()[0]).toMatchObject({ state: 'active', personName: 'Sam Student' });

    // 5. The manager locks up. The guest, in a window of their own, pastes the ticket.
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    const guest = await guestWindow();
    await guest.getByLabel('Ticket', { exact: true }).fill(ticketText);
    const card = guest.getByRole('region', { name: 'Ticket details' });
    await card.getByLabel('State: Valid').waitFor();
    await expect(card.textContent()).resolves.toContain('@UniNewsroomX (Twitter)');
    await expect(card.textContent()).resolves.toContain(OWNER);
    await expect(card.getByLabel('Issuer key fingerprint').textContent()).resolves.toMatch(
      /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/,
    );
    // A misread character is caught as it is typed; Reveal waits for a possible code.
    const codeBox = guest.getByLabel('Code', { exact: true });
    await codeBox.fill(`${code.slice(0, -1)}O`);
    await codeBox.blur();
    await guest.getByText(/Codes never contain O/).waitFor();
    await expect(guest.getByRole('button', { name: 'Reveal' }).isDisabled()).resolves.toBe(true);
    await shot('redeem-typo', guest);
    // Wrong codes are refused; after two free tries, each waits longer (1 s, then 2 s).
    for (let i = 0; i < 4; i++) {
      await codeBox.fill(otherCode(code).toLowerCase());
      await guest.getByRole('button', { name: 'Reveal' }).click();
      await guest.getByRole('alert').filter({ hasText: 'Wrong code' }).waitFor();
    }
    const waitButton = guest.getByRole('button', { name: /^Try again in \d+ s$/ });
    await waitButton.waitFor();
    await expect(waitButton.isDisabled()).resolves.toBe(true);
    await shot('redeem-backoff', guest);
    await guest.getByRole('button', { name: 'Reveal' }).waitFor({ timeout: 10_000 });

    // A second window holds the ticket and the right code too, but does not press Reveal yet.
    const second = await guestWindow();
    await second.getByLabel('Ticket', { exact: true }).fill(ticketText);
    await second.getByRole('region', { name: 'Ticket details' }).getByLabel('State: Valid').waitFor();
    await second.getByLabel('Code', { exact: true }).fill(code);

    // The explicit Reveal, with the right code: the temporary password, never the real one.
    await codeBox.fill(code);
    await guest.getByRole('button', { name: 'Reveal' }).click();
    await guest.getByRole('heading', { name: 'Opened' }).waitFor();
    await expect(guest.getByLabel('Revealed password').textContent()).resolves.toBe(temporaryPassword);
    expect(temporaryPassword).not.toBe(REAL_PASSWORD);
    // What to type above it, and where: sealed in the ticket with the password.
    await expect(guest.getByLabel('Revealed sign-in name').textContent()).resolves.toBe('newsroom@example.ac.uk');
    await expect(guest.getByLabel('Account address').textContent()).resolves.toBe('https://x.com/UniNewsroom');
    await guest.getByRole('button', { name: 'Copy sign-in name' }).click();
    await expect.poll(clipboard).toEqual({ text: 'newsroom@example.ac.uk', concealed: true });
    await expect(guest.getByLabel('Ticket', { exact: true }).count()).resolves.toBe(0);
    await guest.getByRole('button', { name: 'Copy password' }).click();
    await expect.poll(clipboard).toEqual({ text: temporaryPassword, concealed: true });
    await guest
      .getByRole('status', { name: 'Clipboard status' })
      .getByText(/Password copied — clears in/)
      .waitFor();
    // What next: where to sign in, until when, what happens at the end, who to ask.
    const next = guest.getByRole('region', { name: 'What next' });
    await expect(next.textContent()).resolves.toContain(
      'Sign in to X (Twitter) as newsroom@example.ac.uk (the account @UniNewsroom)',
    );
    await expect(next.textContent()).resolves.toContain(`contact ${OWNER}`);
    await shot('redeemed', guest);
    await screenshotAtLaptop(guest, 'takeover-08-redeemed-1024x768', [
      guest.getByRole('button', { name: 'Copy password' }),
    ]);

    // Redeemed once: the other window's Reveal is refused, and the ticket says so from then on.
    await second.getByRole('button', { name: 'Reveal' }).click();
    const secondCard = second.getByRole('region', { name: 'Ticket details' });
    await secondCard.getByLabel('State: Already redeemed here').waitFor();
    await secondCard
      .getByRole('status')
      .getByText(/already opened on this computer, and opens only once on it/)
      .waitFor();
    await expect(second.getByRole('button', { name: 'Reveal' }).count()).resolves.toBe(0);
    await shot('redeem-already-used', second);
    // Leaving forgets it: nothing is left to copy.
    await guest.getByRole('button', { name: 'Done: forget it' }).click();
    await guest.getByRole('button', { name: 'Redeem a one-time credential' }).waitFor();
    const { ticketId } = bridge.core.tickets.inspect(ticketText);
    await expect(bridge.core.tickets.copy(ticketId, 'password')).rejects.toThrow(/no longer held/);
    await guest.context().close();
    await second.context().close();

    // 6. The manager is back; the window ends (main's clock moves past it).
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Lock vault' }).waitFor({ timeout: 20_000 });
    await control(bridge, 'advance', { ms: 2 * HOUR + 5 * 60_000 });
    await nav('Takeovers').click();
    const awaiting = page.getByRole('region', { name: 'Change the password back' }).getByRole('listitem');
    await expect.poll(() => awaiting.count()).toBe(1);
    await expect(awaiting.first().getByLabel('State').textContent()).resolves.toBe('Awaiting change-back');
    await shot('takeover-ended');

    // 7. The "change it back" obligation is in the rotation queue.
    await awaiting.first().getByRole('button', { name: 'In the rotation queue' }).click();
    const queued = page.getByRole('region', { name: 'Due today' }).getByRole('listitem', { name: ACCOUNT });
    await queued.getByText(/^Takeover ended: Change the password back after Sam Student’s takeover/).waitFor();
    await expect(nav('Rotation').textContent()).resolves.toBe('Rotation1');
    await shot('queue-change-back');

    // 8. The rotation, through the wizard, closes the takeover.
    await queued.getByRole('button', { name: `Rotate ${ACCOUNT}` }).click();
    const wizard = page.getByRole('dialog', { name: 'Rotate the password of @UniNewsroom' });
    await wizard.getByText(/bits of entropy/).waitFor();
    await wizard.getByRole('button', { name: 'Start rotation' }).click();
    // The "current" password is now the temporary one the guest knows.
    await wizard.getByRole('button', { name: 'Reveal current password' }).click();
    await expect.poll(() => wizard.getByLabel('Current password value').textContent()).toBe(temporaryPassword);
    await wizard.getByRole('button', { name: 'I’ve changed it on the platform' }).click();
    await wizard
      .getByRole('list', { name: 'Obligations resolved' })
      .getByText(/Takeover ended: Change the password back/)
      .waitFor();
    await wizard.getByRole('button', { name: 'Record rotation' }).click();
    await page.getByRole('dialog', { name: '@UniNewsroom: rotated' }).getByRole('button', { name: 'Done' }).click();
    await page.getByText('Nothing to rotate this quarter').waitFor();
    await nav('Takeovers').click();
    const past = page.getByRole('region', { name: 'Past' }).getByRole('listitem');
    await expect.poll(() => past.count()).toBe(1);
    await expect(past.first().getByLabel('State').textContent()).resolves.toBe('Closed');
    await expect(past.first().textContent()).resolves.toContain('the password was changed back');
    await shot('takeover-closed');
    const [closed] = bridge.core.takeovers.list();
    expect(closed).toMatchObject({ state: 'closed' });
    expect(closed!.closedAt).not.toBeNull();
    const history = bridge.core.rotation.history(account.id);
    expect(history.rotations).toHaveLength(2); // the temporary password, then the change back

    // 9. A standing holder is handed the password the same way, and the access log says so.
    await nav('People').click();
    await page.getByRole('button', { name: 'Add person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel('Email').fill('grace.hopper@example.ac.uk');
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.waitFor({ state: 'detached' });
    await nav('Accounts').click();
    await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().click();
    await page.getByRole('tab', { name: 'Access' }).click();
    await page.getByRole('button', { name: 'Grant access' }).click();
    const grant = page.getByRole('dialog', { name: 'Grant access to @UniNewsroom' });
    await choose(grant, 'Person', 'grace', /Grace Hopper/);
    await grant.getByLabel('Reason').fill('Covers evenings and weekends');
    await grant.getByRole('button', { name: 'Grant access' }).click();
    await grant.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Hand over the password to Grace Hopper' }).click();
    const handOver = page.getByRole('dialog', { name: 'Hand over the password of @UniNewsroom' });
    await handOver.getByRole('button', { name: 'Issue one-time credential' }).click();
    await handOver.getByLabel('One-time code').waitFor();
    await shot('hand-over', page);
    await handOver.getByRole('button', { name: 'I’ve sent the ticket and the code' }).click();
    await page
      .getByRole('list', { name: 'Current holders' })
      .getByRole('group', { name: 'Grace Hopper' })
      .getByText(/password handed over/)
      .waitFor();

    // 10. Revoking her access while that credential can still be redeemed: the confirmation says so, and the
    // account gets a rotation obligation with the revocation.
    await page.getByRole('button', { name: 'Revoke access for Grace Hopper' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke Grace Hopper’s access?' });
    await expect(revoke.getByTestId('revoke-outstanding').textContent()).resolves.toMatch(
      /one-time credential handed to Grace Hopper can still be redeemed until .*rotation obligation/,
    );
    await shot('revoke-outstanding-credential', page);
    await revoke.getByLabel('Reason').fill('No longer covers evenings');
    await revoke.getByRole('button', { name: 'Revoke access' }).click();
    await revoke.waitFor({ state: 'detached' });
    const raised = bridge.core.obligations.list(account.id);
    expect(raised.map((o) => o.reasonDetail).join('\n')).toMatch(/Grace Hopper’s access was revoked while a one-time/);
    console.log(`[e2e] takeover journey in ${Date.now() - started} ms`);
  });
});
