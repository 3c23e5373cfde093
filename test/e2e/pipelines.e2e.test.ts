import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRun } from '../../web/src/pipelines/pipeline-types.ts';
import { ballastCli, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's pipeline pages in Chromium on the real server: a two-step pipeline of shell commands
 * is run twice through the CLI (the second run restores both steps from the cache), then the runs
 * list and one run's page must show what GET /v1/pipeline-runs answers.
 */

const adminToken = 'e2e-pipelines-admin-token-5f2a9c81d3e7b460';
const PIPELINE = `format: ballast.pipeline/v1
steps:
  - name: prepare
    cmd: printf 'a,b\\n1,2\\n' > data.csv
    outs: [data.csv]
  - name: count
    cmd: wc -l < data.csv > count.txt
    deps: [data.csv]
    outs: [count.txt]
`;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let runs: PipelineRun[];

beforeAll(async () => {
  if (skipWithoutChromium('pipelines')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-pipelines-'));
  const work = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-pipeline-work-'));
  const file = path.join(work, 'pipeline.yaml');
  writeFileSync(file, PIPELINE);
  await ballastCli(dataDir, ['pipeline', 'run', file]);
  await ballastCli(dataDir, ['pipeline', 'run', file]);
  server = await startBallastServer({ dataDir, adminToken });
  const response = await fetch(`${server.url}/v1/pipeline-runs`, { headers: { authorization: `Bearer ${adminToken}` } });
  runs = ((await response.json()) as { runs: PipelineRun[] }).runs;
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('pipeline pages', () => {
  it('lists the runs newest first with their steps, and shows one run with every file by hash', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    expect(runs.map((r) => r.steps.map((s) => s.status))).toEqual([
      ['cached', 'cached'],
      ['ran', 'ran'],
    ]);
    await page.goto(`${server!.url}/#/pipelines`);
    await waitForHeading(page, 'Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Pipeline runs');
    const table = page.getByTestId('pipeline-runs');
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')))).toEqual(
      runs.map((r) => r.id),
    );
    expect(await table.locator('tbody tr').first().innerText()).toContain('prepare ✓ cached · count ✓ cached');

    const first = runs[1]!;
    await table.getByRole('link', { name: first.id }).click();
    await waitForHeading(page, `Pipeline run ${first.id}`);
    expect(await page.getByTestId('step-count').innerText()).toMatch(/ran in .*\$ wc -l < data.csv > count.txt/);
    // Every output's hash is on the page as the API recorded it (full value for assistive technology).
    for (const step of first.steps)
      for (const hash of Object.values(step.outs)) expect(await page.getByText(hash, { exact: true }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'pipeline-run.png');
  });
});
