import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyAlertRules } from '../../src/app/alerts/alert-rules.ts';
import { firing, rollbackRule, twoVersionDeployment } from '../../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../../src/app/context.ts';
import { createIncidentSink } from '../../src/app/incidents/incident-sink.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../src/core/alerts/parse-alert-rules.ts';
import { startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { waitForHeading } from './page-helpers.ts';

/**
 * The alerts and incident pages against the real routes (alerts.e2e.test.ts drives every state
 * through a fake of them): a rule applied and an incident opened by the incident sink, as a firing
 * page rule opens one, then read and acknowledged in Chromium through the server's own API.
 */

const adminToken = 'e2e-alerts-real-admin-token-5d1c0a9e7b3f2468';

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let incidentId: string;

beforeAll(async () => {
  if (skipWithoutChromium('alerts on real routes')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-alerts-real-'));
  const setup = await openAppContext({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` }, 'ann');
  try {
    await twoVersionDeployment(setup);
    const rule = rollbackRule();
    await applyAlertRules(setup, { receivers: null, rules: [rule], notifications: DEFAULT_NOTIFICATION_SETTINGS }, 'admin');
    await createIncidentSink(setup)([firing(rule, 0.42, 2, new Date().toISOString())]);
    incidentId = (await setup.store.incidents.openFor('credit-risk'))!.id;
  } finally {
    await setup.close();
  }
  server = await startBallastServer({ dataDir, adminToken });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('alerts and incidents on the real routes', () => {
  it('lists the applied rule with its deployment, signal, threshold and window', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/alerts`);
    await waitForHeading(page, 'Sign in');
    await page.getByLabel('Access token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(page, 'Alerts');
    const row = page.getByTestId('alert-rules').locator('tr[data-rule="inputs-drifted"] > *');
    await row.first().waitFor();
    const cells = (await row.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(cells.slice(1, 6)).toEqual(['credit-risk', 'drift.share', '> 0.3', '10s', 'page']);
    expect(cells[0]).toContain('rollback to previous');
  });

  it('shows the incident the firing rule opened, and acknowledges it through the API', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/incidents`);
    await waitForHeading(page, 'Incidents');
    await page.getByTestId('incidents').locator(`tbody tr[data-incident="${incidentId}"]`).waitFor();
    await page.goto(`${server!.url}/#/incidents/${incidentId}`);
    expect(await page.getByTestId('incident-status').textContent()).toBe('open');
    const timeline = await page.getByTestId('incident-timeline').innerText();
    expect(timeline).toContain('inputs-drifted firing: drift.share = 0.42, above 0.3');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('incident-status').textContent(), { timeout: 15_000 }).toBe('acknowledged');
    const stored = await fetch(`${server!.url}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(await stored.json()).toMatchObject({ status: 'acknowledged', commander: expect.stringContaining('admin') });
  });
});
