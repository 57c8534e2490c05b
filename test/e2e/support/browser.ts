import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type TestPage = {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Fails the test on any console or page error, then closes the context. */
  close(): Promise<void>;
};

/**
 * A fresh browser context (own cookies and storage) whose console errors and page errors are
 * collected; `close()` fails the test if there were any.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { locale?: string } = {},
): Promise<TestPage> {
  const context = await browser.newContext({ baseURL, locale: options.locale ?? 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location().url;
      errors.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return {
    page,
    context,
    errors,
    async close() {
      await context.close();
      expect(errors, 'console or page errors').toEqual([]);
    },
  };
}

/** Runs axe-core on the page as it is now; fails on any violation of impact serious or critical. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // A dialog still fading in has text at partial opacity, which axe reports as low contrast. Wait
  // for finite animations only (a spinner never ends); a cancelled one rejects, which is fine.
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
      .map((animation) => animation.finished.catch(() => null)),
  ).then(() => true)`);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  expect(serious, `serious accessibility violations on ${page.url()}`).toEqual([]);
}
