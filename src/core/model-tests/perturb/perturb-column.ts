import type { SeededRandom } from '../seeded-random.ts';
import type { DataColumn } from '../suite-types.ts';

/**
 * The three perturbations of one column. Each returns a new column and leaves the input as it is (the
 * test data is shared by every check). `selected` limits the change to some rows (`feature_share` < 1);
 * null changes every row. A missing value stays missing under noise and swap: there is nothing to shift.
 */

/**
 * value + scale × N(0, 1), scale being k reference standard deviations. A whole-number column (a count, an
 * int64 input) stays whole: the noisy value is rounded, as a real count would be and as an integer input needs.
 */
export function addNoise(
  column: Float64Array,
  scale: number,
  selected: Uint8Array | null,
  random: SeededRandom,
  whole = false,
): Float64Array {
  const out = Float64Array.from(column);
  for (let row = 0; row < out.length; row++) {
    if ((selected !== null && selected[row] === 0) || Number.isNaN(out[row]!)) continue;
    const noisy = out[row]! + scale * random.nextNormal();
    out[row] = whole ? Math.round(noisy) : noisy;
  }
  return out;
}

/**
 * Replaces each value by another value of the pool, uniformly among the others; a value not in the pool
 * (unseen in the reference) by any pool value. With no other value to take, the value stays.
 */
export function swapCategories(
  column: DataColumn,
  pool: ReadonlyArray<string> | Float64Array,
  selected: Uint8Array | null,
  random: SeededRandom,
): DataColumn {
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
    const out = Float64Array.from(column);
    for (let row = 0; row < out.length; row++) {
      if ((selected !== null && selected[row] === 0) || Number.isNaN(out[row]!)) continue;
      out[row] = draw(out[row]!) as number;
    }
    return out;
  }
  const out = column.slice();
  for (let row = 0; row < out.length; row++) {
    const value = out[row];
    if ((selected !== null && selected[row] === 0) || value === null || value === undefined) continue;
    out[row] = draw(value) as string;
  }
  return out;
}

/** Sets the value missing: NaN in a number column, null in a text one. */
export function setMissing(column: DataColumn, selected: Uint8Array | null): DataColumn {
  if (column instanceof Float64Array) {
    const out = Float64Array.from(column);
    for (let row = 0; row < out.length; row++) if (selected === null || selected[row] === 1) out[row] = Number.NaN;
    return out;
  }
  return column.map((value, row) => (selected === null || selected[row] === 1 ? null : value));
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
