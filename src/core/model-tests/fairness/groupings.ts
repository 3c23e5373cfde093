import type { CellCounts } from './cell-counts.ts';
import type { EncodedColumn } from './sensitive-groups.ts';

/**
 * One way of splitting the rows into groups that the check compares: by one sensitive column, or by the crossing
 * of all of them (`intersections`). Its groups are unions of the cell counts' combos.
 */
export interface Grouping {
  /** `sex`, or `sex, race` for the crossing: how values name it (`demographic_parity_difference[sex, race]`). */
  readonly name: string;
  /** The key of each group in `by_group`, in sorted order. */
  readonly groupKeys: readonly string[];
  /** For each combo of the cell counts, the group it belongs to. */
  readonly groupOfCombo: Int32Array;
}

/**
 * Each sensitive column alone, then (with `intersections` and more than one column) their crossing, whose groups are
 * the crossings that occur in the data — Fairlearn lists an empty crossing with NaN; it counts in no aggregate, so it
 * is left out here. Group keys: with a single grouping, the value itself as Fairlearn's by_group index names it
 * (`F`); with several, `column=value`, and the crossing's parts joined by ", " in column order (`sex=F, race=black`),
 * so keys from different columns cannot collide.
 */
export function buildGroupings(
  sensitive: readonly string[],
  encoded: readonly EncodedColumn[],
  cells: CellCounts,
  intersections: boolean,
): Grouping[] {
  const crossing = intersections && sensitive.length > 1;
  const qualified = sensitive.length > 1;
  const label = (column: number, code: number) => {
    const value = encoded[column]!.names[code]!;
    return qualified ? `${sensitive[column]}=${value}` : value;
  };
  const width = sensitive.length;
  const groupings: Grouping[] = sensitive.map((name, column) => {
    const groupOfCombo = new Int32Array(cells.combos);
    for (let combo = 0; combo < cells.combos; combo++) groupOfCombo[combo] = cells.comboCodes[combo * width + column]!;
    return { name, groupKeys: encoded[column]!.names.map((_, code) => label(column, code)), groupOfCombo };
  });
  if (crossing) {
    const groupKeys: string[] = [];
    const groupOfCombo = new Int32Array(cells.combos);
    for (let combo = 0; combo < cells.combos; combo++) {
      groupOfCombo[combo] = combo;
      groupKeys.push(sensitive.map((_, column) => label(column, cells.comboCodes[combo * width + column]!)).join(', '));
    }
    groupings.push({ name: sensitive.join(', '), groupKeys, groupOfCombo });
  }
  return groupings;
}

/** Adds the combos' counts up into the grouping's groups: `into` is groups × 4, outcome order TP, FP, FN, TN. */
export function sumIntoGroups(comboCounts: Float64Array, grouping: Grouping, into: Float64Array): void {
  into.fill(0);
  const { groupOfCombo } = grouping;
  for (let combo = 0; combo < groupOfCombo.length; combo++) {
    const from = combo * 4;
    const to = groupOfCombo[combo]! * 4;
    into[to]! += comboCounts[from]!;
    into[to + 1]! += comboCounts[from + 1]!;
    into[to + 2]! += comboCounts[from + 2]!;
    into[to + 3]! += comboCounts[from + 3]!;
  }
}
