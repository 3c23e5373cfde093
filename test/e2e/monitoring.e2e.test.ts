import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import {
  chromiumMissing,
  closeSuite,
  expectNoPageErrors,
  openLoopbackPage,
  skipReason,
  skipWithoutChromium,
  uiTimeoutMs,
} from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's monitoring page end to end: the example credit model registered with its
 * training data (so it has a reference profile), deployed, sent rows of the drifted example
 * population; then the page in Chromium — the banner, the drift-over-time chart, the histogram of
 * a column in a window, its decision, and the data-quality counters — compared with what the
 * monitoring API answers.
 */

const adminToken = 'e2e-monitoring-admin-token-3b7d9e1c5a2f4806';
/** Windows are written every few seconds; this bounds the wait for the sent rows to show up. */
const windowsTimeoutMs = 45_000;
const sentRows = 400;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];

interface Monitoring {
  reference: { model: string; version: number; rows: number } | null;
  windows: {
    start: string;
    rows: number;
    drift: { dataset: { drifted: boolean }; columns: { name: string; drifted: boolean }[] } | null;
    quality: { rows: number; violations_total: number };
  }[];
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Rows of an example file as instances for the model's signature: numbers as numbers, empty cells missing. */
function exampleInstances(
  file: string,
  inputs: readonly { name: string; type: string }[],
  count: number,
): Record<string, string | number | null>[] {
  const full = path.join(repoRoot, 'examples', 'credit', file);
  const { columns, records } = parseCsv(readFileSync(full, 'utf8'), full);
  return records.slice(0, count).map((record) =>
    Object.fromEntries(
      inputs.map((input) => {
        const cell = record.fields[columns.indexOf(input.name)] ?? '';
        if (cell === '') return [input.name, null];
        return [input.name, input.type === 'number' || input.type === 'integer' ? Number(cell) : cell];
      }),
    ),
  );
}

/** The last hour per minute, as the page asks for it by default. */
function lastHour(): string {
  const to = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
  return `from=${new Date(to - 3_600_000).toISOString()}&to=${new Date(to).toISOString()}&window=1m`;
}

/** Waits until the windows of the last hour hold every row sent, with a drift report. */
async function waitForWindows(): Promise<Monitoring> {
  const deadline = Date.now() + windowsTimeoutMs;
  let last: Monitoring | undefined;
  while (Date.now() < deadline) {
    last = (await api('GET', `/v1/deployments/watched/monitoring?${lastHour()}`)) as unknown as Monitoring;
    const rows = last.windows.reduce((sum, w) => sum + w.rows, 0);
    if (rows >= sentRows && last.windows.some((w) => w.drift !== null)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `the monitoring windows did not hold ${sentRows} compared rows within ${windowsTimeoutMs} ms: ${JSON.stringify(last?.windows.map((w) => [w.start, w.rows, w.drift !== null]))}`,
  );
}

let monitoring: Monitoring;

/** Sends the deployment the drifted population in batches, as a client would, and waits for its windows. */
async function sendTraffic(): Promise<void> {
  const detail = (await api('GET', '/v1/models/credit/versions/1')) as {
    version: { signature: { inputs: { name: string; type: string }[] } };
  };
  const instances = exampleInstances('live_drifted.csv', detail.version.signature.inputs, sentRows);
  for (let i = 0; i < instances.length; i += 50)
    await api('POST', '/v1/deployments/watched/predict', { instances: instances.slice(i, i + 50) });
  monitoring = await waitForWindows();
}

const heading = (name: string) => waitForHeading(page, name);
const screenshot = (name: string) => saveScreenshot(page, name);

beforeAll(async () => {
  if (skipWithoutChromium('monitoring')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-monitoring-'));
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit',
    path.join(repoRoot, 'examples/credit/model.xgb.json'),
    '--training-data',
    path.join(repoRoot, 'examples/credit/train.csv'),
    '--no-importance',
    '--label',
    'default',
    '--alias',
    'champion',
  ]);
  server = await startBallastServer({ dataDir, adminToken });
  await api('POST', '/v1/deployments', { name: 'watched', model: 'credit@champion' });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('monitoring page', () => {
  it('opens from the deployment page after signing in', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/watched`);
    await heading('Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('watched');
    await page.getByRole('link', { name: 'Monitoring of watched' }).click();
    await heading('Monitoring watched');
    expect(page.url()).toMatch(/#\/deployments\/watched\/monitoring$/);
    // Nothing was sent yet: the page says so instead of drawing empty charts.
    await page.getByTestId('no-traffic').waitFor();
    expect(await page.getByTestId('drift-chart').count()).toBe(0);
    expect(await page.getByTestId('no-reference').count()).toBe(0);
  });

  it('shows the windows once traffic arrives', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await sendTraffic();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('drift-banner').waitFor();
  }, 90_000);

  it("shows the latest window's verdict as the API gives it, and the drift of a column over time", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const banner = page.getByTestId('drift-banner');
    await banner.waitFor();
    const latest = [...monitoring.windows]
      .filter((w) => w.drift !== null)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .pop()!;
    const text = await banner.textContent();
    expect(text).toContain(latest.drift!.dataset.drifted ? 'Drift in the latest window' : 'No drift in the latest window');
    for (const column of latest.drift!.columns.filter((c) => c.drifted)) {
      expect(await banner.getByRole('button', { name: column.name, exact: true }).count()).toBe(1);
    }

    const chart = page.getByTestId('drift-chart');
    await chart.locator('canvas').waitFor();
    const label = await chart.getAttribute('aria-label');
    expect(label).toMatch(/per window in the last hour, against its threshold: drifted in \d+ of \d+ compared windows/);
    // Every compared column of the API's windows is offered in the column picker.
    const offered = await page.getByLabel('Column', { exact: true }).locator('option').allTextContents();
    const compared = new Set(monitoring.windows.flatMap((w) => w.drift?.columns.map((c) => c.name) ?? []));
    for (const name of compared) expect(offered.some((option) => option === name || option.startsWith(`${name} (`))).toBe(true);
    expect(compared.has('prediction.probability.1') || compared.has('prediction.label')).toBe(true);
  });

  it('draws the reference against the chosen window for a chosen column, with its decision', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByLabel('Column', { exact: true }).selectOption('debt_to_income');
    const detail = page.getByTestId('column-detail');
    await detail.waitFor();
    expect(await detail.locator('.column-detail__title').textContent()).toContain('debt_to_income');
    const histogram = page.getByTestId('histogram');
    // One reference and one current bar per bin, drawn as SVG rectangles.
    const bars = await histogram.locator('svg rect').count();
    expect(bars).toBeGreaterThanOrEqual(4);
    expect(bars % 2).toBe(0);
    expect(await histogram.textContent()).toContain(`reference (`);
    const sentence = await page.getByTestId('decision-sentence').textContent();
    expect(sentence).toMatch(/^(Drifted|Not drifted|No decision): /);
    expect(await detail.getByRole('term').allTextContents()).toContain('KS statistic');

    // Clicking the chart at its left edge picks the oldest window with traffic (the nearest one).
    const oldest = [...monitoring.windows].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0]!;
    const over = page.getByTestId('drift-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    // The window picker's value is the window's start and the version it served.
    await expect
      .poll(async () => (await page.locator('#monitoring-selected-window').inputValue()).split('|')[0], { timeout: uiTimeoutMs })
      .toBe(oldest.start);
    await screenshot('monitoring.png');
  });

  it('counts rows and violations per window as the API does', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const counters = page.getByTestId('quality-counters');
    const rows = monitoring.windows.reduce((sum, w) => sum + w.quality.rows, 0);
    const violations = monitoring.windows.reduce((sum, w) => sum + w.quality.violations_total, 0);
    const text = (await counters.textContent())!;
    expect(text).toContain(`Rows ${rows.toLocaleString('en-US')}`);
    expect(text).toContain(`Contract violations ${violations.toLocaleString('en-US')}`);
    const table = page.getByTestId('quality-table');
    expect(await table.locator('tbody tr').count()).toBe(Math.min(monitoring.windows.length, 15));
  });
});
