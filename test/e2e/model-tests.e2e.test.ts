import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleRun } from '../../src/core/model-tests/testing/sample-run.ts';
import { openStore } from '../../src/store/store.ts';
import { runBallast } from '../testing/run-ballast.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The version page's Tests section end to end: `credit:1` registered with the example contract, tested twice
 * with `ballast test` (a passing run on live.csv, then a failing one on a copy with an impossible age), plus a
 * fairness run written to the store (its evaluator is another part of Ballast); then the page in Chromium.
 */

const adminToken = 'e2e-model-tests-admin-token-5c1d9e7a3b2f8064';
const examples = path.join(repoRoot, 'examples', 'credit');

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let failedRunId: string;

beforeAll(async () => {
  if (skipWithoutChromium('model tests')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-model-tests-'));
  await ballastCli(dataDir, [
    'models',
    'register',
    'credit',
    path.join(examples, 'model.xgb.json'),
    '--contract',
    path.join(examples, 'contract.yaml'),
  ]);
  const suite = path.join(dataDir, 'gate.yaml');
  writeFileSync(suite, 'format: ballast.tests/v1\nchecks:\n  - {name: clean-inputs, type: contract}\n');
  await ballastCli(dataDir, ['test', 'credit:1', '--suite', suite, '--data', path.join(examples, 'live.csv'), '--label', 'default']);
  const [header, ...rows] = readFileSync(path.join(examples, 'live.csv'), 'utf8').trimEnd().split('\n');
  const bad = path.join(dataDir, 'bad-age.csv');
  writeFileSync(bad, [header, rows[0]!.replace(/^([^,]*),\d+,/, '$1,-5,'), ...rows.slice(1)].join('\n') + '\n');
  const failed = await runBallast(['test', 'credit:1', '--suite', suite, '--data', bad, '--label', 'default', '--json'], {
    cwd: dataDir,
    dataDir,
    env: { BALLAST_ACTOR: 'e2e' },
  });
  expect(failed.code).toBe(1);
  failedRunId = (JSON.parse(failed.stdout) as { id: string }).id;

  const store = await openStore(`sqlite:${path.join(dataDir, 'ballast.db')}`);
  try {
    const model = (await store.models.findByName('credit'))!;
    const version = (await store.versions.find(model.id, 1))!;
    const sample = sampleRun();
    await store.testRuns.insert({
      id: '01A00000000000000000000000',
      versionId: version.id,
      suiteName: 'fairness',
      suiteHash: sample.suite.hash,
      dataFile: sample.data.file,
      dataHash: sample.data.hash,
      dataRows: sample.data.rows,
      seed: sample.seed,
      passed: false,
      checks: sample.checks,
      createdBy: 'ana',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  } finally {
    await store.close();
  }

  server = await startBallastServer({ dataDir, adminToken });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  await page.goto(`${server.url}/`);
  await page.getByLabel('Access token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForHeading(page, 'Overview');
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('dashboard: a version page lists its model test runs', () => {
  it('shows the runs newest first and the checks of the newest, then of a run picked', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await waitForHeading(page, 'credit version 1');
    const tests = page.getByRole('region', { name: 'Tests' });
    const runRows = tests.getByRole('table', { name: 'Test runs' }).locator('tbody tr');
    await runRows.first().waitFor();
    const texts = await runRows.allTextContents();
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^gate\s*failed\s*0\/1 passed, 1 failed\s*5,000.*e2e\s*Shown$/);
    expect(texts[1]).toMatch(/^gate\s*passed\s*1\/1 passed\s*5,000.*e2e\s*Show$/);
    expect(texts[2]).toMatch(/^fairness\s*failed\s*1\/3 passed, 1 failed, 1 warning/);

    const shown = tests.getByTestId('test-run');
    expect(await shown.getAttribute('data-run-id')).toBe(failedRunId);
    const check = shown.getByRole('listitem', { name: 'check clean-inputs' });
    expect(await check.textContent()).toContain('1 of 5000 rows (0.02%) break an error rule of the contract');
    const values = await check.getByRole('table', { name: 'values of clean-inputs' }).locator('tbody tr').allTextContents();
    expect(values[0]).toMatch(/^violation_rate\s*0\.0002\s*≤ 0$/);

    await runRows.nth(2).getByRole('button', { name: 'Show' }).click();
    await shown.getByRole('listitem', { name: 'check fair-by-sex' }).waitFor();
    const fair = shown.getByRole('listitem', { name: 'check fair-by-sex' });
    const fairValues = await fair.getByRole('table', { name: 'values of fair-by-sex' }).locator('tbody tr').allTextContents();
    expect(fairValues[0]).toMatch(/^demographic_parity_difference\s*0\.12\s*≤ 0\.05\s*0\.09 – 0\.15$/);
    const groups = await fair.getByRole('table', { name: 'groups of fair-by-sex' }).locator('tbody tr').allTextContents();
    // Group names come from the data: shown as text, never as markup.
    expect(groups).toEqual([expect.stringMatching(/^F\s*0\.31\s*2,400$/), expect.stringMatching(/^M<script>\s*0\.43\s*2,600$/)]);
    await saveScreenshot(page, 'model-tests-version-page.png');
  });
});
