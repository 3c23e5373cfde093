import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeTime } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/store.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-deploy-kpi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast deploy --kpi', () => {
  it('defines KPIs (repeatable), keeps them on a later deploy, and refuses bad ones with the field at fault', async () => {
    expect((await ballast('models', 'register', 'credit', path.join(examples, 'model.xgb.json'))).code).toBe(0);
    const created = await ballast(
      'deploy',
      'credit',
      '--model',
      'credit:1',
      '--kpi',
      'conversion_rate=rate(conversion)',
      '--kpi',
      'refunds=sum(refund)',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).deployment.config.kpis).toEqual([
      { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' },
      { name: 'refunds', event: 'refund', aggregate: 'sum' },
    ]);
    // A deploy that does not name KPIs keeps them.
    expect((await ballast('deploy', 'credit', '--model', 'credit:1', '--max-batch-size', '8')).code).toBe(0);
    const shown = (await ballast('deployments', 'show', 'credit')).stdout.split('\n')[0];
    expect(shown).toBe('credit: credit:1 (revision 2)  kpis conversion_rate=rate(conversion), refunds=sum(refund)');

    const shape = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'conversion_rate');
    expect(shape.code).not.toBe(0);
    expect(shape.stderr).toMatch(/--kpi.*must read NAME=AGGREGATE\(EVENT\)/);
    const aggregate = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'a=median(conversion)');
    expect(aggregate.code).toBe(2);
    expect(aggregate.stderr).toBe('error: invalid deployment config: kpis[0].aggregate: must be one of rate, sum, mean\n');
    const twice = await ballast('deploy', 'credit', '--model', 'credit:1', '--kpi', 'a=rate(x)', '--kpi', 'a=mean(y)');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('error: invalid deployment config: kpis[1].name: KPI "a" is already defined by item 0\n');
  });

  // Uses the deployment the test before made (and its KPIs: conversion_rate, refunds).
  it('ballast kpis prints each window and version with its KPIs and interval, and --json the whole answer', async () => {
    const store = await openStore(`sqlite:${path.join(dir, 'data', 'ballast.db')}`);
    try {
      const deployment = (await store.deployments.findByName('credit'))!;
      const t0 = Date.parse('2026-11-25T10:00:00Z');
      const ids = Array.from({ length: 4 }, (_, i) => encodeTime(t0 + i * 1000, 10) + String(i).padStart(16, '0'));
      await store.predictions.insertMany(
        ids.map((id, i) => ({
          id,
          at: new Date(t0 + i * 1000).toISOString(),
          deploymentId: deployment.id,
          deploymentName: 'credit',
          versionId: deployment.versionId,
          modelName: 'credit',
          modelVersion: 1,
          requestId: null,
          features: [],
          inputs: {},
          output: {},
          latencyMs: 1,
        })),
      );
      await store.events.insertMany([
        {
          id: 'E1',
          predictionId: ids[0]!,
          deploymentName: 'credit',
          versionId: deployment.versionId,
          predictionAt: new Date(t0).toISOString(),
          name: 'conversion',
          value: 1,
          at: '2026-11-25T10:05:00.000Z',
          receivedAt: '2026-11-25T10:05:00.000Z',
          actor: 'shop',
        },
      ]);
    } finally {
      await store.close();
    }
    const range = ['--from', '2026-11-25T10:00:00Z', '--to', '2026-11-25T10:01:00Z', '--window', '1m'];
    const shown = await ballast('kpis', 'credit', ...range);
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^window start\s+model\s+rows {2}KPIs/);
    expect(lines[1]).toMatch(
      /^2026-11-25T10:00:00.000Z\s+credit:1\s+4 {2}conversion_rate 0.25 \[0.04559, 0.6994\] n=4 {3}refunds 0 \[0, 0\] n=4$/,
    );
    const json = JSON.parse((await ballast('kpis', 'credit', ...range, '--json')).stdout);
    expect(json.windows[0].kpis[0]).toMatchObject({ name: 'conversion_rate', value: 0.25, count: 4 });
    expect(json.kpi_comparisons).toEqual([]);
    const backwards = await ballast('kpis', 'credit', '--from', '2026-11-25T11:00:00Z', '--to', '2026-11-25T10:00:00Z');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toBe('error: "from" must be before "to"\n');
  });
});
