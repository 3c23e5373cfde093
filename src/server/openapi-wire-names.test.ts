import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';
import { misnamedFields } from './testing/wire-names.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let doc: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

beforeAll(async () => {
  server = await testServer(factory);
  doc = (await server.app.inject({ method: 'GET', url: '/openapi.json', headers: server.auth(server.tokens.viewer) })).json();
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('the API is snake_case throughout', () => {
  it('names every field of every request and response in /openapi.json in snake_case (V2 included, whose spec does too)', () => {
    expect(misnamedFields(doc)).toEqual([]);
  });

  it('documents the success body of every JSON /v1 route, so the check above covers what is sent', () => {
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (method === 'delete') continue; // 204, no body
        const ok = operation.responses?.['200'] ?? operation.responses?.['201'];
        if (ok?.content?.['application/json']?.schema === undefined) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
