import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../core/alerts/alert-rule.ts';
import { openAppContext } from '../app/context.ts';
import { deploy } from '../app/deployments.ts';
import { registerModel } from '../app/register-model.ts';
import { alertRule } from '../core/alerts/testing/alert-builders.ts';
import { MemoryAlertRules, thresholdStep } from '../app/alerts/testing/fake-alerts.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import { startServer } from './start-server.ts';
import { inThreadExecutor, liveInstances } from './testing/test-server.ts';

const ADMIN = 'test-admin-token-0123456789abcdefghij';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('startServer with alerting and 10-second monitoring windows', () => {
  it('evaluates rules every interval on the window that just closed, shows their state on /metrics, and stops with the server', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-alerts-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const settings = { dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` };
    const setup = await openAppContext(settings, 'test');
    await registerModel(setup, {
      name: 'credit',
      modelFile: path.join(EXAMPLES, 'model.xgb.json'),
      trainingData: path.join(EXAMPLES, 'train.csv'),
      importance: false,
      labelColumn: 'default',
      alias: 'champion',
      contractFile: path.join(EXAMPLES, 'contract.yaml'),
    });
    await deploy(setup, { name: 'credit', model: 'credit@champion' });
    await setup.close();

    const rules = new MemoryAlertRules([
      alertRule({ name: 'traffic', signal: 'predictions.rate', above: 0.5 }),
      alertRule({ name: 'drifted', signal: 'drift.share', above: 2, severity: 'ticket' }),
      alertRule({ name: 'broken', signal: 'contract.violation_rate', above: 0.01 }),
    ]);
    const transitions: AlertTransition[] = [];
    const server = await startServer(settings, 'test', {
      host: '127.0.0.1',
      port: 0,
      logger: false,
      loadExecutor: inThreadExecutor,
      adminToken: ADMIN,
      monitoringWindowMs: 10_000,
      alertIntervalMs: 1000,
      alerting: {
        alerts: () => rules,
        step: thresholdStep,
        sinks: [{ name: 'record', sink: async (t) => void transitions.push(...t) }],
      },
    });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : server.stop()));
    const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const instances = await liveInstances(40);
    // Both requests in one 10-second window that is not a minute's first (where per-minute counts would land).
    while (Date.now() % 10_000 > 6000 || Date.now() % 60_000 < 10_000) await new Promise((resolve) => setTimeout(resolve, 100));
    const rejected = await fetch(`${server.url}/v1/deployments/credit/predict`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ instances: [{ ...instances[0], age: 10 }] }),
    });
    expect(rejected.status).toBe(422);
    const answer = await fetch(`${server.url}/v1/deployments/credit/predict`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ instances }),
    });
    expect(answer.status).toBe(200);
    const servedAt = Date.now();

    // The window of those 40 predictions closes within 10 s; the next tick (≤ 1 s later) fires the rule.
    for (const deadline = Date.now() + 20_000; !transitions.some((t) => t.rule.name === 'traffic');) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const fired = transitions.find((t) => t.rule.name === 'traffic')!;
    expect(fired).toMatchObject({ from: 'inactive', to: 'firing', reading: { kind: 'value', value: 4, rows: 40 } });
    expect(Date.parse(fired.at) - servedAt).toBeLessThan(12_000);
    const reading = fired.reading;
    if (reading.kind !== 'value') throw new Error('not a value');
    expect(Date.parse(reading.end) - Date.parse(reading.start)).toBe(10_000);
    expect(Date.parse(reading.start)).toBeLessThanOrEqual(servedAt);
    // The drift rule was read on the same window: 40 rows give a value (at least 30).
    // The rejected row's violation is counted in the same window, read at once: 1 of 41 rows seen.
    expect(transitions.find((t) => t.rule.name === 'broken')).toMatchObject({
      to: 'firing',
      reading: { value: 1 / 41, rows: 41, start: reading.start },
    });
    const drifted = rules.states.get('drifted');
    expect(drifted).toMatchObject({ state: 'inactive', noData: false });

    const metrics = await (await fetch(`${server.url}/metrics`, { headers })).text();
    expect(metrics).toContain('ballast_alert_state{rule="traffic",deployment="credit",severity="page"} 2');
    expect(metrics).toContain('ballast_alert_state{rule="drifted",deployment="credit",severity="ticket"} 0');

    // The monitoring route answers 10-second windows, the one served in among them.
    const monitoring = (await (await fetch(`${server.url}/v1/deployments/credit/monitoring?window=10s`, { headers })).json()) as {
      window_ms: number;
      windows: { start: string; rows: number; drift: unknown }[];
    };
    expect(monitoring.window_ms).toBe(10_000);
    expect(monitoring.windows.find((w) => w.start === reading.start)).toMatchObject({ rows: 40 });

    await server.stop();
    stopped = true;
    const evaluated = rules.states.get('traffic')!.evaluatedAt;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(rules.states.get('traffic')!.evaluatedAt).toBe(evaluated);
  }, 60_000);
});
