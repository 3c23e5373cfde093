import type { ClassLabel, OutputSpec, ScoreKind } from '../../core/signature.ts';
import { ModelLoadError, type OutputOptions } from '../model-runtime.ts';
import { formatShape } from './onnx-input-plan.ts';
import {
  elementTypeName,
  OnnxElementType,
  type OnnxDim,
  type OnnxModelProto,
  type OnnxNode,
  type OnnxType,
  type OnnxValueInfo,
} from './onnx-proto.ts';
import { planSingleOutput } from './onnx-score-plan.ts';

/** Which outputs to fetch and how to read them. */
export type ReadPlan =
  | {
      readonly kind: 'classifier';
      readonly labelOutput: string;
      readonly probabilityOutput: string;
      readonly classes: readonly ClassLabel[];
    }
  | { readonly kind: 'regression'; readonly valueOutput: string }
  /**
   * The only output is class scores: probabilities are served as they are, logits through softmax
   * (a sigmoid for one column), and the label is the most probable class. `scores` is undefined
   * only until the runtime has probed the model (onnx-runtime.ts).
   */
  | {
      readonly kind: 'scores';
      readonly scoresOutput: string;
      readonly classes: readonly ClassLabel[];
      readonly scores: ScoreKind | undefined;
    };

/** The outputs a run must fetch for a plan. */
export function fetchedOutputs(read: ReadPlan): string[] {
  switch (read.kind) {
    case 'regression':
      return [read.valueOutput];
    case 'scores':
      return [read.scoresOutput];
    case 'classifier':
      return [read.labelOutput, read.probabilityOutput];
  }
}

export interface OutputPlan {
  readonly output: OutputSpec;
  readonly read: ReadPlan;
}

export const ZIPMAP_REFUSAL =
  "the model outputs a sequence of maps (ZipMap); re-export it with skl2onnx options={id(model): {'zipmap': False}} (or {'zipmap': False} for the classifier)";

const LABEL_ELEMENTS: ReadonlySet<number> = new Set([OnnxElementType.int64, OnnxElementType.int32, OnnxElementType.string]);
const SCORE_ELEMENTS: ReadonlySet<number> = new Set([OnnxElementType.float, OnnxElementType.double]);
/** Ops that pass a label through unchanged, between a classifier node and the graph output. */
const PASS_THROUGH_OPS: ReadonlySet<string> = new Set(['Identity', 'Cast', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten']);

/**
 * Reads the model's answer shape: a regressor has one float output `[N, 1]` (or `[N]`); a classifier
 * has a label output and a probabilities output `[N, classes]` (as skl2onnx, onnxmltools and
 * hummingbird export them without ZipMap), or class scores as its only output `[N, C]`, C ≥ 2 (as
 * neural networks export them), or one sigmoid column when `options.task` is classification.
 */
export function planOutputs(model: OnnxModelProto, options?: OutputOptions): OutputPlan {
  const { outputs } = model;
  if (outputs.some((output) => isMapOrSequenceOfMaps(output.type))) throw new ModelLoadError(ZIPMAP_REFUSAL);
  const tensors = outputs.map(tensorOutput);
  if (tensors.length === 1 && SCORE_ELEMENTS.has(tensors[0]!.elementType)) return planSingle(model, tensors[0]!, options);
  const labels = tensors.filter((t) => LABEL_ELEMENTS.has(t.elementType));
  const scores = tensors.filter((t) => SCORE_ELEMENTS.has(t.elementType));
  if (tensors.length === 2 && labels.length === 1 && scores.length === 1) return planClassifier(model, labels[0]!, scores[0]!);
  throw new ModelLoadError(
    `the ONNX model's outputs are ${tensors.map(describeTensor).join(', ')}; Ballast serves one float output (a regressor) or a label output and a probabilities output [N, classes] (a classifier)`,
  );
}

interface TensorOutput {
  readonly name: string;
  readonly elementType: number;
  readonly shape: readonly OnnxDim[] | undefined;
}

function tensorOutput(output: OnnxValueInfo): TensorOutput {
  if (output.type.kind !== 'tensor') {
    throw new ModelLoadError(`ONNX output "${output.name}" is a ${output.type.kind}, not a tensor; Ballast reads tensor outputs only`);
  }
  return { name: output.name, elementType: output.type.elementType, shape: output.type.shape };
}

function isMapOrSequenceOfMaps(type: OnnxType): boolean {
  return type.kind === 'map' || (type.kind === 'sequence' && type.element?.kind === 'map');
}

function describeTensor(tensor: TensorOutput): string {
  return `"${tensor.name}" ${elementTypeName(tensor.elementType)}${formatShape(tensor.shape)}`;
}

/** Columns per row of an output, when the shape fixes it: `[N]` is 1, `[N, k]` is k. */
function columnsOf(tensor: TensorOutput): number | undefined {
  const { shape } = tensor;
  if (shape === undefined) return undefined;
  if (shape.length === 1) return 1;
  if (shape.length === 2 && typeof shape[1] === 'number') return shape[1];
  return undefined;
}

function planSingle(model: OnnxModelProto, tensor: TensorOutput, options: OutputOptions | undefined): OutputPlan {
  const rank = tensor.shape?.length;
  if (rank !== undefined && (rank > 2 || rank === 0)) {
    throw new ModelLoadError(
      `the ONNX model's only output ${describeTensor(tensor)} is neither one value per row (a regressor) nor class scores [N, classes]`,
    );
  }
  const single = planSingleOutput(model, { name: tensor.name, columns: columnsOf(tensor), describe: describeTensor(tensor) }, options);
  if (single.kind === 'regression') return { output: { kind: 'regression' }, read: { kind: 'regression', valueOutput: tensor.name } };
  const { classes, scores } = single;
  return {
    output: { kind: classes.length === 2 ? 'binary' : 'multiclass', classes, ...(scores === undefined ? {} : { scores }) },
    read: { kind: 'scores', scoresOutput: tensor.name, classes, scores },
  };
}

function planClassifier(model: OnnxModelProto, label: TensorOutput, scores: TensorOutput): OutputPlan {
  if (label.shape !== undefined && (label.shape.length > 2 || columnsOf(label) !== 1)) {
    throw new ModelLoadError(`the ONNX model's label output ${describeTensor(label)} is not one label per row`);
  }
  if (scores.shape !== undefined && scores.shape.length !== 2) {
    throw new ModelLoadError(`the ONNX model's probabilities output ${describeTensor(scores)} is not [N, classes]`);
  }
  const columns = columnsOf(scores);
  const classes = classLabels(model, label.name) ?? indexLabels(columns, label, scores);
  if (classes.length < 2) throw new ModelLoadError(`the ONNX classifier has ${classes.length} class; Ballast needs at least 2`);
  if (new Set(classes).size !== classes.length)
    throw new ModelLoadError(`the ONNX classifier lists a class label twice: ${formatLabels(classes)}`);
  // A binary model may give only P(positive class); the runtime then adds the other column.
  const fits = columns === undefined || columns === classes.length || (columns === 1 && classes.length === 2);
  if (!fits) {
    throw new ModelLoadError(
      `the ONNX classifier has ${classes.length} class labels ${formatLabels(classes)} but its probabilities output ${describeTensor(scores)} has ${columns} columns`,
    );
  }
  return {
    output: { kind: classes.length === 2 ? 'binary' : 'multiclass', classes },
    read: { kind: 'classifier', labelOutput: label.name, probabilityOutput: scores.name, classes },
  };
}

/**
 * The labels of the classifier node behind the label output: found by walking back from that output
 * through pass-through ops, else the one label list all classifier nodes agree on.
 */
function classLabels(model: OnnxModelProto, labelOutput: string): readonly ClassLabel[] | undefined {
  const classifiers = model.nodes.filter(
    (node) => node.classLabels !== undefined && node.classLabels.length > 0 && node.opType !== 'ZipMap',
  );
  if (classifiers.length === 0) return undefined;
  const traced = traceProducer(model.nodes, labelOutput);
  if (traced?.classLabels !== undefined && traced.classLabels.length > 0) return traced.classLabels;
  const distinct = new Map(classifiers.map((node) => [JSON.stringify(node.classLabels), node.classLabels!]));
  if (distinct.size === 1) return [...distinct.values()][0];
  throw new ModelLoadError(
    `the ONNX model has ${distinct.size} classifier nodes with different class labels (${[...distinct.values()].map(formatLabels).join(' vs ')}) and its label output "${labelOutput}" cannot be traced to one of them`,
  );
}

function traceProducer(nodes: readonly OnnxNode[], outputName: string): OnnxNode | undefined {
  const producers = new Map<string, OnnxNode>();
  for (const node of nodes) for (const output of node.outputs) producers.set(output, node);
  let name = outputName;
  for (let step = 0; step < nodes.length; step++) {
    const node = producers.get(name);
    if (node === undefined) return undefined;
    if (node.classLabels !== undefined && node.opType !== 'ZipMap') return node;
    if (!PASS_THROUGH_OPS.has(node.opType) || node.inputs[0] === undefined) return undefined;
    name = node.inputs[0];
  }
  return undefined;
}

/** Without a classlabels attribute the model's labels are the probability columns' indexes. */
function indexLabels(columns: number | undefined, label: TensorOutput, scores: TensorOutput): ClassLabel[] {
  if (label.elementType === OnnxElementType.string) {
    throw new ModelLoadError(`the ONNX model's label output "${label.name}" gives strings but no classifier node lists its class labels`);
  }
  if (columns === undefined) {
    throw new ModelLoadError(
      `the ONNX model has no classifier node with class labels and its probabilities output ${describeTensor(scores)} does not fix the number of classes`,
    );
  }
  return Array.from({ length: columns === 1 ? 2 : columns }, (_, index) => index);
}

function formatLabels(labels: readonly ClassLabel[]): string {
  return `[${labels.map((label) => JSON.stringify(label)).join(', ')}]`;
}
