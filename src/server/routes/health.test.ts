import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { liveInstances, testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('/readyz', () => {
  it('says not ready while the prediction log cannot commit, and ready again once it can, with no request in between', async () => {
    const server = await testServer(factory);
    try {
      const headers = server.auth(server.tokens.operator);
      expect(
        (
          await server.app.inject({
            method: 'POST',
            url: '/v1/deployments',
            headers,
            payload: { name: 'credit', model: 'credit@champion' },
          })
        ).statusCode,
      ).toBe(201);
      expect((await server.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({
        status: 'ready',
        store: true,
        log: true,
      });

      await sql
        .raw("create trigger refuse before insert on predictions begin select raise(abort, 'disk says no'); end")
        .execute(server.ctx.store.db);
      const predicted = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments/credit/predict',
        headers,
        payload: { instances: await liveInstances(1) },
      });
      expect(predicted.statusCode).toBeGreaterThanOrEqual(500);
      const failing = await server.app.inject({ method: 'GET', url: '/readyz' });
      expect(failing.statusCode).toBe(503);
      expect(failing.json()).toMatchObject({
        status: 'not_ready',
        store: true,
        log: false,
        log_problem: expect.stringContaining('disk says no'),
      });

      // The store recovers; no prediction comes (a balancer sends none to a server that is not ready).
      await sql.raw('drop trigger refuse').execute(server.ctx.store.db);
      const recovered = await server.app.inject({ method: 'GET', url: '/readyz' });
      expect(recovered.statusCode).toBe(200);
      expect(recovered.json()).toMatchObject({ status: 'ready', log: true });
      expect(await server.ctx.store.predictions.count()).toBe(0); // the probe kept nothing
    } finally {
      await server.close();
    }
  }, 20_000);
});
