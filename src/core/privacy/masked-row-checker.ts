import type { RowChecker } from '../contracts/row-checker.ts';
import { maskViolations } from './mask.ts';

/**
 * The serving path's row check with value-free messages for sensitive columns: a 422 answer lists
 * its issues and a `flag` policy stores its violations with the prediction, and neither may carry
 * the value of a sensitive column (a message like "is 91, above the maximum 80" would). The code
 * and column still say what failed; the unchanged checker is returned when nothing is sensitive.
 */
export function maskedRowChecker(checkRow: RowChecker, columns: ReadonlySet<string>): RowChecker {
  if (columns.size === 0) return checkRow;
  return (instance) => {
    const violations = checkRow(instance);
    return violations && maskViolations(violations, columns);
  };
}
