import { afterAll, describe, expect, it } from 'vitest';
import { stepAlertState } from '../../core/alerts/alert-state-machine.ts';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';
import type { FeatureImportance } from '../../core/explain/global-importance.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deploymentMonitoring } from '../monitoring/deployment-monitoring.ts';
import { recoverWindows } from '../monitoring/window-recovery.ts';
import { classifications, seedPerformanceDeployment, T0 } from '../performance/testing/performance-test-data.ts';
import { readSignals, type SignalSources } from './signal-reader.ts';

const WINDOW = 10_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const SIGNALS = ['drift.important.share', 'drift.important.max', 'drift.column.x', 'drift.column.region'];

/**
 * The deployment `credit` (v1: inputs x and region, with a reference profile) served 600 rows over
 * the minute from T0 whose x moved three standard deviations while region kept its mix.
 */
async function drifted(store: Store): Promise<SignalSources> {
  await seedPerformanceDeployment(store);
  const { records } = classifications(T0, 600, 11);
  await store.predictions.insertMany(records.map((r) => ({ ...r, inputs: { ...r.inputs, x: (r.inputs.x as number) + 3 } })));
  await recoverWindows(store, { windowMs: WINDOW, until: new Date(T0 + 60_000), now: () => new Date(T0 + 60_000) });
  return { store, clock: () => new Date(T0 + 25_000), baseWindowMs: WINDOW };
}

const ranked = (...names: string[]): FeatureImportance[] => names.map((feature, i) => ({ feature, importance: 1 / (i + 1), rank: i + 1 }));

async function saveImportance(store: Store, features: FeatureImportance[]): Promise<void> {
  await store.importance.save({
    versionId: 'v1',
    method: 'tree_shap',
    space: 'margin',
    sampleRows: 200,
    seed: 0,
    features,
    computedAt: iso(-1),
  });
}

for (const factory of storeFactories()) {
  describe(`drift.important.* signals (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it("read the drift of the version's most important columns, and fire a rule on them", async () => {
      const store = await factory.create();
      try {
        const sources = await drifted(store);
        const query = { deployment: 'credit', windowMs: WINDOW, now: new Date(T0 + 25_000) };
        const window = { start: iso(10_000), end: iso(20_000), model: { name: 'credit', version: 1 } };

        const none = await readSignals(sources, query, SIGNALS);
        expect(none.get('drift.important.share')).toMatchObject({ kind: 'no_data', reason: expect.stringMatching(/no global importance/) });
        expect(none.get('drift.important.max')).toMatchObject({ kind: 'no_data' });

        const ranks = async () =>
          (
            await deploymentMonitoring(sources, 'credit', { from: iso(10_000), to: iso(20_000), window: '10s' })
          ).windows[0]!.drift!.columns.map((c) => [c.name, c.importance_rank]);
        expect(await ranks()).toEqual([
          ['x', null],
          ['region', null],
        ]);
        await saveImportance(store, ranked('x', 'region'));
        // The monitoring answer ranks each column as the version's importance does.
        expect(await ranks()).toEqual([
          ['x', 1],
          ['region', 2],
        ]);
        const read = await readSignals(sources, query, SIGNALS);
        const x = read.get('drift.column.x')!;
        const region = read.get('drift.column.region')!;
        if (x.kind !== 'value' || region.kind !== 'value') throw new Error('both columns should have an effect size');
        // x moved by 3σ (normalised Wasserstein ≈ 3); region's mix is the reference's.
        expect(x.value).toBeGreaterThan(2);
        expect(region.value).toBeLessThan(0.05);
        expect(read.get('drift.important.share')).toEqual({ kind: 'value', value: 0.5, rows: 100, ...window });
        expect(read.get('drift.important.max')).toEqual({ kind: 'value', value: x.value, rows: 100, ...window });

        const rule = alertRule({ name: 'important-drifted', signal: 'drift.important.share', above: 0.4 });
        const step = stepAlertState(rule, undefined, read.get('drift.important.share')!, query.now);
        expect(step.state.state).toBe('firing');
        const calm = stepAlertState({ ...rule, above: 0.6 }, undefined, read.get('drift.important.share')!, query.now);
        expect(calm.state.state).toBe('inactive');
      } finally {
        await store.close();
      }
    });

    it('count only the five most important columns: x ranked sixth leaves region alone', async () => {
      const store = await factory.create();
      try {
        const sources = await drifted(store);
        const query = { deployment: 'credit', windowMs: WINDOW, now: new Date(T0 + 25_000) };
        await saveImportance(store, ranked('a', 'b', 'region', 'c', 'd', 'x'));
        const read = await readSignals(sources, query, SIGNALS);
        expect(read.get('drift.important.share')).toMatchObject({ kind: 'value', value: 0 });
        expect(read.get('drift.important.max')).toMatchObject({
          kind: 'value',
          value: (read.get('drift.column.region') as { value: number }).value,
        });

        await saveImportance(store, ranked('a', 'b', 'c', 'd', 'e', 'x', 'region'));
        const outside = await readSignals(sources, query, SIGNALS);
        expect(outside.get('drift.important.share')).toMatchObject({
          kind: 'no_data',
          reason: "none of the version's 5 most important columns could be compared in the window",
        });
      } finally {
        await store.close();
      }
    });
  });
}
