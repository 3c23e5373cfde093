import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureLookup, FeatureViewsOverview } from '../../web/src/features/feature-types.ts';
import { ttlWording } from '../../web/src/features/feature-wording.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's Features page in Chromium on the real server: the credit example's definitions are
 * applied and materialised with the CLI, then the page must show what GET /v1/feature-views answers,
 * and its lookup form what the lookup route answers for a real applicant and an unknown key.
 */

const adminToken = 'e2e-features-admin-token-8c1d4e07a9b352f6';
const EXAMPLE = path.join(repoRoot, 'examples', 'credit');
const END = '2026-04-01T00:00:00Z'; // after the example's last bureau snapshot (2026-03-23)

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let overview: FeatureViewsOverview;
let applicant: string;

/** The applicant of the example's newest bureau snapshot: certainly inside the first window (end − 90 days). */
function newestApplicant(): string {
  const lines = readFileSync(path.join(EXAMPLE, 'bureau.csv'), 'utf8').trim().split('\n').slice(1);
  const newest = lines.map((l) => l.split(',')).reduce((a, b) => (b[1]! > a[1]! ? b : a));
  return newest[0]!;
}

const api = async <T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${server!.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

beforeAll(async () => {
  if (skipWithoutChromium('features')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-features-'));
  await ballastCli(dataDir, ['features', 'apply', path.join(EXAMPLE, 'features.yaml')]);
  await ballastCli(dataDir, ['features', 'materialize', '--end', END]);
  applicant = newestApplicant();
  server = await startBallastServer({ dataDir, adminToken });
  overview = await api<FeatureViewsOverview>('GET', '/v1/feature-views');
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 1000 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('features page', () => {
  it("shows each view as the API answers it, and looks up a real applicant's online values", async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const view = overview.views[0]!;
    expect(view.name).toBe('bureau');
    expect(view.online_rows).toBeGreaterThan(0);
    expect(view.last_materialization).toMatchObject({ status: 'succeeded', end_time: '2026-04-01T00:00:00.000Z' });

    await page.goto(`${server!.url}/#/features`);
    await waitForHeading(page, 'Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Features');
    expect(await page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual(expect.arrayContaining(['Features', 'Pipelines']));
    const nav = await page.getByRole('navigation').getByRole('link').allInnerTexts();
    expect(nav.indexOf('Features')).toBe(nav.indexOf('Pipelines') - 1);
    expect(await page.getByTestId('feature-set-version').innerText()).toContain(`version ${overview.version}`);

    const card = page.getByTestId(`view-${view.name}`);
    expect(await card.getByTestId('ttl').innerText()).toBe(ttlWording(view.ttl_seconds));
    expect(await card.getByTestId('ttl').innerText()).toBe('90 days');
    expect(await card.getByTestId('online-rows').innerText()).toBe(`${view.online_rows!.toLocaleString('en-US')} keys`);
    const last = await card.getByTestId('last-materialization').innerText();
    expect(last).toContain('succeeded');
    expect(last).toContain(`${view.last_materialization!.start_time} → ${view.last_materialization!.end_time}`);
    expect(last).toContain(`${view.last_materialization!.rows.toLocaleString('en-US')} rows`);
    const rows = card.getByTestId(`features-${view.name}`).locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-feature')))).toEqual(view.features.map((f) => f.name));
    for (const f of view.features) {
      const text = await rows.filter({ has: page.locator(`th:text-is("${f.name}")`) }).innerText();
      expect(text).toContain(f.type);
      expect(text).toContain(f.expr ?? 'source column');
    }
    const onDemand = page.getByTestId('on-demand-features');
    for (const f of overview.on_demand_features)
      expect(await onDemand.locator(`tr[data-feature="${f.name}"]`).innerText()).toContain(f.expr);

    // The lookup form: one real applicant and one unknown key, against the lookup route's answer.
    const expected = await api<FeatureLookup>('POST', `/v1/features/${view.name}/lookup`, { keys: [applicant, 'AP-NOBODY'] });
    expect(expected.rows.map((r) => r.found)).toEqual([true, false]);
    const lookup = page.getByTestId(`lookup-${view.name}`);
    await lookup.getByLabel(`Look up ${view.key}`).fill(`${applicant}, AP-NOBODY`);
    await lookup.getByRole('button', { name: 'Look up' }).click();
    const result = page.getByTestId(`lookup-result-${view.name}`);
    await result.waitFor({ state: 'visible' });
    // One column per key: its header says whether it was found, its cells hold the event time and values.
    expect(await result.locator(`thead th[data-key="${applicant}"]`).getAttribute('data-found')).toBe('true');
    const cell = (feature: string, key: string) => result.locator(`tr[data-feature="${feature}"] td[data-key="${key}"]`);
    expect(await cell('event_time', applicant).locator('time').getAttribute('datetime')).toBe(expected.rows[0]!.event_time);
    for (const name of expected.features)
      expect(await cell(name, applicant).innerText()).toBe(String(expected.rows[0]!.values[name] ?? 'missing'));
    const unknown = result.locator('thead th[data-key="AP-NOBODY"]');
    expect(await unknown.getAttribute('data-found')).toBe('false');
    expect(await unknown.textContent()).toContain('not found in the online store');
    for (const name of expected.features) expect(await cell(name, 'AP-NOBODY').innerText()).toBe('not found');

    mkdirSync(path.join(repoRoot, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'docs', 'images', 'features.png'), fullPage: true });
  });
});
