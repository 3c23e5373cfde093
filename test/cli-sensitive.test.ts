import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../src/app/context.ts';
import { registerTestVersion } from '../src/store/testing/test-stores.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

async function withStore<T>(work: (ctx: Awaited<ReturnType<typeof openAppContext>>) => Promise<T>): Promise<T> {
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-sensitive-cli-'));
  await withStore(async (ctx) => {
    await registerTestVersion(ctx.store, 'v1', ['x', 'ssn']);
    await ctx.store.predictions.insertMany([
      {
        id: '01PSEN00000000000000000010',
        at: '2026-12-01T10:00:01.000Z',
        deploymentId: 'd1',
        deploymentName: 'scoring',
        versionId: 'v1',
        modelName: 'model-v1',
        modelVersion: 1,
        requestId: null,
        features: ['x', 'ssn'],
        inputs: { x: 4.5, ssn: 123456789 },
        output: { value: 0.5 },
        latencyMs: 1,
        violations: [{ column: 'ssn', code: 'out_of_range', message: 'is 123456789, above the maximum 99999' }],
      },
    ]);
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir(), env: { BALLAST_ACTOR: 'ana' } });
}

describe('sensitive columns on the CLI', () => {
  it('models mark marks a column pii; predictions list masks it unless --show-sensitive, which is audited', async () => {
    const marked = await ballast('models', 'mark', 'model-v1:1', '--pii', 'ssn');
    expect(marked.stderr).toBe('');
    expect(marked.stdout.trim()).toBe('model-v1:1 sensitive columns: ssn (pii)');
    expect((await ballast('models', 'mark', 'model-v1:1', '--pii', 'nope')).code).toBe(2);

    const masked = JSON.parse((await ballast('predictions', 'list', '--json')).stdout);
    expect(masked.predictions[0].inputs).toEqual({ x: 4.5, ssn: '***' });
    expect(masked.predictions[0].violations[0]).toMatchObject({ column: 'ssn', code: 'out_of_range' });
    expect(JSON.stringify(masked)).not.toContain('123456789');
    expect(await withStore(async (ctx) => (await ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read'))).toEqual([]);

    const shown = JSON.parse((await ballast('predictions', 'list', '--json', '--show-sensitive')).stdout);
    expect(shown.predictions[0].inputs).toEqual({ x: 4.5, ssn: 123456789 });
    expect(shown.predictions[0].violations[0].message).toContain('123456789');
    const reads = await withStore(async (ctx) => (await ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read'));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actor: 'ana',
      details: {
        route: 'ballast predictions list',
        deployments: ['scoring'],
        columns: ['ssn'],
        prediction_ids: ['01PSEN00000000000000000010'],
        count: 1,
      },
    });
  });

  it('tokens create --permission sensitive:read gives a token the permission, tokens list shows it, an unknown one is refused', async () => {
    const created = await ballast('tokens', 'create', '--name', 'auditor', '--permission', 'sensitive:read');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('with sensitive:read');
    const listed = await ballast('tokens', 'list');
    expect(listed.stdout).toMatch(/auditor\s+created \S+\s+sensitive:read/);
    const json = JSON.parse((await ballast('tokens', 'list', '--json')).stdout) as { name: string; permissions: string[] }[];
    expect(json.find((t) => t.name === 'auditor')?.permissions).toEqual(['sensitive:read']);
    expect((await ballast('tokens', 'create', '--name', 'x', '--permission', 'sensitive:write')).code).toBe(2);
  });
});
