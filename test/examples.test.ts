import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../src/app/load-model.ts';
import { scoreFile } from '../src/app/score-file.ts';
import { RUNTIMES } from '../src/runtime/runtimes.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
const expected = JSON.parse(readFileSync(path.join(examples, 'expected_predictions.json'), 'utf8')) as {
  rows: number;
  rows_with_missing_values: number[];
  models: Record<string, { probability: number[]; label: number[] }>;
};

// The example models scored by Ballast must agree with each framework's own predictions
// (xgboost, lightgbm, Python onnxruntime) on live rows, missing values and string categories included.
describe.each(Object.keys(expected.models))('examples/credit/%s', (file) => {
  it('matches the framework within 1e-5 on the first rows of live.csv', async () => {
    const { loaded } = await loadModelFile(RUNTIMES, path.join(examples, file));
    let text = '';
    try {
      await scoreFile({ model: loaded, input: path.join(examples, 'live.csv'), write: (t) => void (text += t) });
    } finally {
      await loaded.close();
    }
    const got = text
      .trim()
      .split('\n')
      .slice(0, expected.rows)
      .map((l) => JSON.parse(l) as { label: number; probabilities: number[] });
    const want = expected.models[file]!;
    expect(expected.rows_with_missing_values.length).toBeGreaterThan(0);
    let worst = 0;
    got.forEach((row, i) => {
      worst = Math.max(worst, Math.abs(row.probabilities[1]! - want.probability[i]!));
      expect(row.label).toBe(want.label[i]);
    });
    expect(worst).toBeLessThan(1e-5);
  });
});
