import { mkdtempSync } from 'node:fs';
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
 * The dashboard end to end: the real `ballast serve` with a registered model, a deployment and
 * logged predictions, driven in Debian's headless Chromium through what a user sees.
 */

const adminToken = 'e2e-dashboard-admin-token-5f3c1a9e7b2d4c68';
/** The commit the example model was "trained" at, so lineage has a code reference to show. */
const codeRef = '9c1e5a7';

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];

/** What the API says, to compare the screen with. */
let artifactSha256: string;
let snapshotSha256: string;
const loggedPredictionIds: string[] = [];

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-request-id': `e2e-${loggedPredictionIds.length}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Seeds the server as a user would: deploy the champion, then send it traffic. */
async function seed(): Promise<void> {
  await api('POST', '/v1/deployments', { name: 'credit', model: 'credit@champion' });
  const detail = (await api('GET', '/v1/models/credit/versions/1')) as {
    version: { signature: { inputs: { name: string; type: string }[] } };
    artifact: { sha256: string };
    snapshot: { sha256: string };
  };
  artifactSha256 = detail.artifact.sha256;
  snapshotSha256 = detail.snapshot.sha256;
  const instances = creditInstances(detail.version.signature.inputs, 14);
  // Ten single-row requests and one of four rows, so the log holds both shapes.
  for (const instance of instances.slice(0, 10))
    await recordPredictions(await api('POST', '/v1/deployments/credit/predict', { instances: [instance] }));
  await recordPredictions(await api('POST', '/v1/deployments/credit/predict', { instances: instances.slice(10) }));
}

async function recordPredictions(answer: Record<string, unknown>): Promise<void> {
  for (const prediction of answer.predictions as { prediction_id: string }[]) loggedPredictionIds.push(prediction.prediction_id);
}

async function see(text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible' });
}

const heading = (name: string) => waitForHeading(page, name);
const screenshot = (name: string) => saveScreenshot(page, name);

beforeAll(async () => {
  if (skipWithoutChromium('dashboard')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-'));
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
    '--code-ref',
    codeRef,
  ]);
  server = await startBallastServer({ dataDir, adminToken });
  await seed();
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 800 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('dashboard', () => {
  it('signs in with a token the server checks, and keeps it out of the URL', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/`);
    await heading('Sign in');

    await page.getByLabel('Access token').fill('not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see('The server does not accept this token.');

    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Overview');
    await see('Signed in as');
    expect(await page.getByRole('complementary').textContent()).toContain('admin (BALLAST_ADMIN_TOKEN)');
    expect(page.url()).not.toContain(adminToken);
    expect(await page.evaluate('JSON.parse(sessionStorage.getItem("ballast.session")).role')).toBe('admin');
  });

  it('opens on an overview whose deployment row gives its health, latency and latest drift, with a link to its monitoring', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const row = page.getByTestId('overview-credit');
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'credit:1' }).count()).toBe(1);
    // Eleven requests (ten of one row, one of four), none failed, since the server started.
    expect(await row.getByTestId('overview-health').textContent()).toBe('serving0 % errors of 11 requests since the server started');
    const latency = await row.getByTestId('overview-latency').textContent();
    expect(latency).toMatch(/^p50 \d+\.\d+ ms · p99 \d+\.\d+ ms/);
    expect(latency).toContain(`of ${loggedPredictionIds.length} logged predictions since`);
    // The drift the API gives for the live window, worded as the page words it.
    const { deployments } = (await api('GET', '/v1/overview')) as {
      deployments: { name: string; drift: { drifted_columns: number; columns: number } | null }[];
    };
    const drift = deployments.find((d) => d.name === 'credit')!.drift;
    expect(drift).not.toBeNull();
    expect(await row.getByTestId('overview-drift').textContent()).toContain(
      drift!.drifted_columns > 0 ? `${drift!.drifted_columns} of ${drift!.columns} columns drifted` : 'no column drifted',
    );
    // The models are still listed under the deployments.
    expect(await page.getByRole('region', { name: 'Models' }).getByRole('link', { name: 'credit', exact: true }).count()).toBe(1);
    await screenshot('dashboard-overview.png');

    await row.getByRole('link', { name: 'Monitoring' }).click();
    await page.waitForURL(/#\/deployments\/credit\/monitoring$/);
    await heading('Monitoring credit');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await heading('Overview');
  });

  it('shows a model, its versions and the lineage of version 1 down to its training snapshot', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('region', { name: 'Models' }).getByRole('link', { name: 'credit', exact: true }).click();
    await heading('credit');
    const versions = page.getByRole('region', { name: 'Versions' });
    expect(await versions.textContent()).toContain('champion');
    expect(await versions.textContent()).toContain('xgboost');

    await versions.getByRole('link', { name: 'Version 1' }).click();
    await heading('credit version 1');
    const lineage = page.getByRole('region', { name: 'Lineage' });
    await lineage.waitFor();
    const text = await lineage.textContent();
    expect(text).toContain('20,000 rows × 17 columns');
    expect(text).toContain(artifactSha256);
    expect(text).toContain(snapshotSha256);
    expect(text).toContain('default');
    expect(text).toContain(codeRef);
    const signature = await page.getByRole('region', { name: 'Signature' }).textContent();
    expect(signature).toContain('employment_type');
    expect(signature).toContain('binary');
    await see('Training data columns');
    expect(page.url()).toMatch(/#\/models\/credit\/versions\/1$/);
    await screenshot('dashboard-version.png');
  });

  it('shows the deployment with the version it serves, its history and a latency chart', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
    await heading('Deployments');
    const row = page.getByRole('row', { name: /credit/ });
    expect(await row.textContent()).toContain('credit:1');

    await page.getByRole('link', { name: 'credit', exact: true }).click();
    await heading('credit');
    await see('serving');
    const latency = page.getByRole('region', { name: 'Recent latency' });
    await latency.locator('canvas').waitFor();
    const figures = await latency.getByRole('definition').allTextContents();
    expect(figures[0]).toBe(String(loggedPredictionIds.length));
    expect(await page.getByRole('img', { name: /Latency of the last 14 predictions/ }).count()).toBe(1);
    const history = await page.getByRole('region', { name: 'History' }).textContent();
    expect(history).toContain('r1 current');
    await screenshot('dashboard.png');
  });

  it('lists recent predictions for a deployment and opens one with its inputs, output and lineage', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Predictions' }).click();
    await heading('Predictions');
    await page.getByRole('option', { name: 'credit' }).waitFor({ state: 'attached' });
    await page.getByLabel('Deployment').selectOption('credit');
    await page.waitForURL(/#\/predictions\?deployment=credit$/);
    const newest = loggedPredictionIds[loggedPredictionIds.length - 1]!;
    await page.getByRole('link', { name: newest }).waitFor();
    // Newest first: the last logged prediction heads the table; every logged one is listed.
    const firstRow = page.getByRole('row').nth(1);
    expect(await firstRow.textContent()).toContain(newest);
    for (const id of loggedPredictionIds) expect(await page.getByRole('link', { name: id }).count()).toBe(1);

    const opened = loggedPredictionIds[0]!;
    await page.getByRole('link', { name: opened }).click();
    await heading('Prediction');
    const logged = (await api('GET', `/v1/predictions/${opened}`)) as {
      inputs: Record<string, unknown>;
      output: { label: number };
      request_id: string;
    };
    const inputs = page.getByRole('region', { name: 'Inputs' });
    await inputs.waitFor();
    expect(await inputs.getByRole('row', { name: /^age / }).textContent()).toContain(String(logged.inputs.age));
    expect(await inputs.getByRole('row', { name: /^employment_type / }).textContent()).toContain(String(logged.inputs.employment_type));
    const output = await page.getByRole('region', { name: 'Output' }).textContent();
    expect(output).toContain(`Label${logged.output.label}`);
    const lineage = await page.getByRole('region', { name: 'Lineage' }).textContent();
    expect(lineage).toContain(artifactSha256);
    expect(lineage).toContain(snapshotSha256);
    expect(lineage).toContain(codeRef);
    expect(await page.getByRole('region', { name: 'Request' }).textContent()).toContain(logged.request_id);
    await screenshot('dashboard-prediction.png');
  });

  it('answers a model that does not exist with a not-found message', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/no-such-model`);
    await heading('no-such-model');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Not found');
    expect(await alert.textContent()).toContain('model_not_found');
  });

  it('signs out and forgets the token', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in');
    expect(await page.evaluate('sessionStorage.getItem("ballast.session")')).toBeNull();
    await page.reload();
    await heading('Sign in');
  });
});
