import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionDetail } from '../../web/src/api/types.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { creditInstances } from './credit-instances.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import {
  addImportanceRanks,
  fakeCard,
  fakeExplanation,
  fakeImportance,
  installFakeExplainCardApi,
  type FakeExplainCardApi,
  type LoggedPrediction,
} from './explain-card-fake-api.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's explanations and model cards end to end in Chromium: global importance on the
 * version page (and its absence said plainly), the printable model card page (every section, what it
 * lacks and why, a Print button, a print stylesheet without navigation) and the Explain panel of a
 * logged prediction.
 *
 * The version, the deployment and the prediction are the real server's (registered, deployed and
 * predicted through the CLI and the API). The explain, card and importance routes are built by other
 * parts of issue #17; the page reaches them through a fake of the contract's routes inside the browser
 * (explain-card-fake-api.ts), which records what the page sent. The lead switches these to the real
 * routes after the merge.
 */

const adminToken = 'e2e-explain-card-admin-token-8d2b6f0e4c1a7359';
const CARD_SECTIONS = [
  'model_details',
  'considerations',
  'model_parameters',
  'quantitative_analysis',
  'explanations',
  'monitoring',
  'governance',
];

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let fake: FakeExplainCardApi;
let features: string[];
let logged: LoggedPrediction;
let dominant: string;

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Response> {
  return fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

async function apiJson<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const response = await api(method, route, body);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The prediction log is written behind the answer: wait until the prediction can be read back. */
async function loggedPrediction(id: string): Promise<PredictionDetail> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await api('GET', `/v1/predictions/${id}`);
    if (response.status === 200) return (await response.json()) as PredictionDetail;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`prediction ${id} was not logged within 20 s`);
}

const heading = (name: string) => waitForHeading(page, name);
/** A bar's length as drawn: the width in its inline style, in percent. */
const widthPercent = (style: string | null) => Number(/width:\s*([\d.]+)%/.exec(style ?? '')?.[1]);
const text = async (selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  if (skipWithoutChromium('explain and card')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-explain-card-'));
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit',
    model,
    '--training-data',
    path.join(repoRoot, 'examples/credit/train.csv'),
    '--label',
    'default',
    '--alias',
    'champion',
  ]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  server = await startBallastServer({ dataDir, adminToken });

  await apiJson('POST', '/v1/deployments', { name: 'credit-risk', model: 'credit@champion' });
  const detail = await apiJson<{ version: { signature: { inputs: { name: string; type: string }[] } }; snapshot: { sha256: string } }>(
    'GET',
    '/v1/models/credit/versions/1',
  );
  features = detail.version.signature.inputs.map((input) => input.name);
  dominant = features.includes('debt_to_income') ? 'debt_to_income' : features[0]!;
  // Twenty rows of traffic, so the monitoring page has a window; the first is the one explained.
  const instances = creditInstances(detail.version.signature.inputs, 20);
  const answer = await apiJson<{ predictions: { prediction_id: string }[] }>('POST', '/v1/deployments/credit-risk/predict', {
    instances,
  });
  const prediction = await loggedPrediction(answer.predictions[0]!.prediction_id);
  logged = {
    id: prediction.id,
    deployment: prediction.deployment,
    model: prediction.model,
    inputs: prediction.inputs,
    output: prediction.output,
  };

  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  fake = await installFakeExplainCardApi(page, {
    predictions: [logged],
    dominant,
    cards: { 'credit:1': fakeCard('credit', 1, features, detail.snapshot.sha256) },
    importance: { 'credit:1': fakeImportance('credit', 1, features) },
  });
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('version page', () => {
  it('shows the global importance most important first, and links to the model card', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await heading('Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('credit version 1');
    const table = page.getByTestId('importance');
    await table.waitFor();
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature')))).toEqual(features);
    expect(await table.locator('tbody tr').first().locator('td').nth(1).innerText()).toBe('0.9');
    expect(await table.locator('.bar').first().getAttribute('style')).toMatch(/width:\s*100%/);
    expect(await text('[data-testid="importance-meta"]')).toMatch(
      /^Mean \|contribution\| per feature on 200 training rows \(seed 17\) by TreeSHAP \(exact, from the trees\), in margin space; computed /,
    );
    expect(fake.sent.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v1/models/credit/versions/1/importance']);
  });

  it('says plainly when a version has no global importance', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/2`);
    await heading('credit version 2');
    await page.getByTestId('no-importance').waitFor();
    expect(await text('[data-testid="no-importance"]')).toContain('No global importance for this version');
    expect(await text('[data-testid="no-importance"]')).toContain('ballast importance credit:2 --recompute');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('model card page', () => {
  it('renders every section of the card, with what each lacks and why', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await heading('credit version 1');
    await page.getByRole('link', { name: 'Model card' }).click();
    await heading('Model card: credit version 1');
    expect(page.url()).toMatch(/#\/models\/credit\/versions\/1\/card$/);
    await page.getByTestId('model-card').waitFor();
    expect(fake.sent.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models/credit/versions/1/card?format=json' });

    const sections = await page.locator('[data-card-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-section')));
    expect(sections).toEqual(CARD_SECTIONS);
    for (const key of CARD_SECTIONS) expect(await page.locator(`[data-card-section="${key}"] h2`).isVisible()).toBe(true);

    // The three gaps, all named at the top and each in its own section with its reason.
    const summary = page.getByTestId('card-missing-summary');
    expect(await summary.locator('li').allInnerTexts()).toEqual([
      'Intended use and limitations › Intended use: no intended use was entered (ballast models annotate --intended-use)',
      'Evaluation and real-world performance › Real-world performance (realised from labels): no labelled predictions yet',
      'Drift and data quality › Drift: no deployment has closed a compared window for this version',
    ]);
    for (const [section, place] of [
      ['considerations', 'considerations.intended_use'],
      ['quantitative_analysis', 'quantitative_analysis.live_performance'],
      ['monitoring', 'monitoring.drift'],
    ])
      expect(await page.locator(`[data-card-section="${section}"] [data-missing="${place}"]`).count()).toBe(1);
    expect(await page.locator('[data-card-section="model_details"] [data-missing]').count()).toBe(0);
    // The empty field itself reads "none", not a blank.
    expect(await text('[data-card-field="considerations.intended_use"]')).toBe('none');

    // What the sections hold.
    expect(await text('[data-card-field="model_details.owner"]')).toBe('credit-risk team');
    expect(await page.locator('[data-card-field="model_details.aliases"] .chip').allInnerTexts()).toEqual(['champion']);
    expect(await page.locator('.card-limitations li').allInnerTexts()).toEqual([
      'entered Trained on 2024 applications only.',
      'derived Accuracy on purpose=education is below the suite margin (0.71 vs 0.78).',
    ]);
    expect(
      await page
        .locator('[data-card-section="explanations"] [data-testid="importance"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature'))),
    ).toEqual(features);
    const metrics = page.locator('[data-card-field="quantitative_analysis.performance_metrics"] table');
    expect(await metrics.locator('thead th').allTextContents()).toEqual(['Type', 'Value', 'Slice', 'Source']);
    expect(await metrics.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['auc', '0.8235', 'none', 'registration']);
    expect(await text('[data-card-field="model_parameters.data"]')).toContain('examples/credit/train.csv');
    expect(await page.locator('[data-card-field="model_parameters.inputs"] tbody tr').count()).toBe(features.length);
    expect(await text('[data-card-section="governance"]')).toContain('card-1');

    mkdirSync(path.join(repoRoot, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'docs', 'images', 'model-card.png'), fullPage: true });
    await saveScreenshot(page, 'model-card.png');
  });

  it('prints: the Print button opens the print dialog, and on paper there is no navigation', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    // Headless Chromium has no dialog to open: count the calls instead.
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    const print = page.getByRole('button', { name: 'Print' });
    await print.click();
    expect(await page.evaluate('window.printed')).toBe(1);

    const sidebar = page.locator('aside.sidebar');
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect([await sidebar.isVisible(), await crumbs.isVisible(), await print.isVisible()]).toEqual([true, true, true]);
    await page.emulateMedia({ media: 'print' });
    try {
      expect([await sidebar.isVisible(), await crumbs.isVisible(), await print.isVisible()]).toEqual([false, false, false]);
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      // The card itself is all there, using the page's full width.
      expect(await page.getByRole('heading', { level: 1, name: 'Model card: credit version 1' }).isVisible()).toBe(true);
      for (const key of CARD_SECTIONS) expect(await page.locator(`[data-card-section="${key}"]`).isVisible()).toBe(true);
      const main = await page.locator('main').boundingBox();
      expect(main!.x).toBe(0);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(await sidebar.isVisible()).toBe(true);
  });

  it('says so when the version has no card to show', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/2/card`);
    await heading('Model card: credit version 2');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('card_not_found');
  });
});

describe('explain panel', () => {
  it('explains a logged prediction on request: reasons, contributions as bars from the base value to the output, method and space', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/predictions/${logged.id}`);
    await heading('Prediction');
    await page.getByTestId('explain-idle').waitFor();
    const before = fake.sent.length;
    await page.getByRole('button', { name: 'Explain this prediction' }).click();
    await page.getByTestId('explanation').waitFor();
    expect(fake.sent.slice(before)).toEqual([
      { method: 'POST', path: '/v1/deployments/credit-risk/explain', body: { prediction_id: logged.id } },
    ]);

    const expected = fakeExplanation(logged, dominant).explanations[0]!;
    expect(await page.getByTestId('explain-reasons').locator('li').allInnerTexts()).toEqual(expected.reasons);
    expect(await text('[data-testid="explain-method"]')).toBe('TreeSHAP (exact, from the trees)');
    expect(await text('[data-testid="explain-space"]')).toBe('margin (the raw score before the link, log-odds for a classifier)');
    const [base, output] = (await text('[data-testid="explain-base-output"]')).split(' → ').map(Number);
    expect(base).toBe(-1.1);
    expect(output).toBeCloseTo(expected.output as number, 3);

    const rows = page.getByTestId('contributions').locator('tbody tr');
    expect(await rows.count()).toBe(features.length);
    const first = rows.first();
    expect([await first.getAttribute('data-feature'), await first.getAttribute('data-direction')]).toEqual([dominant, 'up']);
    expect(await first.locator('td').nth(0).innerText()).toBe(String(logged.inputs[dominant] ?? 'missing'));
    expect(await first.locator('td').nth(1).innerText()).toBe('+1.25');
    expect(await first.locator('.contrib-bar--up').getAttribute('style')).toMatch(/width:\s*100%/);
    // The second largest pulls the other way: a bar to the left of the zero line, about half as long.
    const second = rows.nth(1);
    expect(await second.getAttribute('data-direction')).toBe('down');
    expect(await second.locator('td').nth(1).innerText()).toBe('−0.6');
    expect(widthPercent(await second.locator('.contrib-bar--down').getAttribute('style'))).toBeCloseTo(48, 0);
    expect(await second.locator('.contrib-bar--up').count()).toBe(0);
    // Largest first.
    const sizes = await rows.evaluateAll((trs) =>
      trs.map((tr) => Math.abs(parseFloat(tr.querySelectorAll('td')[1]!.textContent!.replace('−', '-')))),
    );
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    await saveScreenshot(page, 'explain-panel.png');
  });

  it('says which method the server fell back to, and why', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    expect(await page.getByTestId('explain-fallback').count()).toBe(0);
    const why = 'tree_shap needs a tree model; this one is not: explained with kernel_shap on 100 background rows';
    fake.fallBack(why);
    await page.getByRole('button', { name: 'Explain again' }).click();
    await page.getByTestId('explain-fallback').waitFor();
    expect(await text('[data-testid="explain-fallback"]')).toBe(why);
    expect(await text('[data-testid="explain-method"]')).toBe('KernelSHAP (sampled, seeded)');
  });
});

describe('monitoring columns by importance', () => {
  const columnOrder = () =>
    page
      .getByTestId('columns-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
  const inputsOf = (columns: (string | null)[]) => columns.filter((c) => c !== null && !c.startsWith('prediction.'));

  it("keeps the model's order without ranks, and puts the most important inputs first when the API gives them", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/credit-risk/monitoring`);
    await heading('Monitoring credit-risk');
    await page.getByTestId('columns-table').waitFor();
    expect(await text('[data-testid="columns-order"]')).toBe('inputs in the order the model takes them');
    expect(inputsOf(await columnOrder())).toEqual(features);

    // Ranked the other way round from the signature, with the last input unranked: it goes after the ranked ones.
    const ranks = Object.fromEntries(features.slice(0, -1).map((feature, i) => [feature, features.length - 1 - i]));
    const remove = await addImportanceRanks(page, 'credit-risk', ranks);
    try {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByText('inputs by global importance, most important first').waitFor();
      const expected = [...features.slice(0, -1).reverse(), features.at(-1)!];
      const shown = await columnOrder();
      expect(inputsOf(shown)).toEqual(expected);
      // Outputs stay last; the rank column reads #1, #2, … and — for the unranked input.
      expect(shown.slice(expected.length).every((c) => c!.startsWith('prediction.'))).toBe(true);
      const rankCells = await page.getByTestId('columns-table').locator('tbody tr td:first-child').allInnerTexts();
      expect(rankCells.slice(0, expected.length)).toEqual([...expected.slice(0, -1).map((_, i) => `#${i + 1}`), '—']);
      // The column picker follows the same order.
      const options = await page.getByLabel('Column', { exact: true }).locator('optgroup[label="Inputs"] option').allTextContents();
      expect(options.map((o) => o.replace(/ \(drifted in \d+\)$/, ''))).toEqual(expected);
      await saveScreenshot(page, 'monitoring-columns-by-importance.png');
    } finally {
      await remove();
    }
  });
});
