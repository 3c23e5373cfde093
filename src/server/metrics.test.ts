import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../app/tokens.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
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
      const deployed = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments',
        headers: server.auth(server.tokens.operator),
        payload: { name: 'credit', model: 'credit@champion' },
      });
      expect(deployed.statusCode).toBe(201);
      const headers = server.auth(server.tokens.viewer);
      for (let i = 0; i < 20; i++) {
        const unknown = await server.app.inject({
          method: 'POST',
          url: `/v1/deployments/random-${i}/predict`,
          headers,
          payload: { instances: [{}] },
        });
        expect(unknown.statusCode).toBe(404);
        expect(
          (await server.app.inject({ method: 'POST', url: `/v2/models/random-v2-${i}/infer`, headers, payload: { inputs: [] } }))
            .statusCode,
        ).toBeGreaterThanOrEqual(400);
      }
      await server.app.inject({ method: 'POST', url: '/v1/deployments/credit/predict', headers, payload: { instances: [{ age: 'old' }] } });
      const series = (await server.app.inject({ method: 'GET', url: '/metrics', headers })).body
        .split('\n')
        .filter((line) => line.startsWith('ballast_prediction_errors_total{'));
      expect(series.some((line) => line.includes('random'))).toBe(false);
      expect(series).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ballast_prediction_errors_total\\{deployment="${UNKNOWN_DEPLOYMENT.replace(/[()]/g, '\\$&')}",code="deployment_not_found"\\} 20$`,
          ),
        ),
      );
      expect(series).toContainEqual(expect.stringMatching(/^ballast_prediction_errors_total\{deployment="credit",code="[a-z_]+"\} 1$/));
      expect(series.length).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });
});

describe('who may read /metrics', () => {
  const factory = sqliteFactory();
  afterAll(() => factory.cleanup());

  it('a metrics token reads /metrics and nothing else; a viewer still reads it', async () => {
    const server = await testServer(factory);
    try {
      const scrape = (await createToken(server.ctx, { name: 'prometheus', role: 'metrics' })).token;
      const metrics = await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(scrape) });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('ballast_http_requests_total');
      for (const url of ['/v1/predictions', '/v1/models', '/v1/deployments', '/openapi.json']) {
        const refused = await server.app.inject({ method: 'GET', url, headers: server.auth(scrape) });
        expect(refused.statusCode, url).toBe(403);
        expect(refused.json().code).toBe('forbidden');
      }
      expect((await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(server.tokens.viewer) })).statusCode).toBe(
        200,
      );
      expect((await server.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('--public-metrics serves /metrics without a token, and only /metrics', async () => {
    const server = await testServer(factory, { publicMetrics: true });
    try {
      expect((await server.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
      expect((await server.app.inject({ method: 'GET', url: '/v1/predictions' })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });
});
