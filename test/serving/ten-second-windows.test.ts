import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveInstances } from '../../src/server/testing/test-server.ts';
import { runBallast } from '../testing/run-ballast.ts';
import { cli, newDataDir, root, startServerProcess, TOKEN, type ServerProcess } from './server-process.ts';

const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

interface Monitoring {
  window_ms: number;
  windows: { start: string; rows: number; status: string; drift: { dataset: { columns: number } } | null }[];
}

async function monitoring(server: ServerProcess): Promise<Monitoring> {
  const answer = await fetch(`${server.url}/v1/deployments/credit/monitoring?window=10s`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as Monitoring;
}

describe('ballast serve --monitoring-window 10s', () => {
  it('profiles, flushes and rebuilds 10-second windows: a killed server’s window comes back from the log', async () => {
    const dataDir = newDataDir();
    await cli(
      dataDir,
      'models',
      'register',
      'credit',
      path.join(root, 'examples/credit/model.xgb.json'),
      '--training-data',
      path.join(root, 'examples/credit/train.csv'),
      '--no-importance',
      '--label',
      'default',
      '--alias',
      'champion',
    );
    await cli(dataDir, 'deploy', 'credit', '--model', 'credit@champion');
    const args = ['--monitoring-window', '10s', '--alert-interval', '1s'];
    const first = await startServerProcess(dataDir, args);
    servers.push(first);
    const instances = await liveInstances(40);
    const answer = await fetch(`${first.url}/v1/deployments/credit/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ instances }),
    });
    expect(answer.status).toBe(200);
    // The open window is shown live, compared with the reference, on the 10 s grid.
    const live = await monitoring(first);
    expect(live.window_ms).toBe(10_000);
    const served = live.windows.find((w) => w.rows === 40)!;
    expect(served).toMatchObject({ status: 'live' });
    expect(Date.parse(served.start) % 10_000).toBe(0);
    expect(served.drift?.dataset.columns).toBeGreaterThan(0);

    // Killed before it could flush (a 10 s window is written 5-10 s after it closes): the next start rebuilds it from the log.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await startServerProcess(dataDir, args);
    servers.push(second);
    let rebuilt: Monitoring['windows'][number] | undefined;
    for (const deadline = Date.now() + 15_000; rebuilt === undefined;) {
      expect(Date.now()).toBeLessThan(deadline);
      rebuilt = (await monitoring(second)).windows.find((w) => w.start === served.start && w.status === 'rebuilt');
      if (rebuilt === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(rebuilt.rows).toBe(40);
  }, 60_000);

  it('refuses an alert interval under one second', async () => {
    const result = await runBallast(['serve', '--alert-interval', '500ms'], { cwd: root, dataDir: newDataDir() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("option '--alert-interval <duration>' argument '500ms' is invalid. must be a duration of at least 1s");
  });
});
