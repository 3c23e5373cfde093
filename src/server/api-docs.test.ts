import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer(factory);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('/docs', () => {
  it('serves Swagger UI for the OpenAPI document, to a browser that sends no token', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    const initializer = await server.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    const document = await server.app.inject({ method: 'GET', url: '/docs/json' });
    expect(document.statusCode).toBe(200);
    expect(document.json().paths['/v1/deployments/{name}/predict']).toBeDefined();
  });

  it('leaves the routes it describes behind their tokens, and itself out of the document', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
    const openapi = (await server.app.inject({ method: 'GET', url: '/openapi.json', headers: server.auth(server.tokens.viewer) })).json();
    expect(Object.keys(openapi.paths).filter((p) => p.startsWith('/docs'))).toEqual([]);
  });
});
