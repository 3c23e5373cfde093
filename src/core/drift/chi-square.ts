import { chiSquareSf } from './gamma-functions.ts';
import { assertSameLength } from './bin-proportions.ts';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom: the number of categories kept, minus 1. */
  dof: number;
}

/**
 * Pearson's chi-square test of homogeneity on the 2 x k table whose rows are the reference and
 * current category counts: scipy.stats.chi2_contingency(table, correction=False) after dropping
 * the categories empty in both rows (they carry no information and would divide by zero).
 * undefined when fewer than 2 categories remain or either row sums to 0: there is nothing to test.
 */
export function chiSquareHomogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquareResult | undefined {
  assertSameLength(reference, current);
  let referenceTotal = 0;
  let currentTotal = 0;
  let categories = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const c = current[i] as number;
    referenceTotal += r;
    currentTotal += c;
    if (r + c > 0) categories++;
  }
  if (categories < 2 || referenceTotal <= 0 || currentTotal <= 0) return undefined;
  const total = referenceTotal + currentTotal;
  let statistic = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const c = current[i] as number;
    const column = r + c;
    if (column <= 0) continue;
    // Expected counts under homogeneity: row total x column total / grand total.
    const expectedReference = (referenceTotal * column) / total;
    const expectedCurrent = (currentTotal * column) / total;
    statistic += (r - expectedReference) ** 2 / expectedReference + (c - expectedCurrent) ** 2 / expectedCurrent;
  }
  const dof = categories - 1;
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
