import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { creditInstances } from './credit-instances.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's contract pages end to end: `credit:1` registered without a contract, `credit:2`
 * with one (`--contract`), deployed as `guarded`, sent clean, flagged and rejected rows; then the
 * contract page, the violations on the deployment page and a flagged prediction, in Chromium.
 */

const adminToken = 'e2e-contracts-admin-token-8d2e6b1f4a9c7e35';
/** The server writes violation windows every 5 s; this bounds the wait for them. */
const windowsTimeoutMs = 30_000;

const contractYaml = `format: ballast.contract/v1
name: credit-inputs
description: What the credit model's inputs must look like
columns:
  age: { type: integer, min: 18, max: 100, nullable: false, on_violation: reject }
  income: { type: number, min: 0, max: 5000000, on_violation: flag }
  purpose: { type: category, values: [car, home_improvement, debt_consolidation, education, business, medical], on_violation: flag }
`;

/** Stricter than the training data: registered with --force, so its report fails and shows issues. */
const strictContractYaml = `format: ballast.contract/v1
name: credit-strict
defaults: { severity: warn, on_violation: flag }
columns:
  applicant_id: { type: string, pattern: '^TR-\\d{6}$', unique: true, description: Applicant key }
  age: { type: integer, min: 21, max: 70, nullable: false, severity: error, on_violation: reject }
  income: { type: number, min: 0, max: 150000, missing_max: 0.001 }
  employment_type: { type: category, values: [salaried, self_employed, retired], mostly: 0.9 }
  default: { type: integer, min: 0, max: 1 }
dataset:
  row_count: { min: 1000, max: 50000 }
  duplicate_rows_max: 0.01
  label: { column: default, min_class_share: 0.3 }
`;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];

/** What the API says, to compare the screen with. */
let contractSha256: string;
const flaggedIds: string[] = [];

async function call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
  const { status, json } = await call(method, route, body);
  if (status >= 300) throw new Error(`${method} ${route} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

type Row = Record<string, string | number | null>;
interface Predicted {
  prediction_id: string;
  violations?: { column: string; code: string }[];
}

async function predict(rows: Row[]): Promise<Predicted[]> {
  return (await api('POST', '/v1/deployments/guarded/predict', { instances: rows })).predictions as Predicted[];
}

/** Waits until the server has written every violation it counted (it flushes every 5 s). */
async function waitForViolationWindows(expectedTotal: number): Promise<void> {
  const deadline = Date.now() + windowsTimeoutMs;
  let total = 0;
  while (Date.now() < deadline) {
    const { windows } = (await api('GET', '/v1/deployments/guarded/violations')) as { windows: { count: number }[] };
    total = windows.reduce((sum, w) => sum + w.count, 0);
    if (total >= expectedTotal) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server wrote ${total} of ${expectedTotal} violations within ${windowsTimeoutMs} ms`);
}

/** Seeds as a user would: deploy the contracted version, send clean, flagged and rejected rows. */
async function seed(): Promise<void> {
  await api('POST', '/v1/deployments', { name: 'guarded', model: 'credit:2' });
  const detail = (await api('GET', '/v1/models/credit/versions/2')) as {
    version: { signature: { inputs: { name: string; type: string }[] } };
  };
  const [a, b, c] = creditInstances(detail.version.signature.inputs, 3) as [Row, Row, Row];
  contractSha256 = (await api('GET', '/v1/models/credit/versions/2/contract')).sha256 as string;

  const clean = await predict([a, b, c]);
  expect(clean.every((p) => p.violations === undefined)).toBe(true);
  // Three flagged rows: 3 × purpose:unknown_category, 1 × income:out_of_range.
  for (const row of [
    { ...a, purpose: 'yacht' },
    { ...b, purpose: 'yacht' },
    { ...c, purpose: 'yacht', income: 9_000_000 },
  ]) {
    const [prediction] = await predict([row]);
    expect(prediction!.violations?.length).toBeGreaterThan(0);
    flaggedIds.push(prediction!.prediction_id);
  }
  // One rejected request of two rows: age:out_of_range and age:null_not_allowed, nothing served.
  const rejected = await call('POST', '/v1/deployments/guarded/predict', {
    instances: [
      { ...a, age: 12 },
      { ...b, age: null },
    ],
  });
  expect(rejected.status).toBe(422);
  await waitForViolationWindows(3 + 1 + 2);
}

const heading = (name: string) => waitForHeading(page, name);
const screenshot = (name: string) => saveScreenshot(page, name);

beforeAll(async () => {
  if (skipWithoutChromium('contracts')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-contracts-'));
  const contractFile = path.join(dataDir, 'credit-contract.yaml');
  writeFileSync(contractFile, contractYaml);
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  const training = ['--training-data', path.join(repoRoot, 'examples/credit/train.csv'), '--label', 'default', '--no-importance'];
  await ballastCli(dataDir, ['models', 'register', 'credit', model, ...training]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model, ...training, '--contract', contractFile]);
  const strictFile = path.join(dataDir, 'credit-strict.yaml');
  writeFileSync(strictFile, strictContractYaml);
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit',
    model,
    ...training,
    '--contract',
    strictFile,
    '--force',
    '--reason',
    'e2e: a report with issues',
  ]);
  server = await startBallastServer({ dataDir, adminToken });
  await seed();
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 800 }));
  await page.goto(`${server!.url}/`);
  await page.getByLabel('Access token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading('Overview');
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('dashboard contract pages', () => {
  it('says a version without a contract has none', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await heading('credit version 1');
    expect(await page.getByRole('region', { name: 'Lineage' }).getByTestId('no-contract').textContent()).toContain('no contract');

    await page.goto(`${server!.url}/#/models/credit/versions/1/contract`);
    await heading('Data contract of credit:1');
    expect(await page.getByTestId('no-contract').textContent()).toContain('has no data contract');
  });

  it("shows a version's contract: its rules, its hash and the training data report", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/2`);
    await heading('credit version 2');
    await page.getByRole('link', { name: 'Rules and training data report' }).click();
    await heading('Data contract of credit:2');
    expect(page.url()).toMatch(/#\/models\/credit\/versions\/2\/contract$/);

    const summary = await page.getByRole('region', { name: 'Contract', exact: true }).textContent();
    expect(summary).toContain('credit-inputs');
    expect(summary).toContain("What the credit model's inputs must look like");
    expect(summary).toContain(contractSha256);
    expect(summary).toContain('guarded');

    const rules = page.getByRole('region', { name: 'Column rules' });
    const age = await rules.getByRole('row', { name: /^age / }).textContent();
    expect(age).toContain('integer');
    expect(age).toContain('18 – 100');
    expect(age).toContain('not null');
    expect(age).toContain('reject');
    const income = await rules.getByRole('row', { name: /^income / }).textContent();
    expect(income).toContain('0 – 5000000');
    expect(income).toContain('flag');
    const purpose = await rules.getByRole('row', { name: /^purpose / }).textContent();
    for (const value of ['car', 'home_improvement', 'debt_consolidation', 'education', 'business', 'medical'])
      expect(purpose).toContain(value);
    expect(purpose).toContain('category');
    expect(await page.getByRole('region', { name: 'Dataset rules' }).textContent()).toContain('No dataset-level rules');

    const report = page.getByRole('region', { name: 'Training data report' });
    expect(await report.getByTestId('report-verdict').textContent()).toContain('Passed');
    const counts = await report.getByRole('definition').allTextContents();
    expect(counts[0]).toBe('20,000');
    expect(counts[1]).toBe('0');
    await screenshot('contract-page.png');
  });

  it('shows a failed training report with its issues grouped by column, dataset-wide first', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/3/contract`);
    await heading('Data contract of credit:3');
    const rules = page.getByRole('region', { name: 'Column rules' });
    const id = await rules.getByRole('row', { name: /^applicant_id / }).textContent();
    expect(id).toContain('/^TR-\\d{6}$/');
    expect(id).toContain('unique');
    expect(await rules.getByRole('row', { name: /^income / }).textContent()).toContain('missing ≤ 0.1%');
    expect(await rules.getByRole('row', { name: /^employment_type / }).textContent()).toContain('mostly 90%');
    const dataset = await page.getByRole('region', { name: 'Dataset rules' }).textContent();
    expect(dataset).toContain('1,000 – 50,000');
    expect(dataset).toContain('at most 1% of rows');
    expect(dataset).toContain('every class at least 30%');

    const report = page.getByRole('region', { name: 'Training data report' });
    expect(await report.getByTestId('report-verdict').textContent()).toContain('Failed');
    const groups = await report.getByRole('heading', { level: 3 }).allTextContents();
    expect(groups).toEqual(['Whole dataset 1 issue', 'Column age 1 issue', 'Column income 2 issues', 'Column employment_type 1 issue']);
    const age = await report
      .getByRole('region', { name: /Column age/ })
      .getByRole('row', { name: /Out of range/ })
      .textContent();
    expect(age).toContain('error');
    expect(age).toContain('6.1%');
    expect(age).toContain('row 3');
    await screenshot('contract-report-failed.png');
  });

  it("shows the deployment's violations over time, their totals and the latest flagged rows", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/guarded`);
    await heading('guarded');
    const violations = page.getByRole('region', { name: 'Contract violations' });
    await violations.locator('canvas').waitFor();
    expect(await violations.getByTestId('rejected-total').textContent()).toBe('2');
    expect(await violations.getByTestId('flagged-total').textContent()).toBe('4');
    const chart = await violations.getByRole('img', { name: /Contract violations per minute in the last hour/ }).getAttribute('aria-label');
    expect(chart).toContain('age (reject 2)');
    expect(chart).toContain('purpose (flag 3)');
    expect(chart).toContain('income (flag 1)');
    const totals = violations.getByTestId('violation-totals');
    expect(await totals.getByRole('row', { name: /^purpose Unknown category/ }).textContent()).toMatch(/unknown_category\s*flag\s*3/);
    expect(await totals.getByRole('row', { name: /^income / }).textContent()).toMatch(/out_of_range\s*flag\s*1/);
    expect(await totals.getByRole('row', { name: /^age / }).count()).toBe(2);

    await screenshot('contract-violations.png');
    // In 15-minute buckets over the last day: the same totals.
    await violations.getByLabel('Time range').selectOption('24h');
    await violations.getByRole('img', { name: /per 15 minutes in the last 24 hours: 2 rejected, 4 flagged/ }).waitFor();

    const flagged = page.getByRole('region', { name: 'Flagged predictions' }).getByTestId('flagged-predictions');
    await flagged.waitFor();
    for (const id of flaggedIds) expect(await flagged.getByRole('link', { name: id }).count()).toBe(1);
    const newest = await flagged.getByRole('row', { name: new RegExp(flaggedIds[2]!) }).textContent();
    expect(newest).toContain('purpose = yacht');
    expect(newest).toContain('income = 9000000');
    await screenshot('contract-violations-24h.png');
  });

  it('opens a flagged prediction with its violations and the contract in its lineage', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('region', { name: 'Flagged predictions' }).getByRole('link', { name: flaggedIds[2]! }).click();
    await heading('Prediction');
    const violations = page.getByRole('region', { name: 'Contract violations' });
    expect(await violations.getByRole('row', { name: /^purpose / }).textContent()).toContain('yacht');
    expect(await violations.getByRole('row', { name: /^income / }).textContent()).toContain('9000000');
    const lineage = await page.getByRole('region', { name: 'Lineage' }).textContent();
    expect(lineage).toContain('credit');
    expect(lineage).toContain(contractSha256.slice(0, 12));
    expect(
      await page
        .getByRole('region', { name: 'Inputs' })
        .getByRole('row', { name: /^purpose flagged/ })
        .textContent(),
    ).toContain('yacht');
    await screenshot('contract-prediction.png');

    await page
      .getByRole('region', { name: 'Lineage' })
      .getByRole('link', { name: new RegExp(contractSha256) })
      .click();
    await heading('Data contract of credit:2');
  });
});
