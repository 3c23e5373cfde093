import type { Cell, TableChunk } from '../../core/table.ts';

/**
 * The decoded rows as `{feature: value}` instances: the form the prediction log stores inputs in
 * (and the JSON API receives), so a V2 prediction is logged exactly like a `/v1` one. Objects have
 * no prototype, so no feature name can reach Object.prototype.
 */
export function rowsAsInstances(chunk: TableChunk): Record<string, Cell>[] {
  return chunk.rows.map(({ cells }) => {
    const instance = Object.create(null) as Record<string, Cell>;
    chunk.columns.forEach((name, i) => {
      instance[name] = cells[i] ?? null;
    });
    return instance;
  });
}
