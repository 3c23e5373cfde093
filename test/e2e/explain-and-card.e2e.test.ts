import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionDetail } from '../../web/src/api/types.ts';
import type { ExplainAnswer, VersionImportance } from '../../web/src/explain/explain-types.ts';
import { missingPlace } from '../../web/src/model-cards/card-layout.ts';
import type { ModelCard } from '../../web/src/model-cards/card-types.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { creditInstances } from './credit-instances.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's explanations and model cards end to end in Chromium, on the real server and its real
 * routes: global importance on the version page (and its absence said plainly), the printable model
 * card page (every section, what it lacks and why, a Print button, a print stylesheet without
 * navigation), the Explain panel of a logged prediction (TreeSHAP for the XGBoost model, the KernelSHAP
 * fallback for the ONNX one) and the monitoring page's columns ordered by global importance.
 *
 * Everything is set up through the CLI and the API as a user would: the example credit model
 * registered with its training data and contract (so registration computes its global importance),
 * annotated, tested with its suite, an approval requested and decided (which stores a copy of the card),
 * deployed and sent traffic. The test reads each route's own answer and checks the page shows it.
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
/** Windows are written every few seconds; this bounds the wait for the sent rows to be compared. */
const windowsTimeoutMs = 45_000;
const sentRows = 200;

interface Deployed {
  readonly name: string;
  readonly predictionId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

interface Monitoring {
  windows: { rows: number; drift: { columns: { name: string; importance_rank: number | null }[] } | null }[];
}

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let features: string[];
let importance: VersionImportance;
let approvalId: string;
let cardId: string;
let tree: Deployed;
let onnx: Deployed;

async function api(method: 'GET' | 'POST', route: string, body?: unknown, token = adminToken): Promise<Response> {
  return fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

async function apiJson<T>(method: 'GET' | 'POST', route: string, body?: unknown, token = adminToken): Promise<T> {
  const response = await api(method, route, body, token);
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

/** The last hour per minute, as the monitoring page asks for it by default. */
function lastHour(): string {
  const to = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
  return `from=${new Date(to - 3_600_000).toISOString()}&to=${new Date(to).toISOString()}&window=1m`;
}

/** Waits until the deployment's windows of the last hour hold every row sent, compared with the reference. */
async function monitoredWindows(deployment: string): Promise<Monitoring> {
  const deadline = Date.now() + windowsTimeoutMs;
  let last: Monitoring | undefined;
  while (Date.now() < deadline) {
    last = await apiJson<Monitoring>('GET', `/v1/deployments/${deployment}/monitoring?${lastHour()}`);
    if (last.windows.reduce((sum, w) => sum + w.rows, 0) >= sentRows && last.windows.some((w) => w.drift !== null)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${deployment}'s windows did not hold ${sentRows} compared rows within ${windowsTimeoutMs} ms: ${JSON.stringify(last)}`);
}

/** Deploys a version, sends it rows of examples/credit/live.csv and returns its first logged prediction. */
async function deployWithTraffic(name: string, model: string, ref: string): Promise<Deployed> {
  await apiJson('POST', '/v1/deployments', { name, model: ref });
  const [modelName, version] = model.split(':');
  const detail = await apiJson<{ version: { signature: { inputs: { name: string; type: string }[] } } }>(
    'GET',
    `/v1/models/${modelName}/versions/${version}`,
  );
  const instances = creditInstances(detail.version.signature.inputs, sentRows);
  let first: string | undefined;
  for (let i = 0; i < instances.length; i += 50) {
    const answer = await apiJson<{ predictions: { prediction_id: string }[] }>('POST', `/v1/deployments/${name}/predict`, {
      instances: instances.slice(i, i + 50),
    });
    first ??= answer.predictions[0]!.prediction_id;
  }
  const prediction = await loggedPrediction(first!);
  return { name, predictionId: prediction.id, inputs: prediction.inputs };
}

/** The explain route's own answer for a logged prediction, as the page asks for it. */
const explainAnswer = (deployment: Deployed) =>
  apiJson<ExplainAnswer>('POST', `/v1/deployments/${deployment.name}/explain`, { prediction_id: deployment.predictionId });

const heading = (name: string) => waitForHeading(page, name);
/** A bar's length as drawn: the width in its inline style, in percent. */
const widthPercent = (style: string | null) => Number(/width:\s*([\d.]+)%/.exec(style ?? '')?.[1]);
/** A number as the page prints it (a true minus sign, thousands separators). */
const shownNumber = (text: string) => Number(text.replace('−', '-').replace(/,/g, ''));
const text = async (selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  if (skipWithoutChromium('explain and card')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-explain-card-'));
  const example = (file: string) => path.join(repoRoot, 'examples/credit', file);
  // Version 1 with its training data and contract: registration computes its global importance.
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit',
    example('model.xgb.json'),
    '--training-data',
    example('train.csv'),
    '--label',
    'default',
    '--contract',
    example('contract.yaml'),
    '--alias',
    'champion',
    '--owner',
    'credit-risk team',
    '--description',
    'Probability that a personal loan defaults within a year.',
    '--code-ref',
    '9c1e5a7',
  ]);
  // Version 2 without training data: no importance.
  await ballastCli(dataDir, ['models', 'register', 'credit', example('model.xgb.json')]);
  // The same model as ONNX: no trees to read, so it is explained by KernelSHAP against its training data; no importance
  // computed, so its monitoring columns stay in the model's order.
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit-nn',
    example('model.onnx'),
    '--training-data',
    example('train.csv'),
    '--label',
    'default',
    '--no-importance',
  ]);
  // No intended use: the card has a gap to show.
  await ballastCli(dataDir, [
    'models',
    'annotate',
    'credit:1',
    '--out-of-scope',
    'business loans',
    '--out-of-scope',
    'applicants under 18',
    '--limitation',
    'Trained on 2024 applications only.',
  ]);
  // The example suite fails a check on this data (exit 1), which is what the card's derived limitations report.
  await ballastCli(dataDir, [
    'test',
    'credit:1',
    '--suite',
    example('tests.yaml'),
    '--data',
    example('live.csv'),
    '--label',
    'default',
  ]).catch((error: Error) => {
    if (!/FAILED \(\d+ error checks? failed\)/.test(error.message)) throw error;
  });
  approvalId = (
    JSON.parse(await ballastCli(dataDir, ['approvals', 'request', 'credit:1', '--stage', 'production', '--json'])) as { id: string }
  ).id;
  const approverToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'bo', '--role', 'approver'])).trim();
  server = await startBallastServer({ dataDir, adminToken });

  // The decision stores a copy of the card.
  const decided = await apiJson<{ card_id: string | null }>(
    'POST',
    `/v1/approvals/${approvalId}/approve`,
    { note: 'suite reviewed' },
    approverToken,
  );
  cardId = decided.card_id!;
  const detail = await apiJson<{ version: { signature: { inputs: { name: string }[] } } }>('GET', '/v1/models/credit/versions/1');
  features = detail.version.signature.inputs.map((input) => input.name);
  importance = await apiJson<VersionImportance>('GET', '/v1/models/credit/versions/1/importance');
  tree = await deployWithTraffic('credit-risk', 'credit:1', 'credit@champion');
  onnx = await deployWithTraffic('credit-nn-risk', 'credit-nn:1', 'credit-nn:1');
  await Promise.all([monitoredWindows('credit-risk'), monitoredWindows('credit-nn-risk')]);

  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('version page', () => {
  it('shows the global importance most important first, and links to the model card', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await heading('Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/models/credit/versions/1/importance');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('credit version 1');
    expect((await asked).status()).toBe(200);
    const table = page.getByTestId('importance');
    await table.waitFor();
    // Registration ranked every input, most important first.
    expect([...importance.features.map((f) => f.feature)].sort()).toEqual([...features].sort());
    expect(importance.features.map((f) => f.rank)).toEqual(features.map((_, i) => i + 1));
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature')))).toEqual(
      importance.features.map((f) => f.feature),
    );
    expect(shownNumber(await table.locator('tbody tr').first().locator('td').nth(1).innerText())).toBeCloseTo(
      importance.features[0]!.importance,
      3,
    );
    expect(await table.locator('.bar').first().getAttribute('style')).toMatch(/width:\s*100%/);
    expect([importance.method, importance.space, importance.sample_rows]).toEqual(['tree_shap', 'margin', 200]);
    expect(await text('[data-testid="importance-meta"]')).toMatch(
      new RegExp(
        `^Mean \\|contribution\\| per feature on 200 training rows \\(seed ${importance.seed}\\) by TreeSHAP \\(exact, from the trees\\), in margin space; computed `,
      ),
    );
  });

  it('says plainly when a version has no global importance', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const none = await api('GET', '/v1/models/credit/versions/2/importance');
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([404, 'importance_not_found']);
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
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/models/credit/versions/1/card');
    await page.getByRole('link', { name: 'Model card' }).click();
    await heading('Model card: credit version 1');
    expect(page.url()).toMatch(/#\/models\/credit\/versions\/1\/card$/);
    await page.getByTestId('model-card').waitFor();
    // The card exactly as the page received it from the real route, and the route's answer to the test now:
    // everything but what live traffic moves (monitoring, performance, limitations derived from drift) is the same.
    const response = await asked;
    expect(new URL(response.url()).search).toBe('?format=json');
    const card = (await response.json()) as ModelCard;
    const own = await apiJson<ModelCard>('GET', '/v1/models/credit/versions/1/card');
    for (const key of ['model_details', 'model_parameters', 'explanations', 'governance']) expect(card[key], key).toEqual(own[key]);
    for (const key of ['intended_use', 'out_of_scope_uses']) expect(card.considerations[key], key).toEqual(own.considerations[key]);

    const sections = await page.locator('[data-card-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-section')));
    expect(sections).toEqual(CARD_SECTIONS);
    for (const key of CARD_SECTIONS) expect(await page.locator(`[data-card-section="${key}"] h2`).isVisible()).toBe(true);

    // Every gap the card names, at the top and in its own section with its reason. Intended use was left out.
    const considerations = card.considerations as { intended_use: string | null; limitations: { text: string; source: string }[] };
    expect(considerations.intended_use).toBeNull();
    expect(card.missing.some((note) => note.section.startsWith('considerations'))).toBe(true);
    const summary = page.getByTestId('card-missing-summary');
    const gaps = await summary.locator('li').allInnerTexts();
    expect(gaps).toEqual(card.missing.map((note) => `${missingPlace(note.section)}: ${note.reason}`));
    expect(gaps.filter((gap) => gap.startsWith('Intended use and limitations: '))).toHaveLength(1);
    for (const key of CARD_SECTIONS) {
      const notes = card.missing.filter((note) => note.section === key || note.section.startsWith(`${key}.`));
      expect(await page.locator(`[data-card-section="${key}"] [data-missing]`).allInnerTexts(), key).toEqual(
        notes.map((note) => `${missingPlace(note.section)}: ${note.reason}`),
      );
    }
    // The empty field itself reads "none", not a blank.
    expect(await text('[data-card-field="considerations.intended_use"]')).toBe('none');

    // What the sections hold.
    expect(await text('[data-card-field="model_details.owner"]')).toBe('credit-risk team');
    expect(await text('[data-card-field="model_details.description"]')).toBe('Probability that a personal loan defaults within a year.');
    expect(await page.locator('[data-card-field="model_details.aliases"] .chip').allInnerTexts()).toEqual(['champion']);
    expect(await page.locator('[data-card-field="considerations.out_of_scope_uses"] .chip').allInnerTexts()).toEqual([
      'business loans',
      'applicants under 18',
    ]);
    // The entered limitation and those Ballast derived from the failed test run.
    expect(considerations.limitations[0]).toEqual({ text: 'Trained on 2024 applications only.', source: 'entered' });
    expect(considerations.limitations.some((l) => l.source === 'derived')).toBe(true);
    expect(await page.locator('.card-limitations li').allInnerTexts()).toEqual(
      considerations.limitations.map((l) => `${l.source} ${l.text}`),
    );
    expect(
      await page
        .locator('[data-card-section="explanations"] [data-testid="importance"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature'))),
    ).toEqual(importance.features.map((f) => f.feature));
    const metric = (card.quantitative_analysis as { performance_metrics: { type: string; value: number; source: string }[] })
      .performance_metrics[0]!;
    const metrics = page.locator('[data-card-field="quantitative_analysis.performance_metrics"] table');
    expect(await metrics.locator('thead th').allTextContents()).toEqual(['Type', 'Value', 'Slice', 'Source']);
    const firstMetric = await metrics.locator('tbody tr').first().locator('td').allInnerTexts();
    expect([firstMetric[0], firstMetric[3]]).toEqual([metric.type, metric.source]);
    expect(shownNumber(firstMetric[1]!)).toBeCloseTo(metric.value, 3);
    expect(await page.locator('[data-card-field="quantitative_analysis.test_runs"] tbody tr').count()).toBe(1);
    expect(await text('[data-card-field="model_parameters.data"]')).toContain('examples/credit/train.csv');
    expect(await page.locator('[data-card-field="model_parameters.inputs"] tbody tr').count()).toBe(features.length);
    // The approval decided in beforeAll, by whom; its decision stored a copy of this card.
    const governance = await text('[data-card-section="governance"]');
    expect(governance).toContain(approvalId);
    expect(governance).toMatch(/approved/);
    expect(governance).toContain('bo');
    const copy = await apiJson<{ approval_id: string; card: ModelCard }>('GET', `/v1/model-cards/${cardId}`);
    expect([copy.approval_id, copy.card.model_details['name'], copy.card.model_details['version']]).toEqual([approvalId, 'credit', 1]);

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
    // Every registered version has a card (it never fails for lack of data): a version that does not exist has none.
    const none = await api('GET', '/v1/models/credit/versions/9/card');
    const { code } = (await none.json()) as { code: string };
    expect([none.status, code]).toEqual([404, 'version_not_found']);
    await page.goto(`${server!.url}/#/models/credit/versions/9/card`);
    await heading('Model card: credit version 9');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(code);
  });
});

describe('explain panel', () => {
  it('explains a logged prediction on request: reasons, contributions as bars from the base value to the output, method and space', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/predictions/${tree.predictionId}`);
    await heading('Prediction');
    await page.getByTestId('explain-idle').waitFor();
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/explain'));
    await page.getByRole('button', { name: 'Explain this prediction' }).click();
    await page.getByTestId('explanation').waitFor();
    const request = await sent;
    expect([new URL(request.url()).pathname, request.postDataJSON()]).toEqual([
      '/v1/deployments/credit-risk/explain',
      { prediction_id: tree.predictionId },
    ]);

    // The route's own answer: TreeSHAP from the XGBoost trees, in margin space, no fallback.
    const answer = await explainAnswer(tree);
    expect([answer.method, answer.space, answer.fallback]).toEqual(['tree_shap', 'margin', null]);
    const expected = answer.explanations[0]!;
    const contributions = expected.contributions as Record<string, number>;
    expect(await page.getByTestId('explain-reasons').locator('li').allInnerTexts()).toEqual(expected.reasons);
    expect(await page.getByTestId('explain-fallback').count()).toBe(0);
    expect(await text('[data-testid="explain-method"]')).toBe('TreeSHAP (exact, from the trees)');
    expect(await text('[data-testid="explain-space"]')).toBe('margin (the raw score before the link, log-odds for a classifier)');
    const [base, output] = (await text('[data-testid="explain-base-output"]')).split(' → ').map(shownNumber);
    expect(base).toBeCloseTo(expected.base_value as number, 2);
    expect(output).toBeCloseTo(expected.output as number, 2);

    // Largest first, each as the route gave it.
    const bySize = Object.entries(contributions).sort(([, a], [, b]) => Math.abs(b) - Math.abs(a));
    const rows = page.getByTestId('contributions').locator('tbody tr');
    expect(await rows.count()).toBe(features.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-feature')!, tr.querySelectorAll('td')[1]!.textContent!] as const),
    );
    expect([...shown.map(([feature]) => feature)].sort()).toEqual([...features].sort());
    for (const [feature, value] of shown) expect(shownNumber(value), feature).toBeCloseTo(contributions[feature]!, 2);
    const sizes = shown.map(([, value]) => Math.abs(shownNumber(value)));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

    const [top, topValue] = bySize[0]!;
    const first = rows.first();
    const direction = (c: number) => (c > 0 ? 'up' : 'down');
    expect([await first.getAttribute('data-feature'), await first.getAttribute('data-direction')]).toEqual([top, direction(topValue)]);
    expect(await first.locator('td').nth(0).innerText()).toBe(String(tree.inputs[top] ?? 'missing'));
    expect(await first.locator(`.contrib-bar--${direction(topValue)}`).getAttribute('style')).toMatch(/width:\s*100%/);
    // The second largest: a bar on its own side of the zero line, as long relative to the first as its contribution.
    const [, secondValue] = bySize[1]!;
    const second = rows.nth(1);
    expect(await second.getAttribute('data-direction')).toBe(direction(secondValue));
    expect(widthPercent(await second.locator(`.contrib-bar--${direction(secondValue)}`).getAttribute('style'))).toBeCloseTo(
      (Math.abs(secondValue) / Math.abs(topValue)) * 100,
      0,
    );
    expect(await second.locator(`.contrib-bar--${secondValue > 0 ? 'down' : 'up'}`).count()).toBe(0);
    await saveScreenshot(page, 'explain-panel.png');
  });

  it('says which method the server fell back to, and why', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    // The ONNX model has no trees to read: the route falls back to KernelSHAP and says why.
    const answer = await explainAnswer(onnx);
    expect(answer.method).toBe('kernel_shap');
    expect(answer.fallback).toEqual(expect.stringContaining('kernel_shap'));
    await page.goto(`${server!.url}/#/predictions/${onnx.predictionId}`);
    await heading('Prediction');
    await page.getByRole('button', { name: 'Explain this prediction' }).click();
    await page.getByTestId('explain-fallback').waitFor();
    expect(await text('[data-testid="explain-fallback"]')).toBe(answer.fallback);
    expect(await text('[data-testid="explain-method"]')).toBe('KernelSHAP (sampled, seeded)');
    // Seeded: the page's explanation is the one the test got.
    expect(await page.getByTestId('explain-reasons').locator('li').allInnerTexts()).toEqual(answer.explanations[0]!.reasons);
  });
});

describe('monitoring columns by importance', () => {
  const columnOrder = () =>
    page
      .getByTestId('columns-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
  const inputsOf = (columns: (string | null)[]) => columns.filter((c) => c !== null && !c.startsWith('prediction.'));

  it("keeps the model's order for a version without importance, and puts the most important inputs first when the API ranks them", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    // The ONNX version has no global importance: the API ranks none of its columns.
    const unranked = await monitoredWindows('credit-nn-risk');
    expect(unranked.windows.flatMap((w) => w.drift?.columns ?? []).every((c) => c.importance_rank === null)).toBe(true);
    const onnxInputs = (
      await apiJson<{ version: { signature: { inputs: { name: string }[] } } }>('GET', '/v1/models/credit-nn/versions/1')
    ).version.signature.inputs.map((input) => input.name);
    await page.goto(`${server!.url}/#/deployments/credit-nn-risk/monitoring`);
    await heading('Monitoring credit-nn-risk');
    await page.getByTestId('columns-table').waitFor();
    expect(await text('[data-testid="columns-order"]')).toBe('inputs in the order the model takes them');
    expect(inputsOf(await columnOrder())).toEqual(onnxInputs);

    // Version 1 has: each input's rank in the monitoring answer is its rank in the global importance.
    const ranked = await monitoredWindows('credit-risk');
    const rankOf = new Map(importance.features.map((f) => [f.feature, f.rank]));
    for (const column of ranked.windows.flatMap((w) => w.drift?.columns ?? []))
      expect(column.importance_rank, column.name).toBe(rankOf.get(column.name) ?? null);
    await page.goto(`${server!.url}/#/deployments/credit-risk/monitoring`);
    await heading('Monitoring credit-risk');
    await page.getByText('inputs by global importance, most important first').waitFor();
    const expected = importance.features.map((f) => f.feature);
    const shown = await columnOrder();
    expect(inputsOf(shown)).toEqual(expected);
    // Outputs stay last; the rank column reads #1, #2, …
    expect(shown.slice(expected.length).every((c) => c!.startsWith('prediction.'))).toBe(true);
    const rankCells = await page.getByTestId('columns-table').locator('tbody tr td:first-child').allInnerTexts();
    expect(rankCells.slice(0, expected.length)).toEqual(expected.map((_, i) => `#${i + 1}`));
    // The column picker follows the same order.
    const options = await page.getByLabel('Column', { exact: true }).locator('optgroup[label="Inputs"] option').allTextContents();
    expect(options.map((o) => o.replace(/ \(drifted in \d+\)$/, ''))).toEqual(expected);
    await saveScreenshot(page, 'monitoring-columns-by-importance.png');
  });
});
