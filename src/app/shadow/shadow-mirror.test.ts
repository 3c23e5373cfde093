import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ShadowOutcome } from '../../core/shadow/shadow-record.ts';
import type { ArtifactStore } from '../../store/artifact-store.ts';
import { registerTestVersion, sqliteFactory } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import type { LoadExecutor } from '../serving/serving-types.ts';
import { ShadowMirrorService, type ShadowMirrorOptions } from './shadow-mirror.ts';
import { answered, FakeShadowExecutor, shadowedDeployment } from './testing/shadow-fakes.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

let ctx: Awaited<ReturnType<typeof testContext>>;
let mirror: ShadowMirrorService;
let counts: Map<string, number>;
let problems: string[];
let busy: number[];
let loads: { version: string; deployment: string; executor: FakeShadowExecutor }[];
let nextMode: FakeShadowExecutor['mode'];
let failLoad: boolean;

const loadExecutor: LoadExecutor = async (version: ModelVersionRecord, _artifact, _config, deployment) => {
  if (failLoad) throw new Error('the artifact is corrupt');
  const executor = new FakeShadowExecutor();
  executor.mode = nextMode;
  loads.push({ version: version.id, deployment, executor });
  return executor;
};

function start(options: Partial<ShadowMirrorOptions> = {}): ShadowMirrorService {
  mirror = new ShadowMirrorService({
    // The fake executors need no artifact bytes.
    ctx: { ...ctx, artifacts: { read: async () => new Uint8Array(0) } as unknown as ArtifactStore },
    loadExecutor,
    flushMs: 3_600_000,
    onOutcome: (deployment, outcome: ShadowOutcome, rows) =>
      counts.set(`${deployment} ${outcome}`, (counts.get(`${deployment} ${outcome}`) ?? 0) + rows),
    onProblem: (message) => problems.push(message),
    onCall: (_deployment, ms) => busy.push(ms),
    ...options,
  });
  return mirror;
}

const stored = () => ctx.store.shadows.list('credit-risk', { limit: 100_000 });

beforeEach(async () => {
  ctx = await testContext(factory);
  for (const id of ['v1', 'v2', 'v3']) await registerTestVersion(ctx.store, id, ['x']);
  counts = new Map();
  problems = [];
  busy = [];
  loads = [];
  nextMode = 'answer';
  failLoad = false;
});
afterEach(async () => {
  await mirror?.close();
  await ctx.close();
});

describe('the shadow mirror', () => {
  it("scores each answered request with the shadow's own executor and writes rows linked to the primary's ids", async () => {
    start();
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 3));
    mirror.offer(answered(deployment, 'b', 2));
    await mirror.settle();
    expect(loads.map((l) => [l.version, l.deployment])).toEqual([['v2', 'credit-risk/shadow']]);
    const rows = await stored();
    expect(rows.map((r) => [r.primaryPredictionId, r.outcome, r.versionId, r.output])).toEqual([
      ['a0', 'scored', 'v2', { value: 0 }],
      ['a1', 'scored', 'v2', { value: 2 }],
      ['a2', 'scored', 'v2', { value: 4 }],
      ['b0', 'scored', 'v2', { value: 0 }],
      ['b1', 'scored', 'v2', { value: 2 }],
    ]);
    expect(rows.every((r) => r.latencyMs !== null && r.latencyMs >= 0 && r.error === null)).toBe(true);
    expect(counts.get('credit-risk scored')).toBe(5);
    // Two model calls (a's rows, then b's, queued while the shadow loaded), each timed for the shadow's own cost.
    expect(busy).toHaveLength(2);
  });

  it('drops and counts whole requests that do not fit its bounded queue while the shadow is busy', async () => {
    nextMode = 'hold';
    start({ limits: { maxQueuedRows: 10 } });
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 4)); // taken at once into the first call
    await new Promise((resolve) => setTimeout(resolve, 10));
    mirror.offer(answered(deployment, 'b', 6));
    mirror.offer(answered(deployment, 'c', 4)); // 10 rows wait: full
    mirror.offer(answered(deployment, 'd', 1)); // dropped
    mirror.offer(answered(deployment, 'e', 3)); // dropped
    expect(counts.get('credit-risk dropped')).toBe(4);
    const shadow = loads[0]!.executor;
    while (shadow.calls.length < 2) {
      shadow.release();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    shadow.release();
    await mirror.settle();
    // b and c were merged into one call of 10 rows behind a's.
    expect(shadow.calls.map((b) => b.rowCount)).toEqual([4, 10]);
    const rows = await stored();
    expect(rows.filter((r) => r.outcome === 'scored').map((r) => r.primaryPredictionId)).toEqual([
      ...['a0', 'a1', 'a2', 'a3'],
      ...['b0', 'b1', 'b2', 'b3', 'b4', 'b5'],
      ...['c0', 'c1', 'c2', 'c3'],
    ]);
    expect(rows.filter((r) => r.outcome === 'dropped').map((r) => [r.primaryPredictionId, r.rows, r.versionId])).toEqual([[null, 4, 'v2']]);
    expect(counts.get('credit-risk scored')).toBe(14);
  });

  it('takes an offer in constant time whatever the shadow does: one call under way, the rest queued or dropped', () => {
    nextMode = 'hang';
    start({ limits: { maxQueuedRows: 1000, timeoutMs: 50 } });
    const deployment = shadowedDeployment('v2');
    const groups = Array.from({ length: 20_000 }, (_, i) => answered(deployment, `r${i}-`, 2));
    const returned: unknown[] = [];
    const began = performance.now();
    for (const group of groups) returned.push(mirror.offer(group));
    const took = performance.now() - began;
    expect(returned.every((r) => r === undefined)).toBe(true);
    expect(loads[0]?.executor.calls ?? []).toHaveLength(0); // still loading: nothing scored yet, nothing waited for
    expect(counts.get('credit-risk dropped')).toBe(2 * 20_000 - 1000 - 2);
    // 20,000 offers, almost all dropped: a loaded test machine still does each in microseconds.
    expect(took).toBeLessThan(1000);
  });

  it('isolates a shadow that throws: its rows are written as failed, counted and reported, and the next requests are scored', async () => {
    nextMode = 'throw';
    start();
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 2));
    await mirror.settle();
    loads[0]!.executor.mode = 'answer';
    mirror.offer(answered(deployment, 'b', 1));
    await mirror.settle();
    const rows = await stored();
    expect(rows.map((r) => [r.primaryPredictionId, r.outcome, r.output, r.error])).toEqual([
      ['a0', 'failed', null, 'the shadow model failed: the shadow model crashed'],
      ['a1', 'failed', null, 'the shadow model failed: the shadow model crashed'],
      ['b0', 'scored', { value: 0 }, null],
    ]);
    expect([counts.get('credit-risk failed'), counts.get('credit-risk scored')]).toEqual([2, 1]);
    expect(problems).toEqual(['the shadow model of "credit-risk" failed on 2 rows']);
  });

  it('abandons a call that hangs past the timeout, counts its rows timed out, and moves on to the queue', async () => {
    nextMode = 'hang';
    start({ limits: { timeoutMs: 30 } });
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 2));
    mirror.offer(answered(deployment, 'b', 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    loads[0]!.executor.mode = 'answer';
    await mirror.settle();
    const rows = await stored();
    expect(rows.map((r) => [r.primaryPredictionId, r.outcome])).toEqual([
      ['a0', 'timed_out'],
      ['a1', 'timed_out'],
      ['b0', 'scored'],
    ]);
    expect(rows[0]!.error).toBe('the shadow model did not answer within 30 ms');
    expect(counts.get('credit-risk timed_out')).toBe(2);
  });

  it('mirrors a share of the requests given by the sample, decided per request by the injected random source', async () => {
    const draws = [0.2, 0.7, 0.49, 0.5];
    start({ random: () => draws.shift()! });
    const deployment = shadowedDeployment('v2', 2, 0.5);
    for (const prefix of ['a', 'b', 'c', 'd']) mirror.offer(answered(deployment, prefix, 1));
    await mirror.settle();
    expect((await stored()).map((r) => r.primaryPredictionId)).toEqual(['a0', 'c0']);
    expect(counts.get('credit-risk dropped')).toBeUndefined();
  });

  it('loads the new version when a later revision names another shadow, closing the old one', async () => {
    start();
    mirror.offer(answered(shadowedDeployment('v2', 2), 'a', 1));
    await mirror.settle();
    mirror.offer(answered(shadowedDeployment('v3', 3), 'b', 1));
    await mirror.settle();
    // An answer of the older revision still in flight goes to the current shadow, not back to v2.
    mirror.offer(answered(shadowedDeployment('v2', 2), 'c', 1));
    await mirror.settle();
    expect(loads.map((l) => l.version)).toEqual(['v2', 'v3']);
    expect(loads[0]!.executor.closed).toBe(true);
    expect(loads[1]!.executor.closed).toBe(false);
    expect((await stored()).map((r) => [r.primaryPredictionId, r.versionId])).toEqual([
      ['a0', 'v2'],
      ['b0', 'v3'],
      ['c0', 'v3'],
    ]);
  });

  it('reconciles with the stored deployments: warms a shadow that started, closes one that stopped', async () => {
    start();
    await mirror.reconcile([shadowedDeployment('v2')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(loads.map((l) => l.version)).toEqual(['v2']);
    await mirror.reconcile([shadowedDeployment(null, 3)]);
    expect(loads[0]!.executor.closed).toBe(true);
    // An answer still in flight from the revision that had the shadow does not start it again.
    mirror.offer(answered(shadowedDeployment('v2', 2), 'late', 1));
    await mirror.settle();
    expect(await stored()).toEqual([]);
    await mirror.reconcile([]);
    expect(loads).toHaveLength(1);
  });

  it('fails the rows of a shadow that does not load, reports it, and tries to load it again after a while', async () => {
    failLoad = true;
    let now = 0;
    start({ now: () => now, limits: { retryLoadMs: 1000 } });
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 1));
    await mirror.settle();
    failLoad = false;
    mirror.offer(answered(deployment, 'b', 1)); // too soon: no new load
    await mirror.settle();
    now = 1500;
    mirror.offer(answered(deployment, 'c', 1));
    await mirror.settle();
    expect((await stored()).map((r) => [r.primaryPredictionId, r.outcome, r.error])).toEqual([
      ['a0', 'failed', 'the shadow model could not be loaded: the artifact is corrupt'],
      ['b0', 'failed', 'the shadow model could not be loaded: the artifact is corrupt'],
      ['c0', 'scored', null],
    ]);
    expect(problems).toEqual(['the shadow model of "credit-risk" could not be loaded; trying again in 1000 ms']);
  });

  it('fails alone a request whose instances the shadow cannot read, scoring the others of the same call', async () => {
    nextMode = 'hold';
    start();
    const deployment = shadowedDeployment('v2');
    mirror.offer(answered(deployment, 'a', 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    mirror.offer(answered(deployment, 'b', 1));
    mirror.offer({ ...answered(deployment, 'c', 1), inputs: [{ y: 1 }] });
    mirror.offer(answered(deployment, 'd', 1));
    const shadow = loads[0]!.executor;
    shadow.mode = 'answer';
    shadow.release();
    await mirror.settle();
    expect((await stored()).map((r) => [r.primaryPredictionId, r.outcome])).toEqual([
      ['a0', 'scored'],
      ['c0', 'failed'],
      ['b0', 'scored'],
      ['d0', 'scored'],
    ]);
    expect(shadow.calls.map((b) => b.rowCount)).toEqual([1, 2]);
  });
});
