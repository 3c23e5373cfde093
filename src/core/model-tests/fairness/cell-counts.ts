import type { EncodedColumn } from './sensitive-groups.ts';

/**
 * The four outcomes of a row, the order of a cell's counts: true positive, false positive, false negative, true
 * negative (truth = the label is the positive class, selected = the predicted label is).
 */
export const TP = 0;
export const FP = 1;
export const FN = 2;
export const TN = 3;

/**
 * How many rows fall in each cell: every crossing of all sensitive columns that occurs in the data (a "combo"),
 * times the four outcomes. Every fairness number, and every bootstrap resample of it, is a function of these
 * counts, so the rows are read once.
 */
export interface CellCounts {
  readonly combos: number;
  /** combos × 4, outcome order TP, FP, FN, TN. */
  readonly counts: Float64Array;
  /** combos × columns: the group code of each combo in each sensitive column. Combos are in sorted order. */
  readonly comboCodes: Int32Array;
}

/** Beyond this many possible crossings a Map holds the occurring ones instead of a dense table. */
const DENSE_LIMIT = 1 << 18;

export function countCells(columns: readonly EncodedColumn[], truth: Uint8Array, selected: Uint8Array): CellCounts {
  const rows = truth.length;
  // Mixed radix with the first column most significant: ascending keys are the crossings in sorted order.
  const radix = columns.map((column) => column.names.length);
  const strides = radix.map((_, i) => radix.slice(i + 1).reduce((product, r) => product * r, 1));
  const possible = radix.reduce((product, r) => product * r, 1);
  const keyOf = (row: number) => {
    let key = 0;
    for (let c = 0; c < columns.length; c++) key += columns[c]!.codes[row]! * strides[c]!;
    return key;
  };
  const outcome = (row: number) => (truth[row] ? (selected[row] ? TP : FN) : selected[row] ? FP : TN);

  let keys: number[];
  let byKey: (key: number) => ArrayLike<number>;
  if (possible <= DENSE_LIMIT) {
    const dense = new Float64Array(possible * 4);
    for (let row = 0; row < rows; row++) dense[keyOf(row) * 4 + outcome(row)]!++;
    keys = [];
    for (let key = 0; key < possible; key++) {
      const at = key * 4;
      if (dense[at]! + dense[at + 1]! + dense[at + 2]! + dense[at + 3]! > 0) keys.push(key);
    }
    byKey = (key) => dense.subarray(key * 4, key * 4 + 4);
  } else {
    const sparse = new Map<number, Float64Array>();
    for (let row = 0; row < rows; row++) {
      const key = keyOf(row);
      let cell = sparse.get(key);
      if (cell === undefined) sparse.set(key, (cell = new Float64Array(4)));
      cell[outcome(row)]!++;
    }
    keys = [...sparse.keys()].sort((a, b) => a - b);
    byKey = (key) => sparse.get(key)!;
  }

  const counts = new Float64Array(keys.length * 4);
  const comboCodes = new Int32Array(keys.length * columns.length);
  keys.forEach((key, combo) => {
    counts.set(byKey(key), combo * 4);
    for (let c = 0; c < columns.length; c++) comboCodes[combo * columns.length + c] = Math.floor(key / strides[c]!) % radix[c]!;
  });
  return { combos: keys.length, counts, comboCodes };
}
