import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSampledForLog } from '../core/log-sampling.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`sampled prediction logging over HTTP on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let instances: Record<string, unknown>[];
    const post = (url: string, payload: unknown, token = server.tokens.operator) =>
      server.app.inject({ method: 'POST', url, headers: server.auth(token), payload: payload as string });
    const get = (url: string) => server.app.inject({ method: 'GET', url, headers: server.auth(server.tokens.viewer) });

    beforeAll(async () => {
      server = await testServer(factory);
      instances = await liveInstances(60);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('deploys with a log sample rate, shows it, and refuses a bad one with its path', async () => {
      const created = await post('/v1/deployments', { name: 'half', model: 'credit@champion', config: { log_sample_rate: 0.5 } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().config).toEqual({ max_batch_size: 64, max_delay_ms: 5, log_sample_rate: 0.5, kpis: [], production: false });
      expect((await post('/v1/deployments', { name: 'full', model: 'credit@champion' })).json().config.log_sample_rate).toBe(1);
      expect((await get('/v1/deployments/half')).json()).toMatchObject({
        config: { log_sample_rate: 0.5 },
        history: [{ revision: 1, config: { log_sample_rate: 0.5 } }],
      });

      for (const [bad, message] of [
        [0, 'must be > 0'],
        [1.5, 'must be <= 1'],
        [-1, 'must be > 0'],
      ] as const) {
        const refused = await post('/v1/deployments', { name: 'half', model: 'credit@champion', config: { log_sample_rate: bad } });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({
          code: 'invalid_request',
          issues: [{ path: ['body', 'config', 'log_sample_rate'], message }],
        });
      }
      // The app layer's names are not the API's: a camelCase field is refused, not silently ignored.
      const camel = await post('/v1/deployments', { name: 'half', model: 'credit@champion', config: { logSampleRate: 0.25 } });
      expect(camel.statusCode).toBe(400);
      const notANumber = await post('/v1/deployments', { name: 'half', model: 'credit@champion', config: { log_sample_rate: 'half' } });
      expect(notANumber.statusCode).toBe(400);
      expect((await get('/v1/deployments/half')).json().revision).toBe(1);
    });

    it('answers every prediction alike, logs the ids the rule picks, 404s the rest and counts them on /metrics', async () => {
      const half = await post('/v1/deployments/half/predict', { instances, request_id: 'r1' }, server.tokens.viewer);
      const full = await post('/v1/deployments/full/predict', { instances, request_id: 'r1' }, server.tokens.viewer);
      expect(half.statusCode).toBe(200);
      const strip = (body: { deployment: string; predictions: { prediction_id: string }[] }) => ({
        ...body,
        deployment: '',
        predictions: body.predictions.map(({ prediction_id: _id, ...rest }) => rest),
      });
      expect(strip(half.json())).toEqual(strip(full.json()));

      const ids: string[] = half.json().predictions.map((p: { prediction_id: string }) => p.prediction_id);
      const picked = ids.filter((id) => isSampledForLog(id, 0.5));
      expect(picked.length).toBeGreaterThan(15);
      expect(picked.length).toBeLessThan(45);
      for (const id of ids) {
        const found = await get(`/v1/predictions/${id}`);
        if (isSampledForLog(id, 0.5)) expect(found.json()).toMatchObject({ id, deployment: 'half', request_id: 'r1' });
        else expect(found.json()).toMatchObject({ status: 404, code: 'prediction_not_found' });
      }
      const fullIds: string[] = full.json().predictions.map((p: { prediction_id: string }) => p.prediction_id);
      for (const id of fullIds.slice(0, 5)) expect((await get(`/v1/predictions/${id}`)).statusCode).toBe(200);

      // V2 requests are sampled by the same rule.
      const features = Object.keys(instances[0]!).filter((k) => !['applicant_id', 'sex', 'age_band', 'default'].includes(k));
      const v2 = await post(
        '/v2/models/half/infer',
        {
          inputs: features.map((name) => {
            const values = instances.slice(0, 10).map((i) => i[name] ?? null);
            return { name, shape: [10], datatype: values.some((v) => typeof v === 'string') ? 'BYTES' : 'FP64', data: values };
          }),
        },
        server.tokens.viewer,
      );
      expect(v2.statusCode, v2.body).toBe(200);
      const v2Ids: string[] = v2.json().parameters.prediction_ids.split(',');
      expect(v2Ids).toHaveLength(10);
      const notLogged = ids.length - picked.length + v2Ids.filter((id) => !isSampledForLog(id, 0.5)).length;
      expect(await server.ctx.store.predictions.count('half')).toBe(70 - notLogged);

      const metrics = (await get('/metrics')).body;
      expect(metrics).toContain(`ballast_predictions_not_logged_total{deployment="half",model="credit",version="1"} ${notLogged}`);
      expect(metrics).toContain('ballast_predictions_total{deployment="half",model="credit",version="1",role="stable"} 70');
      expect(metrics).not.toMatch(/ballast_predictions_not_logged_total\{deployment="full"/);
    });
  });
}
