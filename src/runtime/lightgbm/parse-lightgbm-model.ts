import { parseObjective } from './objectives.ts';
import type { LightGbmObjective } from './objectives.ts';
import { parseLightGbmTree } from './parse-lightgbm-tree.ts';
import type { LightGbmTree } from './parse-lightgbm-tree.ts';
import { parseModelTail } from './parse-model-tail.ts';
import { loadError, parseInteger, readKeyValues, requireField, splitTokens } from './text-fields.ts';

/** A LightGBM text model (Booster.save_model / model_to_string), checked and ready to flatten. */
export interface LightGbmModel {
  readonly featureNames: readonly string[];
  /** Per feature: `[min:max]` for numerical, `a:b:c` (seen categories) for categorical, `none` when unused. */
  readonly featureInfos: readonly string[] | undefined;
  readonly numClass: number;
  readonly numTreePerIteration: number;
  readonly objective: LightGbmObjective;
  /** Random forest (boosting=rf): the converted output averages the trees instead of summing them. */
  readonly averageOutput: boolean;
  readonly trees: readonly LightGbmTree[];
  readonly categoricalFeatureParameter: readonly number[] | undefined;
  readonly pandasCategorical: readonly (readonly string[])[] | undefined;
}

const SUPPORTED_VERSIONS = new Set(['v2', 'v3', 'v4']);
const MAX_FEATURES = 1 << 24;
const TREE_HEADER = /^Tree=(\d+)$/;
const END_OF_TREES = 'end of trees';

export function parseLightGbmModel(bytes: Uint8Array): LightGbmModel {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw loadError('the file is not UTF-8 text (expected a model saved by Booster.save_model)');
  }
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'tree') {
    throw loadError("the file does not start with the line 'tree' (expected a text model saved by Booster.save_model, not JSON or binary)");
  }

  let cursor = 1;
  const headerLines: string[] = [];
  while (cursor < lines.length && !TREE_HEADER.test(lines[cursor]!) && lines[cursor] !== END_OF_TREES) {
    if (lines[cursor] !== '') headerLines.push(lines[cursor]!);
    cursor++;
  }
  const header = readKeyValues(headerLines, 'the header');
  const field = (key: string): string => requireField(header, key, 'the header');

  const version = field('version');
  if (!SUPPORTED_VERSIONS.has(version)) throw loadError(`version=${version} is not supported (expected v2, v3 or v4)`);
  const numFeatures = parseInteger(field('max_feature_idx'), 'max_feature_idx', 0, MAX_FEATURES - 1) + 1;
  const numClass = parseInteger(field('num_class'), 'num_class', 1, MAX_FEATURES);
  const numTreePerIteration = parseInteger(field('num_tree_per_iteration'), 'num_tree_per_iteration', 1, MAX_FEATURES);
  if (numTreePerIteration !== numClass) {
    throw loadError(
      `num_tree_per_iteration=${numTreePerIteration} differs from num_class=${numClass}; only one tree per class and iteration is supported`,
    );
  }
  const objectiveLine = header.get('objective');
  if (objectiveLine === undefined) {
    throw loadError(
      "the header has no 'objective' line (trained with a custom objective function?); a built-in objective is needed to turn raw scores into predictions",
    );
  }
  const objective = parseObjective(objectiveLine, numClass);
  const featureNames = parseFeatureNames(field('feature_names'), numFeatures);
  const featureInfos = header.has('feature_infos') ? splitTokens(header.get('feature_infos')!) : undefined;
  if (featureInfos && featureInfos.length !== numFeatures) {
    throw loadError(`feature_infos has ${featureInfos.length} entries, expected ${numFeatures} (max_feature_idx + 1)`);
  }

  const trees: LightGbmTree[] = [];
  while (cursor < lines.length && lines[cursor] !== END_OF_TREES) {
    const match = TREE_HEADER.exec(lines[cursor]!);
    if (!match)
      throw loadError(
        `unexpected line '${clip(lines[cursor]!)}' after Tree=${trees.length - 1}; expected 'Tree=${trees.length}' or '${END_OF_TREES}'`,
      );
    if (Number(match[1]) !== trees.length) throw loadError(`found Tree=${match[1]} where Tree=${trees.length} was expected`);
    const block: string[] = [];
    cursor++;
    while (cursor < lines.length && lines[cursor] !== '' && !TREE_HEADER.test(lines[cursor]!) && lines[cursor] !== END_OF_TREES) {
      block.push(lines[cursor]!);
      cursor++;
    }
    trees.push(parseLightGbmTree(block, trees.length, numFeatures));
    while (cursor < lines.length && lines[cursor] === '') cursor++;
  }
  if (cursor >= lines.length) throw loadError(`the '${END_OF_TREES}' line is missing (is the file truncated?)`);
  checkTreeCount(trees.length, numTreePerIteration, header.get('tree_sizes'));

  const tail = parseModelTail(lines.slice(cursor + 1), featureNames);
  return {
    featureNames,
    featureInfos,
    numClass,
    numTreePerIteration,
    objective,
    averageOutput: header.has('average_output'),
    trees,
    categoricalFeatureParameter: tail.categoricalFeatureParameter,
    pandasCategorical: tail.pandasCategorical,
  };
}

function parseFeatureNames(value: string, numFeatures: number): string[] {
  const names = splitTokens(value);
  if (names.length !== numFeatures)
    throw loadError(`feature_names has ${names.length} names, expected ${numFeatures} (max_feature_idx + 1)`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw loadError(`feature_names has '${name}' twice; feature names must be unique`);
    seen.add(name);
  }
  return names;
}

function checkTreeCount(count: number, numTreePerIteration: number, treeSizes: string | undefined): void {
  if (count === 0) throw loadError('the model has no trees');
  if (count % numTreePerIteration !== 0) {
    throw loadError(
      `the model has ${count} trees, not a multiple of num_tree_per_iteration=${numTreePerIteration} (is the file truncated?)`,
    );
  }
  if (treeSizes !== undefined && splitTokens(treeSizes).length !== count) {
    throw loadError(`tree_sizes lists ${splitTokens(treeSizes).length} trees but the file has ${count} (is the file truncated or edited?)`);
  }
}

function clip(line: string): string {
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
