import { describe, expect, it } from 'vitest';
import {
  batchFromRows,
  fixtureModelNames,
  readFixtureCases,
  readFixtureFile,
  readFixtureModel,
} from '../../../test/fixtures/xgboost/read-cases.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { parseXGBoostModel } from './parse-xgboost-model.ts';
import { predictMargins } from './predict-xgboost.ts';
import { xgboostRuntime } from './xgboost-runtime.ts';

const TOLERANCE = 1e-5;

function maxAbsDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

describe('xgboostRuntime against xgboost 3.2 predictions', () => {
  const names = fixtureModelNames();

  it('has fixtures for every model kind', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of names) {
    describe(name, () => {
      const cases = readFixtureCases(name);
      const bytes = readFixtureModel(name);

      it('reproduces the margins', () => {
        const model = parseXGBoostModel(bytes);
        const batch = batchFromRows(cases.rows, model.featureCount);
        expect(cases.rows.some((row) => row.includes(null))).toBe(true);
        const margins = predictMargins(model, batch);
        expect(maxAbsDifference(margins, cases.expected.margins.flat())).toBeLessThanOrEqual(TOLERANCE);
      });

      it('reproduces the predictions', async () => {
        const loaded = await xgboostRuntime.load(bytes);
        expect(loaded.format).toBe('xgboost');
        const output = await loaded.predict(batchFromRows(cases.rows, loaded.signature.inputs.length));
        if (output.kind === 'regression') {
          expect(cases.expected.values).toBeDefined();
          expect(maxAbsDifference(output.values, cases.expected.values!)).toBeLessThanOrEqual(TOLERANCE);
        } else {
          expect(output.classes).toEqual(loaded.signature.output.classes);
          expect(maxAbsDifference(output.probabilities, cases.expected.probabilities!.flat())).toBeLessThanOrEqual(TOLERANCE);
          expect(Array.from(output.labelIndex)).toEqual(cases.expected.predictedClass);
        }
        await loaded.close();
      });

      if (cases.rowsByName !== undefined) {
        it('maps category names to the codes xgboost uses', async () => {
          const loaded = await xgboostRuntime.load(bytes);
          const inputs = loaded.signature.inputs;
          for (const [feature, names] of Object.entries(cases.categories!)) {
            expect(inputs.find((input) => input.name === feature)).toMatchObject({ type: 'category', categories: names });
          }
          const coded = cases.rowsByName!.map((row) =>
            row.map((cell, i) => (typeof cell === 'string' ? inputs[i]!.categories!.indexOf(cell) : cell)),
          );
          expect(coded).toEqual(cases.rows);
        });
      }
    });
  }
});

describe('xgboostRuntime.load', () => {
  it('rejects a UBJSON model with the way to save JSON', async () => {
    const load = xgboostRuntime.load(readFixtureFile('errors/model.ubj'));
    await expect(load).rejects.toThrow(ModelLoadError);
    await expect(load).rejects.toThrow("booster.save_model('model.json')");
  });

  it('rejects a truncated model', async () => {
    const bytes = readFixtureModel('binary_logistic');
    await expect(xgboostRuntime.load(bytes.subarray(0, bytes.length - 100))).rejects.toThrow(/truncated/);
  });
});
