import { existsSync, rmSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ServerProcess } from './ballast-process.ts';

/**
 * The headless Chromium the browser tests drive, and the page they share: one place for how it is
 * found, launched, confined to the server under test and closed.
 */

export const chromiumPath = process.env.BALLAST_CHROMIUM || '/usr/bin/chromium';
export const chromiumMissing = !existsSync(chromiumPath);
export const skipReason = `Chromium not found at ${chromiumPath} (apt-get install chromium, or set BALLAST_CHROMIUM)`;
/** How long a page waits for an element or a navigation before the test fails. */
export const uiTimeoutMs = 15_000;

/**
 * For a suite's beforeAll: true when it must skip because Chromium is missing. In CI a missing
 * Chromium fails instead, so the browser tests can never be skipped there unnoticed.
 */
export function skipWithoutChromium(suite: string): boolean {
  if (!chromiumMissing) return false;
  if (process.env.CI) throw new Error(`${skipReason}; CI must install it (.ci/run does).`);
  console.warn(`${suite} e2e skipped: ${skipReason}`);
  return true;
}

export interface LoopbackPage {
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught errors the page has thrown so far; it grows while the page lives. */
  readonly pageErrors: readonly string[];
}

/** Launches Chromium and opens one page that may contact only the server at `serverUrl`. */
export async function openLoopbackPage(serverUrl: string, viewport: { width: number; height: number }): Promise<LoopbackPage> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 30_000,
  });
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(uiTimeoutMs);
  page.setDefaultNavigationTimeout(uiTimeoutMs);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Only the loopback server may be contacted.
  await page.route('**/*', (route) => (route.request().url().startsWith(serverUrl) ? route.continue() : route.abort()));
  return { browser, page, pageErrors };
}

/** For afterEach: a step passes only if the page threw nothing while it ran (or before). */
export function expectNoPageErrors(pageErrors: readonly string[]): void {
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
}

/** For afterAll: closes whatever the suite got to open, in reverse order. */
export async function closeSuite(opened: {
  browser?: Browser | undefined;
  server?: ServerProcess | undefined;
  dataDir?: string | undefined;
}): Promise<void> {
  await opened.browser?.close();
  await opened.server?.stop();
  if (opened.dataDir) rmSync(opened.dataDir, { recursive: true, force: true });
}
