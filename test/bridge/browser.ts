/**
 * Debian's Chromium under Playwright (`npx playwright install` cannot work
 * here): the flags keep it from reaching for the network.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
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

/**
 * A page with window.custodian wired to the bridge, showing the app. The app
 * honours reduced motion, so by default screenshots show dialogs settled, not mid-fade.
 */
export async function openApp(
  browser: Browser,
  bridge: Bridge,
  { reducedMotion = 'reduce' }: { reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, reducedMotion });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.addInitScript(installCustodianShim, bridge.shim);
  await page.goto(`${bridge.url}/index.html`);
  return page;
}

/** What fails a journey: axe's two worst levels. Moderate and minor findings are printed, not failed. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** Every screen checked, for the run's summary line. */
const checked = { screens: 0, moderate: new Map<string, number>() };

/**
 * axe-core over the page as it is now (WCAG 2.1 A and AA, and axe's best
 * practices): throws on a serious or critical violation, naming the rule, why,
 * and the elements, so the journey fails on the screen that has it.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  checked.screens += 1;
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  for (const v of results.violations)
    if (!FAILING_IMPACTS.has(v.impact ?? '')) checked.moderate.set(v.id, (checked.moderate.get(v.id) ?? 0) + 1);
  if (failing.length === 0) return;
  const report = failing.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join('; ') ?? ''}`)
        .join('\n'),
  );
  throw new Error(`axe: ${failing.length} serious or critical violation(s) on ${where}:\n  ${report.join('\n  ')}`);
}

/** One line for the run's log: how many screens axe checked, and the lesser findings it saw. */
export function accessibilitySummary(): string {
  const lesser = [...checked.moderate].map(([id, n]) => `${id} x${n}`).join(', ');
  return `axe checked ${checked.screens} screen(s): 0 serious or critical; moderate or minor: ${lesser || 'none'}`;
}

/** A full-page screenshot of the screen as it is, after axe has checked it (see expectAccessible). */
export async function screenshot(page: Page, name: string, { checked = true } = {}): Promise<string> {
  // `checked: false` only where axe cannot run (a page without script) and the caller checks a copy.
  if (checked) await expectAccessible(page, name);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Types into a date field and moves on, as a person does: the field loses focus, so its calendar
 * closes and it shows what was typed in the app's date style. Typing alone leaves the calendar open
 * over the fields below it (and over their error texts).
 */
export async function typeDate(field: Locator, text: string): Promise<void> {
  await field.fill(text);
  await field.blur();
  await field.page().locator('[data-dates-dropdown]').waitFor({ state: 'hidden' });
}

/** The texts the account list marks as matching the search (a CSS highlight, not elements), in document order. */
export function searchMarks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = CSS.highlights.get('search-match');
    // Static ranges have no toString: read the text they cover.
    const text = (range: AbstractRange) =>
      (range.startContainer.textContent ?? '').slice(range.startOffset, range.endOffset);
    return found ? [...found].map(text) : [];
  });
}

/** A laptop's screen: every dialog and the redeem screen must work at this size without hunting for buttons. */
export const LAPTOP = { width: 1024, height: 768 } as const;

/**
 * The window at LAPTOP size for one screenshot (of the window, not the full page) and a check that
 * each of `mustSee` lies inside it; then the size it had before.
 */
export async function screenshotAtLaptop(page: Page, name: string, mustSee: Locator[]): Promise<string> {
  const before = page.viewportSize();
  await page.setViewportSize(LAPTOP);
  try {
    for (const locator of mustSee) {
      // As it first shows: nothing is scrolled for it.
      const box = await locator.boundingBox();
      if (!box) throw new Error(`${String(locator)} is not shown at ${LAPTOP.width}x${LAPTOP.height}`);
      const inside =
        box.x >= 0 && box.y >= 0 && box.x + box.width <= LAPTOP.width && box.y + box.height <= LAPTOP.height;
      if (!inside)
        throw new Error(`${String(locator)} lies outside ${LAPTOP.width}x${LAPTOP.height}: ${JSON.stringify(box)}`);
    }
    await expectAccessible(page, name);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = `${SCREENSHOT_DIR}/${name}.png`;
    await page.screenshot({ path });
    return path;
  } finally {
    if (before) await page.setViewportSize(before);
  }
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
