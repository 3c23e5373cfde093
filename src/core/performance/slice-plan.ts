/**
 * How a window's rows are cut into slices, decided from the reference profile of the model version, so
 * every window of that version is sliced the same way and slices are comparable over time:
 *   - a categorical input: one slice per top category of the reference (at most MAX_CATEGORY_SLICES, by
 *     count), every other value in "(other)";
 *   - a numeric input: the reference's quintile bins (edges at its 20/40/60/80% quantiles, from the
 *     profile's KLL sketch, so within the sketch's rank error), labelled as the drift report labels bins;
 *   - a missing value: "(missing)".
 * Columns the reference leaves out of drift (identifiers, time-like columns) are not sliced: every row
 * would be its own slice.
 */
import { binLabels } from '../drift/bin-labels.ts';
import type { DatasetProfile } from '../profiles/dataset-profile.ts';

const MAX_CATEGORY_SLICES = 10;
const QUINTILES = [0.2, 0.4, 0.6, 0.8];
export const MISSING_SLICE = '(missing)';
export const OTHER_SLICE = '(other)';

type SliceColumn =
  | { readonly name: string; readonly kind: 'categorical'; readonly categories: ReadonlySet<string>; readonly numbers: boolean }
  | { readonly name: string; readonly kind: 'numeric'; readonly edges: readonly number[]; readonly labels: readonly string[] };

export class SlicePlan {
  constructor(readonly columns: readonly SliceColumn[]) {}

  /** The slice of one value of column `index` (an index into `columns`). */
  sliceOf(index: number, value: unknown): string {
    const column = this.columns[index]!;
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return MISSING_SLICE;
    if (column.kind === 'categorical') {
      const text = categoryText(value, column.numbers);
      return column.categories.has(text) ? text : OTHER_SLICE;
    }
    const x = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (Number.isNaN(x)) return MISSING_SLICE;
    let bin = 0;
    while (bin < column.edges.length && x >= column.edges[bin]!) bin++;
    return column.labels[bin]!;
  }
}

/** The slices of these input columns as the reference profile defines them; columns it lacks are left out. */
export function slicePlan(reference: DatasetProfile, inputs: readonly string[]): SlicePlan {
  const columns: SliceColumn[] = [];
  for (const name of inputs) {
    const profile = reference.column(name);
    if (profile === undefined || profile.schema.skipped !== undefined) continue;
    if (profile.kind === 'categorical') {
      const top = [...profile.counts().counts.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_CATEGORY_SLICES)
        .map(([category]) => category);
      if (top.length > 0) columns.push({ name, kind: 'categorical', categories: new Set(top), numbers: profile.schema.numbers === true });
      continue;
    }
    if (profile.count === 0) continue;
    const edges = [...new Set(profile.quantiles.quantiles(QUINTILES))].sort((a, b) => a - b);
    columns.push({ name, kind: 'numeric', edges, labels: binLabels(edges) });
  }
  return new SlicePlan(columns);
}

/** A value as the reference profile counted it (categorical-profile.ts): numbers in their shortest form. */
function categoryText(value: unknown, numbers: boolean): string {
  if (typeof value === 'string') {
    if (!numbers) return value;
    const x = Number(value);
    return value.trim() === '' || Number.isNaN(x) ? value : String(x);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
