import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVersionDeployment } from '../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../src/app/context.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

let dir: string;
const dataDir = () => path.join(dir, 'data');
const settings = () => ({ dataDir: dataDir(), databaseUrl: `sqlite:${path.join(dataDir(), 'ballast.db')}` });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-shadow-cli-'));
  const ctx = await openAppContext(settings(), 'ci');
  try {
    await twoVersionDeployment(ctx); // credit-risk serves credit:2
  } finally {
    await ctx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: dataDir(), env: { BALLAST_ACTOR: 'ana' } });
}

/** Logs `n` predictions of the deployment and the shadow's answers to them: the first `flips` with the other label. */
async function mirrored(n: number, flips: number): Promise<void> {
  const ctx = await openAppContext(settings(), 'ci');
  try {
    const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
    const version = (await ctx.store.versions.findById(deployment.versionId))!;
    const features = version.signature.inputs.map((f) => f.name);
    const ids = Array.from({ length: n }, () => ctx.newId());
    await ctx.store.predictions.insertMany(
      ids.map((id, i) => ({
        id,
        at: ctx.clock().toISOString(),
        deploymentId: deployment.id,
        deploymentName: 'credit-risk',
        versionId: version.id,
        modelName: 'credit',
        modelVersion: 2,
        requestId: null,
        features,
        inputs: Object.fromEntries(version.signature.inputs.map((f) => [f.name, f.type === 'string' ? 'x' : i])),
        output: { label: 0, probabilities: [0.8, 0.2] },
        latencyMs: 2,
      })),
    );
    await ctx.store.shadows.insertMany(
      ids.map((id, i) => ({
        id: ctx.newId(),
        primaryPredictionId: id,
        deploymentName: 'credit-risk',
        versionId: deployment.routing.shadow!.versionId,
        at: ctx.clock().toISOString(),
        outcome: 'scored',
        rows: 1,
        output: i < flips ? { label: 1, probabilities: [0.4, 0.6] } : { label: 0, probabilities: [0.7, 0.3] },
        error: null,
        latencyMs: 4,
      })),
    );
  } finally {
    await ctx.close();
  }
}

describe('ballast shadow', () => {
  it('starts a shadow after its smoke request, reports on what it mirrored in text and JSON, and stops it', async () => {
    const started = await ballast('shadow', 'start', 'credit-risk', '--model', 'credit:1', '--sample', '0.5');
    expect([started.code, started.stderr]).toEqual([0, '']);
    expect(started.stdout.trim()).toBe('credit-risk: shadow credit:1 started, mirroring 50% of answered requests (revision 3)');

    await mirrored(20, 5);
    const text = await ballast('shadow', 'report', 'credit-risk');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('credit-risk: primary credit:2, shadow credit:1');
    expect(lines[1]).toBe('compared 20 predictions (0 without a logged primary); dropped 0, failed 0, timed out 0');
    expect(lines[2]).toBe('agreement 75%, label flips 25%');
    expect(lines[3]).toBe('  0 → 1: 5');
    expect(text.stdout).toContain('latency p50/p99: primary 2 ms / 2 ms, shadow 4 ms / 4 ms');
    expect(text.stdout).toContain('performance: no labels yet');

    const json = await ballast('shadow', 'report', 'credit-risk', '--json', '--from', '2000-01-01');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      deployment: 'credit-risk',
      shadow: { name: 'credit', version: 1 },
      from: '2000-01-01T00:00:00.000Z',
      rows: 20,
      agreement_rate: 0.75,
      score_difference: { p50: expect.closeTo(0.1, 12) },
    });

    const stopped = await ballast('shadow', 'stop', 'credit-risk');
    expect([stopped.code, stopped.stdout.trim()]).toEqual([0, 'credit-risk: shadow stopped (revision 4)']);
    const again = await ballast('shadow', 'stop', 'credit-risk');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('deployment "credit-risk" has no shadow');
  });

  it('refuses a bad sample, a bad time and the stable version with exit code 2', async () => {
    const sample = await ballast('shadow', 'start', 'credit-risk', '--model', 'credit:1', '--sample', '1.5');
    expect([sample.code, sample.stderr]).toEqual([2, expect.stringContaining('must be a share in (0, 1]')]);
    const time = await ballast('shadow', 'report', 'credit-risk', '--from', 'yesterday-ish');
    expect([time.code, time.stderr]).toEqual([2, expect.stringContaining('must be a time')]);
    const stable = await ballast('shadow', 'start', 'credit-risk', '--model', 'credit:2');
    expect([stable.code, stable.stderr]).toEqual([2, expect.stringContaining('is the version deployment "credit-risk" serves')]);
  });
});
