import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRule, alertTransition } from '../core/alerts/testing/alert-builders.ts';
import { notifiedAlertOf } from '../core/alerts/alert-notification.ts';
import type { AlertTransition } from '../core/alerts/alert-rule.ts';
import { openStore } from '../store/store.ts';
import { startServer } from './start-server.ts';
import { inThreadExecutor } from './testing/test-server.ts';

const rule = alertRule({ notify: ['team'] });
const firing = (at: string): AlertTransition =>
  alertTransition(rule, { at, reading: { kind: 'value', value: 0.5, rows: 100, start: at, end: at, model: null } });

describe('startServer with alert notifications', () => {
  let hook: Server;
  let hookUrl: string;
  const bodies: { alerts: { rule: string; starts_at: string }[]; links: Record<string, string> }[] = [];
  let dataDir: string;

  beforeAll(async () => {
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-start-notify-'));
  });
  afterAll(async () => {
    await new Promise<void>((done) => hook.close(() => done()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends on start what the last run logged and did not send, then sends what its sink is given', async () => {
    const databaseUrl = `sqlite:${path.join(dataDir, 'ballast.db')}`;
    // A previous process logged this event and stopped before sending it.
    const earlier = await openStore(databaseUrl);
    const at = '2026-11-25T12:00:00.000Z';
    const alert = notifiedAlertOf(firing(at))!;
    await earlier.alertNotifications.insertNew([
      {
        key: `team|inputs-drifted|firing|${at}`,
        receiver: 'team',
        deployment: 'credit',
        rule: 'inputs-drifted',
        state: 'firing',
        at,
        alert,
        outcome: 'pending',
        idempotencyKey: null,
        attempts: 0,
        error: null,
        updatedAt: at,
      },
    ]);
    await earlier.close();

    const server = await startServer({ dataDir, databaseUrl }, 'test', {
      host: '127.0.0.1',
      port: 0,
      logger: false,
      loadExecutor: inThreadExecutor,
      alerting: {
        notifications: {
          receivers: async () => [{ name: 'team', kind: 'webhook', url: hookUrl, allowPrivate: true }],
          groupWaitMs: async () => 0,
          firingRules: async () => [rule],
        },
      },
    });
    try {
      await server.notifier.settled();
      expect(bodies.map((b) => b.alerts.map((a) => a.starts_at))).toEqual([[at]]);
      expect(bodies[0]!.links.monitoring).toBe(`${server.url}/#/deployments/credit/monitoring`);

      const later = '2026-11-25T13:00:00.000Z';
      await server.notifier.sink([firing(later)]);
      await server.notifier.settled();
      expect(bodies.map((b) => b.alerts[0]!.starts_at)).toEqual([at, later]);
      const [sent] = await server.ctx.store.alertNotifications.byKeys([`team|inputs-drifted|firing|${at}`]);
      expect(sent).toMatchObject({ outcome: 'sent', attempts: 1 });
    } finally {
      await server.stop();
    }
  });
});
