import path from 'node:path';
import { readTable } from '../../src/app/data-files.ts';
import { isMissing, parseNumber, type Cell } from '../../src/core/table.ts';
import type { FeatureSpec } from '../../src/core/signature.ts';

export const CREDIT_DIR = path.resolve(import.meta.dirname, '..', '..', 'examples', 'credit');

/**
 * Rows of examples/credit/live.csv as the JSON instances a service would send: the model's
 * features only, numbers as JSON numbers, text as strings, an empty cell as null.
 */
export async function creditInstances(inputs: readonly FeatureSpec[], limit: number): Promise<Record<string, unknown>[]> {
  const table = await readTable(path.join(CREDIT_DIR, 'live.csv'));
  const at = inputs.map((feature) => {
    const index = table.columns.indexOf(feature.name);
    if (index < 0) throw new Error(`live.csv has no column "${feature.name}"`);
    return index;
  });
  return table.rows.slice(0, limit).map(({ cells }) => {
    const instance: Record<string, unknown> = {};
    inputs.forEach((feature, i) => {
      instance[feature.name] = toJson(feature, cells[at[i]!] ?? null);
    });
    return instance;
  });
}

function toJson(feature: FeatureSpec, cell: Cell): unknown {
  if (isMissing(cell)) return null;
  if (feature.type === 'string' || (feature.type === 'category' && feature.categories !== undefined)) return String(cell);
  const value = parseNumber(cell);
  if (value === undefined) throw new Error(`live.csv: "${String(cell)}" is not a number (feature "${feature.name}")`);
  return value;
}

/** One request body per instance: `{"instances": [instance]}`. */
export function oneInstanceBodies(instances: readonly Record<string, unknown>[]): string[] {
  return instances.map((instance) => JSON.stringify({ instances: [instance] }));
}
