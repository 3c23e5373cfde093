import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`GET /v1/deployments/{name}/performance on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('answers realised performance per window from predictions and their labels, to a viewer, and problems for bad requests', async () => {
      const server = await testServer(factory);
      try {
        const { app, auth, tokens } = server;
        // Prediction ids are ULIDs of their time, as the real server makes them: the log is scanned by id range.
        const ulidAt = monotonicFactory(() => 0.5);
        Object.assign(server.ctx, { newId: () => ulidAt(Date.parse('2026-11-25T12:00:00Z')) });
        const post = (url: string, payload: unknown, token: string) =>
          app.inject({ method: 'POST', url, headers: auth(token), payload: payload as string });
        expect((await post('/v1/deployments', { name: 'credit', model: 'credit@champion' }, tokens.operator)).statusCode).toBe(201);
        const predicted = await post('/v1/deployments/credit/predict', { instances: await liveInstances(60) }, tokens.viewer);
        expect(predicted.statusCode).toBe(200);
        const predictions: { prediction_id: string; label: number }[] = predicted.json().predictions;
        // The first 40 labelled: the even ones as predicted, the odd ones the other class.
        const labels = predictions
          .slice(0, 40)
          .map((p, i) => ({ prediction_id: p.prediction_id, label: i % 4 === 3 ? 1 - p.label : p.label }));
        expect((await post('/v1/deployments/credit/feedback', { feedback: labels }, tokens.viewer)).statusCode).toBe(200);

        const url = '/v1/deployments/credit/performance?from=2026-11-25T11:00:00Z&to=2026-11-25T12:10:00Z&window=5m';
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
        const response = await app.inject({ method: 'GET', url, headers: auth(tokens.viewer) });
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        expect(body).toMatchObject({
          deployment: 'credit',
          task: 'classification',
          window: '5m',
          window_ms: 300_000,
          estimation: null,
          kpi_comparisons: [],
        });
        expect(body.windows).toHaveLength(1);
        const [window] = body.windows;
        expect(window).toMatchObject({
          start: '2026-11-25T12:00:00.000Z',
          end: '2026-11-25T12:05:00.000Z',
          model: { name: 'credit', version: 1 },
          rows: 60,
          labelled_rows: 40,
          skipped_labels: 0,
          latency: null,
          kpis: [],
          slices: { reason: null },
        });
        expect(window.metrics.accuracy).toEqual({
          realized: 0.75,
          estimated: null,
          sampling_error: null,
          lower: null,
          upper: null,
          alert: false,
        });
        expect(window.confusion_matrix.classes).toEqual([0, 1]);
        expect(window.calibration.points.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(40);
        expect(window.error_bounds.roc_auc).toBeGreaterThanOrEqual(0);

        const unknown = await app.inject({ method: 'GET', url: '/v1/deployments/nope/performance', headers: auth(tokens.viewer) });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ code: 'deployment_not_found' });
        const badWindow = await app.inject({
          method: 'GET',
          url: '/v1/deployments/credit/performance?window=7s',
          headers: auth(tokens.viewer),
        });
        expect(badWindow.statusCode).toBe(400);
        expect(badWindow.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(badWindow.json()).toMatchObject({ code: 'invalid_argument', issues: [{ path: ['window'] }] });
        const metricsToken = await app.inject({ method: 'GET', url, headers: auth(tokens.admin) });
        expect(metricsToken.statusCode).toBe(200);
      } finally {
        await server.close();
      }
    });
  });
}
