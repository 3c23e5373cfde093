import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { SignalSources } from '../alerts/signal-reader.ts';
import { analyseGate } from './gate-analysis.ts';
import { canary, MINUTE, seedCanary, serveTraffic, spreadScore, T0 } from './testing/rollout-test-data.ts';

const iso = (ms: number) => new Date(T0 + ms).toISOString();
const STEP = { start: iso(0), end: iso(10 * MINUTE) };

/** A labelled reference whose scores are calibrated: the label is "yes" with probability equal to the score. */
async function calibratedReference(store: Store, versionId: string): Promise<void> {
  const n = 2000;
  const scores = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const labels = Int32Array.from(scores, (s, i) => ((i * 0.618033988749895) % 1 < s ? 1 : 0));
  await store.labelledReferences.replace({
    versionId,
    id: `ref-${versionId}`,
    classes: ['no', 'yes'],
    labelColumn: 'truth',
    source: 'holdout.csv',
    sourceSha256: 'b'.repeat(64),
    rows: n,
    createdBy: 'ann',
    createdAt: iso(-MINUTE),
    labels,
    predictions: Int32Array.from(scores, (s) => (s >= 0.5 ? 1 : 0)),
    scores: [scores.map((s) => 1 - s), scores],
  });
}

for (const factory of storeFactories()) {
  describe(`analyseGate (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());
    const sourcesOf = (store: Store, now = T0 + 11 * MINUTE): SignalSources => ({
      store,
      clock: () => new Date(now),
      baseWindowMs: MINUTE,
    });

    it('compares the estimated performance of both versions when both have a labelled reference', async () => {
      const store = await factory.create();
      try {
        await seedCanary(store);
        await calibratedReference(store, 'v1');
        // Stable is confident; the candidate hedges near 0.5, so it is estimated to be right about half the time.
        await serveTraffic(store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: spreadScore(0, 1) });
        await serveTraffic(store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: spreadScore(0.45, 0.55) });
        const deployment = (await store.deployments.findByName('credit'))!;

        // Only stable has a reference: nothing to compare, no estimated check.
        const one = await analyseGate(sourcesOf(store), deployment, canary(), STEP);
        expect(one.checks.some((c) => c.signal.startsWith('performance.estimated.'))).toBe(false);

        await calibratedReference(store, 'v2');
        const both = await analyseGate(sourcesOf(store), deployment, canary(), STEP);
        expect(both.checks.filter((c) => c.signal.startsWith('performance.estimated.')).map((c) => c.name)).toEqual([
          'performance.estimated.roc_auc',
          'performance.estimated.accuracy',
          'performance.estimated.precision',
          'performance.estimated.recall',
          'performance.estimated.f1',
          'performance.estimated.specificity',
        ]);
        const accuracy = both.checks.find((c) => c.name === 'performance.estimated.accuracy')!;
        expect(accuracy.verdict).toBe('fail');
        expect(accuracy.candidate!).toBeLessThan(0.6);
        expect(accuracy.stable!).toBeGreaterThan(0.7);
        expect(accuracy.threshold).toBeCloseTo(accuracy.stable! - 0.02, 12);
        expect(both.failing.map((c) => c.name)).toContain('performance.estimated.accuracy');
      } finally {
        await store.close();
      }
    });

    it("fails a candidate whose answers carry more contract violations than stable's", async () => {
      const store = await factory.create();
      try {
        await seedCanary(store);
        await serveTraffic(store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: spreadScore(0, 1), flagged: 9 });
        await serveTraffic(store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: spreadScore(0, 1), flagged: 20 });
        const deployment = (await store.deployments.findByName('credit'))!;
        const gate = await analyseGate(sourcesOf(store), deployment, canary(), STEP);
        expect(gate.verdict).toBe('fail');
        expect(gate.failing.map((c) => c.name)).toEqual(['contract.violation_rate']);
        expect(gate.failing[0]).toMatchObject({ candidate: 0.2, stable: 0.01 });
        expect(gate.failing[0]!.threshold).toBeCloseTo(0.03, 12);
      } finally {
        await store.close();
      }
    });

    it('reads stable on the window before the step when the candidate answers everything', async () => {
      const store = await factory.create();
      try {
        const full = canary({ stepIndex: 2, weight: 100, stepStartedAt: iso(10 * MINUTE) });
        await seedCanary(store, full);
        await serveTraffic(store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: spreadScore(0, 1) });
        await serveTraffic(store, { versionId: 'v2', from: T0 + 10 * MINUTE, spanMs: 10 * MINUTE, n: 200, score: spreadScore(0, 1) });
        const deployment = (await store.deployments.findByName('credit'))!;
        const gate = await analyseGate(sourcesOf(store, T0 + 21 * MINUTE), deployment, full, {
          start: iso(10 * MINUTE),
          end: iso(20 * MINUTE),
        });
        expect(gate.verdict).toBe('pass');
        expect(gate.checks.find((c) => c.name === 'output.drift')?.reason).toContain('over 200 and 900 scores');
        expect(gate.checks.find((c) => c.name === 'errors.rate')).toMatchObject({ candidate: 0, stable: 0 });
      } finally {
        await store.close();
      }
    });

    it('reads stable on the whole windows before a last step that began inside a window, where stable still answered', async () => {
      const store = await factory.create();
      try {
        // The step to 100% began 5 s into a base window: the gate reads [11 min, 12 min), and the
        // window of the same length before it that holds stable's last traffic is [9 min, 10 min) —
        // [10 min, 11 min) has stable's last 5 s only.
        const began = 10 * MINUTE + 5000;
        const full = canary({ stepIndex: 2, weight: 100, stepStartedAt: iso(began), stepDurationMs: MINUTE });
        await seedCanary(store, full);
        await serveTraffic(store, { versionId: 'v1', from: T0, spanMs: began, n: 605, score: spreadScore(0, 1) });
        await serveTraffic(store, { versionId: 'v2', from: T0 + began, spanMs: 2 * MINUTE - 5000, n: 115, score: spreadScore(0, 1) });
        const deployment = (await store.deployments.findByName('credit'))!;
        const gate = await analyseGate(sourcesOf(store, T0 + 13 * MINUTE), deployment, full, {
          start: iso(11 * MINUTE),
          end: iso(12 * MINUTE),
        });
        expect(gate.checks.find((c) => c.name === 'output.drift')?.reason).toContain('over 60 and 60 scores');
        expect(gate.verdict).toBe('pass');
      } finally {
        await store.close();
      }
    });
  });
}
