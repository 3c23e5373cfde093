import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRule, alertTransition } from '../../../core/alerts/testing/alert-builders.ts';
import type { AlertState, AlertTransition } from '../../../core/alerts/alert-rule.ts';
import type { Store } from '../../../store/store.ts';
import { sqliteFactory } from '../../../store/testing/test-stores.ts';
import { createNotifier } from './notifier.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

interface ListedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
  startsAt: string;
}

// Debian's package prometheus-alertmanager (.ci/run installs it); without it this file says so and skips.
describe.skipIf(!existsSync(ALERTMANAGER))(`a real Alertmanager (${ALERTMANAGER}; skipped when absent)`, () => {
  let dir: string;
  let base: string;
  let child: ChildProcess;
  let output = '';
  const factory = sqliteFactory();
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ballast-am-'));
    writeFileSync(path.join(dir, 'alertmanager.yml'), 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(
      ALERTMANAGER,
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // No gossip: a lone instance on loopback.
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Alertmanager did not start:\n${output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    store = await factory.create();
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await store?.close();
    await factory.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('receives a firing alert through POST /api/v2/alerts and ends it when the rule resolves', async () => {
    const rule = alertRule({ notify: ['am'], description: 'More than 30% of the inputs drifted' });
    const warnings: string[] = [];
    const notifier = createNotifier({
      receivers: async () => [{ name: 'am', kind: 'alertmanager', url: base, allowPrivate: true }],
      groupWaitMs: 0,
      store,
      clock: () => new Date(),
      firingRules: async () => [],
      log: { warn: (m) => warnings.push(m) },
      dashboardUrl: 'http://127.0.0.1:8080',
      delivery: { maxAttempts: 2, baseDelayMs: 50 },
    });
    const started = new Date(Date.now() - 5000).toISOString();
    const move = (from: AlertState, to: AlertState, at: string): AlertTransition =>
      alertTransition(rule, {
        from,
        to,
        at,
        reading: { kind: 'value', value: 0.42, rows: 500, start: started, end: at, model: { name: 'credit', version: 3 } },
      });

    await notifier.sink([move('pending', 'firing', started)]);
    await notifier.settled();
    expect(warnings).toEqual([]);
    const listed = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ListedAlert[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      labels: {
        alertname: 'inputs-drifted',
        deployment: 'credit',
        severity: 'page',
        ballast_rule: 'inputs-drifted',
        signal: 'drift.share',
      },
      annotations: { value: '0.42', threshold: '0.3', version: 'credit:3', description: 'More than 30% of the inputs drifted' },
      status: { state: 'active' },
      startsAt: started,
    });

    await notifier.sink([move('firing', 'inactive', new Date().toISOString())]);
    await notifier.settled();
    expect(warnings).toEqual([]);
    // A resolved alert is no longer listed among the current ones.
    const after = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ListedAlert[];
    expect(after).toEqual([]);
  }, 30_000);
});
