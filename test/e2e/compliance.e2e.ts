/**
 * The compliance journey, end to end through the UI: the Compliance page's
 * matrix, filtered by rule; a click on a finding opens the account where it
 * is fixed; once fixed, the finding is gone. The signed PDF for auditors,
 * opened by PDF.js and verified by the CLI. Then the page's paint over a
 * 10,000-account vault, measured and printed.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/compliance.e2e.ts
 *
 * Screenshots land in test-results/screenshots/compliance-NN-*.png.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import { PLATFORMS } from '../../src/shared/domain/platforms';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  expectAccessible,
  launchChromium,
  openApp,
  screenshot,
} from '../bridge/browser';
import { runCli } from '../support/cli';
import { startBridge, type Bridge } from '../bridge/server';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSPHRASE = 'harbour lantern copper 19';

describe.skipIf(!HAVE_CHROMIUM)('compliance page (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `compliance-${String(step).padStart(2, '0')}-${name}`);
  };
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}`) });

  beforeAll(async () => {
    bridge = await startBridge();
    const core = bridge.core;
    await core.vault.create({ owner: 'Press Office', passphrase: PASSPHRASE, kdf: 'interactive' });
    const mia = core.people.create({ name: 'Mia Manager', email: 'mia@example.ac.uk' }).id;
    const ann = core.people.create({ name: 'Ann Holder', email: 'ann@example.ac.uk' }).id;
    const account = (handle: string, purpose: string) => {
      const id = core.accounts.create(
        AccountFieldsSchema.parse({
          platform: 'x',
          handle,
          managerId: mia,
          purpose,
          monitoredHours: 'Mon-Fri 9-17',
          twoFactor: 'security_key',
        }),
        { password: `Quartz-Lantern-${handle}-Meadow-Violet` },
      ).id;
      for (const person of [mia, ann]) core.access.grant({ accountId: id, personId: person, reason: 'Runs it' });
    };
    account('livuni_news', 'News and events');
    account('livuni_events', '');
    core.vault.lock('manual');
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it('shows the matrix, filters by rule, jumps to the account, and the fixed finding disappears', async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await nav('Compliance').click();
    const summary = page.getByTestId('compliance-summary');
    await summary.getByText('2 of 2 accounts are out of policy').waitFor();
    const matrix = page.getByRole('table', { name: 'Accounts by rule' });
    // No press card yet: both accounts miss the escrow (R7); only @livuni_events lacks a purpose (R1).
    await expect.poll(() => page.getByTestId('count-R7').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('count-R1').textContent()).toBe('1');
    await shot('matrix');

    await page.getByRole('combobox', { name: 'Rule' }).click();
    await page.getByRole('option', { name: /^R1 · / }).click();
    const rows = matrix.locator('[data-account]');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-account'))))
      .toEqual(['livuni_events']);
    await shot('filtered-by-r1');

    await matrix.getByRole('button', { name: /^1 finding: @livuni_events, R1: No purpose recorded/ }).click();
    await page
      .getByRole('heading', { name: /livuni_events/ })
      .first()
      .waitFor();
    await shot('account-opened');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Purpose').fill('Open days, graduations and campus events');
    // The register's fields are in the same form: where resets go and where the second factor lives.
    await page.getByLabel('Recovery email').fill('events-team@example.ac.uk');
    await page.getByLabel('Two-factor device').fill('Events team phone');
    await shot('fixing');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Open days, graduations and campus events').first().waitFor();
    await page.getByText('events-team@example.ac.uk').first().waitFor();
    const saved = bridge.core.accounts.get(bridge.core.accounts.resolve('livuni_events'));
    expect(saved).toMatchObject({ recoveryEmail: 'events-team@example.ac.uk', twoFactorDevice: 'Events team phone' });

    await nav('Compliance').click();
    await expect.poll(() => page.getByTestId('count-R1').textContent()).toBe('0');
    await page.getByRole('combobox', { name: 'Rule' }).click();
    await page.getByRole('option', { name: /^R1 · / }).click();
    await matrix.getByText('No account breaks R1.').waitFor();
    await shot('finding-gone');
    expect(bridge.core.compliance.report().accounts.find((a) => a.handle === 'livuni_events')!.findings).toEqual([
      expect.objectContaining({ rule: 'R7', kind: 'no_escrow' }),
    ]);
  });

  it('saves the signed PDF for auditors; a PDF reader opens it and the CLI verifies its signature', async () => {
    await page.getByRole('button', { name: 'Signed PDF for auditors' }).click();
    await page.getByRole('status', { name: 'Signed report saved' }).waitFor({ timeout: 60_000 });
    await shot('pdf-saved');
    const exports = join(bridge.dataDir, 'exports');
    const name = readdirSync(exports).find((f) => /^custodian-compliance-.*\.pdf$/.test(f))!;
    const file = join(exports, name);
    const bytes = readFileSync(file);

    // Opened by an independent reader (Mozilla's PDF.js): the signature line after %%EOF leaves it a PDF.
    const reading = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
    const pdf = await reading.promise;
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    }
    await reading.destroy();
    text = text.replace(/\s+/g, ' ');
    expect(text).toContain('Compliance report');
    expect(text).toContain('Press Office');
    expect(text).toContain('livuni_events');
    expect(text).toContain('No escrow bundle');

    // The document as it was printed, for the record.
    const { html } = bridge.core.compliance.auditorDocument();
    const printed = await browser.newPage({ javaScriptEnabled: false });
    await printed.setContent(html);
    // axe needs script, which the printed document must not: it checks the same document in a page that runs it.
    const copyContext = await browser.newContext();
    const copy = await copyContext.newPage();
    await copy.setContent(html);
    await expectAccessible(copy, 'compliance report as printed');
    await copyContext.close();
    await screenshot(printed, `compliance-${String(++step).padStart(2, '0')}-report-as-printed`, { checked: false });
    await printed.close();

    const fingerprint = bridge.core.vault.status().vault!.keyFingerprint;
    const verified = await runCli(['report', 'verify', file, '--fingerprint', fingerprint]);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toContain(`key fingerprint ${fingerprint}`);
    const tampered = Buffer.from(bytes);
    tampered[200] = tampered[200]! ^ 0x20;
    writeFileSync(`${file}.changed.pdf`, tampered);
    expect((await runCli(['report', 'verify', `${file}.changed.pdf`])).code).toBe(1);
  });

  // The budget is 300 ms (report, IPC and render). The figure moves with the machine's load, so the test
  // prints it against the budget, with the report's round trip apart, and guards only against a regression past 3 s.
  it('paints the matrix over 10,000 accounts, printing the time from click to paint', async () => {
    const core = bridge.core;
    const started = performance.now();
    const session = core.vault.session();
    session.store.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const platform = PLATFORMS[i % (PLATFORMS.length - 1)]!;
        const suffix = platform === 'bluesky' ? '.bsky.social' : platform === 'mastodon' ? '@mastodon.social' : '';
        core.accounts.create(
          AccountFieldsSchema.parse({ platform, handle: `bulkacct${i}${suffix}`, department: `Dept ${i % 40}` }),
          // Few distinct passwords: zxcvbn runs once per distinct password in a session.
          { password: `Bulk-${i % 20}-lantern-quartz-harbour` },
        );
      }
    });
    console.log(`[e2e] seeded 10,000 more accounts in ${Math.round(performance.now() - started)} ms`);
    const cold = performance.now();
    core.compliance.report();
    console.log(
      `[e2e] first compliance report of the session (10,002 accounts): ${Math.round(performance.now() - cold)} ms`,
    );

    await nav('Accounts').click();
    await page.getByRole('button', { name: 'Check again' }).waitFor({ state: 'detached' });
    const timings: number[] = [];
    for (let round = 0; round < 3; round++) {
      await nav('Accounts').click();
      const elapsed = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const button = [...document.querySelectorAll('nav button')].find((b) =>
              b.textContent?.startsWith('Compliance'),
            ) as HTMLButtonElement | undefined;
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if (document.querySelector('.compliance-body [data-account]')) {
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - start));
              }
            });
            observer.observe(document.body, { childList: true, subtree: true });
            button!.click();
          }),
      );
      timings.push(elapsed);
    }
    await page
      .getByTestId('compliance-summary')
      .getByText(/of 10,002 accounts are out of policy/)
      .waitFor();
    // Where the time goes: the report's round trip through the bridge, apart from the render.
    const roundTrips = await page.evaluate(async () => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await window.custodian.compliance.report();
        out.push(performance.now() - start);
      }
      return out;
    });
    console.log(`[e2e] compliance.report round trip (10,002 accounts): ${roundTrips.map(Math.round).join(', ')} ms`);
    await shot('ten-thousand');
    const best = Math.min(...timings);
    console.log(
      `[e2e] Compliance click to painted matrix over 10,002 accounts: ${timings.map((t) => Math.round(t)).join(', ')} ms (best ${Math.round(best)} ms; budget 300 ms)`,
    );
    expect(best).toBeLessThanOrEqual(3000);
  });
});
