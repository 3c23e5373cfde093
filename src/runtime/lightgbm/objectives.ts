import type { OutputKind } from '../../core/signature.ts';
import { loadError, parseFiniteNumber, parseInteger } from './text-fields.ts';

/**
 * The objective line of a LightGBM model (`objective=binary sigmoid:1`) and the output conversion that
 * LightGBM's ObjectiveFunction::ConvertOutput applies to the raw scores.
 */
export interface LightGbmObjective {
  readonly name: string;
  readonly kind: OutputKind;
  /** Scores per row: num_class for multiclass objectives, else 1 (binary models give P(class 1) only). */
  readonly numOutputs: number;
  /** Converts one row's raw scores, in place: what Booster.predict returns without raw_score. */
  convert(scores: Float64Array, offset: number): void;
}

const REGRESSION_FAMILY = new Set(['regression', 'regression_l1', 'huber', 'fair', 'quantile', 'mape']);
const EXP_LINK = new Set(['poisson', 'gamma', 'tweedie']);
const MAX_CLASSES = 1 << 16;

const identity = (): void => {};

function sigmoidOf(scale: number) {
  return (scores: Float64Array, offset: number): void => {
    scores[offset] = 1 / (1 + Math.exp(-scale * scores[offset]!));
  };
}

/** The `key:value` parameters and bare flags that follow the objective's name. */
function readParameters(tokens: readonly string[]): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const token of tokens) {
    const colon = token.indexOf(':');
    if (colon < 0) parameters.set(token, '');
    else parameters.set(token.slice(0, colon), token.slice(colon + 1));
  }
  return parameters;
}

function requireParameter(parameters: ReadonlyMap<string, string>, key: string, objective: string): string {
  const value = parameters.get(key);
  if (value === undefined || value === '') throw loadError(`objective '${objective}' is missing its '${key}:' parameter`);
  return value;
}

function positiveSigmoid(parameters: ReadonlyMap<string, string>, objective: string): number {
  const sigmoid = parseFiniteNumber(requireParameter(parameters, 'sigmoid', objective), `objective '${objective}' sigmoid`);
  if (sigmoid <= 0) throw loadError(`objective '${objective}' has sigmoid:${sigmoid}, expected a positive number`);
  return sigmoid;
}

export function parseObjective(line: string, numClass: number): LightGbmObjective {
  const [name = '', ...rest] = line.trim().split(/\s+/);
  const parameters = readParameters(rest);
  const classCount = (): number => {
    const declared = parseInteger(requireParameter(parameters, 'num_class', name), `objective '${name}' num_class`, 2, MAX_CLASSES);
    if (declared !== numClass) throw loadError(`objective '${line}' has num_class:${declared} but the header says num_class=${numClass}`);
    return declared;
  };
  if (name !== 'multiclass' && name !== 'multiclassova' && numClass !== 1) {
    throw loadError(`objective '${name}' has one output but the header says num_class=${numClass}`);
  }

  if (name === 'binary') {
    return { name, kind: 'binary', numOutputs: 1, convert: sigmoidOf(positiveSigmoid(parameters, name)) };
  }
  if (name === 'cross_entropy') {
    // Trained on labels in [0, 1]; its output is a probability, so it is served like a binary classifier.
    return { name, kind: 'binary', numOutputs: 1, convert: sigmoidOf(1) };
  }
  if (name === 'multiclass') {
    const k = classCount();
    return { name, kind: 'multiclass', numOutputs: k, convert: (scores, offset) => softmax(scores, offset, k) };
  }
  if (name === 'multiclassova') {
    // One sigmoid per class, not normalised: the probabilities need not sum to 1 (as in LightGBM).
    const k = classCount();
    const sigmoid = positiveSigmoid(parameters, name);
    return {
      name,
      kind: 'multiclass',
      numOutputs: k,
      convert: (scores, offset) => {
        for (let i = offset; i < offset + k; i++) scores[i] = 1 / (1 + Math.exp(-sigmoid * scores[i]!));
      },
    };
  }
  if (REGRESSION_FAMILY.has(name)) {
    // `sqrt`: the model was trained on sign(y)·sqrt(|y|), so the output is squared back.
    const convert = parameters.has('sqrt')
      ? (scores: Float64Array, offset: number): void => {
          const x = scores[offset]!;
          scores[offset] = Math.sign(x) * x * x;
        }
      : identity;
    return { name, kind: 'regression', numOutputs: 1, convert };
  }
  if (EXP_LINK.has(name)) {
    return { name, kind: 'regression', numOutputs: 1, convert: (scores, offset) => void (scores[offset] = Math.exp(scores[offset]!)) };
  }
  if (name === 'cross_entropy_lambda') {
    return {
      name,
      kind: 'regression',
      numOutputs: 1,
      convert: (scores, offset) => void (scores[offset] = Math.log(1 + Math.exp(scores[offset]!))),
    };
  }
  throw loadError(
    `objective '${name}' is not supported (supported: binary, multiclass, multiclassova, regression, regression_l1, huber, fair, quantile, mape, poisson, gamma, tweedie, cross_entropy, cross_entropy_lambda)`,
  );
}

/** LightGBM's Common::Softmax: shift by the maximum, exponentiate, normalise. */
function softmax(scores: Float64Array, offset: number, k: number): void {
  let max = scores[offset]!;
  for (let i = offset + 1; i < offset + k; i++) max = Math.max(max, scores[i]!);
  let sum = 0;
  for (let i = offset; i < offset + k; i++) {
    const e = Math.exp(scores[i]! - max);
    scores[i] = e;
    sum += e;
  }
  for (let i = offset; i < offset + k; i++) scores[i] = scores[i]! / sum;
}
