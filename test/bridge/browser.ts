/**
 * Debian's Chromium under Playwright (`npx playwright install` cannot work
 * here): the flags keep it from reaching for the network.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { installCustodianShim } from './shim';
import type { Bridge } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'test-results/screenshots';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page with window.custodian wired to the bridge, showing the app. */
export async function openApp(browser: Browser, bridge: Bridge): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.addInitScript(installCustodianShim, bridge.shim);
  await page.goto(`${bridge.url}/index.html`);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Calls a test-only control of the bridge. */
export async function control(
  bridge: Bridge,
  action: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${bridge.url}/__test/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-custodian-token': bridge.shim.token },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}
