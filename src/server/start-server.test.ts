import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalWriterProcess } from '../store/testing/journal-writer-process.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { inThreadExecutor } from './testing/test-server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOnFile(options: { journalAdoptMs?: number } = {}): Promise<{ server: RunningServer; databaseFile: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-start-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseFile = path.join(dataDir, 'ballast.db');
  const server = await startServer({ dataDir, databaseUrl: `sqlite:${databaseFile}` }, 'test', {
    host: '127.0.0.1',
    port: 0,
    logger: false,
    loadExecutor: inThreadExecutor,
    ...options,
  });
  cleanups.push(() => server.stop());
  return { server, databaseFile };
}

describe('startServer', () => {
  it('adopts the journal of a writer that died beside the running server, without a restart', async () => {
    const { server, databaseFile } = await serverOnFile({ journalAdoptMs: 100 });
    const id = '01JADOPTED0000000000000001';
    const record = {
      id,
      at: '2026-01-02T03:04:05.678Z',
      deploymentId: 'dep',
      deploymentName: 'credit',
      versionId: 'ver',
      modelName: 'credit',
      modelVersion: 1,
      requestId: 'r-adopted',
      features: ['age'],
      inputs: { age: 41 },
      output: { label: 1 },
      latencyMs: 0.3,
    };
    const writer = await journalWriterProcess(databaseFile, [record]);
    cleanups.push(() => void writer.child.kill('SIGKILL'));
    // While the writer lives, its segment is its own.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await server.ctx.store.predictions.findById(id)).toBeUndefined();
    writer.child.kill('SIGKILL');
    await once(writer.child, 'exit');
    let found: unknown;
    for (const deadline = Date.now() + 5000; found === undefined && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = await server.ctx.store.predictions.findById(id);
    }
    expect(found).toMatchObject({ id, requestId: 'r-adopted' });
  }, 20_000);
});
