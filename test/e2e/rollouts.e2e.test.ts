import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';
import { installFakeRolloutsApi, type FakeRolloutsApi } from './rollouts-fake-api.ts';

/**
 * The dashboard's rollout page end to end in Chromium. The rollout routes are built by other parts
 * of issue #15; until they are on the server the page is served by a fake of the contract's routes
 * inside the browser (rollouts-fake-api.ts), which also records what the page sends. The deployment
 * page, from which the rollout page is linked, is the real server's.
 */

const adminToken = 'e2e-rollouts-admin-token-6c1f08d2b9e4a735';
const adminActor = 'admin (BALLAST_ADMIN_TOKEN)';

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let fake: FakeRolloutsApi;
let viewerToken: string;

const heading = (name: string) => waitForHeading(page, name);
const posts = () => fake.sent.filter((s) => s.method === 'POST').map((s) => [s.path, s.body]);
const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
const buttons = async () => page.getByRole('group', { name: 'Change the rollout' }).getByRole('button').allTextContents();

async function signIn(token: string): Promise<void> {
  await heading('Sign in');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openRollout(deployment: string): Promise<void> {
  await page.goto(`${server!.url}/#/deployments/${deployment}/rollout`);
  await heading(`Rollout of ${deployment}`);
}

beforeAll(async () => {
  if (skipWithoutChromium('rollouts')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-rollouts-'));
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  viewerToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'e2e-viewer', '--role', 'viewer'])).trim();
  server = await startBallastServer({ dataDir, adminToken });
  const response = await fetch(`${server.url}/v1/deployments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'credit', model: 'credit:1' }),
  });
  expect(response.status).toBeLessThan(300);
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  fake = await installFakeRolloutsApi(page, Date.now(), adminActor);
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('rollout page', () => {
  it('is linked from the deployment page and shows the canary: strategy, status, candidate against stable, sticky key, gate rules', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/credit`);
    await signIn(adminToken);
    await heading('credit');
    await page.getByRole('link', { name: 'Rollout of credit' }).click();
    await heading('Rollout of credit');
    expect(page.url()).toMatch(/#\/deployments\/credit\/rollout$/);
    expect(await text('rollout-strategy')).toBe('Canary');
    expect(await text('rollout-status')).toBe('progressing');
    expect(await text('rollout-weight')).toBe('25% of traffic');
    const summary = (await page.locator('#rollout-summary').locator('xpath=ancestor::section').textContent()) ?? '';
    expect(summary).toContain('credit:1');
    expect(summary).toContain('credit:2');
    expect(summary).toContain('field applicant_id');
    expect(summary).toContain('credit-auc-floor');
    expect(summary).toContain('by dana');
    expect(fake.sent.every((s) => s.authorized)).toBe(true);
  });

  it('marks the current step and says when it ends', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const steps = page.getByTestId('rollout-steps').locator('li');
    expect((await steps.allTextContents()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['10%passed', '25%now', '50%next', '100%next']);
    expect(await steps.evaluateAll((lis) => lis.map((li) => li.getAttribute('aria-current')))).toEqual([null, 'step', null, null]);
    expect(await text('rollout-step-ends')).toMatch(
      /^Step 2 of 4 \(25% to the candidate\) started .+, lasts 10m and ends in (5m \d+s|6m)\.$/,
    );
  });

  it("lists this rollout's gate analyses newest first with each check's candidate, stable, threshold and verdict", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const analyses = page.getByTestId('rollout-analyses').locator('[data-analysis]');
    expect(await analyses.evaluateAll((els) => els.map((el) => el.getAttribute('data-analysis')))).toEqual(['a-2', 'a-1']);
    expect(await analyses.first().locator('h3').textContent()).toMatch(/^Step 1 at 10% pass/);
    const cells = async (analysis: string, check: string) =>
      (await page.locator(`[data-analysis="${analysis}"] tr[data-check="${check}"] > *`).allInnerTexts()).map((t) => t.trim());
    expect(await cells('a-2', 'errors')).toEqual(['errors', 'errors.rate', '0.001', '0.002', '0.01', 'pass', 'within 0.01 of stable']);
    expect(await cells('a-2', 'drift')).toEqual(['drift', 'drift.output', '0.04', '—', '0.2', 'pass', 'effect size below its threshold']);
    expect(await cells('a-1', 'latency')).toEqual([
      'latency',
      'latency.p99',
      '—',
      '12.5',
      '—',
      'inconclusive',
      'too few rows on the candidate (12 < 50)',
    ]);
  });

  it('shows the shadow report and the history of rollouts with how each ended', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const shadow = await text('shadow-report');
    expect(shadow).toContain('credit:3');
    expect(await text('shadow-agreement')).toBe('97.5%');
    expect(shadow).toContain('12,000 (15 dropped, 2 failed)');
    expect(shadow).toContain('primary 1.20 ms / 4.80 ms · shadow 1.40 ms / 6.10 ms');
    expect(await page.getByTestId('shadow-slices').locator('tbody tr').first().textContent()).toContain('purpose education');
    const history = page.getByTestId('rollout-history').locator('tbody tr');
    expect(await history.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rollout')))).toEqual(['r-canary', 'r-old']);
    expect(await history.first().textContent()).toContain('running');
    expect(await history.nth(1).textContent()).toContain('abortedgate failed: drift.output 0.31 > 0.2');
    await saveScreenshot(page, 'rollout-canary.png');
  });

  it('asks to confirm a verb, sends it, and offers the verbs of the new status', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    expect(await buttons()).toEqual(['Pause', 'Promote', 'Abort']);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await text('rollout-confirm')).toContain('Pause this rollout? The weight holds and no gate runs until the rollout is resumed.');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(posts()).toEqual([]);

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Confirm pause' }).click();
    await page.getByTestId('rollout-done').getByText('Pause: done.').waitFor();
    expect(posts()).toEqual([['/v1/deployments/credit/rollout/pause', {}]]);
    expect(await text('rollout-status')).toBe('paused');
    expect(await buttons()).toEqual(['Resume', 'Promote', 'Abort']);
    expect(await text('rollout-step-ends')).toContain('(paused: no gate runs until it is resumed)');
  });

  it('shows a refused verb as the problem the server sent and changes nothing', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    fake.refuseNext(409, 'conflict', 'The deployment changed since it was read: reload and try again.');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Confirm resume' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('The deployment changed since it was read');
    expect(await text('rollout-status')).toBe('paused');
    // The confirmation stays open to try again or cancel.
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('aborts with a reason: all traffic back to stable, the rollout in the history as aborted', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Abort' }).click();
    expect(await text('rollout-confirm')).toContain('All traffic goes back to credit:1 at once; credit:2 stops answering.');
    await page.getByLabel('Reason (optional)').fill('latency doubled in eu-west');
    await page.getByRole('button', { name: 'Confirm abort' }).click();
    await page.getByText('No rollout is running').waitFor();
    expect(posts().at(-1)).toEqual(['/v1/deployments/credit/rollout/abort', { reason: 'latency doubled in eu-west' }]);
    expect(await page.getByTestId('rollout-history').locator('tbody tr').first().textContent()).toContain(
      'abortedlatency doubled in eu-west',
    );
    expect(await page.getByRole('group', { name: 'Change the rollout' }).count()).toBe(0);
  });

  it("shows an A/B test's KPIs with interval, p-value and whether each variant has the sample it needs", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await openRollout('credit-ab');
    expect(await text('rollout-strategy')).toBe('A/B test');
    await page.getByTestId('ab-kpis').waitFor();
    const variants = await page.getByTestId('ab-variants').locator(':scope > span').allInnerTexts();
    expect(variants.slice(0, 2)).toEqual(['stable credit:1 5,000 rows', 'variant credit:2 4,800 rows']);
    expect(variants[2]).toMatch(/^since \d{4}-\d\d-\d\d /);
    const cells = async (kpi: string) =>
      (await page.locator(`[data-testid="ab-kpis"] tr[data-kpi="${kpi}"] > *`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await cells('conversion_rate')).toEqual([
      'conversion_rate two-proportion z',
      '12% n=5,000',
      '14% n=4,800',
      '+2%',
      '+0.67% to +3.33%',
      '0.00312',
      'enough data 4,433 rows each',
    ]);
    expect(await cells('basket')).toEqual([
      "basket Welch's t",
      '41.2 n=600',
      '43.9 n=672',
      '+2.7',
      '-0.41 to +5.81',
      '0.0887',
      'not enough data 3,921 rows each',
    ]);
    expect(await page.getByTestId('ab-performance').locator('tr[data-metric="accuracy"]').innerText()).toMatch(/accuracy\s+0\.81\s+0\.835/);
    // A canary's steps are not shown for an A/B test, and this deployment has no shadow.
    expect(await page.getByTestId('rollout-steps').count()).toBe(0);
    expect(await page.getByTestId('shadow-report').count()).toBe(0);
    expect(fake.sent.some((s) => s.method === 'GET' && s.path === '/v1/deployments/credit-ab/rollout/ab')).toBe(true);
    await saveScreenshot(page, 'rollout-ab.png');
  });

  it('offers only a rollback after a blue/green switch, and sends it once confirmed', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await openRollout('credit-bg');
    expect(await text('rollout-strategy')).toBe('Blue/green');
    expect(await text('rollout-status')).toBe('switched');
    expect(await page.locator('#rollout-summary').locator('xpath=ancestor::section').textContent()).toContain('30m after the switch');
    expect(await buttons()).toEqual(['Roll back']);
    await page.getByRole('button', { name: 'Roll back' }).click();
    expect(await text('rollout-confirm')).toContain('All traffic moves back to credit:1 at once.');
    await page.getByRole('button', { name: 'Confirm roll back' }).click();
    await page.getByText('No rollout is running').waitFor();
    expect(posts().at(-1)).toEqual(['/v1/deployments/credit-bg/rollout/rollback', {}]);
  });

  it('says how to start one where no rollout runs', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await openRollout('credit-eu');
    expect(await page.locator('#rollout-summary').locator('xpath=ancestor::section').textContent()).toContain(
      'ballast rollout start credit-eu --to MODEL_REF --strategy canary',
    );
  });

  it('offers no verbs to a viewer', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server!.url}/#/deployments/credit-ab/rollout`);
    await signIn(viewerToken);
    await heading('Rollout of credit-ab');
    await page.getByText('this token is read-only').waitFor();
    expect(await page.getByRole('button', { name: /Pause|Promote|Abort|Resume|Switch|Roll back/ }).count()).toBe(0);
  });
});
