import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';
import { installFakeReviewsApi, type FakeReviewsApi } from './reviews-fake-api.ts';

/**
 * The dashboard's review pages end to end in Chromium: the queue with its filters and counts, one
 * item with its inputs (flagged values highlighted), the model's scores and the fallback its caller
 * got, and a reviewer's decision, after which the page moves on to the next pending item.
 *
 * The review routes are built by another part of issue #15; the page is served by a fake of the
 * contract's routes inside the browser (reviews-fake-api.ts), which also records what the page sent.
 * Deployments and model versions (the filter's choices, the signature's classes) are the real
 * server's. The reviewer's token is a real viewer token whose /v1/whoami the fake answers with the
 * `reviewer` role, which this server does not know yet.
 */

const adminToken = 'e2e-reviews-admin-token-6c1f0a9d3e5b7284';
const adminActor = 'admin (BALLAST_ADMIN_TOKEN)';

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let fake: FakeReviewsApi;
let viewerToken: string;
let reviewerToken: string;

async function api(method: 'POST', route: string, body: unknown): Promise<void> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
}

const heading = (name: string) => waitForHeading(page, name);
const requests = () => fake.sent.map((s) => `${s.method} ${s.path}`);
const posts = () => fake.sent.filter((s) => s.method === 'POST').map((s) => [s.path, s.body]);
const rowIds = () =>
  page
    .getByTestId('reviews')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-review')));
const text = async (testId: string) => (await page.getByTestId(testId).textContent())!.replace(/\s+/g, ' ').trim();

async function signIn(token: string): Promise<void> {
  await heading('Sign in');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  if (skipWithoutChromium('reviews')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-reviews-'));
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  viewerToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'vic', '--role', 'viewer'])).trim();
  reviewerToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'rita', '--role', 'viewer'])).trim();
  server = await startBallastServer({ dataDir, adminToken });
  await api('POST', '/v1/deployments', { name: 'credit', model: 'credit:1' });
  await api('POST', '/v1/deployments', { name: 'credit-eu', model: 'credit:2' });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  fake = await installFakeReviewsApi(page, Date.now(), {
    [adminToken]: { actor: adminActor },
    [viewerToken]: { actor: 'vic' },
    [reviewerToken]: { actor: 'rita', role: 'reviewer' },
  });
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('review queue', () => {
  it('is in the navigation and lists the pending items oldest first, with why each was held and what its caller got', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/`);
    await signIn(adminToken);
    await heading('Overview');
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' });
    await nav.click();
    await heading('Reviews');
    expect(page.url()).toMatch(/#\/reviews$/);
    expect(await nav.getAttribute('aria-current')).toBe('page');
    await page.getByTestId('reviews').waitFor();
    expect(await rowIds()).toEqual(['rev-a', 'rev-b', 'rev-c', 'rev-d', 'rev-f']);
    expect(await text('review-counts')).toBe('5 pending');
    const cells = async (id: string) =>
      (await page.locator(`tr[data-review="${id}"] > *`).allInnerTexts()).map((cell) => cell.replace(/\s+/g, ' ').trim());
    expect((await cells('rev-b')).slice(0, 6)).toEqual([
      'contract_flagged: income',
      'credit',
      'credit:1',
      '0 p=0.7',
      'the label 0',
      '0.01',
    ]);
    expect((await cells('rev-c')).slice(2, 5)).toEqual(['credit:2 canary', '0 p=0.52', "the stable version's answer"]);
    expect((await cells('rev-d')).slice(3, 5)).toEqual(['1,234.5', 'abstained (no label)']);
    expect(requests()).toEqual(['GET /v1/reviews?status=pending&order=oldest']);
    expect(fake.sent.every((s) => s.token === adminToken)).toBe(true);
    await saveScreenshot(page, 'reviews.png');
  });

  it('filters by deployment, orders by priority and shows decided items with who decided, all in the URL', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByLabel('Order').selectOption('priority');
    await page.waitForURL(/#\/reviews\?order=priority$/);
    await page.getByTestId('reviews').locator('tbody tr').first().waitFor();
    expect(await rowIds()).toEqual(['rev-b', 'rev-a', 'rev-c', 'rev-f', 'rev-d']);

    // The deployments are the real server's.
    expect(await page.getByLabel('Deployment').locator('option').allTextContents()).toEqual(['every deployment', 'credit', 'credit-eu']);
    await page.getByLabel('Deployment').selectOption('credit');
    await page.waitForURL(/#\/reviews\?deployment=credit&order=priority$/);
    await page.getByTestId('review-counts').getByText('on credit').waitFor();
    expect(await rowIds()).toEqual(['rev-b', 'rev-a']);
    expect(await text('review-counts')).toBe('2 pending on credit');

    await page.getByLabel('Status').selectOption('decided');
    await page.waitForURL(/#\/reviews\?deployment=credit&status=decided&order=priority$/);
    await page.locator('tr[data-review="rev-e"]').waitFor();
    expect(await rowIds()).toEqual(['rev-e']);
    expect(await page.locator('tr[data-review="rev-e"] > *').last().innerText()).toBe('0 by dana');
    expect(await text('review-counts')).toBe('1 decided shown · 2 pending on credit');
    expect(requests().slice(-3)).toEqual([
      'GET /v1/reviews?status=pending&order=priority',
      'GET /v1/reviews?deployment=credit&status=pending&order=priority',
      'GET /v1/reviews?deployment=credit&status=decided&order=priority',
    ]);
    await page.getByLabel('Status').selectOption('pending');
    await page.waitForURL(/#\/reviews\?deployment=credit&order=priority$/);
    await page.locator('tr[data-review="rev-b"]').waitFor();
  });
});

describe('review item', () => {
  it("shows the inputs with the flagged value highlighted, the model's scores by class, the reason and the fallback", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('link', { name: 'contract_flagged: income' }).click();
    await heading('Review rev-b');
    expect(page.url()).toMatch(/#\/reviews\/rev-b\?deployment=credit&order=priority$/);
    expect(await text('review-reason')).toBe('contract_flagged: income');
    expect(await text('review-fallback')).toBe('the label 0');
    // The item sends no classes: they come from credit:1's signature, in its feature order.
    const scores = page.getByTestId('review-scores').locator('tbody tr');
    await scores.first().waitFor();
    expect(await scores.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-class'), tr.className]))).toEqual([
      ['0', 'is-chosen'],
      ['1', ''],
    ]);
    expect((await scores.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['0 0.7', '1 0.3']);
    const inputs = page.getByTestId('review-inputs').locator('tbody tr');
    expect((await inputs.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-column')))).slice(0, 3)).toEqual([
      'age',
      'income',
      'employment_type',
    ]);
    expect(
      await inputs.evaluateAll((trs) => trs.filter((tr) => tr.classList.contains('is-flagged')).map((tr) => tr.dataset.column)),
    ).toEqual(['income']);
    expect((await page.locator('tr[data-column="income"]').innerText()).replace(/\s+/g, ' ')).toContain(
      'income flagged 2400000 Out of range: income 2400000 is above the maximum 1000000',
    );
    expect(await page.getByLabel('True label', { exact: true }).locator('option').allTextContents()).toEqual([
      'choose a class…',
      "0 (the model's answer)",
      '1',
    ]);
    await saveScreenshot(page, 'review-item.png');
  });

  it('sends the decision with the class as the model knows it and moves on to the next pending item of the same queue', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const before = fake.sent.length;
    // Nothing chosen: the form says so and sends nothing.
    await page.getByRole('button', { name: 'Decide' }).click();
    expect(await page.getByTestId('decision-form').getByRole('alert').textContent()).toBe('Choose the true label first.');
    await page.getByLabel('True label', { exact: true }).selectOption({ label: '1' });
    await page.getByLabel('Note (optional)').fill('income verified by phone');
    await page.getByRole('button', { name: 'Decide' }).click();
    await heading('Review rev-a');
    expect(page.url()).toMatch(/#\/reviews\/rev-a\?deployment=credit&order=priority$/);
    expect(await text('review-done')).toBe('Decided 1. Next pending item:');
    expect(fake.sent.slice(before).map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', '/v1/reviews/rev-b/decision', { label: 1, note: 'income verified by phone' }],
      ['GET', '/v1/reviews?deployment=credit&status=pending&order=priority&limit=2', undefined],
      ['GET', '/v1/reviews/rev-a', undefined],
    ]);
  });

  it('keeps the choice and says why when the server refuses, then shows the decision read-only once the queue is empty', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    fake.refuseNext(422, 'unknown_label', '1 is not a label of credit:1.');
    await page.getByLabel('True label', { exact: true }).selectOption({ label: '0' });
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.getByText('1 is not a label of credit:1.').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'unknown_label' }).count()).toBe(1);
    expect(await page.getByLabel('True label', { exact: true }).inputValue()).toBe('0');
    expect(await page.getByTestId('review-done').count()).toBe(0);

    await page.getByRole('button', { name: 'Decide' }).click();
    await page.getByTestId('review-decision').waitFor();
    expect(page.url()).toMatch(/#\/reviews\/rev-a\?/);
    expect(await text('review-done')).toBe('Decided 0. Nothing else is pending in this queue.');
    expect(await text('review-decision')).toMatch(
      /^True label0Decided byadmin \(BALLAST_ADMIN_TOKEN\)Decided at\d{4}-\d\d-\d\d \d\d:\d\d:\d\dNotenone$/,
    );
    expect(await page.getByTestId('decision-form').count()).toBe(0);
    expect(posts().slice(-2)).toEqual([
      ['/v1/reviews/rev-a/decision', { label: 0 }],
      ['/v1/reviews/rev-a/decision', { label: 0 }],
    ]);
  });

  it('shows who decided when someone else decided the item first', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/reviews/rev-c`);
    await heading('Review rev-c');
    expect(await text('review-fallback')).toBe("the stable version's answer");
    fake.decideElsewhere('rev-c', 1, 'dana');
    await page.getByLabel('True label', { exact: true }).selectOption({ label: "0 (the model's answer)" });
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.getByTestId('review-decision').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Review rev-c was decided by dana.');
    expect(await text('review-decision')).toContain('Decided bydana');
    expect(page.url()).toMatch(/#\/reviews\/rev-c$/);
  });

  it("takes a regressor's true value as a number and moves on to the oldest pending item of every deployment", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/reviews/rev-d`);
    await heading('Review rev-d');
    // price:3 is unknown to the server: the item still shows, in its logged order.
    await page.getByTestId('review-inputs').waitFor();
    expect(await page.locator('tr.is-flagged').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-column')))).toEqual(['area']);
    expect(await page.getByTestId('review-scores').count()).toBe(0);
    const before = posts().length;
    await page.getByLabel('True label', { exact: true }).fill('about a thousand');
    await page.getByRole('button', { name: 'Decide' }).click();
    expect(await page.getByTestId('decision-form').getByRole('alert').textContent()).toBe(
      'The label of a regressor is a number, such as 1250.5.',
    );
    expect(posts().length).toBe(before);
    await page.getByLabel('True label', { exact: true }).fill('1250.5');
    await page.getByRole('button', { name: 'Decide' }).click();
    await heading('Review rev-f');
    expect(page.url()).toMatch(/#\/reviews\/rev-f$/);
    expect(posts().slice(before)).toEqual([['/v1/reviews/rev-d/decision', { label: 1250.5 }]]);
    expect(requests()).toContain('GET /v1/reviews?status=pending&order=oldest&limit=2');
  });
});

describe('roles', () => {
  it('offers a viewer the queue and the item but no form', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server!.url}/#/reviews/rev-f`);
    await signIn(viewerToken);
    await heading('Review rev-f');
    await page.getByTestId('review-inputs').waitFor();
    expect(await page.getByText('Reviewers decide review items; this token is read-only.').count()).toBe(1);
    expect(await page.getByTestId('decision-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Decide' }).count()).toBe(0);
    expect(await page.getByLabel('True label', { exact: true }).count()).toBe(0);
    expect(fake.sent.at(-1)).toMatchObject({ method: 'GET', path: '/v1/reviews/rev-f', token: viewerToken });
  });

  it('lets a reviewer decide, staying signed in across a reload, and records the decision as theirs', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server!.url}/#/reviews/rev-f`);
    await signIn(reviewerToken);
    await heading('Review rev-f');
    await page.reload();
    await heading('Review rev-f');
    expect(await page.locator('.account__actor').textContent()).toBe('rita');
    expect(await page.locator('.account .chip').textContent()).toBe('reviewer');
    await page.getByLabel('True label', { exact: true }).selectOption({ label: "1 (the model's answer)" });
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.getByTestId('review-decision').waitFor();
    expect(await text('review-decision')).toContain('Decided byrita');
    expect(fake.sent.filter((s) => s.method === 'POST').at(-1)).toMatchObject({
      path: '/v1/reviews/rev-f/decision',
      body: { label: 1 },
      token: reviewerToken,
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await heading('Reviews');
    expect(await text('no-reviews')).toContain('ballast review set DEPLOYMENT --when');
    expect(await text('review-counts')).toBe('0 pending');
    await saveScreenshot(page, 'reviews-empty.png');
  });
});
