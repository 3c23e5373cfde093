import { flattenTrees } from './flatten-trees.ts';
import {
  describeValue,
  integerArrayField,
  integerStringField,
  invalidField,
  isObject,
  numberArrayField,
  objectField,
  stringField,
  type JsonObject,
} from './json-fields.ts';
import type { LinearBooster, TreeEnsemble } from './xgboost-model.ts';

export interface ParsedBooster {
  readonly booster: TreeEnsemble | LinearBooster;
  /** Features split by category in some tree. */
  readonly categoricalFeatures: ReadonlySet<number>;
  /** `model.cats` of XGBoost ≥ 3.1: the category names seen in training. */
  readonly cats: JsonObject | undefined;
  readonly catsPath: string;
}

const SUPPORTED_BOOSTERS = 'gbtree, dart, gblinear';

/** Reads learner.gradient_booster for the three boosters XGBoost has. */
export function parseGradientBooster(gradientBooster: JsonObject, path: string, featureCount: number, groupCount: number): ParsedBooster {
  const name = stringField(gradientBooster, 'name', path);
  switch (name) {
    case 'gbtree':
      return parseTreeModel(objectField(gradientBooster, 'model', path), `${path}.model`, featureCount, groupCount, undefined);
    case 'dart': {
      // DART predicts with every tree, each scaled by the weight it kept after its dropouts.
      const gbtree = objectField(gradientBooster, 'gbtree', path);
      const model = objectField(gbtree, 'model', `${path}.gbtree`);
      const weights = numberArrayField(gradientBooster, 'weight_drop', path);
      return parseTreeModel(model, `${path}.gbtree.model`, featureCount, groupCount, { weights, path: `${path}.weight_drop` });
    }
    case 'gblinear':
      return parseLinearModel(objectField(gradientBooster, 'model', path), `${path}.model`, featureCount, groupCount);
    default:
      return invalidField(`${path}.name`, `must be one of ${SUPPORTED_BOOSTERS}`, describeValue(name));
  }
}

function parseTreeModel(
  model: JsonObject,
  path: string,
  featureCount: number,
  groupCount: number,
  dart: { readonly weights: readonly number[]; readonly path: string } | undefined,
): ParsedBooster {
  const param = objectField(model, 'gbtree_model_param', path);
  const treeCount = integerStringField(param, 'num_trees', `${path}.gbtree_model_param`, 0);
  if (param['num_parallel_tree'] !== undefined) {
    // Random-forest layers are just more trees per group; checked so a corrupt value is caught.
    integerStringField(param, 'num_parallel_tree', `${path}.gbtree_model_param`, 1);
  }
  if (treeCount === 0) invalidField(`${path}.gbtree_model_param.num_trees`, 'is 0: the model has no trees; train at least one round');
  const trees = model['trees'];
  if (!Array.isArray(trees) || trees.length !== treeCount) {
    invalidField(`${path}.trees`, `must be an array of num_trees = ${treeCount} trees`, describeValue(trees));
  }
  const treeGroups = Int32Array.from(integerArrayField(model, 'tree_info', path, { length: treeCount, min: 0, max: groupCount - 1 }));
  if (model['iteration_indptr'] !== undefined) checkIterationPointers(model, path, treeCount);
  if (dart !== undefined && dart.weights.length !== treeCount) {
    invalidField(dart.path, `must have one weight per tree (${treeCount})`, String(dart.weights.length));
  }
  const flat = flattenTrees(trees, `${path}.trees`, featureCount);
  const cats = model['cats'];
  if (cats !== undefined && !isObject(cats)) invalidField(`${path}.cats`, 'must be an object', describeValue(cats));
  return {
    booster: {
      kind: 'trees',
      treeRoots: flat.treeRoots,
      treeGroups,
      treeWeights: dart === undefined ? undefined : Float32Array.from(dart.weights),
      nodeFeature: flat.nodeFeature,
      nodeValue: flat.nodeValue,
      nodeLeft: flat.nodeLeft,
      nodeMissing: flat.nodeMissing,
      categorical: flat.categorical,
      nodeCover: flat.nodeCover,
    },
    categoricalFeatures: flat.categoricalFeatures,
    cats,
    catsPath: `${path}.cats`,
  };
}

/** Tree boundaries of each boosting round; prediction uses all rounds, so only consistency matters. */
function checkIterationPointers(model: JsonObject, path: string, treeCount: number): void {
  const pointers = integerArrayField(model, 'iteration_indptr', path, { min: 0, max: treeCount });
  const ordered = pointers.every((value, i) => i === 0 || value >= pointers[i - 1]!);
  if (pointers[0] !== 0 || pointers[pointers.length - 1] !== treeCount || !ordered) {
    invalidField(`${path}.iteration_indptr`, `must rise from 0 to num_trees = ${treeCount}`, describeValue(pointers));
  }
}

function parseLinearModel(model: JsonObject, path: string, featureCount: number, groupCount: number): ParsedBooster {
  const weights = numberArrayField(model, 'weights', path, (featureCount + 1) * groupCount);
  if (model['boosted_rounds'] !== undefined && model['boosted_rounds'] === 0) {
    invalidField(`${path}.boosted_rounds`, 'is 0: the model was never trained; train at least one round');
  }
  return {
    booster: { kind: 'linear', weights: Float32Array.from(weights) },
    categoricalFeatures: new Set(),
    cats: undefined,
    catsPath: `${path}.cats`,
  };
}
