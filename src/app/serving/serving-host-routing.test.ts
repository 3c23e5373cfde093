import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRouting } from '../../core/rollouts/deployment-routing.ts';
import { stickyBucket } from '../../core/rollouts/route-request.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { changeRouting } from '../routing-change.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import path from 'node:path';
import { ServingHost } from './serving-host.ts';
import type { ServingHooks } from './serving-types.ts';
import { canary, keptLog, scriptedExecutors, twoVersions } from './testing/routed-versions.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('ServingHost routes by the revision it serves', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let v1: ModelVersionRecord;
  let v2: ModelVersionRecord;
  let instances: Record<string, unknown>[];
  beforeEach(async () => {
    ctx = await testContext(factory);
    ({ v1, v2 } = await twoVersions(ctx));
    instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 40);
  });
  afterEach(() => ctx.close());

  const route = (host: ServingHost, routing: DeploymentRouting) =>
    changeRouting(ctx, 'credit', () => ({ routing, action: 'test.route', details: {} }), host);

  it('loads a candidate once, moves its weight without loading, and closes it when nothing routes to it', async () => {
    const executors = scriptedExecutors();
    const host = new ServingHost(ctx, keptLog(), executors.load);
    try {
      await host.start();
      await route(host, { rollout: canary(v2.id, { weight: 10 }) });
      expect(executors.loads).toEqual([1, 2]);
      await route(host, { rollout: canary(v2.id, { weight: 25, stepIndex: 1 }) });
      await route(host, { rollout: canary(v2.id, { weight: 25, stepIndex: 1, status: 'paused' }) });
      // Routing-only revisions: nothing loaded again, nothing closed.
      expect(executors.loads).toEqual([1, 2]);
      expect(executors.closed).toEqual([]);
      expect(host.loadedVersions).toBe(2);
      await route(host, {});
      expect(executors.closed).toEqual([2]);
      expect(host.loadedVersions).toBe(1);
      const served = await host.predictInstances('credit', instances.slice(0, 3), null, 0);
      expect(served.answeredBy.map((a) => a.role)).toEqual(['stable', 'stable', 'stable']);
    } finally {
      await host.close();
    }
    expect(executors.closed.sort()).toEqual([1, 2]);
  });

  it('splits a request by a field key, answers in its order, and logs each row with the version and role that answered', async () => {
    const executors = scriptedExecutors();
    const log = keptLog();
    const served: { version: number; rows: number }[] = [];
    const hooks: ServingHooks = { onServed: (version, records) => served.push({ version: version.version, rows: records.length }) };
    const host = new ServingHost(ctx, log, executors.load, hooks);
    try {
      await host.start();
      const rollout = canary(v2.id, { weight: 50, stickyKey: { kind: 'field', name: 'applicant_id' } });
      await route(host, { rollout });
      const answer = await host.predictInstances('credit', instances, 'req-1', 0);
      const expected = instances.map((row) => (stickyBucket(rollout.id, String(row.applicant_id)) < 5000 ? 2 : 1));
      expect(new Set(expected).size).toBe(2);
      expect(answer.answeredBy.map((a) => a.model.version)).toEqual(expected);
      expect(answer.answeredBy.map((a) => a.role)).toEqual(expected.map((v) => (v === 2 ? 'canary' : 'stable')));
      // Each row's answer is its version's: version 2 says 1, version 1 says 0.
      expect(answer.records.map((r) => ('label' in r ? r.label : undefined))).toEqual(expected.map((v) => (v === 2 ? 1 : 0)));
      // One model call per version, with its rows only.
      const count = (v: number) => expected.filter((e) => e === v).length;
      expect(executors.scored.sort((a, b) => a.version - b.version)).toEqual([
        { version: 1, rows: count(1) },
        { version: 2, rows: count(2) },
      ]);
      expect(served.sort((a, b) => a.version - b.version)).toEqual([
        { version: 1, rows: count(1) },
        { version: 2, rows: count(2) },
      ]);
      const byId = new Map(log.records.map((r) => [r.id, r]));
      answer.ids.forEach((id, i) => {
        const record = byId.get(id)!;
        expect([record.modelVersion, record.role, record.inputs]).toEqual([
          expected[i],
          expected[i] === 2 ? 'canary' : 'stable',
          instances[i],
        ]);
      });
      // The V2 view of the same answer: one output in the request's order.
      const output = answer.output;
      expect(output.kind === 'binary' && Array.from(output.labelIndex)).toEqual(expected.map((v) => (v === 2 ? 1 : 0)));
      // The same keys route the same way on a second call.
      const again = await host.predictInstances('credit', instances, null, 0);
      expect(again.answeredBy.map((a) => a.model.version)).toEqual(expected);
    } finally {
      await host.close();
    }
  });

  it('routes a whole request by a header key, and at random (counted) when the header is missing', async () => {
    const executors = scriptedExecutors();
    const missing: number[] = [];
    let draw = 0.1;
    const host = new ServingHost(
      ctx,
      keptLog(),
      executors.load,
      { onStickyKeyMissing: (_, rows) => missing.push(rows) },
      { random: () => draw },
    );
    try {
      await host.start();
      const rollout = canary(v2.id, { weight: 50, stickyKey: { kind: 'header', name: 'x-user-id' } });
      await route(host, { rollout });
      const versionFor = (user: string) => (stickyBucket(rollout.id, user) < 5000 ? 2 : 1);
      for (const user of ['u-1', 'u-2', 'u-3', 'u-4']) {
        const answer = await host.predictInstances('credit', instances.slice(0, 3), null, 0, (name) =>
          name === 'x-user-id' ? user : undefined,
        );
        expect(answer.answeredBy.map((a) => a.model.version)).toEqual([versionFor(user), versionFor(user), versionFor(user)]);
      }
      expect(missing).toEqual([]);
      const low = await host.predictInstances('credit', instances.slice(0, 3), null, 0);
      draw = 0.9;
      const high = await host.predictInstances('credit', instances.slice(0, 3), null, 0);
      expect([low.model.version, high.model.version]).toEqual([2, 1]);
      expect(missing).toEqual([1, 1]);
    } finally {
      await host.close();
    }
  });

  it('answers as green once blue/green switched, keeps blue loaded until it expires, and routes nothing to green before', async () => {
    const executors = scriptedExecutors();
    let now = Date.parse('2026-11-25T12:00:00.000Z');
    const host = new ServingHost({ ...ctx, clock: () => new Date(now) }, keptLog(), executors.load);
    try {
      await host.start();
      await route(host, { rollout: canary(v2.id, { strategy: 'blue-green', status: 'ready', steps: [], weight: 0 }) });
      expect(executors.loads).toEqual([1, 2]);
      expect((await host.predictInstances('credit', instances.slice(0, 2), null, 0)).answeredBy.map((a) => a.role)).toEqual([
        'stable',
        'stable',
      ]);
      const until = new Date(now + 60_000).toISOString();
      await changeRouting(
        ctx,
        'credit',
        () => ({
          versionId: v2.id,
          routing: {
            rollout: canary(v2.id, {
              strategy: 'blue-green',
              status: 'switched',
              steps: [],
              weight: 0,
              previousVersionId: v1.id,
              switchedAt: until,
            }),
            keepLoaded: [{ versionId: v1.id, until }],
          },
          action: 'test.switch',
          details: {},
        }),
        host,
      );
      const switched = await host.predictInstances('credit', instances.slice(0, 2), null, 0);
      expect(switched.answeredBy.map((a) => [a.model.version, a.role])).toEqual([
        [2, 'green'],
        [2, 'green'],
      ]);
      // Blue is still loaded: nothing loaded again, nothing closed.
      expect([executors.loads, executors.closed]).toEqual([[1, 2], []]);
      // The rollout ended (the controller removed it) but blue is kept until its time is up.
      await changeRouting(
        ctx,
        'credit',
        () => ({ routing: { keepLoaded: [{ versionId: v1.id, until }] }, action: 'test.end', details: {} }),
        host,
      );
      await host.refresh();
      expect(executors.closed).toEqual([]);
      now += 61_000;
      await host.refresh();
      expect(executors.closed).toEqual([1]);
      expect((await host.predictInstances('credit', instances.slice(0, 1), null, 0)).answeredBy[0]!.role).toBe('stable');
    } finally {
      await host.close();
    }
  });

  it('keeps serving the previous routing when a candidate fails to load, and never fails stable traffic', async () => {
    const executors = scriptedExecutors({ failing: 2 });
    const unavailable: string[] = [];
    const hooks: ServingHooks = {
      onRoutingUnavailable: (record, error) => unavailable.push(`${record.revision}: ${(error as Error).message}`),
    };
    const host = new ServingHost(ctx, keptLog(), executors.load, hooks, { random: () => 0 });
    try {
      await host.start();
      const { deployment } = await route(host, { rollout: canary(v2.id, { weight: 100 }) });
      expect(unavailable).toEqual([`${deployment.revision}: version 2 does not load`]);
      const answer = await host.predictInstances('credit', instances.slice(0, 2), null, 0);
      expect(answer.answeredBy.map((a) => [a.model.version, a.role])).toEqual([
        [1, 'stable'],
        [1, 'stable'],
      ]);
      // The failed revision is not tried again at every refresh.
      await host.refresh();
      await host.refresh();
      expect(unavailable).toHaveLength(1);
      // A server starting on that revision serves stable alone.
      const fresh = new ServingHost(ctx, keptLog(), executors.load, hooks, { random: () => 0 });
      try {
        await fresh.start();
        expect((await fresh.predictInstances('credit', instances.slice(0, 1), null, 0)).model.version).toBe(1);
        expect(unavailable).toHaveLength(2);
      } finally {
        await fresh.close();
      }
    } finally {
      await host.close();
    }
  });

  it('finds a prepared candidate warm when a revision routes to it, and closes a discarded one', async () => {
    const executors = scriptedExecutors();
    const host = new ServingHost(ctx, keptLog(), executors.load, {}, { random: () => 0 });
    try {
      const { deployment } = (await host.start(), { deployment: (await ctx.store.deployments.findByName('credit'))! });
      const prepared = await host.prepare(deployment, v2);
      await route(host, { rollout: canary(v2.id, { weight: 100 }) });
      await prepared.discard();
      expect(executors.loads).toEqual([1, 2]);
      expect(executors.closed).toEqual([]);
      expect((await host.predictInstances('credit', instances.slice(0, 1), null, 0)).answeredBy[0]!.role).toBe('canary');
      await route(host, {});
      expect(executors.closed).toEqual([2]);
      const again = await host.prepare(deployment, v2);
      await again.discard();
      expect(executors.loads).toEqual([1, 2, 2]);
      expect(executors.closed).toEqual([2, 2]);
    } finally {
      await host.close();
    }
  });

  it('splits a decoded (V2) request too, each version reading it by its own signature', async () => {
    const executors = scriptedExecutors();
    const host = new ServingHost(ctx, keptLog(), executors.load);
    try {
      await host.start();
      const rollout = canary(v2.id, { weight: 50, stickyKey: { kind: 'field', name: 'applicant_id' } });
      await route(host, { rollout });
      const signatures: unknown[] = [];
      const answer = await host.predictDecoded(
        'credit',
        (signature) => {
          signatures.push(signature);
          return { batch: compileInstanceReader(signature.inputs)(instances), inputs: instances };
        },
        null,
        0,
      );
      const expected = instances.map((row) => (stickyBucket(rollout.id, String(row.applicant_id)) < 5000 ? 2 : 1));
      expect(answer.answeredBy.map((a) => a.model.version)).toEqual(expected);
      expect(signatures).toEqual([v1.signature, v2.signature]);
      const count = (v: number) => expected.filter((e) => e === v).length;
      expect(executors.scored.sort((a, b) => a.version - b.version)).toEqual([
        { version: 1, rows: count(1) },
        { version: 2, rows: count(2) },
      ]);
    } finally {
      await host.close();
    }
  });

  it('charges a failure to the version that failed, so monitoring can compare the candidate with stable', async () => {
    const executors = scriptedExecutors({ failingPredict: 2 });
    const failed: string[] = [];
    const served: number[] = [];
    const hooks: ServingHooks = {
      onFailed: (version, deployment) => failed.push(`${deployment}:${version.version}`),
      onServed: (version) => served.push(version.version),
    };
    let draw = 0;
    const host = new ServingHost(ctx, keptLog(), executors.load, hooks, { random: () => draw });
    try {
      await host.start();
      await route(host, { rollout: canary(v2.id, { weight: 50 }) });
      await expect(host.predictInstances('credit', instances.slice(0, 2), null, 0)).rejects.toThrow('version 2 crashed');
      draw = 0.9;
      await host.predictInstances('credit', instances.slice(0, 2), null, 0);
      // A client's mistake is charged to the version the request was routed to, as before.
      await expect(host.predictInstances('credit', [{ ...instances[0], age: 'old' }], null, 0)).rejects.toThrow();
      expect(failed).toEqual(['credit:2', 'credit:1']);
      expect(served).toEqual([1]);
    } finally {
      await host.close();
    }
  });

  it('reports a bad value in a split request at its place in the request', async () => {
    const executors = scriptedExecutors();
    const host = new ServingHost(ctx, keptLog(), executors.load);
    try {
      await host.start();
      const rollout = canary(v2.id, { weight: 50, stickyKey: { kind: 'field', name: 'applicant_id' } });
      await route(host, { rollout });
      const rows = instances.slice(0, 10);
      const candidateRow = rows.findIndex((row) => stickyBucket(rollout.id, String(row.applicant_id)) < 5000 && rows.indexOf(row) > 0);
      expect(candidateRow).toBeGreaterThan(0);
      const bad = rows.map((row, i) => (i === candidateRow ? { ...row, age: 'old' } : row));
      const failure = await host.predictInstances('credit', bad, null, 0).catch((error: unknown) => error);
      expect((failure as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['instances', candidateRow, 'age']);
    } finally {
      await host.close();
    }
  });
});
