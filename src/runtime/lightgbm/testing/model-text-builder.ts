/**
 * Builds small LightGBM text models for tests, in the layout Booster.save_model writes, so edge
 * cases (single leaves, bitsets, linear leaves, corrupt fields) can be spelled out tree by tree.
 */

export interface TreeText {
  readonly split_feature?: readonly number[];
  readonly threshold?: readonly number[];
  readonly decision_type?: readonly number[];
  readonly left_child?: readonly number[];
  readonly right_child?: readonly number[];
  readonly leaf_value: readonly number[];
  readonly cat_boundaries?: readonly number[];
  readonly cat_threshold?: readonly number[];
  /** Extra or replacement `key=value` lines, e.g. linear leaves. */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface ModelText {
  readonly objective?: string | null;
  readonly featureNames?: readonly string[];
  readonly featureInfos?: readonly string[];
  readonly numClass?: number;
  readonly averageOutput?: boolean;
  readonly header?: Readonly<Record<string, string>>;
  readonly trees: readonly TreeText[];
  /** Lines after `end of trees`, e.g. a parameters section or a pandas_categorical line. */
  readonly tail?: readonly string[];
}

export function treeText(tree: TreeText, index: number): string {
  const numLeaves = tree.leaf_value.length;
  // LightGBM prints infinities as printf does.
  const format = (value: number): string => (value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value));
  const join = (values: readonly number[] | undefined): string => (values ?? []).map(format).join(' ');
  const fields: Record<string, string> = {
    num_leaves: String(numLeaves),
    num_cat: String(tree.cat_boundaries ? tree.cat_boundaries.length - 1 : 0),
    split_feature: join(tree.split_feature),
    split_gain: join(tree.split_feature?.map(() => 1)),
    threshold: join(tree.threshold),
    decision_type: join(tree.decision_type),
    left_child: join(tree.left_child),
    right_child: join(tree.right_child),
    leaf_value: join(tree.leaf_value),
    leaf_weight: join(tree.leaf_value.map(() => 1)),
    leaf_count: join(tree.leaf_value.map(() => 1)),
  };
  if (tree.cat_boundaries) {
    fields.cat_boundaries = join(tree.cat_boundaries);
    fields.cat_threshold = join(tree.cat_threshold);
  }
  fields.is_linear = '0';
  Object.assign(fields, tree.extra ?? {});
  fields.shrinkage = '0.1';
  const lines = Object.entries(fields).map(([key, value]) => `${key}=${value}`);
  return [`Tree=${index}`, ...lines, '', ''].join('\n');
}

export function modelText(model: ModelText): string {
  const numClass = model.numClass ?? 1;
  const featureNames = model.featureNames ?? ['f0', 'f1', 'f2'];
  const objective = model.objective === undefined ? (numClass > 1 ? `multiclass num_class:${numClass}` : 'regression') : model.objective;
  const header: Record<string, string> = {
    version: 'v4',
    num_class: String(numClass),
    num_tree_per_iteration: String(numClass),
    label_index: '0',
    max_feature_idx: String(featureNames.length - 1),
  };
  if (objective !== null) header.objective = objective;
  const headerLines = Object.entries({ ...header, ...model.header }).map(([key, value]) => `${key}=${value}`);
  if (model.averageOutput) headerLines.push('average_output');
  headerLines.push(`feature_names=${featureNames.join(' ')}`);
  headerLines.push(`feature_infos=${(model.featureInfos ?? featureNames.map(() => '[-1:1]')).join(' ')}`);
  const trees = model.trees.map(treeText);
  headerLines.push(`tree_sizes=${trees.map((tree) => tree.length).join(' ')}`);
  return [
    'tree',
    ...headerLines,
    '',
    ...trees,
    'end of trees',
    '',
    ...(model.tail ?? [
      'feature_importances:',
      '',
      'parameters:',
      '[boosting: gbdt]',
      'end of parameters',
      '',
      'pandas_categorical:null',
      '',
    ]),
  ].join('\n');
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
