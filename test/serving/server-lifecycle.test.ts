import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveInstances } from '../../src/server/testing/test-server.ts';
import { TOKEN, cli, newDataDir, root, startServerProcess, type ServerProcess } from './server-process.ts';

const servers: ServerProcess[] = [];
afterAll(() => {
  for (const s of servers) s.child.kill('SIGKILL');
});

async function predictOnce(url: string, instances: Record<string, unknown>[]) {
  const response = await fetch(`${url}/v1/deployments/credit/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ instances }),
  });
  return { status: response.status, body: (await response.json()) as { model: { version: number } } };
}

describe('a real server process', () => {
  it('picks up a deployment moved by the CLI, and drains in-flight requests on SIGTERM', async () => {
    const dataDir = newDataDir();
    await cli(dataDir, 'models', 'register', 'credit', path.join(root, 'examples/credit/model.xgb.json'));
    await cli(dataDir, 'models', 'register', 'credit', path.join(root, 'examples/credit/model.lgb.txt'));
    await cli(dataDir, 'deploy', 'credit', '--model', 'credit:1');
    const server = await startServerProcess(dataDir);
    servers.push(server);
    const instances = await liveInstances(3);

    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', deployments: ['credit'] });
    expect((await predictOnce(server.url, instances)).body.model.version).toBe(1);

    // A deploy from another process reaches the running server by its periodic refresh.
    await cli(dataDir, 'deploy', 'credit', '--model', 'credit:2');
    let version = 1;
    for (const deadline = Date.now() + 15_000; version !== 2 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 250));
      version = (await predictOnce(server.url, instances)).body.model.version;
    }
    expect(version).toBe(2);

    // Requests in flight when SIGTERM arrives are answered; then the process exits cleanly.
    const inFlight = Array.from({ length: 20 }, () => predictOnce(server.url, instances));
    await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    const results = await Promise.allSettled(inFlight);
    const answered = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    const refused = results.filter((r) => r.status === 'fulfilled' && r.value.status === 503).length;
    const dropped = results.filter((r) => r.status === 'rejected').length;
    expect(answered + refused + dropped).toBe(20);
    expect(answered).toBeGreaterThan(0);
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses to serve beyond loopback without authentication', async () => {
    const dataDir = newDataDir();
    await expect(startServerProcess(dataDir, ['--host', '0.0.0.0', '--insecure-no-auth'])).rejects.toThrow(
      /refusing to serve on 0\.0\.0\.0 without authentication/,
    );
  }, 30_000);
});
