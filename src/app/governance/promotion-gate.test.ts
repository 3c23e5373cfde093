import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { deploy } from '../deployments.ts';
import { startRollout } from '../rollouts/start-rollout.ts';
import { recordingCandidates, rolloutDeployment } from '../rollouts/testing/rollout-fixtures.ts';
import { registerModel } from '../register-model.ts';
import { setAlias } from '../set-alias.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { smallTrainingFile } from '../alerts/testing/rollback-fixtures.ts';
import path from 'node:path';
import { checkPromotionGate } from './promotion-gate.ts';

async function insertRun(ctx: AppContext, versionId: string, suite: string, passed: boolean): Promise<string> {
  const id = ctx.newId();
  await ctx.store.testRuns.insert({
    id,
    versionId,
    suiteName: suite,
    suiteHash: 'a'.repeat(64),
    dataFile: 'holdout.csv',
    dataHash: 'b'.repeat(64),
    dataRows: 100,
    seed: 0,
    passed,
    checks: [],
    createdBy: 'ci',
    createdAt: ctx.clock().toISOString(),
  });
  return id;
}

async function insertApproved(ctx: AppContext, version: ModelVersionRecord, stage: 'staging' | 'production'): Promise<void> {
  const at = ctx.clock().toISOString();
  await ctx.store.governance.insertApproval({
    id: ctx.newId(),
    versionId: version.id,
    modelName: version.modelName,
    modelVersion: version.version,
    stage,
    status: 'approved',
    requestedBy: 'ana',
    requestedAt: at,
    requestNote: null,
    testRunIds: [],
    reviewEveryDays: 90,
    decision: { status: 'approved', decidedBy: 'bo', decidedAt: at, note: null },
  });
}

async function policy(ctx: AppContext, modelId: string, requireSuites: string[], requireApproval: boolean): Promise<void> {
  await ctx.store.governance.setPolicy({
    modelId,
    requireSuites,
    requireApproval,
    updatedBy: 'lead',
    updatedAt: ctx.clock().toISOString(),
  });
}

async function refusal(work: Promise<unknown>): Promise<BallastError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

const admin = { reason: 'incident 42: the fix must ship tonight', role: 'admin' } as const;

for (const factory of storeFactories()) {
  describe(`promotion gates on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('lists every missing suite (no run; latest run failed, with its id) and the missing production approval; nothing without a policy', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const version = (await ctx.store.versions.findById('v1'))!;
        expect(await checkPromotionGate(ctx.store, { version, stage: 'production' })).toEqual([]);

        await policy(ctx, version.modelId, ['smoke', 'fairness'], true);
        await insertRun(ctx, 'v1', 'smoke', true);
        const failed = await insertRun(ctx, 'v1', 'fairness', false);
        await insertApproved(ctx, version, 'staging'); // another stage does not count
        const missing = await checkPromotionGate(ctx.store, { version, stage: 'production' });
        expect(missing).toEqual([
          {
            code: 'missing',
            path: ['suites', 'fairness'],
            message: `the latest run of suite "fairness" on model-v1:1 failed (run ${failed})`,
          },
          { code: 'missing', path: ['approval', 'production'], message: 'model-v1:1 has no approved production approval' },
        ]);

        await insertRun(ctx, 'v1', 'fairness', true); // the newest run decides
        await insertApproved(ctx, version, 'production');
        expect(await checkPromotionGate(ctx.store, { version, stage: 'production' })).toEqual([]);

        await insertRun(ctx, 'v1', 'smoke', false);
        expect((await checkPromotionGate(ctx.store, { version, stage: 'production' })).map((m) => m.path)).toEqual([['suites', 'smoke']]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses the champion alias with gate_failed writing nothing, moves it once the policy is met, and lets other aliases pass', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const version = (await ctx.store.versions.findById('v1'))!;
        await policy(ctx, version.modelId, ['smoke'], true);
        const auditBefore = (await ctx.store.audit.list()).length;

        const error = await refusal(setAlias(ctx, 'model-v1:1', 'champion'));
        expect(error.code).toBe('gate_failed');
        expect(error.status).toBe(409);
        expect(error.issues.map((i) => i.path)).toEqual([
          ['suites', 'smoke'],
          ['approval', 'production'],
        ]);
        expect(await ctx.store.aliases.find(version.modelId, 'champion')).toBeUndefined();
        expect((await ctx.store.audit.list()).length).toBe(auditBefore);

        await setAlias(ctx, 'model-v1:1', 'staging'); // only champion is gated
        await insertRun(ctx, 'v1', 'smoke', true);
        await insertApproved(ctx, version, 'production');
        await setAlias(ctx, 'model-v1:1', 'champion');
        expect((await ctx.store.aliases.find(version.modelId, 'champion'))?.versionId).toBe('v1');
      } finally {
        await ctx.close();
      }
    });

    it('refuses registering a version straight to champion under a policy: it has no run or approval yet', async () => {
      const ctx = await testContext(factory);
      try {
        const trainingData = smallTrainingFile(ctx.dataDir);
        const register = (file: string) =>
          registerModel(ctx, {
            name: 'credit',
            modelFile: path.join(EXAMPLES, file),
            trainingData,
            importance: false,
            labelColumn: 'default',
            alias: 'champion',
          });
        const first = await register('model.xgb.json'); // no policy yet: as before
        await policy(ctx, first.model.id, [], true);
        const error = await refusal(register('model.lgb.txt'));
        expect(error.code).toBe('gate_failed');
        expect(error.issues.map((i) => i.path)).toEqual([['approval', 'production']]);
        expect((await ctx.store.versions.listForModel(first.model.id)).map((v) => v.version)).toEqual([1]);
        expect((await ctx.store.aliases.find(first.model.id, 'champion'))?.versionId).toBe(first.version.id);
      } finally {
        await ctx.close();
      }
    });

    it('lets an admin override with a reason, audited gate.override with what was missing; refuses a non-admin or no reason first', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const version = (await ctx.store.versions.findById('v1'))!;
        await policy(ctx, version.modelId, ['smoke'], false);

        expect((await refusal(setAlias(ctx, 'model-v1:1', 'champion', { reason: 'hurry', role: 'operator' }))).code).toBe('forbidden');
        expect((await refusal(setAlias(ctx, 'model-v1:1', 'champion', { reason: 'hurry', role: undefined }))).code).toBe('forbidden');
        expect((await refusal(setAlias(ctx, 'model-v1:1', 'champion', { reason: '  ', role: 'admin' }))).code).toBe('invalid_argument');
        expect(await ctx.store.aliases.find(version.modelId, 'champion')).toBeUndefined();

        await setAlias(ctx, 'model-v1:1', 'champion', admin);
        expect((await ctx.store.aliases.find(version.modelId, 'champion'))?.versionId).toBe('v1');
        const entries = await ctx.store.audit.list();
        expect(entries.map((e) => e.action).slice(-2)).toEqual(['gate.override', 'alias.set']);
        expect(entries.at(-2)).toMatchObject({
          actor: 'tester',
          objectId: 'model-v1:1',
          details: {
            target: 'model-v1@champion',
            stage: 'production',
            missing: ['model-v1:1 has no run of suite "smoke"'],
            reason: admin.reason,
          },
        });
      } finally {
        await ctx.close();
      }
    });

    it('gates a production deployment: creating one, moving it, or marking it production; a later deploy keeps production', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const version = (await ctx.store.versions.findById('v1'))!;
        await policy(ctx, version.modelId, [], true);

        await deploy(ctx, { name: 'scoring', model: 'model-v1:1' }); // not production: no gate
        const error = await refusal(deploy(ctx, { name: 'scoring', model: 'model-v1:1', config: { production: true } }));
        expect(error.code).toBe('gate_failed');
        expect(error.issues.map((i) => i.path)).toEqual([['approval', 'production']]);
        expect((await ctx.store.deployments.findByName('scoring'))!.config.production).toBeUndefined();
        expect((await refusal(deploy(ctx, { name: 'live', model: 'model-v1:1', config: { production: true } }))).code).toBe('gate_failed');
        expect(await ctx.store.deployments.findByName('live')).toBeUndefined();

        await insertApproved(ctx, version, 'production');
        const marked = await deploy(ctx, { name: 'scoring', model: 'model-v1:1', config: { production: true } });
        expect(marked.deployment.config.production).toBe(true);
        const again = await deploy(ctx, { name: 'scoring', model: 'model-v1:1', config: { maxBatchSize: 8 } });
        expect(again.deployment.config).toMatchObject({ production: true, maxBatchSize: 8 });
        const off = await deploy(ctx, { name: 'scoring', model: 'model-v1:1', config: { production: false } });
        expect(off.changed).toBe(true);
        expect(off.deployment.config.production).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it("gates a rollout's candidate on a production deployment before loading it, and lets an admin force it", async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx); // credit-risk serves credit:2; credit:1 is the candidate
        const v1 = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 1))!;
        await policy(ctx, v1.modelId, ['smoke'], true);
        await insertRun(ctx, v1.id, 'smoke', true);
        // credit:2 has no approval: marking the deployment production is refused; an admin forces it.
        expect((await refusal(deploy(ctx, { name: 'credit-risk', model: 'credit:2', config: { production: true } }))).code).toBe(
          'gate_failed',
        );
        await deploy(ctx, { name: 'credit-risk', model: 'credit:2', config: { production: true }, override: admin });
        const { serving, events } = recordingCandidates(ctx);
        const start = (override?: typeof admin) =>
          startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary', override }, { serving });

        const error = await refusal(start());
        expect(error.code).toBe('gate_failed');
        expect(error.issues.map((i) => i.path)).toEqual([['approval', 'production']]);
        expect(events).toEqual([]); // refused before the candidate was loaded
        expect((await ctx.store.deployments.findByName('credit-risk'))!.routing.rollout).toBeUndefined();

        const status = await start(admin);
        expect(status.rollout?.candidate).toEqual({ name: 'credit', version: 1 });
        const actions = (await ctx.store.audit.list()).map((e) => e.action);
        expect(actions.slice(-2)).toEqual(['gate.override', 'rollout.start']);
      } finally {
        await ctx.close();
      }
    });
  });
}
