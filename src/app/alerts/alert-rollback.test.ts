import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../../core/alerts/alert-rule.ts';
import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';
import type { PredictionOutput } from '../../runtime/model-runtime.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { verifyAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { setAlias } from '../set-alias.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { startRollout } from '../rollouts/start-rollout.ts';
import { recordingCandidates } from '../rollouts/testing/rollout-fixtures.ts';
import { createRollbackSink, type RollbackServing } from './alert-rollback.ts';
import { firing, rollbackRule, smallTrainingFile, twoVersionDeployment } from './testing/rollback-fixtures.ts';

const MINUTE = 60_000;

/** A serving host that loads nothing: it keeps what it was asked, and answers the smoke request as told. */
function fakeServing(answer?: (rows: number) => Promise<PredictionOutput>, onPrepare?: () => Promise<void>) {
  const calls: string[] = [];
  const serving: RollbackServing = {
    async prepare(deployment, version) {
      calls.push(`prepare ${version.modelName}:${version.version} for r${deployment.revision}`);
      await onPrepare?.();
      return {
        predict: async (batch) => {
          calls.push(`predict ${batch.rowCount}`);
          return answer ? answer(batch.rowCount) : { kind: 'regression', values: new Float64Array(batch.rowCount).fill(0.5) };
        },
        serve: async (record) => void calls.push(`serve r${record.revision}`),
        discard: async () => void calls.push('discard'),
      };
    },
  };
  return { serving, calls };
}

/** A test context whose clock reads `now` and moves only when told. */
async function clockedContext(factory: Parameters<typeof testContext>[0]) {
  const base = await testContext(factory);
  let now = Date.parse('2026-11-25T12:00:00.000Z');
  const ctx: AppContext = { ...base, clock: () => new Date(now) };
  return { ctx, advance: (ms: number) => void (now += ms), close: () => base.close() };
}

async function setUp(factory: Parameters<typeof testContext>[0]) {
  const clocked = await clockedContext(factory);
  await twoVersionDeployment(clocked.ctx);
  return clocked;
}

for (const factory of storeFactories()) {
  describe(`automated rollback on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("moves the deployment to its previous revision's version in one audited compare-and-set, and serves the smoke-tested target", async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const { serving, calls } = fakeServing();
        const outcomes: RollbackRecord[] = [];
        const sink = createRollbackSink(ctx, { serving, onOutcome: (o) => void outcomes.push(o) });
        await sink([firing(rollbackRule())]);

        const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([deployment.modelVersion, deployment.revision, deployment.updatedBy]).toEqual([1, 3, 'alert:inputs-drifted']);
        expect(calls).toEqual(['prepare credit:1 for r2', 'predict 5', 'serve r3']);
        const revisions = await ctx.store.deployments.revisions(deployment.id);
        expect(revisions[0]).toMatchObject({ revision: 3, modelVersion: 1, actor: 'alert:inputs-drifted' });

        const reason =
          'rolled back credit-risk from credit:2 to credit:1 (the version of revision 1, deployed by tester at ' +
          `${revisions[2]!.at}): drift.share was 0.42 (above 0.3) on credit:2, rule inputs-drifted; cooldown 1h`;
        const [attempt] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(attempt).toMatchObject({
          rule: 'inputs-drifted',
          from: { name: 'credit', version: 2 },
          to: { name: 'credit', version: 1 },
          outcome: 'rolled_back',
          reason,
          signal: 'drift.share',
          value: 0.42,
          threshold: 0.3,
        });
        expect(outcomes).toEqual([attempt]);

        const audit = (await ctx.store.audit.list(0)).at(-1)!;
        expect(audit).toMatchObject({
          actor: 'alert:inputs-drifted',
          action: 'deployment.rollback',
          objectId: 'credit-risk',
          details: {
            rule: 'inputs-drifted',
            signal: 'drift.share',
            value: 0.42,
            threshold: 0.3,
            from: 'credit:2',
            to: 'credit:1',
            reason,
            revision: 3,
          },
        });
        expect((await verifyAudit(ctx)).ok).toBe(true);
      } finally {
        await close();
      }
    });

    it('acts only on transitions to firing of rules with a rollback', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const { serving, calls } = fakeServing();
        const sink = createRollbackSink(ctx, { serving });
        const rule = rollbackRule();
        const pending: AlertTransition = { ...firing(rule), from: 'inactive', to: 'pending' };
        const resolved: AlertTransition = { ...firing(rule), from: 'firing', to: 'inactive' };
        await sink([pending, resolved, firing(rollbackRule({ rollback: null }))]);
        expect(calls).toEqual([]);
        expect(await ctx.store.rollbacks.listForDeployment('credit-risk')).toEqual([]);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(2);
      } finally {
        await close();
      }
    });

    it('rolls a deployment back once per cooldown and never back to a version rolled back from, saying why', async () => {
      const { ctx, advance, close } = await setUp(factory);
      try {
        const { serving, calls } = fakeServing();
        const sink = createRollbackSink(ctx, { serving });
        await sink([firing(rollbackRule())]);
        calls.length = 0;

        // A second rule fires on the version rolled back to: its `previous` is the version just rolled back from.
        advance(12 * MINUTE);
        await sink([firing(rollbackRule({ name: 'latency', signal: 'latency.p99', above: 50 }), 80, 1)]);
        // An alias target that is not the bad version: the deployment's own cooldown refuses it.
        await setAlias(ctx, 'credit:1', 'stable');
        await registerModel(ctx, {
          name: 'credit',
          modelFile: path.join(EXAMPLES, 'model.xgb.json'),
          trainingData: smallTrainingFile(ctx.dataDir),
          importance: false,
          labelColumn: 'default',
        });
        await setAlias(ctx, 'credit:3', 'stable');
        await sink([firing(rollbackRule({ name: 'errors' }, { to: { kind: 'alias', alias: 'stable' } }), 0.42, 1)]);
        const [second, first] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(first).toMatchObject({ rule: 'latency', outcome: 'refused', to: { name: 'credit', version: 2 } });
        expect(first!.reason).toBe('credit:2 was rolled back from 12 min ago; cooldown 1h');
        expect(second).toMatchObject({ rule: 'errors', outcome: 'refused', to: { name: 'credit', version: 3 } });
        expect(second!.reason).toBe(
          'credit-risk was already rolled back 12 min ago (credit:2 → credit:1 by rule inputs-drifted); one rollback per deployment per cooldown 1h',
        );
        expect(calls).toEqual([]);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(1);

        // Once the cooldown has passed, the alias target is allowed.
        advance(48 * MINUTE);
        await sink([firing(rollbackRule({ name: 'errors' }, { to: { kind: 'alias', alias: 'stable' } }), 0.42, 1)]);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(3);
      } finally {
        await close();
      }
    });

    it('records what a dry run would do without moving the deployment, and does not start a cooldown', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const { serving, calls } = fakeServing();
        const sink = createRollbackSink(ctx, { serving });
        const auditBefore = (await ctx.store.audit.list(0)).length;
        await sink([firing(rollbackRule({}, { dryRun: true }))]);
        const [attempt] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(attempt).toMatchObject({ outcome: 'dry_run', to: { name: 'credit', version: 1 } });
        expect(attempt!.reason).toMatch(/^dry run: would roll back credit-risk from credit:2 to credit:1 \(the version of revision 1, /);
        expect(attempt!.reason).toMatch(/; it answered a smoke request of 5 rows$/);
        expect(calls).toEqual(['prepare credit:1 for r2', 'predict 5', 'discard']);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(2);
        expect((await ctx.store.audit.list(0)).length).toBe(auditBefore);

        await sink([firing(rollbackRule())]);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(1);
      } finally {
        await close();
      }
    });

    it('does not roll back to a target that fails its smoke request or does not load', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const nan = fakeServing(async (rows) => ({ kind: 'regression', values: new Float64Array(rows).fill(Number.NaN) }));
        await createRollbackSink(ctx, { serving: nan.serving })([firing(rollbackRule())]);
        const broken: RollbackServing = { prepare: async () => Promise.reject(new Error('the artifact is corrupt')) };
        await createRollbackSink(ctx, { serving: broken })([firing(rollbackRule())]);
        const [notLoaded, notANumber] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(notANumber).toMatchObject({ outcome: 'failed', to: { name: 'credit', version: 1 } });
        expect(notANumber!.reason).toBe(
          'credit:1 did not answer a smoke request of 5 rows from its training snapshot: its prediction for row 1 is not a number (NaN)',
        );
        expect(notLoaded!.reason).toBe(
          'credit:1 did not answer a smoke request of 5 rows from its training snapshot: the artifact is corrupt',
        );
        expect(nan.calls).toEqual(['prepare credit:1 for r2', 'predict 5', 'discard']);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(2);
      } finally {
        await close();
      }
    });

    it('keeps a committed rollback, tells of it, and reports that this server could not serve the target', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const calls: string[] = [];
        const serving: RollbackServing = {
          prepare: async () => ({
            predict: async (batch) => ({ kind: 'regression', values: new Float64Array(batch.rowCount) }),
            serve: async () => Promise.reject(new Error('the worker pool is shutting down')),
            discard: async () => void calls.push('discard'),
          }),
        };
        const told: string[] = [];
        const run = createRollbackSink(ctx, { serving, onOutcome: (o) => void told.push(o.outcome) })([firing(rollbackRule())]);
        await expect(run).rejects.toThrow('the worker pool is shutting down');
        expect(told).toEqual(['rolled_back']);
        expect(calls).toEqual(['discard']);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(1);
      } finally {
        await close();
      }
    });

    it('leaves a deployment that moved while the smoke request ran as it is', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        // An operator deploys credit:1 themselves while the target is loading.
        const operator = { ...ctx, actor: 'alice' };
        const { serving, calls } = fakeServing(
          undefined,
          async () => void (await deploy(operator, { name: 'credit-risk', model: 'credit:1' })),
        );
        await createRollbackSink(ctx, { serving })([firing(rollbackRule())]);
        const [attempt] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(attempt).toMatchObject({ outcome: 'failed', to: { name: 'credit', version: 1 } });
        expect(attempt!.reason).toMatch(
          /^credit-risk moved while the rollback ran: it is at revision 3 \(credit:1, by alice at .*\), not 2; left as it is$/,
        );
        expect(calls.at(-1)).toBe('discard');
        const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([deployment.revision, deployment.updatedBy]).toEqual([3, 'alice']);
        expect((await ctx.store.audit.list(0)).filter((e) => e.action === 'deployment.rollback')).toEqual([]);
      } finally {
        await close();
      }
    });

    it('says why when there is nothing to roll back to', async () => {
      const { ctx, close } = await clockedContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await deploy(ctx, { name: 'credit-risk', model: 'credit:1' });
        // A config change is a new revision, not a version to go back to.
        await deploy(ctx, { name: 'credit-risk', model: 'credit:1', config: { logSampleRate: 0.5 } });
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
        const { serving, calls } = fakeServing();
        const sink = createRollbackSink(ctx, { serving });
        const on1 = (rule: ReturnType<typeof rollbackRule>) => firing(rule, 0.42, 1);
        await sink([
          on1(rollbackRule({ name: 'previous' })),
          on1(rollbackRule({ name: 'alias' }, { to: { kind: 'alias', alias: 'stable' } })),
          on1(rollbackRule({ name: 'ref' }, { to: { kind: 'model', ref: 'credit:9' } })),
          on1(rollbackRule({ name: 'same' }, { to: { kind: 'model', ref: 'credit:1' } })),
          on1(rollbackRule({ name: 'no-snapshot' }, { to: { kind: 'model', ref: 'credit:2' } })),
          firing(rollbackRule({ name: 'stale' }), 0.42, 7),
        ]);
        const reasons = Object.fromEntries(
          (await ctx.store.rollbacks.listForDeployment('credit-risk')).map((r) => [r.rule, `${r.outcome}: ${r.reason}`]),
        );
        expect(reasons).toEqual({
          previous: 'refused: credit-risk has served only credit:1: there is no earlier version to roll back to',
          alias: 'failed: the rollback target credit@stable does not exist: model "credit" has no alias "stable"',
          ref: 'failed: the rollback target credit:9 does not exist: model "credit" has no version 9',
          same: 'refused: credit-risk already serves credit:1, the rollback target (credit:1): nothing to roll back',
          'no-snapshot': 'refused: credit:2 has no training snapshot to send a smoke request from',
          stale:
            'refused: drift.share was 0.42 (above 0.3) on credit:7, rule stale, but credit-risk now serves credit:1 (revision 2): the signal is about a version no longer served',
        });
        expect(calls).toEqual([]);
      } finally {
        await close();
      }
    });

    it('aborts a canary under way instead of moving the stable version, on the record as a rollback from the candidate', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, { serving: recordingCandidates(ctx).serving });
        const { serving, calls } = fakeServing();
        await createRollbackSink(ctx, { serving })([firing(rollbackRule())]);

        const deployment = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([deployment.modelVersion, deployment.routing.rollout, deployment.updatedBy]).toEqual([2, undefined, 'alert:inputs-drifted']);
        expect(calls).toEqual([]);
        const [attempt] = await ctx.store.rollbacks.listForDeployment('credit-risk');
        expect(attempt).toMatchObject({ from: { name: 'credit', version: 1 }, to: { name: 'credit', version: 2 }, outcome: 'rolled_back' });
        expect(attempt!.reason).toMatch(/^aborted the canary rollout of credit-risk \(credit:1 back to credit:2\): drift.share was 0.42/);
        const [history] = await ctx.store.rollouts.listForDeployment('credit-risk', 1);
        expect(history).toMatchObject({ outcome: 'aborted', endedBy: 'alert:inputs-drifted' });
      } finally {
        await close();
      }
    });

    it('goes on with the next transition when one fails, and reports the failures together', async () => {
      const { ctx, close } = await setUp(factory);
      try {
        const { serving } = fakeServing();
        const told: string[] = [];
        const sink = createRollbackSink(ctx, {
          serving,
          onOutcome: (o) => {
            told.push(o.rule);
            if (o.rule === 'inputs-drifted') throw new Error('the incident store is down');
          },
        });
        const run = sink([firing(rollbackRule({ deployment: 'gone' })), firing(rollbackRule())]);
        await expect(run).rejects.toThrow(AggregateError);
        const errors = ((await run.catch((e: unknown) => e)) as AggregateError).errors.map((e: Error) => e.message);
        expect(errors).toEqual(['rule inputs-drifted fired for deployment "gone", which does not exist', 'the incident store is down']);
        expect(told).toEqual(['inputs-drifted']);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(1);
      } finally {
        await close();
      }
    });
  });
}
