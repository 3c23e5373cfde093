import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLabelledReference } from '../../app/labelled-reference.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer(factory);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('GET /v1/models/{name}/versions/{version}', () => {
  it('says whether the version has a labelled reference, and which', async () => {
    const get = async () =>
      (await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1', headers: server.auth(server.tokens.viewer) })).json();
    expect((await get()).labelled_reference).toBeNull();
    const { reference } = await setLabelledReference(server.ctx, 'credit:1', path.join(EXAMPLES, 'live.csv'), 'default');
    expect((await get()).labelled_reference).toEqual({
      label_column: 'default',
      rows: 5000,
      source: path.join(EXAMPLES, 'live.csv'),
      source_sha256: reference.sourceSha256,
      created_at: reference.createdAt,
      created_by: 'tester',
    });
  });
});
