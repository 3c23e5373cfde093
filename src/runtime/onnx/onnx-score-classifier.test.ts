import { describe, expect, it } from 'vitest';
import { fixtureCases, fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import type { ClassLabel, ModelSignature } from '../../core/signature.ts';
import { loadOptionsFor } from '../load-options.ts';
import type { LoadOptions, PredictionOutput } from '../model-runtime.ts';
import { onnxRuntime } from './onnx-runtime.ts';

const TOLERANCE = 1e-5;

interface ScoreCases {
  readonly rows: number[][];
  readonly onnxruntime: { readonly scores: number[][] };
  readonly served: { readonly classes: ClassLabel[]; readonly probabilities: number[][]; readonly labels: ClassLabel[] };
}

async function predict(name: string, options: LoadOptions): Promise<{ signature: ModelSignature; output: PredictionOutput }> {
  const cases = fixtureCases(name) as unknown as ScoreCases;
  const model = await onnxRuntime.load(fixtureModel(name), options);
  try {
    const columns = model.signature.inputs.map((_, f) => Float64Array.from(cases.rows, (row) => row[f]!));
    return { signature: model.signature, output: await model.predict({ rowCount: cases.rows.length, columns }) };
  } finally {
    await model.close();
  }
}

function expectServed(name: string, output: PredictionOutput): void {
  const { served } = fixtureCases(name) as unknown as ScoreCases;
  if (output.kind === 'regression') throw new Error('expected a classifier');
  expect(output.classes).toEqual(served.classes);
  const expected = served.probabilities.flat();
  expect(output.probabilities.length).toBe(expected.length);
  expected.forEach((p, i) => expect(Math.abs(output.probabilities[i]! - p), `probability ${i}`).toBeLessThanOrEqual(TOLERANCE));
  expect(Array.from(output.labelIndex, (index) => output.classes[index])).toEqual(served.labels);
}

describe('onnxRuntime serves a network whose only output is class scores (Python onnxruntime as reference)', () => {
  it('float[N, 3] after a Softmax: probabilities over classes 0, 1, 2', async () => {
    const { signature, output } = await predict('scores-softmax', {});
    expect(signature.output).toEqual({ kind: 'multiclass', classes: [0, 1, 2], scores: 'probabilities' });
    expect(signature.inputs.map((input) => input.name)).toEqual(['f0', 'f1', 'f2', 'f3']);
    expectServed('scores-softmax', output);
  });

  it('float[N, 3] logits: detected by probing (rows do not sum to 1), softmax applied, classes from metadata', async () => {
    const { signature, output } = await predict('scores-logits', {});
    expect(signature.output).toEqual({ kind: 'multiclass', classes: ['low', 'medium', 'high'], scores: 'logits' });
    expectServed('scores-logits', output);
  });

  it('one sigmoid column [N, 1]: a binary classifier when the task is classification, a regressor otherwise', async () => {
    const { signature, output } = await predict('scores-sigmoid', { output: { task: 'classification' } });
    expect(signature.output).toEqual({ kind: 'binary', classes: [0, 1], scores: 'probabilities' });
    expectServed('scores-sigmoid', output);
    const regressor = await predict('scores-sigmoid', {});
    expect(regressor.signature.output).toEqual({ kind: 'regression' });
  });

  it('reads the scores as the stored signature says, not by detecting again', async () => {
    const cases = fixtureCases('scores-logits') as unknown as ScoreCases;
    const registered = await predict('scores-logits', { output: { scores: 'probabilities', classes: ['a', 'b', 'c'] } });
    expect(registered.signature.output).toEqual({ kind: 'multiclass', classes: ['a', 'b', 'c'], scores: 'probabilities' });
    const again = await predict('scores-logits', loadOptionsFor(registered.signature));
    expect(again.signature).toEqual(registered.signature);
    const { output } = again;
    if (output.kind === 'regression') throw new Error('expected a classifier');
    // Read as probabilities, the raw scores are served untouched.
    cases.onnxruntime.scores
      .flat()
      .forEach((score, i) => expect(Math.abs(output.probabilities[i]! - score)).toBeLessThanOrEqual(TOLERANCE));
  });
});
