import { afterAll, describe, expect, it } from 'vitest';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import type { LoadExecutor } from '../app/serving/serving-types.ts';
import { inThreadExecutor, liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`GET /v1/deployments/{name}/monitoring on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('answers drift and quality per window to a viewer, and problems for bad requests', async () => {
      const server = await testServer(factory);
      try {
        const { ctx, app, auth, tokens } = server;
        const deployed = await app.inject({
          method: 'POST',
          url: '/v1/deployments',
          headers: auth(tokens.operator),
          payload: { name: 'credit', model: 'credit@champion' },
        });
        expect(deployed.statusCode).toBe(201);
        const deployment = (await ctx.store.deployments.findByName('credit'))!;
        const reference = (await ctx.store.monitoring.findReference(deployment.versionId))!;
        expect(reference.rows).toBe(20_000);
        // The reference itself as a window: nothing can have drifted.
        const window = DatasetProfile.fromJSON(reference.profile);
        await ctx.store.monitoring.insertWindows([
          {
            deployment: 'credit',
            versionId: deployment.versionId,
            windowStart: '2026-11-25T11:58:00.000Z',
            windowMs: 60_000,
            source: 'test',
            rows: window.rows,
            profile: window.toJSON(),
            reconstruction: null,
            status: 'complete',
            updatedAt: '2026-11-25T11:59:05.000Z',
          },
        ]);
        const url = '/v1/deployments/credit/monitoring?from=2026-11-25T11:00:00Z&to=2026-11-25T12:00:00Z&window=5m';
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
        const response = await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body).toMatchObject({
          deployment: 'credit',
          window: '5m',
          window_ms: 300_000,
          reference: { model: 'credit', version: 1, rows: 20_000 },
        });
        expect(body.windows).toHaveLength(1);
        expect(body.windows[0]).toMatchObject({
          start: '2026-11-25T11:55:00.000Z',
          end: '2026-11-25T12:00:00.000Z',
          rows: 20_000,
          status: 'complete',
          drift: { dataset: { drifted: false, drifted_columns: 0 } },
        });
        expect(body.windows[0].drift.columns.length).toBeGreaterThan(10);
        // No global importance yet: every column's rank is unknown.
        expect(body.windows[0].drift.columns.every((c: { importance_rank: unknown }) => c.importance_rank === null)).toBe(true);
        await ctx.store.importance.save({
          versionId: deployment.versionId,
          method: 'exact_shapley',
          space: 'probability',
          sampleRows: 10,
          seed: 0,
          features: [
            { feature: 'debt_to_income', importance: 0.2, rank: 1 },
            { feature: 'age', importance: 0.1, rank: 2 },
          ],
          computedAt: '2026-11-25T11:00:00.000Z',
        });
        const ranked = (await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) })).json().windows[0].drift.columns;
        expect(ranked.find((c: { name: string }) => c.name === 'debt_to_income')).toMatchObject({
          importance_rank: 1,
          drifted: false,
          effect_size: {},
        });
        expect(ranked.find((c: { name: string }) => c.name === 'age')).toMatchObject({ importance_rank: 2 });
        expect(ranked.find((c: { name: string }) => c.name === 'income')).toMatchObject({ importance_rank: null });
        expect(body.windows[0]).not.toHaveProperty('performance');
        // Asked for, performance comes with each window: none here, as no prediction of the window was logged.
        const withPerformance = await app.inject({ method: 'GET', url: `${url}&performance=true`, headers: auth(tokens.viewer) });
        expect(withPerformance.statusCode).toBe(200);
        expect(withPerformance.json().windows[0]).toMatchObject({ rows: 20_000, performance: null });

        const unknown = await app.inject({ method: 'GET', url: '/v1/deployments/nope/monitoring', headers: auth(tokens.viewer) });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ code: 'deployment_not_found' });
        const badWindow = await app.inject({
          method: 'GET',
          url: '/v1/deployments/credit/monitoring?window=7s',
          headers: auth(tokens.viewer),
        });
        expect(badWindow.statusCode).toBe(400);
        expect(badWindow.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(badWindow.json()).toMatchObject({ code: 'invalid_argument', issues: [{ path: ['window'] }] });
        const unknownParameter = await app.inject({
          method: 'GET',
          url: '/v1/deployments/credit/monitoring?since=1h',
          headers: auth(tokens.viewer),
        });
        expect(unknownParameter.statusCode).toBe(400);
      } finally {
        await server.close();
      }
    });

    it("answers each window's request latency and server-side failures, live and once written", async () => {
      let failModel = false;
      const failing: LoadExecutor = async (...args) => {
        const executor = await inThreadExecutor(...args);
        return {
          signature: executor.signature,
          predict: (batch) => (failModel ? Promise.reject(new Error('the model worker died')) : executor.predict(batch)),
          close: () => executor.close(),
        };
      };
      const server = await testServer(factory, { windowProfiling: true, loadExecutor: failing });
      try {
        const { app, auth, tokens } = server;
        const deployed = await app.inject({
          method: 'POST',
          url: '/v1/deployments',
          headers: auth(tokens.operator),
          payload: { name: 'credit', model: 'credit@champion' },
        });
        expect(deployed.statusCode).toBe(201);
        const instances = await liveInstances(20);
        const predict = (payload: Record<string, unknown>) =>
          app.inject({ method: 'POST', url: '/v1/deployments/credit/predict', headers: auth(tokens.viewer), payload });
        for (let i = 0; i < 20; i += 5) expect((await predict({ instances: instances.slice(i, i + 5) })).statusCode).toBe(200);
        // The client's mistake is not the version's failure; the model's is.
        expect((await predict({ instances: [{ ...instances[0], age: 'old' }] })).statusCode).toBe(422);
        failModel = true;
        expect((await predict({ instances: instances.slice(0, 2) })).statusCode).toBe(500);

        const url = '/v1/deployments/credit/monitoring?from=2026-11-25T11:00:00Z&to=2026-11-25T13:00:00Z';
        const windows = async () => (await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) })).json().windows;
        const [live] = await windows();
        expect(live).toMatchObject({ status: 'live', rows: 20, latency: { errors: 1 } });
        const { p50_ms, p95_ms, p99_ms } = live.latency;
        expect(p50_ms).toBeGreaterThan(0);
        expect(p50_ms).toBeLessThanOrEqual(p95_ms);
        expect(p95_ms).toBeLessThanOrEqual(p99_ms);
        // Four requests: p99 is the slowest of them, as the log recorded it.
        const logged = await server.ctx.store.predictions.list({ deployment: 'credit', limit: 100 });
        expect(p99_ms).toBeCloseTo(Math.max(...logged.map((p) => p.latencyMs)), 3);
        await server.profiling!.profiler.flush({ all: true });
        const [written] = await windows();
        expect(written).toMatchObject({ status: 'complete', rows: 20, latency: live.latency });
      } finally {
        await server.close();
      }
    });
  });
}
