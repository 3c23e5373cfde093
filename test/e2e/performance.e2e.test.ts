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
 * The dashboard's performance page end to end, in two parts. First the page drawn from the fixture
 * made to the route's contract (web/src/performance/fixtures/credit-performance.json), moved to the
 * range the page asks for: every part of the page and its empty states, whatever the server can
 * answer yet. Then against the real `GET /v1/deployments/{name}/performance`: predictions of the
 * example credit model labelled through the feedback route, and the page showing what the route
 * answers. While the route is not on the server (it answers 404), that part is skipped and says so.
 */

const adminToken = 'e2e-performance-admin-token-8c1f2a9d4e7b3650';
const sentRows = 300;
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'web/src/performance/fixtures/credit-performance.json'), 'utf8'),
) as FixtureAnswer;

interface FixtureWindow {
  start: string;
  end: string;
  rows: number;
  labelled_rows: number;
  model: { name: string; version: number };
  metrics: Record<string, { realized: number | null; estimated: number | null }>;
}
interface FixtureAnswer {
  from: string;
  to: string;
  estimation: unknown;
  windows: FixtureWindow[];
  kpi_comparisons: unknown[];
}

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function apiOk(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
  const answer = await api(method, route, body);
  if (answer.status >= 300) throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** The fixture moved to the range the page asked for (the page asks for the last hour, per minute, as the fixture holds). */
function retimed(answer: FixtureAnswer, url: string): FixtureAnswer {
  const asked = new URL(url).searchParams;
  const from = asked.get('from') ?? answer.from;
  const shift = Date.parse(from) - Date.parse(answer.from);
  const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  return {
    ...answer,
    from,
    to: asked.get('to') ?? move(answer.to),
    windows: answer.windows.map((w) => ({ ...w, start: move(w.start), end: move(w.end) })),
  };
}

/** Answers the page's performance requests with `answer` (retimed) instead of the server. */
async function serveFixture(answer: FixtureAnswer): Promise<void> {
  await page.unroute('**/v1/deployments/*/performance*');
  await page.route('**/v1/deployments/*/performance*', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(retimed(answer, route.request().url())) }),
  );
}

const heading = (name: string) => waitForHeading(page, name);

beforeAll(async () => {
  if (skipWithoutChromium('performance')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-performance-'));
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
  await apiOk('POST', '/v1/deployments', { name: 'credit', model: 'credit@champion' });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('performance page on the contract fixture', () => {
  it('opens from the deployment page after signing in', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await serveFixture(fixture);
    await page.goto(`${server!.url}/#/deployments/credit`);
    await heading('Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('credit');
    await page.getByRole('link', { name: 'Performance of credit' }).click();
    await heading('Performance credit');
    expect(page.url()).toMatch(/#\/deployments\/credit\/performance$/);
  });

  it('draws realised against estimated accuracy with the labelled share, and says how many windows alerted', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const chart = page.getByTestId('performance-chart');
    await chart.locator('canvas').waitFor();
    const ofVersion = fixture.windows.filter((w) => w.model.version === 1);
    const estimated = ofVersion.filter((w) => w.metrics.accuracy!.estimated !== null).length;
    const realized = ofVersion.filter((w) => w.metrics.accuracy!.realized !== null).length;
    expect(await chart.getAttribute('aria-label')).toMatch(
      new RegExp(
        `^accuracy of credit:1 per window in the last hour: estimated in ${estimated} windows, realised in ${realized}, alert in \\d+\\.$`,
      ),
    );
    const rows = ofVersion.reduce((sum, w) => sum + w.rows, 0);
    const labelled = ofVersion.reduce((sum, w) => sum + w.labelled_rows, 0);
    const summary = await page.getByTestId('performance-summary').textContent();
    expect(summary).toContain(`${labelled.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} predictions labelled`);
    expect(summary).toContain('the estimate left its alert bounds in');
    // Both versions can be chosen; the canary has its own line.
    await page.getByLabel('Version', { exact: true }).selectOption('credit:2');
    expect(await chart.getAttribute('aria-label')).toMatch(/^accuracy of credit:2 per window/);
    await page.getByLabel('Version', { exact: true }).selectOption('credit:1');
    await page.getByLabel('Metric', { exact: true }).selectOption('log_loss');
    expect(await page.getByLabel('Metric', { exact: true }).locator('option:checked').textContent()).toBe('log loss (realised only)');
    await page.getByLabel('Metric', { exact: true }).selectOption('accuracy');
  });

  it('shows the reliability diagram, the worst slices, KPIs by version with their comparison, and latency', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const diagram = page.getByTestId('reliability-diagram');
    expect(await diagram.locator('circle').count()).toBe(8);
    expect(await diagram.textContent()).toContain('Expected calibration error');
    const slices = page.getByTestId('worst-slices');
    expect(await slices.locator('tbody tr').count()).toBe(2);
    expect(await slices.locator('tbody tr').first().textContent()).toContain('green_energy');
    const kpis = page.getByTestId('kpis');
    expect(await kpis.locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('kpi-comparisons').textContent()).toContain('credit:2 higher');
    expect(await page.getByTestId('latency-figures').textContent()).toMatch(/p50.*ms.*p95.*ms.*p99.*ms/);
    await page.getByTestId('latency-windows-chart').locator('canvas').waitFor();
    await saveScreenshot(page, 'performance-fixture.png');
  });

  it('says what is missing: no labelled reference, no labels, no KPIs', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const bare: FixtureAnswer = {
      ...fixture,
      estimation: null,
      kpi_comparisons: [],
      windows: fixture.windows.map((w) => ({
        ...w,
        labelled_rows: 0,
        kpis: [],
        calibration: null,
        slices: null,
        confusion_matrix: null,
        metrics: Object.fromEntries(
          Object.keys(w.metrics).map((name) => [
            name,
            { ...w.metrics[name]!, realized: null, estimated: null, sampling_error: null, lower: null, upper: null, alert: false },
          ]),
        ),
      })),
    };
    await serveFixture(bare);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const noReference = page.getByTestId('no-reference');
    await noReference.waitFor();
    expect(await noReference.textContent()).toContain('ballast models reference credit:1 holdout.csv --label default');
    expect(await page.getByTestId('no-labels').textContent()).toContain('POST /v1/deployments/credit/feedback');
    expect(await page.getByTestId('no-labels').textContent()).toContain('ballast feedback import labels.csv --deployment credit');
    // Without a reference and without labels there is no metric to draw, and the page says why.
    expect(await page.getByTestId('no-metrics').textContent()).toContain('needs labels, or a labelled reference');
    await page.getByTestId('no-calibration').waitFor();
    await page.getByTestId('no-slices').waitFor();
    await page.getByTestId('no-kpis').waitFor();
    await saveScreenshot(page, 'performance-empty.png');
    await serveFixture({ ...fixture, windows: [] });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('no-traffic').waitFor();
    await page.unroute('**/v1/deployments/*/performance*');
  });
});

describe('performance page on the real route', () => {
  let routeMissing = false;

  beforeAll(async () => {
    if (chromiumMissing) return;
    const probe = await api('GET', '/v1/deployments/credit/performance');
    routeMissing = probe.status === 404 && probe.json.code !== 'deployment_not_found';
    if (routeMissing)
      console.warn('performance e2e: GET /v1/deployments/{name}/performance answers 404 on this server; the real-route part is skipped');
  });

  it('shows the realised accuracy of labelled predictions as the route answers it', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    if (routeMissing) ctx.skip('GET /v1/deployments/{name}/performance answers 404: the route is not on this server yet');
    const file = path.join(repoRoot, 'examples/credit/live.csv');
    const { columns, records } = parseCsv(readFileSync(file, 'utf8'), file);
    const detail = (await apiOk('GET', '/v1/models/credit/versions/1')) as {
      version: { signature: { inputs: { name: string; type: string }[] } };
    };
    const inputs = detail.version.signature.inputs;
    const rows = records.slice(0, sentRows);
    const feedback: { prediction_id: string; label: number }[] = [];
    for (let i = 0; i < rows.length; i += 50) {
      const batch = rows.slice(i, i + 50);
      const instances = batch.map((record) =>
        Object.fromEntries(
          inputs.map((input) => {
            const cell = record.fields[columns.indexOf(input.name)] ?? '';
            if (cell === '') return [input.name, null];
            return [input.name, input.type === 'number' || input.type === 'integer' ? Number(cell) : cell];
          }),
        ),
      );
      const answer = (await apiOk('POST', '/v1/deployments/credit/predict', { instances })) as { predictions: { prediction_id: string }[] };
      answer.predictions.forEach((p, j) => {
        // Two in three get their true label, as a lender learns outcomes for some loans first.
        if ((i + j) % 3 !== 2)
          feedback.push({ prediction_id: p.prediction_id, label: Number(batch[j]!.fields[columns.indexOf('default')]) });
      });
    }
    const labelled = (await apiOk('POST', '/v1/deployments/credit/feedback', { feedback })) as { accepted: number };
    expect(labelled.accepted).toBe(feedback.length);

    // The windows are written every few seconds: wait until the route holds every prediction and label.
    const to = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
    const query = `from=${new Date(to - 3_600_000).toISOString()}&to=${new Date(to).toISOString()}&window=1m`;
    let answer: FixtureAnswer | undefined;
    for (const deadline = Date.now() + 45_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 500))) {
      answer = (await apiOk('GET', `/v1/deployments/credit/performance?${query}`)) as unknown as FixtureAnswer;
      const sum = (key: 'rows' | 'labelled_rows') => answer!.windows.reduce((total, w) => total + w[key], 0);
      if (sum('rows') >= sentRows && sum('labelled_rows') >= feedback.length) break;
    }
    const windows = answer!.windows;
    expect(windows.reduce((total, w) => total + w.labelled_rows, 0)).toBe(feedback.length);

    await page.goto(`${server!.url}/#/deployments/credit/performance`);
    await heading('Performance credit');
    // The page may still show the fixture's answer (the same address): ask the server again.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const summary = page.getByTestId('performance-summary');
    await summary.waitFor({ timeout: uiTimeoutMs });
    expect(await summary.textContent()).toContain(`${feedback.length} of ${sentRows} predictions labelled`);
    const realized = windows.filter((w) => w.metrics.accuracy?.realized !== null && w.metrics.accuracy?.realized !== undefined).length;
    expect(realized).toBeGreaterThan(0);
    expect(await page.getByTestId('performance-chart').getAttribute('aria-label')).toContain(`realised in ${realized}`);
    if (answer!.estimation === null) await page.getByTestId('no-reference').waitFor();
    await page.getByTestId('reliability-diagram').waitFor();
    await saveScreenshot(page, 'performance-real.png');
  }, 120_000);
});
