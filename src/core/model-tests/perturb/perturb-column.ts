import type { SeededRandom } from '../seeded-random.ts';
import type { DataColumn } from '../suite-types.ts';

/**
 * The three perturbations of one column, applied to every row. Each returns a new column and leaves the input
 * as it is (the test data is shared by every check). `blendRows` then keeps the change in some rows only
 * (`feature_share` < 1). A missing value stays missing under noise and swap: there is nothing to shift.
 */

/**
 * value + scale × N(0, 1), scale being k reference standard deviations. A whole-number column (a count, an
 * int64 input) stays whole: the noisy value is rounded, as a real count would be and as an integer input needs.
 */
export function addNoise(column: Float64Array, scale: number, random: SeededRandom, whole = false): Float64Array {
  const out = column.slice();
  for (let row = 0; row < out.length; row++) {
    if (Number.isNaN(out[row]!)) continue;
    const noisy = out[row]! + scale * random.nextNormal();
    out[row] = whole ? Math.round(noisy) : noisy;
  }
  return out;
}

/**
 * Replaces each value by another value of the pool, uniformly among the others; a value not in the pool
 * (unseen in the reference) by any pool value. With no other value to take, the value stays.
 */
export function swapCategories(column: DataColumn, pool: ReadonlyArray<string> | Float64Array, random: SeededRandom): DataColumn {
  const positions = new Map<string | number, number>();
  for (let index = 0; index < pool.length; index++) positions.set(pool[index]!, index);
  const draw = (value: string | number): string | number => {
    const at = positions.get(value);
    if (at === undefined) return pool.length === 0 ? value : pool[random.nextInt(pool.length)]!;
    if (pool.length < 2) return value;
    const other = random.nextInt(pool.length - 1);
    return pool[other >= at ? other + 1 : other]!;
  };
  if (column instanceof Float64Array) {
    const out = column.slice();
    for (let row = 0; row < out.length; row++) {
      if (Number.isNaN(out[row]!)) continue;
      out[row] = draw(out[row]!) as number;
    }
    return out;
  }
  const out = column.slice();
  for (let row = 0; row < out.length; row++) {
    const value = out[row];
    if (value === null || value === undefined) continue;
    out[row] = draw(value) as string;
  }
  return out;
}

/** Sets the value missing: NaN in a number column, null in a text one. */
export function setMissing(column: DataColumn): DataColumn {
  return column instanceof Float64Array ? new Float64Array(column.length).fill(Number.NaN) : new Array<null>(column.length).fill(null);
}

/** The perturbed value in the rows the mask selects, the original elsewhere. */
export function blendRows(original: DataColumn, perturbed: DataColumn, selected: Uint8Array): DataColumn {
  if (original instanceof Float64Array) {
    const out = original.slice();
    for (let row = 0; row < out.length; row++) if (selected[row] === 1) out[row] = (perturbed as Float64Array)[row]!;
    return out;
  }
  return original.map((value, row) => (selected[row] === 1 ? (perturbed[row] as string | null) : value));
}

/**
 * Which of `features` features each row perturbs when only a share of them change at once: per row,
 * round(share × features) of them (at least one), drawn without replacement. Returns one 0/1 mask per
 * feature, or null when the share is 1 (every feature of every row).
 */
export function featureMasks(rows: number, features: number, share: number, random: SeededRandom): Uint8Array[] | null {
  if (share >= 1 || features === 0) return null;
  const take = Math.min(features, Math.max(1, Math.round(share * features)));
  const masks = Array.from({ length: features }, () => new Uint8Array(rows));
  const order = Int32Array.from({ length: features }, (_, index) => index);
  for (let row = 0; row < rows; row++) {
    // A partial Fisher–Yates shuffle: the first `take` places end up a uniform sample of the features.
    for (let place = 0; place < take; place++) {
      const pick = place + random.nextInt(features - place);
      const chosen = order[pick]!;
      order[pick] = order[place]!;
      order[place] = chosen;
      masks[chosen]![row] = 1;
    }
  }
  return masks;
}
