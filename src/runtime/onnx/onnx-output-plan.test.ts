import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import { planOutputs, ZIPMAP_REFUSAL } from './onnx-output-plan.ts';
import { OnnxElementType, type OnnxDim, type OnnxModelProto, type OnnxNode, type OnnxValueInfo } from './onnx-proto.ts';

const { float, double, int64, string } = OnnxElementType;

function tensor(name: string, elementType: number, shape?: OnnxDim[]): OnnxValueInfo {
  return { name, type: { kind: 'tensor', elementType, shape } };
}

function model(outputs: OnnxValueInfo[], nodes: OnnxNode[] = []): OnnxModelProto {
  return { irVersion: 8, producer: 'test', opsets: [], metadata: new Map(), inputs: [], outputs, nodes };
}

function classifier(opType: string, outputs: string[], classLabels: OnnxNode['classLabels']): OnnxNode {
  return { opType, domain: 'ai.onnx.ml', inputs: ['X'], outputs, classLabels };
}

const label = tensor('label', int64, [undefined]);

describe('planOutputs on a model whose only output is class scores', () => {
  const softmax: OnnxNode = { opType: 'Softmax', domain: '', inputs: ['z'], outputs: ['p'] };
  const flatten: OnnxNode = { opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['scores'] };

  it('reads [N, C] as a classifier over 0…C−1, probabilities when a Softmax (through pass-through ops) makes them', () => {
    expect(planOutputs(model([tensor('scores', float, [undefined, 3])], [softmax, flatten]))).toEqual({
      output: { kind: 'multiclass', classes: [0, 1, 2], scores: 'probabilities' },
      read: { kind: 'scores', scoresOutput: 'scores', classes: [0, 1, 2], scores: 'probabilities' },
    });
  });

  it('leaves the reading undecided without a final activation (the runtime probes), and takes LogSoftmax as logits', () => {
    expect(planOutputs(model([tensor('z', float, [undefined, 2])])).read).toEqual({
      kind: 'scores',
      scoresOutput: 'z',
      classes: [0, 1],
      scores: undefined,
    });
    const logSoftmax: OnnxNode = { opType: 'LogSoftmax', domain: '', inputs: ['z'], outputs: ['l'] };
    expect(planOutputs(model([tensor('l', float, [undefined, 2])], [logSoftmax])).output).toEqual({
      kind: 'binary',
      classes: [0, 1],
      scores: 'logits',
    });
  });

  it("names the classes from --classes, else from the model's classes metadata", () => {
    const withMetadata = { ...model([tensor('z', float, [undefined, 3])]), metadata: new Map([['classes', 'low, mid, 2']]) };
    expect(planOutputs(withMetadata).output.classes).toEqual(['low', 'mid', 2]);
    expect(planOutputs(withMetadata, { classes: ['a', 'b', 'c'], scores: 'logits' }).output).toEqual({
      kind: 'multiclass',
      classes: ['a', 'b', 'c'],
      scores: 'logits',
    });
  });

  it('reads one column as a binary classifier only for the classification task', () => {
    const sigmoid: OnnxNode = { opType: 'Sigmoid', domain: '', inputs: ['z'], outputs: ['p'] };
    const one = model([tensor('p', float, [undefined, 1])], [sigmoid]);
    expect(planOutputs(one).output).toEqual({ kind: 'regression' });
    expect(planOutputs(one, { task: 'classification' }).output).toEqual({ kind: 'binary', classes: [0, 1], scores: 'probabilities' });
    expect(planOutputs(one, { task: 'classification', classes: ['no', 'yes'] }).read).toEqual({
      kind: 'scores',
      scoresOutput: 'p',
      classes: ['no', 'yes'],
      scores: 'probabilities',
    });
  });

  it.each([
    [
      'several columns as a regressor',
      [undefined, 3],
      { task: 'regression' as const },
      /has 3 columns; Ballast serves single-target regressors/,
    ],
    [
      'classes that do not fit the columns',
      [undefined, 3],
      { classes: ['a', 'b'] },
      /--classes names 2 classes \["a", "b"\] but the ONNX model's scores "y" float\[N, 3\] are for 3 classes/,
    ],
    ['a repeated class', [undefined, 2], { classes: ['a', 'a'] }, /names a class twice/],
    ['classes for a regressor', [undefined, 1], { classes: ['a', 'b'] }, /register it with --task classification/],
    [
      'an open width without classes',
      [undefined, 'C'],
      { task: 'classification' as const },
      /does not fix its number of classes; name them with --classes/,
    ],
  ])('refuses %s', (_name, shape, options, message) => {
    expect(() => planOutputs(model([tensor('y', float, shape as OnnxDim[])]), options)).toThrow(message);
  });
});

describe('planOutputs', () => {
  it('reads a regressor from one float output [N, 1] or [N]', () => {
    expect(planOutputs(model([tensor('variable', float, [undefined, 1])]))).toEqual({
      output: { kind: 'regression' },
      read: { kind: 'regression', valueOutput: 'variable' },
    });
    expect(planOutputs(model([tensor('y', double, ['N'])])).read).toEqual({ kind: 'regression', valueOutput: 'y' });
  });

  it('reads a classifier with the class labels of its classifier node', () => {
    const plan = planOutputs(
      model(
        [label, tensor('probabilities', float, [undefined, 3])],
        [classifier('TreeEnsembleClassifier', ['label', 'probabilities'], ['b', 'a', 'c'])],
      ),
    );
    expect(plan).toEqual({
      output: { kind: 'multiclass', classes: ['b', 'a', 'c'] },
      read: { kind: 'classifier', labelOutput: 'label', probabilityOutput: 'probabilities', classes: ['b', 'a', 'c'] },
    });
  });

  it('is binary with two classes, and accepts a binary model that gives one probability column', () => {
    const nodes = [classifier('LinearClassifier', ['l', 'p'], [0, 1])];
    expect(planOutputs(model([label, tensor('p', float, [undefined, 2])], nodes)).output).toEqual({ kind: 'binary', classes: [0, 1] });
    expect(planOutputs(model([label, tensor('p', float, [undefined, 1])], nodes)).output).toEqual({ kind: 'binary', classes: [0, 1] });
  });

  it('falls back to 0..k-1 when no node lists class labels', () => {
    expect(planOutputs(model([label, tensor('p', float, [undefined, 4])])).output).toEqual({ kind: 'multiclass', classes: [0, 1, 2, 3] });
  });

  it('ignores ZipMap nodes and traces the label output back through pass-through ops', () => {
    const nodes: OnnxNode[] = [
      classifier('LinearClassifier', ['raw_label', 'raw_p'], ['x', 'y']),
      classifier('SVMClassifier', ['other_label', 'other_p'], ['u', 'v']),
      { opType: 'Cast', domain: '', inputs: ['raw_label'], outputs: ['label'] },
      { opType: 'ZipMap', domain: 'ai.onnx.ml', inputs: ['raw_p'], outputs: ['unused'], classLabels: ['q', 'r'] },
    ];
    expect(planOutputs(model([tensor('label', string, [undefined]), tensor('p', float, [undefined, 2])], nodes)).output.classes).toEqual([
      'x',
      'y',
    ]);
  });

  it('refuses a sequence of maps (ZipMap) with the re-export advice', () => {
    const zipmap: OnnxValueInfo = {
      name: 'output_probability',
      type: { kind: 'sequence', element: { kind: 'map', keyType: int64, value: tensor('', float).type } },
    };
    expect(() => planOutputs(model([label, zipmap]))).toThrow(new ModelLoadError(ZIPMAP_REFUSAL));
    expect(ZIPMAP_REFUSAL).toBe(
      "the model outputs a sequence of maps (ZipMap); re-export it with skl2onnx options={id(model): {'zipmap': False}} (or {'zipmap': False} for the classifier)",
    );
  });

  it.each([
    [
      'three outputs',
      [label, tensor('p', float, [undefined, 2]), tensor('s', float, [undefined, 2])],
      [],
      /outputs are "label" int64\[N\], "p" float\[N, 2\], "s" float\[N, 2\]; Ballast serves one float output/,
    ],
    ['two label outputs', [label, tensor('l2', int64, [undefined])], [], /Ballast serves one float output/],
    [
      'string labels without class labels',
      [tensor('label', string, [undefined]), tensor('p', float, [undefined, 2])],
      [],
      /gives strings but no classifier node lists its class labels/,
    ],
    ['an unknown class count', [label, tensor('p', float, [undefined, 'classes'])], [], /does not fix the number of classes/],
    [
      'labels that do not fit the probabilities',
      [label, tensor('p', float, [undefined, 3])],
      [classifier('LinearClassifier', ['label', 'p'], [0, 1])],
      /has 2 class labels \[0, 1\] but its probabilities output "p" float\[N, 3\] has 3 columns/,
    ],
    [
      'a single class',
      [label, tensor('p', float, [undefined, 1])],
      [classifier('LinearClassifier', ['label', 'p'], [7])],
      /has 1 class; Ballast needs at least 2/,
    ],
    [
      'a repeated class',
      [label, tensor('p', float, [undefined, 2])],
      [classifier('LinearClassifier', ['label', 'p'], [1, 1])],
      /lists a class label twice/,
    ],
    ['probabilities of rank 3', [label, tensor('p', float, [undefined, 2, 2])], [], /is not \[N, classes\]/],
    [
      'a label per row with several columns',
      [tensor('label', int64, [undefined, 2]), tensor('p', float, [undefined, 2])],
      [],
      /is not one label per row/,
    ],
    [
      'a map output',
      [{ name: 'm', type: { kind: 'map', keyType: int64, value: undefined } } as OnnxValueInfo],
      [],
      /sequence of maps \(ZipMap\)/,
    ],
    [
      'a sequence of tensors',
      [{ name: 's', type: { kind: 'sequence', element: tensor('', float).type } } as OnnxValueInfo],
      [],
      /output "s" is a sequence, not a tensor/,
    ],
    [
      'disagreeing classifier nodes that cannot be traced',
      [label, tensor('p', float, [undefined, 2])],
      [classifier('LinearClassifier', ['a', 'b'], [0, 1]), classifier('SVMClassifier', ['c', 'd'], [1, 2])],
      /2 classifier nodes with different class labels \(\[0, 1\] vs \[1, 2\]\)/,
    ],
  ])('refuses %s', (_, outputs, nodes, message) => {
    expect(() => planOutputs(model(outputs as OnnxValueInfo[], nodes as OnnxNode[]))).toThrow(message);
  });
});
