/**
 * The input of the regression metrics and its validation: targets and predictions, finite numbers of
 * the same length, at least one row. sklearn refuses NaN and infinity too (check_array); Ballast names
 * each bad row with an issue `{code, path, message}` under `invalid_value`.
 */
import { IssueCollector } from '../issues.ts';

export interface RegressionInput {
  readonly yTrue: readonly number[];
  readonly yPred: readonly number[];
}

export function checkRegression(input: RegressionInput): { yTrue: Float64Array; yPred: Float64Array } {
  const issues = new IssueCollector();
  const report = (path: ReadonlyArray<string | number>, message: string): void => issues.report('invalid_value', path, message);
  const { yTrue, yPred } = input;
  if (yTrue.length === 0) report(['y_true'], 'has no rows: a metric needs at least one labelled prediction');
  if (yPred.length !== yTrue.length) report(['y_pred'], `has ${yPred.length} rows but y_true has ${yTrue.length}`);
  for (const [name, values] of [
    ['y_true', yTrue],
    ['y_pred', yPred],
  ] as const) {
    values.forEach((v, row) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        report([name, row], `must be a finite number, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    });
  }
  issues.throwIfAny('invalid_value', 'the rows cannot be scored');
  return { yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) };
}
