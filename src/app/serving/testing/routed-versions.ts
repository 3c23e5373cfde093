import path from 'node:path';
import type { ModelVersionRecord } from '../../../core/registry-records.ts';
import type { RolloutState } from '../../../core/rollouts/deployment-routing.ts';
import type { PredictionLogRecord } from '../../../core/serving-records.ts';
import { deploy } from '../../deployments.ts';
import { registerModel } from '../../register-model.ts';
import type { AppContext } from '../../context.ts';
import { EXAMPLES } from '../../testing/test-context.ts';
import type { Executor, LoadExecutor, PredictionLog } from '../serving-types.ts';

/** P(class 1) each fake version answers for every row: version 1 says "no" (label 0), version 2 says "yes" (label 1). */
export const FAKE_P1: Readonly<Record<number, number>> = { 1: 0.3, 2: 0.8 };

/**
 * Executors that answer a fixed score per version, so a test can tell which version scored a row,
 * recording which versions were loaded and closed and which rows each one scored.
 */
export function scriptedExecutors(options: { failing?: number; failingPredict?: number } = {}) {
  const loads: number[] = [];
  const closed: number[] = [];
  const scored: { version: number; rows: number }[] = [];
  const load: LoadExecutor = async (version) => {
    if (version.version === options.failing) throw new Error(`version ${version.version} does not load`);
    loads.push(version.version);
    const p1 = FAKE_P1[version.version] ?? 0.5;
    const executor: Executor = {
      signature: version.signature,
      async predict(batch) {
        if (version.version === options.failingPredict) throw new Error(`version ${version.version} crashed`);
        scored.push({ version: version.version, rows: batch.rowCount });
        const probabilities = new Float64Array(batch.rowCount * 2);
        for (let i = 0; i < batch.rowCount; i++) probabilities.set([1 - p1, p1], i * 2);
        return { kind: 'binary', classes: [0, 1], probabilities, labelIndex: new Int32Array(batch.rowCount).fill(p1 >= 0.5 ? 1 : 0) };
      },
      close: async () => void closed.push(version.version),
    };
    return executor;
  };
  return { load, loads, closed, scored };
}

/** A log that keeps every record appended. */
export function keptLog(): PredictionLog & { records: PredictionLogRecord[] } {
  const records: PredictionLogRecord[] = [];
  return { records, append: async (appended) => void records.push(...appended) };
}

/** credit:1 and credit:2 (the example models, reading the same inputs) and a deployment `credit` of credit:1. */
export async function twoVersions(ctx: AppContext): Promise<{ v1: ModelVersionRecord; v2: ModelVersionRecord }> {
  await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
  await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
  await deploy(ctx, { name: 'credit', model: 'credit:1' });
  const model = (await ctx.store.models.findByName('credit'))!;
  return { v1: (await ctx.store.versions.find(model.id, 1))!, v2: (await ctx.store.versions.find(model.id, 2))! };
}

/** A canary of `candidateVersionId` at `weight` percent; patch for other strategies and states. */
export function canary(candidateVersionId: string, patch: Partial<RolloutState> = {}): RolloutState {
  return {
    id: '01ROLLOUT0000000000000000AA',
    strategy: 'canary',
    candidateVersionId,
    status: 'progressing',
    steps: [10, 25, 50, 100],
    stepIndex: 0,
    stepStartedAt: '2026-11-25T12:00:00.000Z',
    stepDurationMs: 600_000,
    weight: 10,
    stickyKey: null,
    gateRules: [],
    keepPreviousMs: 1_800_000,
    switchedAt: null,
    previousVersionId: null,
    startedAt: '2026-11-25T12:00:00.000Z',
    startedBy: 'tester',
    ...patch,
  };
}
