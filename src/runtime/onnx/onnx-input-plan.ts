import type { FeatureSpec, FeatureType } from '../../core/signature.ts';
import { ModelLoadError, type LoadOptions } from '../model-runtime.ts';
import { elementTypeName, OnnxElementType, type OnnxDim, type OnnxModelProto, type OnnxValueInfo } from './onnx-proto.ts';

/** Tensor element types Ballast feeds, spelled as onnxruntime's Tensor.Type. */
export type FeedElement = 'float32' | 'float64' | 'int64' | 'int32' | 'string';

export interface FeedColumn {
  readonly inputName: string;
  readonly element: FeedElement;
  /** 1 for an input declared `[N]`, 2 for `[N, 1]` (or a shape the model leaves open). */
  readonly rank: 1 | 2;
}

/**
 * How a batch becomes the model's feeds: one 2-D tensor `[N, F]` holding every feature, or one
 * tensor per feature (what skl2onnx writes for a ColumnTransformer with one input per column).
 */
export type FeedPlan =
  | { readonly kind: 'matrix'; readonly inputName: string; readonly element: Exclude<FeedElement, 'string'> }
  | { readonly kind: 'columns'; readonly columns: readonly FeedColumn[] };

export interface InputPlan {
  readonly features: readonly FeatureSpec[];
  readonly feed: FeedPlan;
}

/** The metadata_props key whose value names the columns of a single 2-D input. */
const FEATURE_NAMES_KEY = 'feature_names';

const ELEMENTS: ReadonlyMap<number, { element: FeedElement; type: FeatureType }> = new Map([
  [OnnxElementType.float, { element: 'float32', type: 'number' }],
  [OnnxElementType.double, { element: 'float64', type: 'number' }],
  [OnnxElementType.int64, { element: 'int64', type: 'integer' }],
  [OnnxElementType.int32, { element: 'int32', type: 'integer' }],
  [OnnxElementType.string, { element: 'string', type: 'string' }],
]);

export function planInputs(model: OnnxModelProto, options: LoadOptions): InputPlan {
  const inputs = model.inputs;
  if (inputs.length === 0) throw new ModelLoadError('the ONNX model has no graph inputs to feed');
  const only = inputs[0]!;
  if (inputs.length === 1 && isNumericMatrix(only)) return planMatrix(model, only, options);
  const columns = inputs.map(planColumn);
  return {
    features: inputs.map((input) => ({ name: input.name, type: describe(input).type })),
    feed: { kind: 'columns', columns },
  };
}

/**
 * One numeric input of rank 2 (or of unknown rank, which only a matrix input makes sense of). A lone
 * `[N, 1]` input counts as a one-feature matrix: its name is usually 'X' or 'input', not a feature's.
 */
function isNumericMatrix(input: OnnxValueInfo): boolean {
  const { type } = input;
  if (type.kind !== 'tensor' || type.elementType === OnnxElementType.string) return false;
  return type.shape === undefined || type.shape.length === 2;
}

function planMatrix(model: OnnxModelProto, input: OnnxValueInfo, options: LoadOptions): InputPlan {
  const { element, type } = describe(input);
  if (element === 'string')
    throw new ModelLoadError(`ONNX input "${input.name}" is a string matrix; Ballast feeds strings one column per input`);
  const shape = input.type.kind === 'tensor' ? input.type.shape : undefined;
  checkBatchDimension(input.name, shape);
  const width = shape?.[1];
  const names = featureNames(model, input.name, typeof width === 'number' ? width : undefined, options);
  return { features: names.map((name) => ({ name, type })), feed: { kind: 'matrix', inputName: input.name, element } };
}

/**
 * Names for the columns of a single 2-D input: the model's own `feature_names` metadata first (it
 * travels with the artifact), then the caller's list, then f0..f{F-1} when the width is fixed.
 */
function featureNames(model: OnnxModelProto, inputName: string, width: number | undefined, options: LoadOptions): string[] {
  const fromMetadata = model.metadata.get(FEATURE_NAMES_KEY);
  if (fromMetadata !== undefined) {
    return checkNames(parseFeatureNames(fromMetadata), width, `metadata_props "${FEATURE_NAMES_KEY}"`, inputName);
  }
  if (options.featureNames !== undefined) return checkNames([...options.featureNames], width, 'the feature names given', inputName);
  if (width === undefined) {
    throw new ModelLoadError(
      `ONNX input "${inputName}" has no fixed number of features and the model has no "${FEATURE_NAMES_KEY}" metadata; give the feature names in training order when loading it`,
    );
  }
  return Array.from({ length: width }, (_, index) => `f${index}`);
}

/** A JSON array of strings (`["age","income"]`) or a comma-separated list (`age, income`). */
export function parseFeatureNames(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string')) {
      throw new ModelLoadError(`ONNX metadata_props "${FEATURE_NAMES_KEY}" starts with "[" but is not a JSON array of strings`);
    }
    return parsed;
  }
  return trimmed === '' ? [] : trimmed.split(',').map((name) => name.trim());
}

function checkNames(names: string[], width: number | undefined, source: string, inputName: string): string[] {
  if (names.length === 0 || names.some((name) => name === '')) {
    throw new ModelLoadError(`${source} for ONNX input "${inputName}" has an empty feature name`);
  }
  if (width !== undefined && names.length !== width) {
    throw new ModelLoadError(`${source} lists ${names.length} features but ONNX input "${inputName}" has ${width} columns`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ModelLoadError(`${source} names feature "${name}" twice`);
    seen.add(name);
  }
  return names;
}

function planColumn(input: OnnxValueInfo): FeedColumn {
  const { element } = describe(input);
  const shape = input.type.kind === 'tensor' ? input.type.shape : undefined;
  checkBatchDimension(input.name, shape);
  if (shape !== undefined && (shape.length > 2 || (shape.length === 2 && typeof shape[1] === 'number' && shape[1] !== 1))) {
    throw new ModelLoadError(
      `ONNX input "${input.name}" has shape ${formatShape(shape)}; a model with one input per feature must take one column each ([N, 1] or [N])`,
    );
  }
  return { inputName: input.name, element, rank: shape?.length === 1 ? 1 : 2 };
}

function describe(input: OnnxValueInfo): { element: FeedElement; type: FeatureType } {
  if (input.type.kind !== 'tensor') {
    throw new ModelLoadError(`ONNX input "${input.name}" is a ${input.type.kind}, not a tensor; Ballast feeds tensors only`);
  }
  const known = ELEMENTS.get(input.type.elementType);
  if (known === undefined) {
    throw new ModelLoadError(
      `ONNX input "${input.name}" has element type ${elementTypeName(input.type.elementType)}; Ballast feeds float, double, int64, int32 or string`,
    );
  }
  return known;
}

/** The first dimension is the batch; a model exported with a fixed one can only ever see that many rows. */
function checkBatchDimension(inputName: string, shape: readonly OnnxDim[] | undefined): void {
  if (shape === undefined) return;
  if (shape.length === 0) throw new ModelLoadError(`ONNX input "${inputName}" is a scalar; Ballast feeds a batch of rows`);
  const batch = shape[0];
  if (typeof batch === 'number') {
    throw new ModelLoadError(
      `ONNX input "${inputName}" has a fixed batch size of ${batch}; re-export it with a dynamic first dimension (None in skl2onnx initial_types, dynamic_axes in torch.onnx.export)`,
    );
  }
}

export function formatShape(shape: readonly OnnxDim[] | undefined): string {
  if (shape === undefined) return '(unknown shape)';
  return `[${shape.map((dim, index) => dim ?? (index === 0 ? 'N' : '?')).join(', ')}]`;
}
