import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../src/app/context.ts';
import type { PredictionLogRecord } from '../src/core/serving-records.ts';
import { registerTestVersion } from '../src/store/testing/test-stores.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');

function prediction(n: number, overrides: Partial<PredictionLogRecord>): PredictionLogRecord {
  return {
    id: `01PCLI000000000000000000${n}0`,
    at: `2026-12-01T10:00:0${n}.000Z`,
    deploymentId: 'd1',
    deploymentName: 'credit-risk',
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 1,
    requestId: null,
    features: ['x'],
    inputs: { x: n },
    output: { label: 'yes', probabilities: [0.25, 0.75] },
    latencyMs: 1.25,
    ...overrides,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-predictions-cli-'));
  const ctx = await openAppContext({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` }, 'ci');
  try {
    await registerTestVersion(ctx.store, 'v1', ['x']);
    await ctx.store.predictions.insertMany([
      prediction(1, {}),
      prediction(2, { role: 'canary', modelVersion: 2, output: { label: 'no', probabilities: [0.9, 0.1] } }),
      prediction(3, { role: 'stable' }),
    ]);
    // A row logged before roles were recorded.
    await ctx.store.db.updateTable('predictions').set({ role: null }).where('id', '=', prediction(1, {}).id).execute();
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir() });
}

describe('ballast predictions list', () => {
  it('prints the log newest first with the version and role that answered each prediction', async () => {
    const result = await ballast('predictions', 'list', '--deployment', 'credit-risk');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      '01PCLI00000000000000000030  2026-12-01T10:00:03.000Z  credit-risk  credit:1  stable  label yes (0.75)  1.3 ms',
      '01PCLI00000000000000000020  2026-12-01T10:00:02.000Z  credit-risk  credit:2  canary  label no (0.90)  1.3 ms',
      '01PCLI00000000000000000010  2026-12-01T10:00:01.000Z  credit-risk  credit:1  -  label yes (0.75)  1.3 ms',
    ]);
  });

  it('prints what GET /v1/predictions answers with --json, role null before roles', async () => {
    const result = await ballast('predictions', 'list', '--limit', '2', '--json');
    const page = JSON.parse(result.stdout) as { predictions: { id: string; role: string | null }[]; next: string | null };
    expect(page.predictions.map((p) => p.role)).toEqual(['stable', 'canary']);
    expect(page.next).toBe('01PCLI00000000000000000020');
    const older = JSON.parse((await ballast('predictions', 'list', '--before', page.next!, '--json')).stdout);
    expect(older.predictions).toEqual([expect.objectContaining({ id: '01PCLI00000000000000000010', role: null })]);
    expect((await ballast('predictions', 'list', '--limit', '0')).code).toBe(2);
  });
});
