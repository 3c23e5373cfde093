import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppContext } from '../app/context.ts';
import { deploy } from '../app/deployments.ts';
import { registerModel } from '../app/register-model.ts';
import { MemoryAlertRules, thresholdStep } from '../app/alerts/testing/fake-alerts.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import type { AlertTransition } from '../core/alerts/alert-rule.ts';
import { alertRule } from '../core/alerts/testing/alert-builders.ts';
import { startServer } from './start-server.ts';
import { inThreadExecutor } from './testing/test-server.ts';

const ADMIN = 'test-admin-token-0123456789abcdefghij';
const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('startServer evaluating governance.review_overdue', () => {
  it("fires a rule on the served version's overdue periodic review, read without a window from the store", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-governance-alert-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const settings = { dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` };
    const setup = await openAppContext(settings, 'test');
    const { version } = await registerModel(setup, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
    await deploy(setup, { name: 'credit', model: 'credit:1' });
    const decidedAt = new Date(Date.now() - 95 * DAY).toISOString(); // 90-day schedule: 5 days overdue
    await setup.store.governance.insertApproval({
      id: '01GOVALERT0000000000000001',
      versionId: version.id,
      modelName: 'credit',
      modelVersion: 1,
      stage: 'production',
      status: 'approved',
      requestedBy: 'ana',
      requestedAt: decidedAt,
      requestNote: null,
      testRunIds: [],
      reviewEveryDays: 90,
      decision: { status: 'approved', decidedBy: 'bo', decidedAt, note: null },
    });
    await setup.close();

    // As a rules file without `window` stores it: window 0.
    const rules = new MemoryAlertRules([alertRule({ name: 'review-late', signal: 'governance.review_overdue', windowMs: 0, above: 0 })]);
    const transitions: AlertTransition[] = [];
    const server = await startServer(settings, 'test', {
      host: '127.0.0.1',
      port: 0,
      logger: false,
      loadExecutor: inThreadExecutor,
      adminToken: ADMIN,
      alertIntervalMs: 1000,
      alerting: { alerts: () => rules, step: thresholdStep, sinks: [{ name: 'record', sink: async (t) => void transitions.push(...t) }] },
    });
    cleanups.push(() => server.stop());
    for (const deadline = Date.now() + 15_000; !transitions.some((t) => t.rule.name === 'review-late');) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const fired = transitions.find((t) => t.rule.name === 'review-late')!;
    expect(fired).toMatchObject({ from: 'inactive', to: 'firing', reading: { kind: 'value', model: { name: 'credit', version: 1 } } });
    expect(fired.reading.kind === 'value' && fired.reading.value).toBeCloseTo(5, 2);
  }, 60_000);
});
