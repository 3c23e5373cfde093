import { readFileSync } from 'node:fs';
import { readTable } from '../../../app/data-files.ts';
import type { ModelSignature } from '../../../core/signature.ts';
import type { TableChunk } from '../../../core/table.ts';
import type { LoadedModel } from '../../../runtime/model-runtime.ts';
import { RUNTIMES } from '../../../runtime/runtimes.ts';

/** The credit example, as the V2 tests use it: the XGBoost model and rows of live.csv. */
export const CREDIT = new URL('../../../../examples/credit/', import.meta.url);

export async function loadCreditXgboost(): Promise<LoadedModel> {
  return RUNTIMES.xgboost.load(readFileSync(new URL('model.xgb.json', CREDIT)));
}

export async function readLiveRows(count: number): Promise<TableChunk> {
  const table = await readTable(new URL('live.csv', CREDIT).pathname);
  return { columns: table.columns, rows: table.rows.slice(0, count) };
}

/**
 * CSV rows as the typed JSON instances Ballast's `/v1` predict route takes: JSON numbers for
 * numeric features, names for categories, null for an empty cell. Predicting these with the
 * strict instance reader is the reference every V2 form must match.
 */
export function jsonInstances(signature: ModelSignature, chunk: TableChunk): Record<string, unknown>[] {
  const at = new Map(chunk.columns.map((name, i) => [name, i]));
  return chunk.rows.map(({ cells }) =>
    Object.fromEntries(
      signature.inputs.map((feature) => {
        const text = String(cells[at.get(feature.name)!] ?? '');
        if (text === '') return [feature.name, null];
        const textual = feature.type === 'string' || (feature.type === 'category' && feature.categories !== undefined);
        return [feature.name, textual ? text : Number(text)];
      }),
    ),
  );
}
