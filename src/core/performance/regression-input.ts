/**
 * The input of the regression metrics and its validation: targets and predictions, finite numbers of
 * the same length, at least one row. sklearn refuses NaN and infinity too (check_array); Ballast names
 * each bad row with an issue `{path, message}` under `invalid_value`.
 */
import { BallastError, type Issue, type IssuePath } from '../errors.ts';
import { MAX_ISSUES } from './classification-input.ts';

export interface RegressionInput {
  readonly yTrue: readonly number[];
  readonly yPred: readonly number[];
}

export function checkRegression(input: RegressionInput): { yTrue: Float64Array; yPred: Float64Array } {
  const issues: Issue[] = [];
  const report = (path: IssuePath, message: string): void => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };
  const { yTrue, yPred } = input;
  if (yTrue.length === 0) report(['y_true'], 'has no rows: a metric needs at least one labelled prediction');
  if (yPred.length !== yTrue.length) report(['y_pred'], `has ${yPred.length} rows but y_true has ${yTrue.length}`);
  for (const [name, values] of [['y_true', yTrue], ['y_pred', yPred]] as const) {
    values.forEach((v, row) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) report([name, row], `must be a finite number, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    });
  }
  if (issues.length > 0) throw new BallastError('invalid_value', `${issues[0]!.path.join('.')} ${issues[0]!.message}`, issues);
  return { yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) };
}
