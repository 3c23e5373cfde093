import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRouting, ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { changeRouting } from '../routing-change.ts';
import { readInstances } from '../simulate.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import type { AnsweredRows, ExecutorOutput, ReviewHold, ReviewQueue, ShadowMirror } from './serving-extensions.ts';
import { ServingHost } from './serving-host.ts';
import type { Executor, ServingExtensions } from './serving-types.ts';
import { canary, FAKE_P1, keptLog, scriptedExecutors, twoVersions } from './testing/routed-versions.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

function policy(fallback: ReviewFallback): DeploymentRouting['review'] {
  return { when: { kind: 'max_probability_below', threshold: 0.75 }, whenText: 'max_probability < 0.75', fallback, setAt: 'x', setBy: 'x' };
}

/** A queue that holds every other row (the odd ones) and keeps, in order, what happened. */
function fakeQueue(events: string[], fallback: ReviewFallback): ReviewQueue & { told: AnsweredRows[] } {
  const told: AnsweredRows[] = [];
  return {
    told,
    async hold(rows) {
      told.push(rows);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`held ${rows.ids.length}`);
      return rows.ids.map((id, i): ReviewHold | undefined =>
        i % 2 === 1 ? { id: `review-${id}`, fallback, reason: 'odd row' } : undefined,
      );
    },
  };
}

describe('the serving host calls the review queue, the shadow mirror and the ensemble builder', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let v1: ModelVersionRecord;
  let v2: ModelVersionRecord;
  let instances: Record<string, unknown>[];
  beforeEach(async () => {
    ctx = await testContext(factory);
    ({ v1, v2 } = await twoVersions(ctx));
    instances = await readInstances(path.join(EXAMPLES, 'live.csv'), 4);
  });
  afterEach(() => ctx.close());

  const route = (host: ServingHost, routing: DeploymentRouting) =>
    changeRouting(ctx, 'credit', () => ({ routing, action: 'test.route', details: {} }), host);

  async function serveWith(extensions: ServingExtensions, routing: DeploymentRouting, events: string[] = []) {
    const executors = scriptedExecutors();
    const log = keptLog();
    const logging = {
      append: async (records: Parameters<typeof log.append>[0]) => (events.push(`logged ${records.length}`), log.append(records)),
    };
    const host = new ServingHost(ctx, logging, executors.load, {}, { extensions, random: () => 0 });
    await host.start();
    await route(host, routing);
    return { host, log, executors };
  }

  it('answers held rows with the abstain fallback after the hold is stored, and logs the model output of every row', async () => {
    const events: string[] = [];
    const reviews = fakeQueue(events, { kind: 'abstain' });
    // A log sample rate that keeps nothing: the held rows are logged all the same.
    await deploy(ctx, { name: 'credit', model: 'credit:1', config: { logSampleRate: 1e-9 } });
    const { host, log } = await serveWith({ reviews }, { review: policy({ kind: 'abstain' }) }, events);
    try {
      const served = await host.predictInstances('credit', instances, 'req', 0);
      expect(events).toEqual(['held 4', 'logged 2']);
      expect(served.records).toEqual([
        { label: 0, probabilities: [0.7, 0.3] },
        { label: null },
        { label: 0, probabilities: [0.7, 0.3] },
        { label: null },
      ]);
      expect(served.reviews).toEqual([
        undefined,
        { id: `review-${served.ids[1]}`, status: 'pending' },
        undefined,
        { id: `review-${served.ids[3]}`, status: 'pending' },
      ]);
      expect(served.fallbacks).toEqual([undefined, 'abstain', undefined, 'abstain']);
      expect(log.records.map((r) => [r.id, r.output])).toEqual([
        [served.ids[1], { label: 0, probabilities: [0.7, 0.3] }],
        [served.ids[3], { label: 0, probabilities: [0.7, 0.3] }],
      ]);
      expect(reviews.told[0]).toMatchObject({ role: 'stable', ids: served.ids, inputs: instances, requestId: 'req' });
      expect(reviews.told[0]!.version.id).toBe(v1.id);
      // Without a review policy the queue is not asked.
      await route(host, {});
      await host.predictInstances('credit', instances, null, 0);
      expect(reviews.told).toHaveLength(1);
    } finally {
      await host.close();
    }
  });

  it('answers the label fallback alone, and the stable fallback with the stable version scoring rows another version answered', async () => {
    const labelled = await serveWith(
      { reviews: fakeQueue([], { kind: 'label', value: 0 }) },
      { review: policy({ kind: 'label', value: 0 }) },
    );
    try {
      const served = await labelled.host.predictInstances('credit', instances.slice(0, 2), null, 0);
      expect(served.records[1]).toEqual({ label: 0 });
    } finally {
      await labelled.host.close();
    }
    // A canary at 100% answers every row; held rows get what stable (version 1) says for them.
    const routing = { rollout: canary(v2.id, { weight: 100 }), review: policy({ kind: 'stable' }) };
    const { host, log, executors } = await serveWith({ reviews: fakeQueue([], { kind: 'stable' }) }, routing);
    try {
      const served = await host.predictInstances('credit', instances, null, 0);
      const canaryRecord = { label: 1, probabilities: [1 - FAKE_P1[2]!, FAKE_P1[2]] };
      const stableRecord = { label: 0, probabilities: [1 - FAKE_P1[1]!, FAKE_P1[1]] };
      expect(served.records).toEqual([canaryRecord, stableRecord, canaryRecord, stableRecord]);
      expect(served.answeredBy.map((a) => a.role)).toEqual(['canary', 'canary', 'canary', 'canary']);
      expect(executors.scored).toEqual([
        { version: 2, rows: 4 },
        { version: 1, rows: 2 },
      ]);
      // The log keeps the canary's own output for every row.
      expect(log.records.map((r) => r.output)).toEqual([canaryRecord, canaryRecord, canaryRecord, canaryRecord]);
    } finally {
      await host.close();
    }
  });

  it('offers every answered group to the shadow after the log committed, and a throwing shadow changes nothing', async () => {
    const events: string[] = [];
    const offered: AnsweredRows[] = [];
    const shadow: ShadowMirror = {
      offer: (rows) => {
        events.push('offered');
        offered.push(rows);
        throw new Error('the shadow broke');
      },
      close: async () => {},
    };
    const routing: DeploymentRouting = {
      rollout: canary(v2.id, { weight: 50, stickyKey: { kind: 'field', name: 'applicant_id' } }),
      shadow: { versionId: v2.id, sample: 1, startedAt: 'x', startedBy: 'x' },
    };
    const { host } = await serveWith({ shadow }, routing, events);
    try {
      const rows = await readInstances(path.join(EXAMPLES, 'live.csv'), 40);
      const served = await host.predictInstances('credit', rows, null, 0);
      expect(events[0]).toBe('logged 40');
      expect(offered.map((o) => o.role).sort()).toEqual(['canary', 'stable']);
      expect(offered.flatMap((o) => o.ids).sort()).toEqual([...served.ids].sort());
      for (const group of offered) {
        group.ids.forEach((id, i) => expect(group.inputs[i]).toBe(rows[served.ids.indexOf(id)]));
      }
      await route(host, {});
      await host.predictInstances('credit', rows, null, 0);
      expect(offered).toHaveLength(2);
    } finally {
      await host.close();
    }
  });

  it('answers an ensemble built from pooled member executors, with each member and the disagreement', async () => {
    const built: { versions: number[]; closes: number }[] = [];
    const ensemble: ServingExtensions['ensemble'] = (members, state) => {
      const record = { versions: members.map((m) => m.version.version), closes: 0 };
      built.push(record);
      const executor: Executor = {
        signature: members[0]!.executor.signature,
        async predict(batch): Promise<ExecutorOutput> {
          const outputs = await Promise.all(members.map((m) => m.executor.predict(batch)));
          const first = outputs[0]!;
          return {
            ...first,
            members: outputs.map((output, i) => ({
              versionId: members[i]!.version.id,
              model: { name: members[i]!.version.modelName, version: members[i]!.version.version },
              output,
            })),
            disagreement: Array.from({ length: batch.rowCount }, () => state.combine === 'mean'),
          };
        },
        close: async () => {
          record.closes++;
          // Members lent to the ensemble: closing them must leave the pooled executors alone.
          await Promise.all(members.map((m) => m.executor.close()));
        },
      };
      return executor;
    };
    const events: string[] = [];
    const reviews = fakeQueue(events, { kind: 'abstain' });
    const routing: DeploymentRouting = {
      ensemble: { memberVersionIds: [v1.id, v2.id], combine: 'mean', maxSpread: null, onDisagreement: 'review', setAt: 'x', setBy: 'x' },
      review: policy({ kind: 'abstain' }),
    };
    const { host, log, executors } = await serveWith({ ensemble, reviews }, routing, events);
    try {
      const served = await host.predictInstances('credit', instances.slice(0, 2), null, 0);
      expect(built).toEqual([{ versions: [1, 2], closes: 0 }]);
      const members = [
        { model: { name: 'credit', version: 1 }, label: 0, probabilities: [0.7, 0.3] },
        { model: { name: 'credit', version: 2 }, label: 1, probabilities: [1 - FAKE_P1[2]!, FAKE_P1[2]] },
      ];
      expect(served.members).toEqual([members, members]);
      expect(served.answeredBy.map((a) => [a.model.version, a.role])).toEqual([
        [1, 'stable'],
        [1, 'stable'],
      ]);
      expect(reviews.told[0]!.disagreement).toEqual([true, true]);
      expect(log.records[0]!.output).toEqual({ label: 0, probabilities: [0.7, 0.3], members });
      // Leaving the ensemble closes it, not its members' pooled executors: version 1 still serves.
      await route(host, {});
      expect(built[0]!.closes).toBe(1);
      expect(executors.closed).toEqual([2]);
      expect((await host.predictInstances('credit', instances.slice(0, 1), null, 0)).members).toBeUndefined();
    } finally {
      await host.close();
    }
  });

  it("answers the rows an ensemble's members disagree on with the fallback, queueing nothing, under on_disagreement: fallback", async () => {
    const state = {
      memberVersionIds: [v1.id, v2.id],
      combine: 'mean' as const,
      maxSpread: 0.1,
      onDisagreement: 'fallback' as const,
      setAt: 'x',
      setBy: 'x',
    };
    // Without a review policy the fallback is abstain; with one, its fallback.
    for (const [routing, told] of [
      [{ ensemble: state }, { label: null }],
      [{ ensemble: state, review: policy({ kind: 'label', value: 1 }) }, { label: 1 }],
    ] as const) {
      // The first row this ensemble answers is one its members disagree on (the batcher may score rows one by one).
      let answered = 0;
      const ensemble: ServingExtensions['ensemble'] = (members) => ({
        signature: members[0]!.executor.signature,
        async predict(batch): Promise<ExecutorOutput> {
          const first = await members[0]!.executor.predict(batch);
          return { ...first, disagreement: Array.from({ length: batch.rowCount }, () => answered++ === 0) };
        },
        close: async () => undefined,
      });
      const events: string[] = [];
      // No review queue: what the policy's own condition holds is another test's; here only its fallback counts.
      const { host, log } = await serveWith({ ensemble }, routing, events);
      try {
        const served = await host.predictInstances('credit', instances.slice(0, 2), null, 0);
        expect(served.records[0]).toEqual(told);
        expect(served.records[1]).toEqual({ label: 0, probabilities: [0.7, 0.3] });
        expect(served.fallbacks).toEqual([told.label === null ? 'abstain' : 'label', undefined]);
        expect(served.reviews).toEqual([undefined, undefined]);
        // The log keeps what the model said.
        expect(log.records[0]!.output).toEqual({ label: 0, probabilities: [0.7, 0.3] });
      } finally {
        await host.close();
      }
    }
  });

  it('keeps the previous routing when an ensemble is set on a server without ensemble support', async () => {
    const { host } = await serveWith({}, {});
    try {
      await route(host, {
        ensemble: {
          memberVersionIds: [v1.id, v2.id],
          combine: 'mean',
          maxSpread: null,
          onDisagreement: 'fallback',
          setAt: 'x',
          setBy: 'x',
        },
      });
      expect((await host.predictInstances('credit', instances.slice(0, 1), null, 0)).model.version).toBe(1);
    } finally {
      await host.close();
    }
  });
});
