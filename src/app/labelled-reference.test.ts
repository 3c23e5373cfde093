import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import { registerTestVersion, storeFactories } from '../store/testing/test-stores.ts';
import { MIN_REFERENCE_ROWS, setLabelledReference } from './labelled-reference.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const live = path.join(EXAMPLES, 'live.csv');
const xgb = path.join(EXAMPLES, 'model.xgb.json');
const expected = JSON.parse(readFileSync(path.join(EXAMPLES, 'expected_predictions.json'), 'utf8')) as {
  models: Record<string, { probability: number[] }>;
};

/** live.csv with its data rows filtered or edited, written beside the test's store. */
function liveVariant(dir: string, name: string, edit: (lines: string[]) => string[]): string {
  const [header, ...rows] = readFileSync(live, 'utf8').trimEnd().split('\n');
  const file = path.join(dir, name);
  writeFileSync(file, [header, ...edit(rows)].join('\n') + '\n');
  return file;
}

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    return error as BallastError;
  }
  throw new Error('expected a BallastError');
}

for (const factory of storeFactories()) {
  describe(`labelled references on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("scores the file with the version's own model and keeps its scores, predictions and labels", async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: xgb });
        const { version, reference, replaced } = await setLabelledReference(ctx, 'credit:1', live, 'default');
        expect(replaced).toBe(false);
        expect(reference).toMatchObject({
          versionId: version.id,
          classes: [0, 1],
          labelColumn: 'default',
          rows: 5000,
          createdBy: 'tester',
        });
        expect(reference.source).toBe(live);
        const stored = (await ctx.store.labelledReferences.find(version.id))!;
        // XGBoost's own P(default=1) for the first 300 rows (computed in Python by examples/credit/train.py).
        const framework = expected.models['model.xgb.json']!.probability;
        framework.forEach((p, i) => {
          expect(stored.scores[1]![i]).toBeCloseTo(p, 6);
          expect(stored.scores[0]![i]! + stored.scores[1]![i]!).toBeCloseTo(1, 12);
          expect(stored.predictions[i]).toBe(stored.scores[1]![i]! > 0.5 ? 1 : 0);
        });
        const labels = readFileSync(live, 'utf8')
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((l) => Number(l.split(',').at(-1)));
        expect(Array.from(stored.labels)).toEqual(labels);
      } finally {
        await ctx.close();
      }
    });

    it('reads JSON Lines too: a label given as a JSON number or as text is the same class', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: xgb });
        const [header, ...rows] = readFileSync(live, 'utf8').trimEnd().split('\n');
        const names = header!.split(',');
        const jsonl = (labelAsText: boolean) => {
          const file = path.join(ctx.dir, `live-${labelAsText}.jsonl`);
          const lines = rows.map((row) => {
            const cells = row.split(',');
            const object = Object.fromEntries(
              names.map((n, k) => [n, cells[k] !== '' && Number.isFinite(Number(cells[k])) ? Number(cells[k]) : cells[k]]),
            );
            if (labelAsText) object.default = String(object.default);
            return JSON.stringify(object);
          });
          writeFileSync(file, lines.join('\n') + '\n');
          return file;
        };
        const fromCsv = await setLabelledReference(ctx, 'credit:1', live, 'default');
        const expectedRows = (await ctx.store.labelledReferences.find(fromCsv.version.id))!;
        for (const labelAsText of [false, true]) {
          await setLabelledReference(ctx, 'credit:1', jsonl(labelAsText), 'default');
          const stored = (await ctx.store.labelledReferences.find(fromCsv.version.id))!;
          expect(stored.labels).toEqual(expectedRows.labels);
          expect(stored.scores).toEqual(expectedRows.scores);
        }
      } finally {
        await ctx.close();
      }
    });

    it('takes a JSON number label as the class of the same text when the classes are strings', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, {
          name: 'net',
          modelFile: path.join(import.meta.dirname, '../../test/fixtures/onnx/scores-sigmoid/model.onnx'),
          featureNames: ['a', 'b', 'c', 'd'],
          output: { task: 'classification', classes: ['0', '1'], scores: 'probabilities' },
        });
        const file = path.join(ctx.dir, 'rows.jsonl');
        const lines = Array.from({ length: 200 }, (_, i) => {
          const a = Math.sin(i * 12.9898) * 2;
          return JSON.stringify({ a, b: Math.cos(i), c: (i % 7) - 3, d: 0.5, y: a > 0 ? 1 : 0 });
        });
        writeFileSync(file, lines.join('\n') + '\n');
        const { version, reference } = await setLabelledReference(ctx, 'net:1', file, 'y');
        expect(reference.classes).toEqual(['0', '1']);
        const stored = (await ctx.store.labelledReferences.find(version.id))!;
        expect(Array.from(stored.labels)).toEqual(lines.map((l) => (JSON.parse(l) as { y: number }).y));
      } finally {
        await ctx.close();
      }
    });

    it('replaces an earlier reference, and audits both with what was replaced', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: xgb });
        const first = await setLabelledReference(ctx, 'credit', live, 'default');
        const half = liveVariant(ctx.dir, 'half.csv', (rows) => rows.slice(0, 2500));
        const second = await setLabelledReference(ctx, 'credit:1', half, 'default');
        expect(second.replaced).toBe(true);
        expect(second.reference.id).not.toBe(first.reference.id);
        expect((await ctx.store.labelledReferences.find(second.version.id))!.rows).toBe(2500);
        const entries = (await ctx.store.audit.list(0)).filter((e) => e.action === 'model.reference.set');
        expect(entries.map((e) => e.objectId)).toEqual(['credit:1', 'credit:1']);
        expect(entries[0]!.details).toMatchObject({ rows: 5000, labelColumn: 'default', replaced: null });
        expect(entries[1]!.details).toMatchObject({ rows: 2500, replaced: { rows: 5000, sha256: first.reference.sourceSha256 } });
      } finally {
        await ctx.close();
      }
    });

    it('refuses a label the model does not know with an issue per row, and writes nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: xgb });
        const bad = liveVariant(ctx.dir, 'bad.csv', (rows) => rows.map((r, i) => (i === 3 || i === 7 ? r.replace(/,0$|,1$/, ',yes') : r)));
        const error = await failure(setLabelledReference(ctx, 'credit:1', bad, 'default'));
        expect(error.code).toBe('invalid_value');
        expect(error.issues).toEqual([
          { code: 'invalid_value', path: ['rows', 4, 'default'], message: '"yes" is not a class of credit:1, whose classes are 0, 1' },
          { code: 'invalid_value', path: ['rows', 8, 'default'], message: '"yes" is not a class of credit:1, whose classes are 0, 1' },
        ]);
        const missingLabel = liveVariant(ctx.dir, 'missing.csv', (rows) => rows.map((r, i) => (i === 0 ? r.replace(/,0$|,1$/, ',') : r)));
        expect((await failure(setLabelledReference(ctx, 'credit:1', missingLabel, 'default'))).issues).toEqual([
          { code: 'missing', path: ['rows', 1, 'default'], message: 'has no label; every reference row needs one' },
        ]);
        expect((await failure(setLabelledReference(ctx, 'credit:1', live, 'target'))).code).toBe('missing_column');
        const version = (await ctx.store.versions.latest((await ctx.store.models.findByName('credit'))!.id))!;
        expect(await ctx.store.labelledReferences.findSummary(version.id)).toBeUndefined();
        expect((await ctx.store.audit.list(0)).some((e) => e.action === 'model.reference.set')).toBe(false);
      } finally {
        await ctx.close();
      }
    });

    it('refuses too few rows and a class missing from the labels', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: xgb });
        const few = liveVariant(ctx.dir, 'few.csv', (rows) => rows.slice(0, MIN_REFERENCE_ROWS - 1));
        expect((await failure(setLabelledReference(ctx, 'credit:1', few, 'default'))).message).toBe(
          `few.csv: ${MIN_REFERENCE_ROWS - 1} rows; a labelled reference needs at least ${MIN_REFERENCE_ROWS} to calibrate scores and set alert bands`,
        );
        const negatives = liveVariant(ctx.dir, 'negatives.csv', (rows) => rows.filter((r) => r.endsWith(',0')));
        const error = await failure(setLabelledReference(ctx, 'credit:1', negatives, 'default'));
        expect(error.code).toBe('invalid_argument');
        expect(error.message).toContain('the class 1 never occurs in column "default"');
      } finally {
        await ctx.close();
      }
    });

    it('refuses a regressor: CBPE is for classifiers', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const error = await failure(setLabelledReference(ctx, 'model-v1:1', live, 'default'));
        expect(error.code).toBe('invalid_argument');
        expect(error.message).toMatch(/model-v1:1 is a regressor: .*for classifiers; Ballast does not estimate a regressor's performance/);
      } finally {
        await ctx.close();
      }
    });

    it('registers a version with its labelled reference in one step, and registers nothing when the reference is bad', async () => {
      const ctx = await testContext(factory);
      try {
        const bad = liveVariant(ctx.dir, 'bad.csv', (rows) => rows.map((r, i) => (i === 0 ? r.replace(/,0$|,1$/, ',2') : r)));
        const error = await failure(registerModel(ctx, { name: 'credit', modelFile: xgb, referenceData: bad, labelColumn: 'default' }));
        expect(error.code).toBe('invalid_value');
        expect(await ctx.store.models.findByName('credit')).toBeUndefined();
        expect((await failure(registerModel(ctx, { name: 'credit', modelFile: xgb, referenceData: live }))).message).toContain(
          '--reference-data needs --label',
        );

        const registered = await registerModel(ctx, { name: 'credit', modelFile: xgb, referenceData: live, labelColumn: 'default' });
        expect(registered.labelledReference).toMatchObject({ versionId: registered.version.id, rows: 5000 });
        expect(registered.snapshot).toBeUndefined();
        const actions = (await ctx.store.audit.list(0)).map((e) => e.action);
        expect(actions).toEqual(['model.register', 'model.reference.set']);
      } finally {
        await ctx.close();
      }
    });
  });
}
