import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../src/core/csv.ts';
import { repoRoot } from './ballast-process.ts';

interface FeatureSpec {
  readonly name: string;
  readonly type: string;
}

/**
 * Rows of examples/credit/live.csv as prediction instances for a signature: only the model's
 * features, numbers as numbers, empty cells as null (a missing value).
 */
export function creditInstances(inputs: readonly FeatureSpec[], count: number): Record<string, string | number | null>[] {
  const file = path.join(repoRoot, 'examples', 'credit', 'live.csv');
  const { columns, records } = parseCsv(readFileSync(file, 'utf8'), file);
  return records.slice(0, count).map((record) =>
    Object.fromEntries(
      inputs.map((input) => {
        const cell = record.fields[columns.indexOf(input.name)];
        if (cell === undefined) throw new Error(`live.csv has no column ${input.name}`);
        if (cell === '') return [input.name, null];
        return [input.name, input.type === 'number' || input.type === 'integer' ? Number(cell) : cell];
      }),
    ),
  );
}
