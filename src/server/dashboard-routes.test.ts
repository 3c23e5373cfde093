import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

// With the dashboard mounted, its public wildcard route receives every path no API route has:
// those must still be answered as problem documents, not as the static plugin's own errors.
const factory = sqliteFactory();
const webRoot = mkdtempSync(path.join(tmpdir(), 'ballast-web-'));
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Ballast</title>');
  server = await testServer(factory, { webRoot });
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('a server with the dashboard', () => {
  it('serves the dashboard without a token', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Ballast</title>');
  });
  it.each([
    ['an unknown API path', '/v1/nothing'],
    ['an unknown file', '/missing.js'],
    ['a name past the path limit, which no API route takes', `/v1/models/${'m'.repeat(101)}`],
  ])('answers %s with a 404 problem document', async (_what, url) => {
    const response = await server.app.inject({ method: 'GET', url, headers: server.auth(server.tokens.viewer) });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, code: 'route_not_found' });
  });
});
