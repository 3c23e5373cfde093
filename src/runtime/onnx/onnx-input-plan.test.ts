import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { parseFeatureNames, planInputs } from './onnx-input-plan.ts';
import { OnnxElementType, type OnnxDim, type OnnxModelProto, type OnnxValueInfo } from './onnx-proto.ts';

const { float, double, int64, int32, string, bool } = OnnxElementType;

function tensor(name: string, elementType: number, shape?: OnnxDim[]): OnnxValueInfo {
  return { name, type: { kind: 'tensor', elementType, shape } };
}

function model(inputs: OnnxValueInfo[], metadata: Record<string, string> = {}): OnnxModelProto {
  return { irVersion: 8, producer: 'test', opsets: [], metadata: new Map(Object.entries(metadata)), inputs, outputs: [], nodes: [] };
}

describe('planInputs with one 2-D input', () => {
  it('names features from feature_names metadata, a JSON array or a comma-separated list', () => {
    const json = planInputs(model([tensor('X', float, [undefined, 2])], { feature_names: '["age", "income"]' }), {});
    expect(json).toEqual({
      features: [
        { name: 'age', type: 'number' },
        { name: 'income', type: 'number' },
      ],
      feed: { kind: 'matrix', inputName: 'X', element: 'float32' },
    });
    const listed = planInputs(model([tensor('X', double, ['N', 2])], { feature_names: ' age , income ' }), {
      featureNames: ['ignored', 'too'],
    });
    expect(listed.features.map((f) => f.name)).toEqual(['age', 'income']);
    expect(listed.feed).toEqual({ kind: 'matrix', inputName: 'X', element: 'float64' });
  });

  it('falls back to the given names, then to f0..fF-1', () => {
    expect(planInputs(model([tensor('X', float, [undefined, 3])]), { featureNames: ['a', 'b', 'c'] }).features.map((f) => f.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(planInputs(model([tensor('X', float, [undefined, 3])]), {}).features.map((f) => f.name)).toEqual(['f0', 'f1', 'f2']);
  });

  it('types int64 and int32 matrices as integer features', () => {
    expect(planInputs(model([tensor('X', int64, [undefined, 1])]), {})).toEqual({
      features: [{ name: 'f0', type: 'integer' }],
      feed: { kind: 'matrix', inputName: 'X', element: 'int64' },
    });
    expect(planInputs(model([tensor('X', int32, [undefined, 2])]), {}).feed).toMatchObject({ element: 'int32' });
  });

  it('takes the width from the names when the shape leaves it symbolic, and refuses without names', () => {
    expect(planInputs(model([tensor('X', float, ['N', 'F'])]), { featureNames: ['a', 'b'] }).features).toHaveLength(2);
    expect(planInputs(model([tensor('X', float)], { feature_names: 'a,b,c' }), {}).features).toHaveLength(3);
    expect(() => planInputs(model([tensor('X', float, ['N', 'F'])]), {})).toThrow(
      new ModelLoadError(
        'ONNX input "X" has no fixed number of features and the model has no "feature_names" metadata; give the feature names in training order when loading it',
      ),
    );
  });

  it.each([
    [
      'names that do not match the width',
      { feature_names: '["a"]' },
      {},
      /metadata_props "feature_names" lists 1 features but ONNX input "X" has 2 columns/,
    ],
    [
      'given names that do not match the width',
      {},
      { featureNames: ['a', 'b', 'c'] },
      /the feature names given lists 3 features but ONNX input "X" has 2 columns/,
    ],
    ['a duplicated name', { feature_names: 'a,a' }, {}, /names feature "a" twice/],
    ['an empty name', { feature_names: 'a,' }, {}, /has an empty feature name/],
    ['broken JSON', { feature_names: '["a", ' }, {}, /starts with "\[" but is not a JSON array of strings/],
  ])('refuses %s', (_, metadata, options, message) => {
    expect(() => planInputs(model([tensor('X', float, [undefined, 2])], metadata), options)).toThrow(message);
  });

  it('refuses a fixed batch size with the re-export advice', () => {
    expect(() => planInputs(model([tensor('X', float, [1, 4])]), {})).toThrow(
      /ONNX input "X" has a fixed batch size of 1; re-export it with a dynamic first dimension/,
    );
  });
});

describe('planInputs with one input per feature', () => {
  it('names features after the inputs and types them from their element types', () => {
    const plan = planInputs(
      model([
        tensor('age', float, [undefined, 1]),
        tensor('price', double, ['N']),
        tensor('rooms', int64, [undefined, 1]),
        tensor('city', string, [undefined, 1]),
      ]),
      { featureNames: ['ignored'] },
    );
    expect(plan.features).toEqual([
      { name: 'age', type: 'number' },
      { name: 'price', type: 'number' },
      { name: 'rooms', type: 'integer' },
      { name: 'city', type: 'string' },
    ]);
    expect(plan.feed).toEqual({
      kind: 'columns',
      columns: [
        { inputName: 'age', element: 'float32', rank: 2 },
        { inputName: 'price', element: 'float64', rank: 1 },
        { inputName: 'rooms', element: 'int64', rank: 2 },
        { inputName: 'city', element: 'string', rank: 2 },
      ],
    });
  });

  it('reads a lone string input or a lone [N] input as one column', () => {
    expect(planInputs(model([tensor('city', string, [undefined, 1])]), {}).features).toEqual([{ name: 'city', type: 'string' }]);
    expect(planInputs(model([tensor('x', float, [undefined])]), {}).feed).toEqual({
      kind: 'columns',
      columns: [{ inputName: 'x', element: 'float32', rank: 1 }],
    });
  });

  it.each([
    [
      'a wide input',
      [tensor('a', float, [undefined, 3]), tensor('b', float, [undefined, 1])],
      /ONNX input "a" has shape \[N, 3\]; a model with one input per feature must take one column each/,
    ],
    [
      'a bool input',
      [tensor('a', bool, [undefined, 1]), tensor('b', float, [undefined, 1])],
      /ONNX input "a" has element type bool; Ballast feeds float, double, int64, int32 or string/,
    ],
    [
      'a sequence input',
      [{ name: 's', type: { kind: 'sequence', element: undefined } } as OnnxValueInfo],
      /ONNX input "s" is a sequence, not a tensor/,
    ],
    ['a scalar input', [tensor('a', float, []), tensor('b', float, [undefined, 1])], /ONNX input "a" is a scalar/],
    ['no input at all', [], /has no graph inputs/],
  ])('refuses %s', (_, inputs, message) => {
    expect(() => planInputs(model(inputs), {})).toThrow(message);
  });
});

describe('parseFeatureNames', () => {
  it('reads JSON arrays and comma-separated lists', () => {
    expect(parseFeatureNames('["a,b", "c"]')).toEqual(['a,b', 'c']);
    expect(parseFeatureNames('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(parseFeatureNames('  ')).toEqual([]);
    expect(() => parseFeatureNames('[1, 2]')).toThrow(ModelLoadError);
  });
});
