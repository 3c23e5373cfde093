import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassifierOutputs } from '../../core/performance-estimation/cbpe.ts';
import type { ClassLabel } from '../../core/signature.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { scoreLabelledFile, setLabelledReference, type ScoredReference } from '../labelled-reference.ts';
import { loadRegisteredModel } from '../load-model.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { estimatePerformanceBetweenFiles } from './file-performance.ts';
import { versionEstimator } from './version-estimator.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/onnx');

/** Rows [start, stop) of scored data as a window of the online estimator (binary: the positive class's score). */
function window(scored: ScoredReference, start: number, stop: number): ClassifierOutputs {
  const binary = scored.classes.length === 2;
  return {
    classCount: scored.classes.length,
    scores: (binary ? [scored.scores[1]!] : scored.scores).map((s) => s.slice(start, stop)),
    predictions: scored.predictions.slice(start, stop),
    labels: scored.labels.slice(start, stop),
  };
}

/** Scored rows as the offline command reads them: label, prediction and one score column per class. */
function writeScored(
  file: string,
  scored: Pick<ScoredReference, 'classes' | 'labels' | 'predictions' | 'scores'>,
  start = 0,
  stop = scored.labels.length,
) {
  const name = (k: number) => String(scored.classes[k]);
  const header = ['y', 'p', ...scored.classes.map((c) => `s_${String(c)}`)].join(',');
  const lines: string[] = [];
  for (let i = start; i < stop; i++)
    lines.push([name(scored.labels[i]!), name(scored.predictions[i]!), ...scored.scores.map((s) => String(s[i]))].join(','));
  writeFileSync(file, [header, ...lines].join('\n') + '\n');
}

const scoreColumns = (classes: readonly ClassLabel[]) =>
  classes.length === 2 ? 's_1' : classes.map((c) => [String(c), `s_${String(c)}`] as const);

for (const factory of storeFactories()) {
  describe(`versionEstimator on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('estimates a window of a real model as the offline path does on the same rows, and refits when the reference is replaced', async () => {
      const ctx = await testContext(factory);
      try {
        const { version } = await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        expect(await versionEstimator(ctx.store, version.id)).toBeUndefined();

        await setLabelledReference(ctx, 'credit:1', path.join(EXAMPLES, 'live.csv'), 'default');
        const reference = (await ctx.store.labelledReferences.find(version.id))!;
        const { loaded } = await loadRegisteredModel(ctx, 'credit:1');
        const drifted = await scoreLabelledFile(loaded, 'credit:1', path.join(EXAMPLES, 'live_drifted.csv'), 'default').finally(() =>
          loaded.close(),
        );
        const refFile = path.join(ctx.dir, 'reference.csv');
        writeScored(refFile, reference);

        const estimate = (await versionEstimator(ctx.store, version.id))!;
        const offline = async (rows: number, size: number, ref = refFile) => {
          const analysis = path.join(ctx.dir, `analysis-${rows}.csv`);
          writeScored(analysis, drifted, 0, rows);
          const report = await estimatePerformanceBetweenFiles(ref, analysis, {
            label: 'y',
            prediction: 'p',
            scores: 's_1',
            chunking: { size },
          });
          return report.chunks[0]!.metrics;
        };
        // A window of 500 rows: reference chunks of 500, as `ballast performance --chunk-size 500`.
        const online = estimate(window(drifted, 0, 500));
        expect(online).toEqual(await offline(500, 500));
        expect(Object.keys(online)).toEqual(['roc_auc', 'accuracy', 'precision', 'recall', 'f1', 'specificity']);
        expect(online.roc_auc!.realized).not.toBeNull();
        expect(online.accuracy!.sampling_error).toBeGreaterThan(0);

        // 787 rows: the estimate of those rows, alert bands from reference chunks of 790 (two significant digits).
        const odd = estimate(window(drifted, 0, 787));
        const ownRows = await offline(787, 787);
        const bandRows = await offline(790, 790);
        for (const [metric, value] of Object.entries(odd)) {
          expect(value.estimated).toBe(ownRows[metric]!.estimated);
          expect(value.sampling_error).toBe(ownRows[metric]!.sampling_error);
          expect(value.realized).toBe(ownRows[metric]!.realized);
          expect([value.lower, value.upper]).toEqual([bandRows[metric]!.lower, bandRows[metric]!.upper]);
        }
        // A window larger than a fifth of the reference: bands from five reference chunks of 1,000 rows.
        const large = estimate(window(drifted, 0, 4000));
        const fifth = await offline(1000, 1000);
        expect([large.f1!.lower, large.f1!.upper]).toEqual([fifth.f1!.lower, fifth.f1!.upper]);
        expect(estimate(window(drifted, 0, 0))).toEqual({});

        // The reference replaced (here by the first half of live.csv): the next estimator is fitted on it.
        const half = path.join(ctx.dir, 'half.csv');
        writeFileSync(half, readFileSync(path.join(EXAMPLES, 'live.csv'), 'utf8').split('\n').slice(0, 2501).join('\n') + '\n');
        await setLabelledReference(ctx, 'credit:1', half, 'default');
        const halfRef = path.join(ctx.dir, 'half-reference.csv');
        writeScored(halfRef, (await ctx.store.labelledReferences.find(version.id))!);
        const refitted = (await versionEstimator(ctx.store, version.id))!(window(drifted, 0, 500));
        expect(refitted).toEqual(await offline(500, 500, halfRef));
        expect(refitted).not.toEqual(online);
      } finally {
        await ctx.close();
      }
    });

    it('estimates a multiclass model (ONNX random forest) as the offline path does, classes in signature order', async () => {
      const ctx = await testContext(factory);
      try {
        const { version } = await registerModel(ctx, {
          name: 'forest',
          modelFile: path.join(fixtures, 'multiclass-forest', 'model.onnx'),
          featureNames: ['x', 'y', 'z'],
        });
        expect(version.signature.output.classes).toEqual(['high', 'low', 'mid']);
        // The fixture's labelling rule (make_fixtures.py), with every seventh label moved on, so calibration has work to do.
        let seed = 7;
        const normal = () => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          const u = (seed + 1) / 2 ** 31;
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * seed) / 2 ** 31);
        };
        const names = ['low', 'mid', 'high'];
        const file = (name: string, rows: number, shift: number) => {
          const lines = ['x,y,z,kind'];
          for (let i = 0; i < rows; i++) {
            const [x, y, z] = [normal() + shift, normal(), normal()];
            const k = (x > -0.3 ? 1 : 0) + (y + z > 0.4 ? 1 : 0);
            lines.push([x, y, z, names[i % 7 === 0 ? (k + 1) % 3 : k]].join(','));
          }
          writeFileSync(path.join(ctx.dir, name), lines.join('\n') + '\n');
          return path.join(ctx.dir, name);
        };
        await setLabelledReference(ctx, 'forest:1', file('reference.csv', 3000, 0), 'kind');
        const { loaded } = await loadRegisteredModel(ctx, 'forest:1');
        const analysis = await scoreLabelledFile(loaded, 'forest:1', file('analysis.csv', 400, 0.8), 'kind').finally(() => loaded.close());
        const reference = (await ctx.store.labelledReferences.find(version.id))!;
        writeScored(path.join(ctx.dir, 'ref-scored.csv'), reference);
        writeScored(path.join(ctx.dir, 'ana-scored.csv'), analysis);
        const report = await estimatePerformanceBetweenFiles(path.join(ctx.dir, 'ref-scored.csv'), path.join(ctx.dir, 'ana-scored.csv'), {
          label: 'y',
          prediction: 'p',
          scores: scoreColumns(reference.classes),
          chunking: { size: 400 },
        });
        expect(report.classes).toEqual(['high', 'low', 'mid']);
        const online = (await versionEstimator(ctx.store, version.id))!(window(analysis, 0, 400));
        expect(online).toEqual(report.chunks[0]!.metrics);
        expect(online.accuracy!.estimated).toBeGreaterThan(0.3);
      } finally {
        await ctx.close();
      }
    });
  });
}
