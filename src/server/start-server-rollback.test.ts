import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firing, rollbackRule, twoVersionDeployment } from '../app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../app/context.ts';
import { startServer } from './start-server.ts';
import { liveInstances, inThreadExecutor } from './testing/test-server.ts';

const ADMIN = 'rollback-admin-token-0123456789abcdef';
const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-start-rollback-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a running server's alert sinks", () => {
  it('roll a deployment back through the serving host, so its next request is answered by the target', async () => {
    const settings = { dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` };
    const setup = await openAppContext(settings, 'ann');
    try {
      await twoVersionDeployment(setup);
    } finally {
      await setup.close();
    }
    const server = await startServer(settings, 'test', {
      host: '127.0.0.1',
      port: 0,
      logger: false,
      loadExecutor: inThreadExecutor,
      adminToken: ADMIN,
    });
    try {
      const predict = async () =>
        (
          await server.app.inject({
            method: 'POST',
            url: '/v1/deployments/credit-risk/predict',
            headers: { authorization: `Bearer ${ADMIN}` },
            payload: { instances: await liveInstances(2) },
          })
        ).json().model;
      expect(await predict()).toEqual({ name: 'credit', version: 2 });
      for (const sink of server.alertSinks) await sink([firing(rollbackRule())]);
      expect(await predict()).toEqual({ name: 'credit', version: 1 });
      const deployment = await server.app.inject({
        method: 'GET',
        url: '/v1/deployments/credit-risk',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(deployment.json()).toMatchObject({ revision: 3, updated_by: 'alert:inputs-drifted' });
    } finally {
      await server.stop();
    }
  });
});
