/**
 * How the slices check cuts the test data: every row of a column gets the id of its slice.
 *   - A text column: one slice per value; a missing value is the slice "(missing)".
 *   - A numeric column with at most `bins` distinct values (a 0/1 flag, a rating): one slice per value, as
 *     for text, since quantiles of a handful of values would merge them arbitrarily.
 *   - Any other numeric column: `bins` quantile bins of the data. The edges are the data's j/bins quantiles
 *     (j = 1 … bins − 1) with numpy's default linear interpolation, duplicates dropped; bins are
 *     left-closed (a value equal to an edge falls in the bin above it, np.searchsorted side="right") and
 *     labelled by the values they hold: `[18, 30.4)`, …, `[66.2, 80]` (the first from the minimum, the last
 *     closed at the maximum). NaN is "(missing)".
 *   - A crossing of two columns: one slice per pair of their slices that has rows, labelled
 *     `sex=F & age=[30, 45)`.
 */
import { formatEdge } from '../../drift/bin-labels.ts';
import type { DataColumn } from '../suite-types.ts';

export const MISSING_SLICE = '(missing)';

export interface SliceAssignment {
  /** The column name, or `a & b` for a crossing. */
  readonly column: string;
  /** The label of each slice id. */
  readonly labels: readonly string[];
  /** Each row's slice id, an index into `labels`. */
  readonly ids: Int32Array;
}

export function sliceColumn(name: string, column: DataColumn, bins: number): SliceAssignment {
  if (!(column instanceof Float64Array) || fewValues(column, bins)) {
    return column instanceof Float64Array
      ? byValue(name, column, (v) => (Number.isNaN(v) ? null : formatEdge(v)))
      : byValue(name, column, (v: string | null) => v);
  }
  const present = presentValues(column);
  const edges = quantileEdges(present, bins);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < present.length; i++) {
    min = Math.min(min, present[i]!);
    max = Math.max(max, present[i]!);
  }
  const labels = binLabelsOf(edges, min, max);
  const missing = labels.length;
  const ids = new Int32Array(column.length);
  for (let row = 0; row < column.length; row++) {
    const x = column[row]!;
    if (Number.isNaN(x)) {
      ids[row] = missing;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    ids[row] = lo;
  }
  return { column: name, labels: [...labels, MISSING_SLICE], ids };
}

/** Whether the column's present values take at most `limit` distinct values (stops counting past the limit). */
function fewValues(column: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (let row = 0; row < column.length; row++) {
    const x = column[row]!;
    if (Number.isNaN(x) || seen.has(x)) continue;
    seen.add(x);
    if (seen.size > limit) return false;
  }
  return true;
}

/** The crossing of two assignments over the same rows: one slice per pair of slices that occurs. */
export function crossSlices(a: SliceAssignment, b: SliceAssignment): SliceAssignment {
  const width = b.labels.length;
  const idOfPair = new Map<number, number>();
  const labels: string[] = [];
  const ids = new Int32Array(a.ids.length);
  for (let row = 0; row < ids.length; row++) {
    const pair = a.ids[row]! * width + b.ids[row]!;
    let id = idOfPair.get(pair);
    if (id === undefined) {
      id = labels.length;
      idOfPair.set(pair, id);
      labels.push(`${a.column}=${a.labels[a.ids[row]!]!} & ${b.column}=${b.labels[b.ids[row]!]!}`);
    }
    ids[row] = id;
  }
  return { column: `${a.column} & ${b.column}`, labels, ids };
}

/**
 * The interior edges of `bins` quantile bins of the values: the j/bins quantiles with linear interpolation
 * (np.quantile's default, to the last bit), without duplicates, and without an edge at the minimum (which
 * would leave the first bin empty). Reorders `values` in place: the order statistics the quantiles read are
 * found by selection (expected linear time), not by sorting all of them, which is what slicing a million
 * rows spends most of its time on otherwise.
 */
export function quantileEdges(values: Float64Array, bins: number): number[] {
  const n = values.length;
  const positions: number[] = [0];
  for (let j = 1; j < bins; j++) {
    const below = Math.floor((n - 1) * (j / bins));
    positions.push(below, Math.min(below + 1, n - 1));
  }
  const targets = [...new Set(positions)].sort((a, b) => a - b);
  selectOrderStatistics(values, targets, 0, n - 1, 0, targets.length);
  const min = values[0]!;
  const edges: number[] = [];
  for (let j = 1; j < bins; j++) {
    // numpy's virtual index for method="linear", computed as numpy computes it.
    const position = (n - 1) * (j / bins);
    const below = Math.floor(position);
    const edge = lerp(values[below]!, values[Math.min(below + 1, n - 1)]!, position - below);
    if (edge > min && (edges.length === 0 || edge > edges[edges.length - 1]!)) edges.push(edge);
  }
  return edges;
}

/**
 * Puts the values that belong at positions targets[from … to) (sorted, within [lo, hi]) there, as a sort
 * would: three-way quickselect on a median-of-three pivot, recursing only into the parts that hold targets.
 */
function selectOrderStatistics(a: Float64Array, targets: readonly number[], lo: number, hi: number, from: number, to: number): void {
  while (from < to) {
    if (hi - lo < 32) {
      for (let i = lo + 1; i <= hi; i++) {
        const x = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > x) a[j + 1] = a[j--]!;
        a[j + 1] = x;
      }
      return;
    }
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    // a[lo, lt) < pivot, a[lt, gt] = pivot, a(gt, hi] > pivot.
    let split = from;
    while (split < to && targets[split]! < lt) split++;
    let after = split;
    while (after < to && targets[after]! <= gt) after++;
    selectOrderStatistics(a, targets, lo, lt - 1, from, split);
    lo = gt + 1;
    from = after;
  }
}

/** numpy's _lerp: from the nearer end, so a fraction near 1 loses no precision. */
function lerp(a: number, b: number, t: number): number {
  const difference = b - a;
  return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
}

function binLabelsOf(edges: readonly number[], min: number, max: number): string[] {
  const bounds = [min, ...edges];
  return bounds.map((lower, i) =>
    i === edges.length ? `[${formatEdge(lower)}, ${formatEdge(max)}]` : `[${formatEdge(lower)}, ${formatEdge(edges[i]!)})`,
  );
}

function presentValues(column: Float64Array): Float64Array {
  let present = 0;
  for (let row = 0; row < column.length; row++) if (!Number.isNaN(column[row]!)) present++;
  const out = new Float64Array(present);
  let next = 0;
  for (let row = 0; row < column.length; row++) if (!Number.isNaN(column[row]!)) out[next++] = column[row]!;
  return out;
}

/** One slice per distinct value (Map keys: NaN equals NaN), labelled by `text` (null: missing). */
function byValue<T>(name: string, column: ArrayLike<T>, text: (value: T) => string | null): SliceAssignment {
  const idOf = new Map<T, number>();
  const labels: string[] = [];
  const ids = new Int32Array(column.length);
  for (let row = 0; row < column.length; row++) {
    const value = column[row]!;
    let id = idOf.get(value);
    if (id === undefined) {
      id = labels.length;
      idOf.set(value, id);
      labels.push(text(value) ?? MISSING_SLICE);
    }
    ids[row] = id;
  }
  return { column: name, labels, ids };
}
