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
 * Sensitive columns on the dashboard: credit:1 with a contract flagging income (a `flag` rule),
 * `age` marked sensitive with `ballast models mark`; a viewer without sensitive:read opens a flagged
 * prediction and sees *** for both, in the inputs and in the violation, and the value nowhere.
 */

const adminToken = 'e2e-sensitive-admin-token-3f9a1c7d5e2b8046';
const contractYaml = `format: ballast.contract/v1
columns:
  income: { type: number, min: 0, max: 5000000, on_violation: flag, pii: true }
  purpose: { type: category, values: [car, home_improvement, debt_consolidation, education, business, medical], on_violation: flag }
`;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let predictionId: string;
let viewerToken: string;
let age: number;

async function api(method: 'GET' | 'POST', route: string, body?: unknown, token = adminToken): Promise<Record<string, unknown>> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  if (skipWithoutChromium('sensitive')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-sensitive-'));
  const contractFile = path.join(dataDir, 'contract.yaml');
  writeFileSync(contractFile, contractYaml);
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  const training = ['--training-data', path.join(repoRoot, 'examples/credit/train.csv'), '--label', 'default', '--no-importance'];
  await ballastCli(dataDir, ['models', 'register', 'credit', model, ...training, '--contract', contractFile]);
  await ballastCli(dataDir, ['models', 'mark', 'credit:1', '--sensitive', 'age']);
  server = await startBallastServer({ dataDir, adminToken });
  viewerToken = (await api('POST', '/v1/tokens', { name: 'watcher', role: 'viewer' })).token as string;
  await api('POST', '/v1/deployments', { name: 'guarded', model: 'credit:1' });
  const detail = (await api('GET', '/v1/models/credit/versions/1')) as {
    version: { signature: { inputs: { name: string; type: string }[] } };
  };
  const [row] = creditInstances(detail.version.signature.inputs, 1);
  age = row!.age as number;
  const answered = await api('POST', '/v1/deployments/guarded/predict', { instances: [{ ...row, income: 9_876_543, purpose: 'yacht' }] });
  predictionId = (answered.predictions as { prediction_id: string }[])[0]!.prediction_id;
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 800 }));
  await page.goto(`${server.url}/`);
  await page.getByLabel('Access token').fill(viewerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForHeading(page, 'Overview');
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('dashboard with sensitive columns', () => {
  it('shows a viewer *** for sensitive inputs and violations of a prediction, and the value nowhere', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/predictions/${predictionId}`);
    await waitForHeading(page, 'Prediction');
    const inputs = page.getByRole('region', { name: 'Inputs' });
    expect(await inputs.getByRole('row', { name: /^income / }).textContent()).toContain('***');
    expect(await inputs.getByRole('row', { name: /^age / }).textContent()).toContain('***');
    expect(await inputs.getByRole('row', { name: /^purpose / }).textContent()).toContain('yacht');
    const violations = page.getByRole('region', { name: 'Contract violations' });
    expect(await violations.getByRole('row', { name: /^purpose / }).textContent()).toContain('yacht');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain('9876543');
    expect(body).not.toContain('9,876,543');
    await saveScreenshot(page, 'sensitive-prediction.png');
    // The same prediction through the API with the admin token: the values are there (and the read audited).
    const unmasked = (await api('GET', `/v1/predictions/${predictionId}`)) as { inputs: Record<string, unknown> };
    expect(unmasked.inputs).toMatchObject({ income: 9_876_543, age });
  });
});
