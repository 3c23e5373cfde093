import type { TreeModel } from '../../tree-model.ts';

/** One split or leaf of a hand-built tree: a split sends values `below` its threshold left. */
export type HandNode =
  { readonly leaf: number } | { readonly feature: number; readonly threshold: number; readonly left: HandNode; readonly right: HandNode };

/**
 * A TreeModel built by hand, for tests of code that reads trees. `rule` is the framework's
 * comparison: `lt` (XGBoost: left when value < threshold, compared in float32) or `le` (LightGBM:
 * left when value <= threshold); missing values go left. One output (binary margin or regression value).
 */
export function handTreeModel(featureCount: number, roots: readonly HandNode[], rule: 'lt' | 'le' = 'lt', baseMargin = 0): TreeModel {
  const trees = roots.map((root) => flatten(root));
  return {
    featureCount,
    outputCount: 1,
    baseMargins: Float64Array.of(baseMargin),
    trees,
    childFor(tree, node, value) {
      const t = trees[tree]!;
      const threshold = t.threshold[node]!;
      const goLeft = Number.isNaN(value) || (rule === 'lt' ? Math.fround(value) < Math.fround(threshold) : value <= threshold);
      return goLeft ? t.left[node]! : t.right[node]!;
    },
  };
}

/** The model's margin for one row, walking every tree through childFor. */
export function walkMargin(model: TreeModel, row: ArrayLike<number>): number {
  let margin = model.baseMargins[0]!;
  model.trees.forEach((tree, t) => {
    let node = 0;
    while (tree.feature[node]! >= 0) node = model.childFor(t, node, row[tree.feature[node]!]!);
    margin += tree.value[node]!;
  });
  return margin;
}

function flatten(root: HandNode) {
  const nodes: HandNode[] = [];
  const index = new Map<HandNode, number>();
  const visit = (node: HandNode) => {
    index.set(node, nodes.length);
    nodes.push(node);
    if (!('leaf' in node)) {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(root);
  const n = nodes.length;
  const tree = {
    output: 0,
    feature: new Int32Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    cover: new Float64Array(n).fill(1),
    value: new Float64Array(n),
    threshold: new Float64Array(n).fill(Number.NaN),
  };
  nodes.forEach((node, i) => {
    if ('leaf' in node) {
      tree.feature[i] = -1;
      tree.left[i] = -1;
      tree.right[i] = -1;
      tree.value[i] = node.leaf;
    } else {
      tree.feature[i] = node.feature;
      tree.threshold[i] = node.threshold;
      tree.left[i] = index.get(node.left)!;
      tree.right[i] = index.get(node.right)!;
    }
  });
  return tree;
}
