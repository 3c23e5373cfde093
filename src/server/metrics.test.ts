import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/test-stores.ts';
import { ServerMetrics, UNKNOWN_DEPLOYMENT } from './metrics.ts';
import { testServer } from './testing/test-server.ts';

describe('ServerMetrics', () => {
  it("reads the log's backlog at each scrape", async () => {
    const metrics = new ServerMetrics();
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 0');
    let queued = 42;
    metrics.watchLogQueue(() => queued);
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 42');
    queued = 7;
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 7');
  });
});

describe('ballast_prediction_errors_total', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  it('labels errors by deployment only for deployments the server serves, so URLs cannot add series', async () => {
    const server = await testServer(factory);
    try {
      const deployed = await server.app.inject({ method: 'POST', url: '/v1/deployments', headers: server.auth(server.tokens.operator), payload: { name: 'credit', model: 'credit@champion' } });
      expect(deployed.statusCode).toBe(201);
      const headers = server.auth(server.tokens.viewer);
      for (let i = 0; i < 20; i++) {
        const unknown = await server.app.inject({ method: 'POST', url: `/v1/deployments/random-${i}/predict`, headers, payload: { instances: [{}] } });
        expect(unknown.statusCode).toBe(404);
        expect((await server.app.inject({ method: 'POST', url: `/v2/models/random-v2-${i}/infer`, headers, payload: { inputs: [] } })).statusCode).toBeGreaterThanOrEqual(400);
      }
      await server.app.inject({ method: 'POST', url: '/v1/deployments/credit/predict', headers, payload: { instances: [{ age: 'old' }] } });
      const series = (await server.app.inject({ method: 'GET', url: '/metrics', headers })).body.split('\n').filter((line) => line.startsWith('ballast_prediction_errors_total{'));
      expect(series.some((line) => line.includes('random'))).toBe(false);
      expect(series).toContainEqual(expect.stringMatching(new RegExp(`^ballast_prediction_errors_total\\{deployment="${UNKNOWN_DEPLOYMENT.replace(/[()]/g, '\\$&')}",code="deployment_not_found"\\} 20$`)));
      expect(series).toContainEqual(expect.stringMatching(/^ballast_prediction_errors_total\{deployment="credit",code="[a-z_]+"\} 1$/));
      expect(series.length).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });
});
