import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../../src/core/governance/governance-records.ts';
import { openStore } from '../../src/store/store.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { installFakeGovernanceApi, type FakeGovernanceApi } from './governance-fake-api.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's governance end to end in Chromium: the overdue-review badge in the navigation, the
 * Approvals page (approvals with Approve / Reject for an approver who did not request them, and the
 * periodic review schedules) and the Governance panel of the version page.
 *
 * The periodic reviews are the real server's: approvals and a review are seeded through
 * store.governance before it starts, and a review is recorded through its API during the test. The
 * approval and policy routes are built by another part of issue #16; the page reaches them through a
 * fake of the contract's routes inside the browser (governance-fake-api.ts), which records what it sent.
 */

const adminToken = 'e2e-governance-admin-token-58c2e1f04b7a9d36';
const DAY = 86_400_000;

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let fake: FakeGovernanceApi;
let approverToken: string;
let viewerToken: string;

const heading = (name: string) => waitForHeading(page, name);
const text = async (testId: string) => (await page.getByTestId(testId).textContent())!.replace(/\s+/g, ' ').trim();
const cells = async (selector: string) => (await page.locator(`${selector} > *`).allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());

async function signIn(token: string): Promise<void> {
  await heading('Sign in');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** credit:1 approved 100 days ago every 90 days (10 days overdue); credit:2 approved 10 days ago, reviewed 2 days ago. */
async function seedGovernance(): Promise<void> {
  const store = await openStore(`sqlite:${path.join(dataDir, 'ballast.db')}`);
  try {
    const model = (await store.models.findByName('credit'))!;
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const approval = async (id: string, version: number, decidedDaysAgo: number): Promise<ApprovalRecord> => {
      const record: ApprovalRecord = {
        id,
        versionId: (await store.versions.find(model.id, version))!.id,
        modelName: 'credit',
        modelVersion: version,
        stage: 'production',
        status: 'approved',
        requestedBy: 'ana',
        requestedAt: ago(decidedDaysAgo + 1),
        requestNote: null,
        testRunIds: [],
        reviewEveryDays: 90,
        decision: { status: 'approved', decidedBy: 'bo', decidedAt: ago(decidedDaysAgo), note: null },
      };
      await store.governance.insertApproval(record);
      return record;
    };
    await approval('01E2EAPPROVAL0000000000001', 1, 100.25);
    const second = await approval('01E2EAPPROVAL0000000000002', 2, 10);
    await store.governance.insertReview({
      id: '01E2EREVIEW000000000000001',
      versionId: second.versionId,
      approvalId: second.id,
      reviewer: 'bo',
      findings: 'AUC steady at 0.82; no drift',
      decision: 'keep',
      at: ago(2),
    });
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  if (skipWithoutChromium('governance')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-governance-'));
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  approverToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'bo', '--role', 'approver'])).trim();
  viewerToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'vic', '--role', 'viewer'])).trim();
  await seedGovernance();
  server = await startBallastServer({ dataDir, adminToken });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  fake = await installFakeGovernanceApi(page, Date.now(), {
    [approverToken]: { actor: 'bo', approver: true },
    [viewerToken]: { actor: 'vic', approver: false },
  });
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('approvals page', () => {
  it('shows the overdue count beside Approvals, the approvals with who may decide, and the review schedules', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/`);
    await signIn(approverToken);
    await heading('Overview');
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Approvals/ });
    await page.getByTestId('overdue-badge').waitFor();
    expect(await page.getByTestId('overdue-badge').getAttribute('title')).toBe('1 periodic review is overdue');
    expect(await nav.textContent()).toBe('Approvals1, 1 overdue');
    await nav.click();
    await heading('Approvals');
    expect(page.url()).toMatch(/#\/approvals$/);
    expect(await nav.getAttribute('aria-current')).toBe('page');

    await page.getByTestId('approvals').waitFor();
    const ids = await page
      .getByTestId('approvals')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-approval')));
    expect(ids).toEqual(['ap-4', 'ap-3', 'ap-2', 'ap-1']);
    const row = page.locator('tr[data-approval="ap-3"]');
    expect((await cells('tr[data-approval="ap-3"]'))[3]).toMatch(/^ana, .*“holdout suite passes; fairness within bounds”$/);
    expect(await row.locator('.chip').allInnerTexts()).toEqual(['production', 'pending', '✓ release', '✓ fairness']);
    expect((await cells('tr[data-approval="ap-3"]'))[5]).toBe('90 d');
    // Four eyes: bo requested ap-2, so the page offers him no decision on it.
    expect(await page.locator('tr[data-approval="ap-2"]').getByRole('button').count()).toBe(0);
    expect(await page.locator('tr[data-approval="ap-2"] > *').last().innerText()).toBe('waiting for another approver (you requested it)');
    expect((await cells('tr[data-approval="ap-1"]')).at(-1)).toMatch(/^approved by bo, .*“first release”$/);

    // The schedules are the real server's: credit:1 ten days overdue, credit:2 reviewed two days ago.
    await page.getByTestId('review-schedules').waitFor();
    expect(await cells('tr[data-schedule="credit:1"]')).toEqual([
      'credit:1',
      expect.any(String),
      '90 d',
      'never',
      expect.any(String),
      'overdue by 10 days',
    ]);
    const second = await cells('tr[data-schedule="credit:2"]');
    expect([second[0], second[3]?.startsWith('keep by bo'), second[5]]).toEqual(['credit:2', true, 'on time']);
    expect(fake.sent.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /v1/approvals']);
    await saveScreenshot(page, 'approvals.png');
  });

  it('approves with a note, and shows the refusal when someone decided first', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByLabel('Note on credit:2').first().fill('runs checked');
    await page.getByRole('button', { name: 'Approve credit:2' }).click();
    await page.getByTestId('approval-notice').waitFor();
    expect(await text('approval-notice')).toBe('credit:2 approved for production.');
    await page.locator('tr[data-approval="ap-3"]').getByText('approved by bo').waitFor();
    expect(fake.sent.filter((s) => s.method === 'POST').map((s) => [s.path, s.body, s.token])).toEqual([
      ['/v1/approvals/ap-3/approve', { note: 'runs checked' }, approverToken],
    ]);

    fake.decideElsewhere('ap-4', 'carl');
    await page.getByRole('button', { name: 'Reject credit:1' }).click();
    const refusal = page.locator('tr[data-approval="ap-4"]').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe('Approval ap-4 was already approved by carl.');
    expect(fake.sent.at(-1)).toMatchObject({ method: 'POST', path: '/v1/approvals/ap-4/reject', body: {} });
  });

  it('filters by status in the URL', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByLabel('Status').selectOption('pending');
    await page.waitForURL(/#\/approvals\?status=pending$/);
    await page.locator('tr[data-approval="ap-2"]').waitFor();
    expect(await page.getByTestId('approvals').locator('tbody tr').count()).toBe(1);
    expect(fake.sent.at(-1)).toMatchObject({ method: 'GET', path: '/v1/approvals?status=pending' });
  });
});

describe('version governance panel', () => {
  it("shows the model's policy, the version's approvals and its overdue review, and clears it once a review is recorded", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/1`);
    await heading('credit version 1');
    await page.getByTestId('version-review-state').waitFor();
    expect(await text('version-policy')).toBe('champion and production need passing runs of release and an approved production approval');
    expect(await page.getByTestId('version-approvals').locator('.chip').allInnerTexts()).toEqual([
      'staging approved',
      'production approved',
    ]);
    expect(await text('version-review-state')).toMatch(/^overdue by 10 days due .+ \(every 90 days\)$/);
    await saveScreenshot(page, 'version-governance.png');

    // A review recorded through the real API restarts the schedule: on time, in the history, no badge.
    const recorded = await fetch(`${server!.url}/v1/models/credit/versions/1/governance-reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${approverToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ findings: 'Drift on income explained by the new region', decision: 'retrain' }),
    });
    expect(recorded.status).toBe(201);
    await page.reload();
    await page.getByTestId('version-reviews').waitFor();
    expect(await text('version-review-state')).toMatch(/^on time due .+ \(every 90 days\)$/);
    expect((await cells('[data-testid="version-reviews"] tbody tr')).slice(1)).toEqual([
      'bo',
      'retrain',
      'Drift on income explained by the new region',
    ]);
    expect(await page.getByTestId('overdue-badge').count()).toBe(0);
  });

  it('shows a reviewed version on time, with its review history', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/models/credit/versions/2`);
    await heading('credit version 2');
    await page.getByTestId('version-reviews').waitFor();
    expect(await text('version-review-state')).toMatch(/^on time due /);
    expect(await page.getByTestId('version-reviews').locator('tbody tr').count()).toBe(1);
  });
});

describe('a viewer', () => {
  it('reads approvals without decision controls', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server!.url}/#/approvals`);
    await signIn(viewerToken);
    await heading('Approvals');
    await page.getByTestId('approvals').waitFor();
    expect(await text('approvals-read-only')).toBe('Signed in as viewer: approvals are decided by someone with the approver role.');
    expect(await page.getByTestId('approvals').getByRole('button').count()).toBe(0);
  });
});
