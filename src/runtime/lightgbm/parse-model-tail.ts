import { loadError, parseInteger } from './text-fields.ts';

/**
 * What follows `end of trees`: feature importances (ignored), the training parameters and, for models
 * trained on a pandas DataFrame, the `pandas_categorical:` line written by the Python package.
 */
export interface ModelTail {
  /** Feature indexes of `[categorical_feature: ...]` in the parameters section, when present. */
  readonly categoricalFeatureParameter: readonly number[] | undefined;
  /** One list of category names per category-dtype column of the training DataFrame, in column order. */
  readonly pandasCategorical: readonly (readonly string[])[] | undefined;
}

const CATEGORICAL_PARAMETER = /^\[categorical_feature: ?(.*)\]$/;
const PANDAS_KEY = 'pandas_categorical:';

export function parseModelTail(lines: readonly string[], featureNames: readonly string[]): ModelTail {
  const start = lines.indexOf('parameters:');
  let categoricalFeatureParameter: number[] | undefined;
  if (start >= 0) {
    const end = lines.indexOf('end of parameters', start);
    if (end < 0) throw loadError("the 'parameters:' section has no 'end of parameters' line (is the file truncated?)");
    for (const line of lines.slice(start + 1, end)) {
      const match = CATEGORICAL_PARAMETER.exec(line);
      if (match) categoricalFeatureParameter = parseCategoricalFeatures(match[1]!, featureNames);
    }
  }
  const pandasLines = lines.filter((line) => line.startsWith(PANDAS_KEY));
  if (pandasLines.length > 1) throw loadError(`the file has ${pandasLines.length} '${PANDAS_KEY}' lines, expected at most 1`);
  const pandasCategorical = pandasLines.length === 1 ? parsePandasCategorical(pandasLines[0]!.slice(PANDAS_KEY.length)) : undefined;
  return { categoricalFeatureParameter, pandasCategorical };
}

/** `1,3,4` (indexes, as the Python package writes them) or `name:color,city` (the CLI's form). */
function parseCategoricalFeatures(value: string, featureNames: readonly string[]): number[] {
  const what = 'parameter categorical_feature';
  if (value.trim() === '') return [];
  if (value.startsWith('name:')) {
    return value
      .slice('name:'.length)
      .split(',')
      .map((name) => {
        const index = featureNames.indexOf(name);
        if (index < 0) throw loadError(`${what} names '${name}', which is not one of feature_names`);
        return index;
      });
  }
  return value.split(',').map((token) => parseInteger(token.trim(), what, 0, featureNames.length - 1));
}

function parsePandasCategorical(json: string): (readonly string[])[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw loadError(`the ${PANDAS_KEY} line is not valid JSON (is the file truncated?)`);
  }
  if (parsed === null) return undefined;
  if (!Array.isArray(parsed)) throw loadError(`${PANDAS_KEY} must be a JSON list of category lists`);
  return parsed.map((categories: unknown, column) => {
    if (!Array.isArray(categories)) throw loadError(`${PANDAS_KEY} entry ${column} must be a list of category names`);
    const names = categories.map((name: unknown) => {
      if (typeof name === 'string') return name;
      if ((typeof name === 'number' && Number.isFinite(name)) || typeof name === 'boolean') return String(name);
      throw loadError(`${PANDAS_KEY} entry ${column} holds ${JSON.stringify(name)}, expected category names (strings or numbers)`);
    });
    if (new Set(names).size !== names.length) throw loadError(`${PANDAS_KEY} entry ${column} repeats a category name`);
    return names;
  });
}
