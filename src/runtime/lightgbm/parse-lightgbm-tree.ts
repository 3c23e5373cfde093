import {
  loadError,
  parseInteger,
  parseIntegerList,
  parseNumberList,
  parseThreshold,
  readKeyValues,
  requireField,
  splitTokens,
} from './text-fields.ts';

/**
 * LightGBM's decision_type bits (tree.h): bit 0 categorical, bit 1 default left, bits 2-3 the
 * missing type (0 none, 1 zero, 2 NaN; the evaluator reads them from the flattened forest).
 */
export const CATEGORICAL_MASK = 1;
const MISSING_NAN = 2;

export function missingType(decisionType: number): number {
  return (decisionType >> 2) & 3;
}

/** A leaf's linear model (linear_tree=true): output = constant + Σ coefficient × feature. */
export interface LinearLeaves {
  readonly leafConst: Float64Array;
  /** Leaf i's terms are [termStart[i], termStart[i + 1]) of termFeature / termCoeff. */
  readonly termStart: Int32Array;
  readonly termFeature: Int32Array;
  readonly termCoeff: Float64Array;
}

/**
 * One tree as LightGBM stores it: internal nodes 0..numLeaves-2, children >= 0 are nodes and
 * negative children are leaves (~child is the leaf index).
 */
export interface LightGbmTree {
  readonly numLeaves: number;
  readonly splitFeature: Int32Array;
  /** Numerical threshold, or for categorical nodes the index of the node's bitset in catBoundaries. */
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly leafValue: Float64Array;
  readonly catBoundaries: Int32Array;
  readonly catThreshold: Uint32Array;
  readonly linear: LinearLeaves | undefined;
  /** Training rows through each node and leaf (TreeSHAP's cover); undefined when the file lacks them. Prediction never reads them. */
  readonly counts: NodeCounts | undefined;
}

export interface NodeCounts {
  readonly internal: Float64Array;
  readonly leaf: Float64Array;
}

const MAX_LEAVES = 1 << 24;

export function parseLightGbmTree(lines: readonly string[], treeIndex: number, numFeatures: number): LightGbmTree {
  const where = `Tree=${treeIndex}`;
  const fields = readKeyValues(lines, where);
  const field = (key: string): string => requireField(fields, key, where);
  const what = (key: string): string => `${where} ${key}`;

  const numLeaves = parseInteger(field('num_leaves'), what('num_leaves'), 1, MAX_LEAVES);
  const numCat = parseInteger(field('num_cat'), what('num_cat'), 0, MAX_LEAVES);
  const numNodes = numLeaves - 1;
  const leafValue = parseNumberList(field('leaf_value'), numLeaves, what('leaf_value'));

  const splitFeature =
    numNodes === 0 ? new Int32Array(0) : parseIntegerList(field('split_feature'), numNodes, what('split_feature'), 0, numFeatures - 1);
  const threshold = numNodes === 0 ? new Float64Array(0) : parseNumberList(field('threshold'), numNodes, what('threshold'), parseThreshold);
  const decisionType = Uint8Array.from(
    numNodes === 0 ? [] : parseIntegerList(field('decision_type'), numNodes, what('decision_type'), 0, 15),
  );
  const leftChild =
    numNodes === 0 ? new Int32Array(0) : parseIntegerList(field('left_child'), numNodes, what('left_child'), -numLeaves, numNodes - 1);
  const rightChild =
    numNodes === 0 ? new Int32Array(0) : parseIntegerList(field('right_child'), numNodes, what('right_child'), -numLeaves, numNodes - 1);

  for (let node = 0; node < numNodes; node++) {
    if (missingType(decisionType[node]!) > MISSING_NAN) {
      throw loadError(`${what('decision_type')}[${node}] is ${decisionType[node]}, which has an unknown missing type`);
    }
  }
  checkTreeShape(leftChild, rightChild, numLeaves, where);

  let catBoundaries: Int32Array = new Int32Array(0);
  let catThreshold: Uint32Array = new Uint32Array(0);
  if (numCat > 0) {
    catBoundaries = parseIntegerList(field('cat_boundaries'), numCat + 1, what('cat_boundaries'), 0, 0x7fffffff);
    const words = splitTokens(field('cat_threshold'));
    catThreshold = Uint32Array.from(words, (token, i) => parseInteger(token, `${what('cat_threshold')}[${i}]`, 0, 0xffffffff));
    checkCatBoundaries(catBoundaries, catThreshold.length, where);
  }
  checkCategoricalNodes(decisionType, threshold, numCat, where);

  // `shrinkage` is not read: LightGBM has already multiplied it into leaf_value (the fixtures, trained
  // with learning_rate=0.1, match only without applying it again).
  const isLinear = fields.has('is_linear') ? parseInteger(field('is_linear'), what('is_linear'), 0, 1) === 1 : false;
  const linear = isLinear ? parseLinearLeaves(fields, numLeaves, numFeatures, where) : undefined;

  const counts = parseCounts(fields, numLeaves, where);
  return {
    numLeaves,
    splitFeature,
    threshold,
    decisionType,
    leftChild,
    rightChild,
    leafValue,
    catBoundaries,
    catThreshold,
    linear,
    counts,
  };
}

/** internal_count and leaf_count: only explanations read them, so a file without them still predicts. */
function parseCounts(fields: ReadonlyMap<string, string>, numLeaves: number, where: string): NodeCounts | undefined {
  const leafCount = fields.get('leaf_count');
  const internalCount = fields.get('internal_count');
  if (leafCount === undefined || (numLeaves > 1 && internalCount === undefined)) return undefined;
  return {
    internal: numLeaves > 1 ? parseNumberList(internalCount!, numLeaves - 1, `${where} internal_count`) : new Float64Array(0),
    leaf: parseNumberList(leafCount, numLeaves, `${where} leaf_count`),
  };
}

/** Every node but the root and every leaf must have exactly one parent: then a walk from the root always ends at a leaf. */
function checkTreeShape(leftChild: Int32Array, rightChild: Int32Array, numLeaves: number, where: string): void {
  const nodeParents = new Uint8Array(numLeaves - 1);
  const leafParents = new Uint8Array(numLeaves);
  for (const child of [...leftChild, ...rightChild]) {
    if (child >= 0) nodeParents[child]!++;
    else leafParents[~child]!++;
  }
  if (numLeaves > 1 && nodeParents[0] !== 0) throw loadError(`${where} has a child pointing at the root node`);
  for (let node = 1; node < numLeaves - 1; node++) {
    if (nodeParents[node] !== 1)
      throw loadError(`${where} node ${node} has ${nodeParents[node]} parents, expected 1 (corrupt left_child/right_child)`);
  }
  if (numLeaves > 1) {
    for (let leaf = 0; leaf < numLeaves; leaf++) {
      if (leafParents[leaf] !== 1)
        throw loadError(`${where} leaf ${leaf} has ${leafParents[leaf]} parents, expected 1 (corrupt left_child/right_child)`);
    }
  }
}

function checkCatBoundaries(catBoundaries: Int32Array, words: number, where: string): void {
  if (catBoundaries[0] !== 0) throw loadError(`${where} cat_boundaries must start at 0`);
  for (let i = 1; i < catBoundaries.length; i++) {
    if (catBoundaries[i]! < catBoundaries[i - 1]!) throw loadError(`${where} cat_boundaries must not decrease`);
  }
  if (catBoundaries[catBoundaries.length - 1] !== words) {
    throw loadError(
      `${where} cat_threshold has ${words} values, cat_boundaries expects ${catBoundaries[catBoundaries.length - 1]} (is the file truncated or edited?)`,
    );
  }
}

function checkCategoricalNodes(decisionType: Uint8Array, threshold: Float64Array, numCat: number, where: string): void {
  for (let node = 0; node < decisionType.length; node++) {
    if ((decisionType[node]! & CATEGORICAL_MASK) === 0) continue;
    const bitset = threshold[node]!;
    if (!Number.isInteger(bitset) || bitset < 0 || bitset >= numCat) {
      throw loadError(`${where} categorical node ${node} has threshold ${bitset}, expected a bitset index from 0 to ${numCat - 1}`);
    }
  }
}

function parseLinearLeaves(fields: ReadonlyMap<string, string>, numLeaves: number, numFeatures: number, where: string): LinearLeaves {
  const field = (key: string): string => requireField(fields, key, where);
  const leafConst = parseNumberList(field('leaf_const'), numLeaves, `${where} leaf_const`);
  const counts = parseIntegerList(field('num_features'), numLeaves, `${where} num_features`, 0, numFeatures);
  const termStart = new Int32Array(numLeaves + 1);
  for (let leaf = 0; leaf < numLeaves; leaf++) termStart[leaf + 1] = termStart[leaf]! + counts[leaf]!;
  const terms = termStart[numLeaves]!;
  const termFeature = parseIntegerList(field('leaf_features'), terms, `${where} leaf_features`, 0, numFeatures - 1);
  const termCoeff = parseNumberList(field('leaf_coeff'), terms, `${where} leaf_coeff`);
  return { leafConst, termStart, termFeature, termCoeff };
}
