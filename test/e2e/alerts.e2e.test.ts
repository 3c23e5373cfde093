import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_SECRETS, alertRulesFixture, installFakeAlertsApi, type FakeAlertsApi } from './alerts-fake-api.ts';
import { ballastCli, repoRoot, startBallastServer, type ServerProcess } from './ballast-process.ts';
import { chromiumMissing, closeSuite, expectNoPageErrors, openLoopbackPage, skipReason, skipWithoutChromium } from './browser.ts';
import { ensureDashboardBuilt } from './dashboard-build.ts';
import { saveScreenshot, waitForHeading } from './page-helpers.ts';

/**
 * The dashboard's alerts and incidents pages, and the rollback banner, end to end in Chromium.
 *
 * The alert and incident routes are built by other parts of issue #14; until they are on the server
 * the page is served by a fake of the contract's routes inside the browser (alerts-fake-api.ts), which
 * also records what the page POSTs. The deployment page is the real server's: its history holds a
 * revision made by a token named `alert:credit-drift`, the actor an automated rollback records.
 */

const adminToken = 'e2e-alerts-admin-token-3b7e91c0d2a4f658';
const adminActor = 'admin (BALLAST_ADMIN_TOKEN)';

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let pageErrors: readonly string[] = [];
let fake: FakeAlertsApi;
let viewerToken: string;
let rollbackToken: string;

async function api(token: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const heading = (name: string) => waitForHeading(page, name);
const posts = () => fake.sent.filter((s) => s.method === 'POST').map((s) => [s.path, s.body]);

async function signIn(token: string): Promise<void> {
  await heading('Sign in');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  if (skipWithoutChromium('alerts')) return;
  await ensureDashboardBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-alerts-'));
  const model = path.join(repoRoot, 'examples/credit/model.xgb.json');
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  await ballastCli(dataDir, ['models', 'register', 'credit', model]);
  viewerToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'e2e-viewer', '--role', 'viewer'])).trim();
  rollbackToken = (await ballastCli(dataDir, ['tokens', 'create', '--name', 'alert:credit-drift', '--role', 'operator'])).trim();
  server = await startBallastServer({ dataDir, adminToken });
  // credit:1, then credit:2, then back to credit:1 by the actor an automated rollback records.
  await api(adminToken, 'POST', '/v1/deployments', { name: 'credit', model: 'credit:1' });
  await api(adminToken, 'POST', '/v1/deployments', { name: 'credit', model: 'credit:2' });
  await api(rollbackToken, 'POST', '/v1/deployments', { name: 'credit', model: 'credit:1' });
  await api(adminToken, 'POST', '/v1/deployments', { name: 'credit-eu', model: 'credit:2' });
  ({ browser, page, pageErrors } = await openLoopbackPage(server.url, { width: 1280, height: 900 }));
  fake = await installFakeAlertsApi(page, Date.now(), adminActor);
}, 240_000);

afterEach(() => expectNoPageErrors(pageErrors));

afterAll(() => closeSuite({ browser, server, dataDir }), 30_000);

describe('alerts page', () => {
  it('is in the navigation after signing in', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/`);
    await signIn(adminToken);
    await heading('Overview');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await heading('Alerts');
    expect(page.url()).toMatch(/#\/alerts$/);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('lists the rules firing first, with threshold and direction, window, severity, state since, last value, and no data as such', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const table = page.getByTestId('alert-rules');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rule')))).toEqual([
      'credit-drift',
      'credit-latency',
      'credit-auc',
    ]);
    const cells = async (rule: string) =>
      (await table.locator(`tr[data-rule="${rule}"] > *`).allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    const drift = await cells('credit-drift');
    expect(drift.slice(1, 6)).toEqual(['credit', 'drift.share', '> 0.3', '5m', 'page']);
    expect(drift[0]).toContain('at once, keeps firing 1m');
    expect(drift[0]).toContain('rollback to previous, cooldown 1h');
    expect(drift[6]).toMatch(/^firing since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d last value 0\.4213 on credit:2$/);
    const latency = await cells('credit-latency');
    expect(latency.slice(3, 6)).toEqual(['> 250', '1m', 'ticket']);
    expect(latency[6]).toMatch(/^pending since .* last value 310\.5 on credit:2$/);
    const auc = await cells('credit-auc');
    expect(auc.slice(3, 6)).toEqual(['< 0.8', '1h', 'info']);
    expect(auc[6]).toMatch(/^inactive since .* no data$/);
    expect(await page.getByTestId('alert-counts').textContent()).toBe('3 rules 1 firing 1 pending');
  });

  it('lists silences, active first, and receivers by name and kind without any part of their URLs', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const silences = page.getByTestId('alert-silences').locator('tbody tr');
    expect(await silences.count()).toBe(2);
    expect(await silences.first().textContent()).toContain('load test until noon');
    expect(await silences.first().textContent()).toContain('active');
    expect(await silences.nth(1).textContent()).toContain('expired');
    const receivers = (await page.getByTestId('alert-receivers').locator('tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(receivers).toEqual(['teamslackrefused', 'amalertmanagerallowed']);
    const html = await page.content();
    for (const secret of RECEIVER_SECRETS) expect(html, secret).not.toContain(secret);
    await saveScreenshot(page, 'alerts.png');
  });

  it('says what to do when there are no rules, silences or receivers, and keeps the rules when silences fail', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    fake.setRules({ rules: [], receivers: [] });
    fake.setSilences([]);
    await page.reload();
    await heading('Alerts');
    expect(await page.getByTestId('no-rules').textContent()).toContain('ballast alerts apply rules.yaml');
    await page.getByTestId('no-silences').waitFor();
    await page.getByTestId('no-receivers').waitFor();
    fake.setRules(alertRulesFixture(Date.now()));
    fake.setSilences(500);
    await page.reload();
    await page.getByTestId('alert-rules').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('The silences could not be read.');
    fake.setSilences([]);
  });
});

describe('incidents pages', () => {
  it('lists incidents newest first and filters them by status in the URL', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await heading('Incidents');
    const rows = page.getByTestId('incidents').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-incident')))).toEqual(['inc-2', 'inc-1']);
    expect(await rows.first().textContent()).toMatch(/credit-drift firing on creditcreditpageopennone yet.*\d+m.* so far/);
    expect(await rows.nth(1).textContent()).toContain('resolveddana');

    await page.getByLabel('Status').selectOption('open');
    await page.waitForURL(/#\/incidents\?status=open$/);
    await page.getByTestId('incidents').locator('tbody tr[data-incident="inc-2"]').waitFor();
    expect(await rows.count()).toBe(1);
    expect(fake.sent.some((s) => s.method === 'GET' && s.path === '/v1/incidents?status=open')).toBe(true);
    expect(fake.sent.every((s) => s.authorized)).toBe(true);

    await page.getByLabel('Status').selectOption('acknowledged');
    expect(await page.getByTestId('no-incidents').textContent()).toBe('No acknowledged incidents.');
    await page.getByLabel('Status').selectOption('');
    await page.waitForURL(/#\/incidents$/);
  });

  it('shows an incident with its timeline in order, kinds styled, and no URL secrets in the details', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('link', { name: 'credit-drift firing on credit' }).click();
    await heading('credit-drift firing on credit');
    expect(await page.getByTestId('incident-status').textContent()).toBe('open');
    expect(await page.getByTestId('incident-commander').textContent()).toBe('none yet');
    expect(await page.getByTestId('incident-duration').textContent()).toMatch(/^4\dm( \d+s)? so far$/);
    const entries = page.getByTestId('incident-timeline').locator('li');
    expect(await entries.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')))).toEqual([
      'deploy',
      'alert_firing',
      'page',
      'rollback',
    ]);
    expect(await entries.evaluateAll((lis) => lis.map((li) => li.className))).toEqual([
      'timeline__entry timeline__entry--deploy',
      'timeline__entry timeline__entry--alert_firing',
      'timeline__entry timeline__entry--page',
      'timeline__entry timeline__entry--rollback',
    ]);
    expect(await entries.nth(1).textContent()).toContain('value0.4213');
    expect(await entries.nth(2).textContent()).toContain('https://hooks.example.com/…');
    expect(await page.content()).not.toContain('s3cr3t-token');
    expect(await page.getByTestId('no-postmortem').textContent()).toContain('ballast incidents postmortem inc-2');
  });

  it('acknowledges with a named commander, adds a note, mitigates and resolves through the routes', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const before = posts().length;
    await page.getByLabel('Commander').fill('dana');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByTestId('incident-done').getByText('Acknowledged.').waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('acknowledged');
    expect(await page.getByTestId('incident-commander').textContent()).toBe('dana');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    await page.getByLabel('Add a note').fill('Rollback to credit:1 holds; watching drift.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('incident-done').getByText('Note added.').waitFor();
    expect(await page.getByTestId('incident-timeline').locator('li').last().textContent()).toContain(
      'Rollback to credit:1 holds; watching drift.',
    );
    expect(await page.getByLabel('Add a note').inputValue()).toBe('');

    // A refused note keeps its text and says why.
    fake.refuseNext(403, 'forbidden', 'This token may not change incidents.');
    await page.getByLabel('Add a note').fill('a note the server refuses');
    await page.getByRole('button', { name: 'Add note' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('This token may not change incidents.');
    expect(await page.getByLabel('Add a note').inputValue()).toBe('a note the server refuses');
    await page.getByLabel('Add a note').fill('');

    await page.getByRole('button', { name: 'Mark mitigated' }).click();
    await page.getByTestId('incident-done').getByText('Marked mitigated.').waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('mitigated');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('incident-done').getByText('Resolved.').waitFor();
    expect(await page.getByTestId('incident-status').textContent()).toBe('resolved');
    expect(await page.getByTestId('incident-duration').textContent()).not.toContain('so far');
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);

    expect(posts().slice(before)).toEqual([
      ['/v1/incidents/inc-2/ack', { commander: 'dana' }],
      ['/v1/incidents/inc-2/notes', { text: 'Rollback to credit:1 holds; watching drift.' }],
      ['/v1/incidents/inc-2/notes', { text: 'a note the server refuses' }],
      ['/v1/incidents/inc-2/mitigate', {}],
      ['/v1/incidents/inc-2/resolve', {}],
    ]);
  });

  it('drafts the postmortem and shows it', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Draft postmortem' }).click();
    const postmortem = page.getByTestId('postmortem');
    await postmortem.waitFor();
    expect(await postmortem.locator('pre').textContent()).toMatch(/^# Postmortem: credit-drift firing on credit/);
    expect(await postmortem.textContent()).toContain('draft');
    expect(await postmortem.textContent()).toContain('ballast incidents postmortem inc-2 --reviewed');
    expect(posts().at(-1)).toEqual(['/v1/incidents/inc-2/postmortem', { format: 'md' }]);
    expect(await page.getByRole('button', { name: 'Draft postmortem' }).count()).toBe(0);
    await saveScreenshot(page, 'incident.png');
  });

  it('offers no status buttons, note form or drafting to a viewer', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server!.url}/#/incidents/inc-1`);
    await signIn(viewerToken);
    await heading('churn-latency firing on churn');
    expect(await page.getByTestId('postmortem').textContent()).toContain('reviewed');
    expect(await page.getByText('this token is read-only').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Acknowledge|Mark mitigated|Resolve|Add note|Draft postmortem/ }).count()).toBe(0);
    expect(await page.getByLabel('Add a note').count()).toBe(0);
    await page.goto(`${server!.url}/#/incidents/nope`);
    expect(await page.getByRole('alert').textContent()).toContain('No incident nope.');
  });
});

describe('rollback banner on the deployment page', () => {
  it('says which rule rolled the deployment back, from and to which version, and links to the incidents', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/credit`);
    await heading('credit');
    const banner = page.getByTestId('rollback-banner');
    expect((await banner.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /^Rolled back by an alertRule credit-drift rolled this deployment back at .* \(revision 3\) from credit:2 to credit:1\. See the incidents · alert rules$/,
    );
    await banner.getByRole('link', { name: 'See the incidents' }).click();
    await heading('Incidents');
  });

  it('says which signal and value triggered it when the rollback attempts can be read', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    const { history } = (await api(adminToken, 'GET', '/v1/deployments/credit')) as { history: { revision: number; at: string }[] };
    const at = history.find((r) => r.revision === 3)!.at;
    fake.setRollbacks([
      {
        id: 'rb-1',
        at,
        rule: 'credit-drift',
        from: { name: 'credit', version: 2 },
        to: { name: 'credit', version: 1 },
        outcome: 'rolled_back',
        reason: 'drift.share 0.4213 > 0.3',
        signal: 'drift.share',
        value: 0.4213,
        threshold: 0.3,
      },
    ]);
    await page.goto(`${server!.url}/#/deployments/credit`);
    await heading('credit');
    expect(await page.getByTestId('rollback-why').textContent()).toBe('drift.share was 0.4213 (threshold 0.3): drift.share 0.4213 > 0.3. ');
    await saveScreenshot(page, 'rollback-banner.png');
    fake.setRollbacks(undefined);
  });

  it('is absent from a deployment people changed, and gone once someone deploys after the rollback', async (ctx) => {
    if (chromiumMissing) ctx.skip(skipReason);
    await page.goto(`${server!.url}/#/deployments/credit-eu`);
    await heading('credit-eu');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.getByTestId('rollback-banner').count()).toBe(0);
    await api(adminToken, 'POST', '/v1/deployments', { name: 'credit', model: 'credit:2' });
    await page.goto(`${server!.url}/#/deployments/credit`);
    await heading('credit');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.getByTestId('rollback-banner').count()).toBe(0);
  });
});
