import { BallastError } from '../../errors.ts';
import type { IssueCode, IssuePath } from '../../issues.ts';
import { issuesError } from '../../issues.ts';

/**
 * A check that does not fit the data or the model is a suite error (`invalid_test_suite`), with the
 * issue's path pointing into the suite by the check's name (`checks.income-up.feature`), so the user
 * knows which line to fix.
 */
export function suiteProblem(checkName: string, field: IssuePath, code: IssueCode, message: string): BallastError {
  return issuesError('invalid_test_suite', `check "${checkName}"`, [{ code, path: ['checks', checkName, ...field], message }]);
}

/** A check that cannot judge anything with the rows it has. */
export function tooFewRows(checkName: string, message: string): BallastError {
  return new BallastError('test_data_insufficient', `check "${checkName}": ${message}`);
}
