import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import {
  ElementType,
  floatInitializer,
  intsAttribute,
  node,
  onnxModel,
  pb,
  stringsAttribute,
  tensorType,
  valueInfo,
} from '../../../test/fixtures/onnx/write-onnx.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { readOnnxModel } from './onnx-proto.ts';
import { WireReader } from './proto-wire.ts';

const FIXTURES = [
  'binary-logistic',
  'multiclass-forest',
  'regression-boosting',
  'regression-double',
  'column-pipeline',
  'zipmap-classifier',
];

function loadError(read: () => unknown): ModelLoadError | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  return undefined;
}

describe('readOnnxModel on skl2onnx fixtures', () => {
  it('reads a LogisticRegression: one 2-D input, label and probabilities, metadata and opsets', () => {
    const model = readOnnxModel(fixtureModel('binary-logistic'));
    expect(model.irVersion).toBeGreaterThanOrEqual(8);
    expect(model.producer).toMatch(/^skl2onnx \d/);
    expect(model.opsets).toEqual(
      expect.arrayContaining([
        { domain: '', version: 17 },
        { domain: 'ai.onnx.ml', version: 1 },
      ]),
    );
    expect(JSON.parse(model.metadata.get('feature_names')!)).toEqual(['age', 'income', 'tenure', 'score']);
    expect(model.inputs).toEqual([{ name: 'X', type: { kind: 'tensor', elementType: ElementType.float, shape: [undefined, 4] } }]);
    expect(model.outputs).toEqual([
      { name: 'label', type: { kind: 'tensor', elementType: ElementType.int64, shape: [undefined] } },
      { name: 'probabilities', type: { kind: 'tensor', elementType: ElementType.float, shape: [undefined, 2] } },
    ]);
    expect(model.nodes.find((n) => n.opType === 'LinearClassifier')).toMatchObject({
      domain: 'ai.onnx.ml',
      inputs: ['X'],
      classLabels: [0, 1],
    });
  });

  it('reads string class labels of a tree ensemble', () => {
    const model = readOnnxModel(fixtureModel('multiclass-forest'));
    const classifiers = model.nodes.filter((n) => n.classLabels !== undefined);
    expect(classifiers.map((n) => [n.opType, n.classLabels])).toEqual([['TreeEnsembleClassifier', ['high', 'low', 'mid']]]);
  });

  it('reads one input per column with their element types', () => {
    const model = readOnnxModel(fixtureModel('column-pipeline'));
    expect(model.inputs.map((i) => [i.name, i.type.kind === 'tensor' ? i.type.elementType : undefined])).toEqual([
      ['age', ElementType.float],
      ['income', ElementType.float],
      ['city', ElementType.string],
      ['plan', ElementType.string],
      ['rooms', ElementType.int64],
    ]);
  });

  it('reads a ZipMap output as a sequence of maps', () => {
    const model = readOnnxModel(fixtureModel('zipmap-classifier'));
    expect(model.outputs[1]).toEqual({
      name: 'output_probability',
      type: {
        kind: 'sequence',
        element: { kind: 'map', keyType: ElementType.int64, value: { kind: 'tensor', elementType: ElementType.float, shape: undefined } },
      },
    });
  });
});

describe('readOnnxModel on hand-made models', () => {
  it('leaves out initializers listed as inputs (IR < 4) and reads symbolic and negative dims', () => {
    const bytes = onnxModel({
      irVersion: 3,
      graph: [
        floatInitializer('W', [1, 2]),
        valueInfo(11, 'X', tensorType(ElementType.float, ['batch', 2])),
        valueInfo(11, 'W', tensorType(ElementType.float, [2])),
        valueInfo(12, 'Y', tensorType(ElementType.float, [-1, null])),
      ],
    });
    const model = readOnnxModel(bytes);
    expect(model.inputs).toEqual([{ name: 'X', type: { kind: 'tensor', elementType: ElementType.float, shape: ['batch', 2] } }]);
    expect(model.outputs[0]!.type).toEqual({ kind: 'tensor', elementType: ElementType.float, shape: [undefined, undefined] });
  });

  it('reads class labels whatever the attribute order and int encoding, and ignores other attributes', () => {
    const valuesBeforeName = pb.concat([pb.packed(8, [3, -7]), pb.string(1, 'classlabels_int64s')]);
    const bytes = onnxModel({
      graph: [
        node({
          opType: 'TreeEnsembleClassifier',
          domain: 'ai.onnx.ml',
          inputs: ['X'],
          outputs: ['l', 'p'],
          attributes: [intsAttribute('nodes_treeids', [0, 0, 0]), valuesBeforeName],
        }),
        node({
          opType: 'SVMClassifier',
          domain: 'ai.onnx.ml',
          inputs: ['X'],
          outputs: ['l2', 'p2'],
          attributes: [intsAttribute('classlabels_ints', [4, 5], false)],
        }),
        node({
          opType: 'LinearClassifier',
          domain: 'ai.onnx.ml',
          inputs: ['X'],
          outputs: ['l3', 'p3'],
          attributes: [stringsAttribute('classlabels_strings', ['a', ''])],
        }),
        node({ opType: 'Identity', inputs: ['l'], outputs: ['label'], attributes: [stringsAttribute('other', ['x'])] }),
      ],
    });
    expect(readOnnxModel(bytes).nodes.map((n) => n.classLabels)).toEqual([[3, -7], [4, 5], ['a', ''], undefined]);
  });

  it('skips fields it does not know, of every wire type', () => {
    const fixed32 = new Uint8Array([0xd5, 0x05, 1, 2, 3, 4]); // field 90, wire type 5
    const fixed64 = new Uint8Array([0xd9, 0x05, 1, 2, 3, 4, 5, 6, 7, 8]); // field 91, wire type 1
    const bytes = pb.concat([
      onnxModel({ graph: [valueInfo(11, 'X', tensorType(ElementType.double, [null, 3]))] }),
      pb.int(99, 5),
      pb.string(98, 'x'),
      fixed32,
      fixed64,
    ]);
    expect(readOnnxModel(bytes).inputs[0]!.name).toBe('X');
  });
});

describe('readOnnxModel refuses what is not an ONNX model with a ModelLoadError', () => {
  it.each([
    ['an empty file', new Uint8Array(0), /the file is empty/],
    ['a ModelProto without a graph', pb.int(1, 8), /no graph \(field 7\)/],
    ['a message without ir_version', pb.message(7, pb.string(2, 'g')), /no ir_version/],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /not a valid ONNX model/],
    ['JSON text', new TextEncoder().encode('{"learner": {}}'), /not a valid ONNX model/],
  ])('%s', (_, bytes, message) => {
    const error = loadError(() => readOnnxModel(bytes));
    expect(error?.message).toMatch(message);
  });

  it('refuses types nested absurdly deep', () => {
    let type = tensorType(ElementType.float);
    for (let i = 0; i < 40; i++) type = pb.message(4, pb.bytes(1, type));
    const error = loadError(() => readOnnxModel(onnxModel({ graph: [valueInfo(12, 'Y', type)] })));
    expect(error?.message).toMatch(/nested more than 16 deep/);
  });

  it.each(FIXTURES)('every truncation of %s before the graph ends gives a ModelLoadError, any later one parses or gives one', (name) => {
    const bytes = fixtureModel(name);
    const graphEnd = endOfGraphField(bytes);
    expect(graphEnd).toBeGreaterThan(bytes.length / 2);
    for (let length = 0; length < bytes.length; length++) {
      const error = loadError(() => readOnnxModel(bytes.subarray(0, length)));
      if (length < graphEnd) expect(error, `prefix of ${length} bytes`).toBeInstanceOf(ModelLoadError);
    }
    expect(loadError(() => readOnnxModel(bytes))).toBeUndefined();
  });

  it('random corruption never escapes as anything but a ModelLoadError', () => {
    const models = FIXTURES.map(fixtureModel);
    fc.assert(
      fc.property(
        fc.nat(models.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (which, edits) => {
          const bytes = Uint8Array.from(models[which]!);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          loadError(() => readOnnxModel(bytes));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** Where ModelProto.graph (field 7) ends: after it come only opsets and metadata, whose loss still parses. */
function endOfGraphField(bytes: Uint8Array): number {
  const reader = new WireReader(bytes);
  let end = 0;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    reader.skip(wireType);
    if (field === 7) end = reader.offset;
  }
  return end;
}
