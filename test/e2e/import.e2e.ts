/**
 * The import journey in Chromium through the test bridge (issue 11): from the
 * empty vault, import a mixed spreadsheet (a row whose handle the platform
 * refuses, a non-social login, a weak password), fix one row, skip another,
 * commit, delete the plaintext export, and find the accounts in the list.
 * The wizard's problems are the dry run's: `custodian import --dry-run` on the
 * same vault and file gives the same rows.
 *
 *   npx electron-vite build && npx vitest run --config vitest.e2e.config.ts test/e2e/import.e2e.ts
 *
 * Screenshots land in test-results/screenshots/import-NN-*.png.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, control, launchChromium, openApp, screenshot } from '../bridge/browser';
import { startBridge, type Bridge } from '../bridge/server';
import { runCli } from '../support/cli';

const HAVE_CHROMIUM = chromiumAvailable();
if (!HAVE_CHROMIUM) {
  console.warn(`[e2e] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

const PASSPHRASE = 'harbour lantern copper 19';
const SHEET = [
  'Platform,Account,Login email,Password,Team',
  'X,UniNews,comms@uni.example,kT9#vLq2!xRm8&pZ,Press Office',
  'LinkedIn,example-university,linkedin@uni.example,Zq7!rT4@wP1#sV8$,Press Office',
  'TikTok,uni.tiktok.,tiktok@uni.example,Pp4!tT7@kK1#yY9$,Student Life',
  'Instagram,uni_life,uni_life,Summer2024!,Student Life',
  'Bank,finance,finance@uni.example,Hh3$kL9!mN2@qR5%,Finance',
].join('\n');

describe.skipIf(!HAVE_CHROMIUM)('import wizard (Chromium + test bridge)', () => {
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let file: string;
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await screenshot(page, `import-${String(step).padStart(2, '0')}-${name}`);
  };

  beforeAll(async () => {
    bridge = await startBridge();
    await bridge.core.vault.create({ owner: 'Digital Communications', passphrase: PASSPHRASE, kdf: 'interactive' });
    bridge.core.vault.lock('manual');
    file = join(bridge.dataDir, 'passwords-on-the-shared-drive.csv');
    writeFileSync(file, SHEET);
    browser = await launchChromium();
    page = await openApp(browser, bridge);
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  const wizard = () => page.getByRole('dialog', { name: 'Import accounts' });
  const row = (index: number) => wizard().getByTestId(`import-row-${index}`);
  const problemsOf = (index: number) => row(index).locator('[data-problem]').allInnerTexts();
  async function choose(label: string, option: string) {
    await wizard().getByRole('combobox', { name: label }).click();
    await page.getByRole('listbox', { name: label }).getByRole('option', { name: option, exact: true }).click();
  }

  it('imports a mixed spreadsheet: fix a row, skip a row, commit, delete the export, find the accounts', async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Import from a file' }).waitFor({ timeout: 20_000 });
    await shot('empty-vault');

    await page.getByRole('button', { name: 'Import from a file' }).click();
    await wizard().waitFor();
    await shot('choose');
    await control(bridge, 'import-file', { path: file });
    await wizard().getByRole('button', { name: 'Choose a file…' }).click();
    await wizard().getByTestId('import-preview').waitFor();
    await wizard().getByText('Spreadsheet (CSV) (recognised from the file)').waitFor();
    await wizard().getByTestId('import-mapping').waitFor();
    await expect(row(2).getAttribute('data-action')).resolves.toBe('skip');
    await expect(problemsOf(2)).resolves.toEqual([expect.stringMatching(/^Not a valid TikTok handle/)]);
    await expect(problemsOf(3)).resolves.toEqual(['Weak password: shorter than 12 characters']);
    await expect(row(4).getAttribute('data-action')).resolves.toBe('skip');
    await expect(problemsOf(4)).resolves.toEqual(['Not recognised as a social-media platform']);
    await expect(wizard().getByTestId('import-counts').innerText()).resolves.toBe(
      '3 to create · 0 to update · 2 to skip',
    );

    // The same file through the CLI's dry run, on the same vault: the same rows and problems.
    const dry = await runCli(['import', file, '--dry-run', '--json', '--vault', bridge.vaultPath], {
      env: { CUSTODIAN_PASSPHRASE: PASSPHRASE },
    });
    expect(dry.code).toBe(0);
    const cliRows = (
      JSON.parse(dry.stdout) as { preview: { rows: { action: string; problems: { message: string }[] }[] } }
    ).preview.rows;
    for (const [index, cliRow] of cliRows.entries()) {
      await expect(row(index).getAttribute('data-action')).resolves.toBe(cliRow.action);
      await expect(problemsOf(index)).resolves.toEqual(cliRow.problems.map((p) => p.message));
    }
    await shot('preview');

    // Fix the TikTok handle: the row becomes one to create.
    await row(2).getByRole('textbox', { name: 'Handle for row 3' }).fill('uni.tiktok');
    await row(2).getByRole('textbox', { name: 'Handle for row 3' }).press('Enter');
    await expect.poll(() => row(2).getAttribute('data-action')).toBe('create');
    await expect(problemsOf(2)).resolves.toEqual([]);
    // Skip the LinkedIn row.
    await choose('Action for row 2', 'Skip');
    await expect.poll(() => row(1).getAttribute('data-action')).toBe('skip');
    await expect
      .poll(() => wizard().getByTestId('import-counts').innerText())
      .toBe('3 to create · 0 to update · 2 to skip');
    await shot('fixed-and-skipped');

    await wizard().getByRole('button', { name: 'Import 3 accounts' }).click();
    await wizard().getByTestId('import-done').waitFor();
    await wizard()
      .getByText(/^3 created, 0 updated, 2 skipped from passwords-on-the-shared-drive\.csv/)
      .waitFor();
    await wizard().getByText('The plaintext export is still on disk').waitFor();
    await wizard()
      .getByText(/on SSDs and some file systems it cannot guarantee/)
      .waitFor();
    await shot('done-delete-offer');
    await wizard().getByRole('button', { name: 'Delete passwords-on-the-shared-drive.csv' }).click();
    await wizard().getByTestId('source-deleted').waitFor();
    expect(existsSync(file)).toBe(false);
    await shot('export-deleted');
    await wizard().getByRole('button', { name: 'Done' }).click();
    await wizard().waitFor({ state: 'detached' });

    // The accounts are in the list, and search finds them.
    await expect.poll(() => page.getByTestId('result-count').innerText()).toBe('3 accounts');
    await page.getByLabel('Search accounts').fill('tiktok');
    await expect.poll(() => page.getByTestId('result-count').innerText()).toBe('1 of 3');
    await shot('accounts-listed');

    // The imported sign-in name sits beside the password, hidden until revealed; the edit form keeps it.
    await page.getByLabel('Search accounts').fill('uninews');
    await expect.poll(() => page.getByTestId('result-count').innerText()).toBe('1 of 3');
    await page.getByRole('option').first().click();
    const signIn = page.getByLabel('Sign-in name value');
    await expect.poll(() => signIn.textContent()).toBe('••••••••');
    await page.getByRole('button', { name: 'Reveal sign-in name' }).click();
    await expect.poll(() => signIn.textContent()).toBe('comms@uni.example');
    await shot('sign-in-name-revealed');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const slot = page.getByRole('group', { name: 'Sign-in name' });
    await slot.getByText('Stored (hidden)').waitFor();
    await shot('sign-in-name-in-form');
    await slot.getByRole('button', { name: 'Edit sign-in name' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Sign-in name' }).inputValue()).toBe('comms@uni.example');
    const accounts = bridge.core.accounts.list().map((a) => [a.platform, a.handle, a.department]);
    expect(accounts.sort()).toEqual([
      ['instagram', 'uni_life', 'Student Life'],
      ['tiktok', 'uni.tiktok', 'Student Life'],
      ['x', 'UniNews', 'Press Office'],
    ]);
    const x = bridge.core.accounts.list().find((a) => a.handle === 'UniNews')!;
    expect(bridge.core.secrets.reveal(x.id, 'signInName')).toBe('comms@uni.example');
  }, 180_000);
});
