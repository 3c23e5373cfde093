import { parseClassLabels } from '../../core/class-labels.ts';
import type { ClassLabel, ScoreKind } from '../../core/signature.ts';
import { ModelLoadError, type OutputOptions } from '../model-runtime.ts';
import type { OnnxModelProto, OnnxNode } from './onnx-proto.ts';

/**
 * A model whose only output is numbers, `float[N, C]` or `[N, 1]`: what PyTorch, Keras (tf2onnx)
 * and hand-built networks export. It is a classifier when it has C ≥ 2 columns, or one column and
 * the task `classification` (a sigmoid's P(class 1)); otherwise a regressor.
 */
export type SingleOutputPlan =
  | { readonly kind: 'regression' }
  | {
      readonly kind: 'scores';
      readonly classes: readonly ClassLabel[];
      /** Columns of the output: classes.length, or 1 for a binary model's one column. */
      readonly columns: number;
      /** Undefined when neither the caller nor the graph says; the runtime then probes the model. */
      readonly scores: ScoreKind | undefined;
    };

/** The metadata_props key whose value names the classes of a score-only classifier. */
const CLASSES_KEY = 'classes';

/** Ops that pass scores through unchanged, between a final activation and the graph output. */
const PASS_THROUGH_OPS: ReadonlySet<string> = new Set(['Identity', 'Cast', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten']);

/**
 * `columns` is the output's width when its shape fixes it (undefined for `[N, ?]`), `rank` its rank.
 * Throws a ModelLoadError when the options contradict the model.
 */
export function planSingleOutput(
  model: OnnxModelProto,
  output: { readonly name: string; readonly columns: number | undefined; readonly describe: string },
  options: OutputOptions = {},
): SingleOutputPlan {
  const named = options.classes ?? metadataClasses(model);
  const columns = output.columns ?? (options.task === 'classification' ? named?.length : undefined);
  const classifier = options.task === 'classification' || (columns !== undefined && columns >= 2);
  if (!classifier) {
    if (options.classes !== undefined || options.scores !== undefined) {
      throw new ModelLoadError(
        `the ONNX model's only output ${output.describe} is one value per row (a regressor); register it with --task classification to read it as P(class 1) of a binary classifier`,
      );
    }
    return { kind: 'regression' };
  }
  if (options.task === 'regression') {
    throw new ModelLoadError(
      `the ONNX model's only output ${output.describe} has ${columns} columns; Ballast serves single-target regressors, so it can only be read as class scores (drop --task regression)`,
    );
  }
  if (columns === undefined) {
    throw new ModelLoadError(
      `the ONNX model's only output ${output.describe} does not fix its number of classes; name them with --classes`,
    );
  }
  const classes = named ?? Array.from({ length: Math.max(columns, 2) }, (_, index) => index);
  const expected = columns === 1 ? 2 : columns;
  const source = options.classes !== undefined ? '--classes' : `metadata_props "${CLASSES_KEY}"`;
  if (classes.length !== expected) {
    throw new ModelLoadError(
      `${source} names ${classes.length} classes ${formatLabels(classes)} but the ONNX model's scores ${output.describe} are for ${expected} classes`,
    );
  }
  if (new Set(classes.map(String)).size !== classes.length)
    throw new ModelLoadError(`${source} names a class twice: ${formatLabels(classes)}`);
  return { kind: 'scores', classes, columns, scores: options.scores ?? scoresFromGraph(model.nodes, output.name, columns) };
}

/**
 * What the graph's last activation says: Softmax gives probabilities, LogSoftmax gives log-
 * probabilities (softmax of which gives them back, so they read as logits), and a Sigmoid on one
 * column gives P(class 1). Anything else is left to the probe.
 */
function scoresFromGraph(nodes: readonly OnnxNode[], outputName: string, columns: number): ScoreKind | undefined {
  const producers = new Map<string, OnnxNode>();
  for (const node of nodes) for (const output of node.outputs) producers.set(output, node);
  let name = outputName;
  for (let step = 0; step <= nodes.length; step++) {
    const node = producers.get(name);
    if (node === undefined || (node.domain !== '' && node.domain !== 'ai.onnx')) return undefined;
    if (node.opType === 'Softmax') return 'probabilities';
    if (node.opType === 'LogSoftmax') return 'logits';
    if (node.opType === 'Sigmoid') return columns === 1 ? 'probabilities' : undefined;
    if (!PASS_THROUGH_OPS.has(node.opType) || node.inputs[0] === undefined) return undefined;
    name = node.inputs[0];
  }
  return undefined;
}

function metadataClasses(model: OnnxModelProto): ClassLabel[] | undefined {
  const text = model.metadata.get(CLASSES_KEY);
  if (text === undefined) return undefined;
  const classes = parseClassLabels(text);
  if (classes === undefined)
    throw new ModelLoadError(
      `ONNX metadata_props "${CLASSES_KEY}" is neither a JSON array of strings and numbers nor a comma-separated list`,
    );
  return classes;
}

function formatLabels(labels: readonly ClassLabel[]): string {
  return `[${labels.map((label) => JSON.stringify(label)).join(', ')}]`;
}
