import {
  flagArrayField,
  integerArrayField,
  integerStringField,
  invalidField,
  isObject,
  numberArrayField,
  objectField,
  describeValue,
  type JsonObject,
} from './json-fields.ts';
import type { CategoricalSplits } from './xgboost-model.ts';

const MAX_INT32 = 2 ** 31 - 1;

export interface FlatNodes {
  readonly treeRoots: Int32Array;
  readonly nodeFeature: Int32Array;
  readonly nodeValue: Float32Array;
  readonly nodeLeft: Int32Array;
  readonly nodeMissing: Int32Array;
  readonly categorical: CategoricalSplits | undefined;
  /** Every node's sum_hessian in flat order (TreeSHAP's cover); undefined when a tree lacks it. Prediction never reads it. */
  readonly nodeCover: Float64Array | undefined;
  /** Features some tree splits on by category, so a model without feature_types still knows them. */
  readonly categoricalFeatures: ReadonlySet<number>;
}

interface RawTree {
  readonly path: string;
  readonly nodeCount: number;
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly feature: readonly number[];
  readonly value: readonly number[];
  readonly defaultLeft: Uint8Array;
  readonly sumHessian: readonly number[] | undefined;
  /** Node index -> [begin, end) into `categories` for categorical splits. */
  readonly categorySplits: ReadonlyMap<number, readonly [number, number]>;
  readonly categories: readonly number[];
}

/**
 * Checks XGBoost's tree arrays and lays all trees out in shared typed arrays, renumbering nodes
 * breadth-first so siblings are adjacent and nodes no path reaches (pruned ones) are dropped.
 * Every node is reached at most once, so a corrupt tree cannot make prediction loop.
 */
export function flattenTrees(trees: readonly unknown[], treesPath: string, featureCount: number): FlatNodes {
  const raw = trees.map((tree, index) => readTree(tree, `${treesPath}[${index}]`));
  const total = raw.reduce((sum, tree) => sum + tree.nodeCount, 0);
  const hasCategorical = raw.some((tree) => tree.categorySplits.size > 0);
  const nodeFeature = new Int32Array(total);
  const nodeValue = new Float32Array(total);
  const nodeLeft = new Int32Array(total);
  const nodeMissing = new Int32Array(total);
  const hasCover = raw.every((tree) => tree.sumHessian !== undefined);
  const nodeCover = hasCover ? new Float64Array(total) : undefined;
  const start = hasCategorical ? new Int32Array(total).fill(-1) : undefined;
  const end = hasCategorical ? new Int32Array(total).fill(-1) : undefined;
  const codes: number[] = [];
  const categoricalFeatures = new Set<number>();
  const treeRoots = new Int32Array(raw.length);

  let next = 0;
  const queue = new Int32Array(total);
  for (let t = 0; t < raw.length; t++) {
    const tree = raw[t]!;
    const reached = new Uint8Array(tree.nodeCount);
    // queue[k] is the source node placed at flat index base + k.
    const base = next;
    treeRoots[t] = base;
    queue[0] = 0;
    reached[0] = 1;
    let placed = 1;
    for (let k = 0; k < placed; k++) {
      const source = queue[k]!;
      const flat = base + k;
      nodeValue[flat] = tree.value[source]!;
      if (nodeCover !== undefined) nodeCover[flat] = tree.sumHessian![source]!;
      const left = tree.left[source]!;
      if (left === -1) {
        nodeFeature[flat] = -1;
        continue;
      }
      const right = tree.right[source]!;
      if (right < 0 || left === right || reached[left] === 1 || reached[right] === 1) {
        invalidField(
          tree.path,
          `node ${source} must have two children no other node has`,
          `${left} and ${right}: a cycle or a shared node`,
        );
      }
      const feature = tree.feature[source]!;
      if (feature >= featureCount) {
        invalidField(`${tree.path}.split_indices[${source}]`, `must be below num_feature ${featureCount}`, String(feature));
      }
      reached[left] = 1;
      reached[right] = 1;
      queue[placed] = left;
      queue[placed + 1] = right;
      nodeFeature[flat] = feature;
      nodeLeft[flat] = base + placed;
      nodeMissing[flat] = base + placed + (tree.defaultLeft[source] === 1 ? 0 : 1);
      placed += 2;
      const split = tree.categorySplits.get(source);
      if (split !== undefined && start !== undefined && end !== undefined) {
        categoricalFeatures.add(feature);
        start[flat] = codes.length;
        const sorted = tree.categories.slice(split[0], split[1]).sort((a, b) => a - b);
        for (const code of sorted) codes.push(code);
        end[flat] = codes.length;
      }
    }
    next += placed;
  }
  const used = next;
  return {
    treeRoots,
    nodeFeature: nodeFeature.slice(0, used),
    nodeValue: nodeValue.slice(0, used),
    nodeLeft: nodeLeft.slice(0, used),
    nodeMissing: nodeMissing.slice(0, used),
    categorical: start && end ? { start: start.slice(0, used), end: end.slice(0, used), codes: Int32Array.from(codes) } : undefined,
    nodeCover: nodeCover?.slice(0, used),
    categoricalFeatures,
  };
}

function readTree(tree: unknown, path: string): RawTree {
  if (!isObject(tree)) invalidField(path, 'must be an object', describeValue(tree));
  const param = objectField(tree, 'tree_param', path);
  const nodeCount = integerStringField(param, 'num_nodes', `${path}.tree_param`, 1);
  if (param['size_leaf_vector'] !== undefined && integerStringField(param, 'size_leaf_vector', `${path}.tree_param`, 0) > 1) {
    invalidField(
      `${path}.tree_param.size_leaf_vector`,
      'must be 0 or 1: vector-leaf trees (multi_strategy="multi_output_tree") are not supported',
    );
  }
  const bounds = { length: nodeCount, min: -1, max: nodeCount - 1 };
  return {
    path,
    nodeCount,
    left: integerArrayField(tree, 'left_children', path, bounds),
    right: integerArrayField(tree, 'right_children', path, bounds),
    feature: integerArrayField(tree, 'split_indices', path, { length: nodeCount, min: 0, max: MAX_INT32 }),
    value: numberArrayField(tree, 'split_conditions', path, nodeCount),
    defaultLeft: flagArrayField(tree, 'default_left', path, nodeCount),
    // Only explanations read it, so a model without it still predicts.
    sumHessian: tree['sum_hessian'] === undefined ? undefined : numberArrayField(tree, 'sum_hessian', path, nodeCount),
    ...readCategorySplits(tree, path, nodeCount),
  };
}

/**
 * `split_type` 1 marks a categorical split; its codes are categories[segment .. segment + size)
 * of the matching `categories_nodes` entry. Models written before categorical support lack them all.
 */
function readCategorySplits(tree: JsonObject, path: string, nodeCount: number): Pick<RawTree, 'categorySplits' | 'categories'> {
  const categorySplits = new Map<number, readonly [number, number]>();
  if (tree['split_type'] === undefined) return { categorySplits, categories: [] };
  const splitType = integerArrayField(tree, 'split_type', path, { length: nodeCount, min: 0, max: 1 });
  const nodes = integerArrayField(tree, 'categories_nodes', path, { min: 0, max: nodeCount - 1 });
  const count = nodes.length;
  const segments = integerArrayField(tree, 'categories_segments', path, { length: count, min: 0, max: Number.MAX_SAFE_INTEGER });
  const sizes = integerArrayField(tree, 'categories_sizes', path, { length: count, min: 1, max: Number.MAX_SAFE_INTEGER });
  // XGBoost treats codes at or above 2^24 as invalid inputs, so no split can hold one.
  const categories = integerArrayField(tree, 'categories', path, { min: 0, max: 2 ** 24 - 1 });
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    const begin = segments[i]!;
    const end = begin + sizes[i]!;
    if (end > categories.length) {
      invalidField(
        `${path}.categories_segments[${i}]`,
        `with categories_sizes[${i}] must lie within the ${categories.length} categories`,
        `${begin}..${end}`,
      );
    }
    if (splitType[node] !== 1 || categorySplits.has(node)) {
      invalidField(`${path}.categories_nodes[${i}]`, 'must name each categorical split (split_type 1) once', String(node));
    }
    categorySplits.set(node, [begin, end]);
  }
  for (let node = 0; node < nodeCount; node++) {
    if (splitType[node] === 1 && !categorySplits.has(node)) {
      invalidField(`${path}.split_type[${node}]`, 'is categorical but categories_nodes does not list the node');
    }
  }
  return { categorySplits, categories };
}
