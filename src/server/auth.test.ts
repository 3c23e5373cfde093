import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let port: number;
// One socket, kept alive: every request below travels on the same connection.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = await testServer(factory);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  port = (server.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await server.close();
  await factory.cleanup();
});

function call(method: string, url: string, headers: Record<string, string>): Promise<{ status: number; connection: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const connection = res.socket.localPort!;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('auth on one keep-alive connection (the per-connection memory of the last verified header)', () => {
  it('checks every request whose header differs from the last one verified on the connection', async () => {
    const viewer = server.auth(server.tokens.viewer);
    const first = await call('GET', '/v1/models', viewer);
    expect(first.status).toBe(200);
    const steps = [
      await call('GET', '/v1/models', viewer),
      await call('GET', '/v1/models', { authorization: `Bearer ${server.tokens.viewer.slice(0, -1)}x` }),
      await call('GET', '/v1/models', {}),
      await call('GET', '/v1/tokens', viewer),
      await call('GET', '/v1/tokens', server.auth(server.tokens.admin)),
      await call('GET', '/v1/tokens', viewer),
    ];
    expect(steps.map((s) => s.status)).toEqual([200, 401, 401, 403, 200, 403]);
    expect(new Set([first, ...steps].map((s) => s.connection)).size).toBe(1);
  });

  it('refuses a token revoked through this server at once, on the connection that used it', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: server.auth(server.tokens.admin),
      payload: { name: 'short-lived', role: 'viewer' },
    });
    const { id, token } = created.json() as { id: string; token: string };
    const before = await call('GET', '/v1/models', server.auth(token));
    expect(before.status).toBe(200);
    expect(
      (await server.app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: server.auth(server.tokens.admin) })).statusCode,
    ).toBe(204);
    const after = await call('GET', '/v1/models', server.auth(token));
    expect(after.connection).toBe(before.connection);
    expect(after.status).toBe(401);
  });
});
