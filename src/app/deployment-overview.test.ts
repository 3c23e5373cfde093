import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import type { RankedDriftReport } from './monitoring/importance-ranks.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { deploy } from './deployments.ts';
import { deploymentsOverview, latestDrift } from './deployment-overview.ts';
import type { MonitoringWindow } from './monitoring/deployment-monitoring.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
let ctx: Awaited<ReturnType<typeof testContext>>;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

beforeAll(async () => {
  ctx = await testContext(factory);
  await registerModel(ctx, {
    name: 'credit',
    modelFile: path.join(EXAMPLES, 'model.xgb.json'),
    trainingData: path.join(EXAMPLES, 'train.csv'),
    importance: false,
    labelColumn: 'default',
    alias: 'champion',
  });
  await deploy(ctx, { name: 'credit', model: 'credit@champion' });
  await deploy(ctx, { name: 'idle', model: 'credit@champion' });
  const deployment = (await ctx.store.deployments.findByName('credit'))!;
  // The reference itself as the window of 11:58: compared, and nothing drifted.
  const reference = (await ctx.store.monitoring.findReference(deployment.versionId))!;
  const profile = DatasetProfile.fromJSON(reference.profile);
  await ctx.store.monitoring.insertWindows([
    {
      deployment: 'credit',
      versionId: deployment.versionId,
      windowStart: '2026-11-25T11:58:00.000Z',
      windowMs: 60_000,
      source: 'test',
      rows: profile.rows,
      profile: profile.toJSON(),
      reconstruction: null,
      status: 'complete',
      updatedAt: '2026-11-25T11:59:05.000Z',
    },
  ]);
  const features = (await ctx.store.versions.findById(deployment.versionId))!.signature.inputs.map((i) => i.name);
  const inputs = Object.fromEntries(features.map((f) => [f, null]));
  // Latencies 1…10 ms in the last hour, and one slow prediction from before it that must not count.
  const logged = (at: string, latencyMs: number, i: number) => ({
    id: `01KOVERVIEW${String(i).padStart(15, '0')}`,
    at,
    deploymentId: deployment.id,
    deploymentName: 'credit',
    versionId: deployment.versionId,
    modelName: 'credit',
    modelVersion: 1,
    requestId: null,
    features,
    inputs,
    output: { value: 0 },
    latencyMs,
  });
  await ctx.store.predictions.insertMany([
    logged('2026-11-25T10:30:00.000Z', 500, 0),
    ...Array.from({ length: 10 }, (_, i) => logged(`2026-11-25T11:5${i}:00.000Z`, i + 1, i + 1)),
  ]);
});
afterAll(async () => {
  await ctx.close();
  await factory.cleanup();
});

describe('deploymentsOverview', () => {
  it('gives each deployment its serving state, request errors, latency from the log and its latest drift', async () => {
    const overview = await deploymentsOverview({
      store: ctx.store,
      clock: () => new Date(NOW),
      monitoring: { store: ctx.store, clock: () => new Date(NOW), baseWindowMs: 60_000 },
      isServing: (name) => name === 'credit',
      requestOutcomes: (name) => (name === 'credit' ? { answered: 95, failed: 5 } : { answered: 0, failed: 0 }),
    });
    expect(overview.map((d) => d.name).sort()).toEqual(['credit', 'idle']);
    const credit = overview.find((d) => d.name === 'credit')!;
    expect(credit).toMatchObject({
      model: { name: 'credit', version: 1 },
      serving: true,
      requests: { answered: 95, failed: 5, errorRate: 0.05 },
    });
    expect(credit.latency).toEqual({ count: 10, p50Ms: 5, p99Ms: 10, meanMs: 5.5, since: '2026-11-25T11:00:00.000Z' });
    expect(credit.drift).toMatchObject({
      windowStart: '2026-11-25T11:58:00.000Z',
      rows: 20_000,
      drifted: false,
      driftedShare: 0,
      driftedColumns: 0,
    });
    expect(credit.drift!.columns).toBeGreaterThan(10);

    const idle = overview.find((d) => d.name === 'idle')!;
    expect(idle).toMatchObject({ serving: false, requests: { answered: 0, failed: 0, errorRate: null }, latency: null, drift: null });
  });

  it('says nothing of requests when the server does not count them', async () => {
    const [first] = await deploymentsOverview({
      store: ctx.store,
      clock: () => new Date(NOW),
      monitoring: { store: ctx.store, clock: () => new Date(NOW), baseWindowMs: 60_000 },
      isServing: () => true,
    });
    expect(first!.requests).toBeNull();
  });
});

describe('latestDrift', () => {
  const window = (start: string, rows: number, drift: { drifted: boolean; share: number } | null): MonitoringWindow => ({
    start,
    end: start,
    model: { name: 'm', version: 1 },
    rows,
    status: 'complete',
    quality: { rows, columns: [], violations: [], violations_total: 0 },
    latency: null,
    drift:
      drift &&
      ({
        dataset: { drifted: drift.drifted, drifted_share: drift.share, columns: 4, drifted_columns: drift.share * 4, share_threshold: 0.5 },
        columns: [],
      } as unknown as RankedDriftReport),
  });

  it('takes the newest compared window, the busier version of a shared one, and skips windows without a comparison', () => {
    expect(
      latestDrift([
        window('10:01', 5, { drifted: true, share: 0.75 }),
        window('10:00', 9, { drifted: false, share: 0 }),
        window('10:02', 5, null),
      ]),
    ).toMatchObject({ windowStart: '10:01', driftedShare: 0.75, drifted: true });
    expect(
      latestDrift([window('10:01', 5, { drifted: true, share: 0.75 }), window('10:01', 50, { drifted: false, share: 0.25 })]),
    ).toMatchObject({ rows: 50, driftedShare: 0.25 });
    expect(latestDrift([window('10:02', 5, null)])).toBeNull();
  });
});
