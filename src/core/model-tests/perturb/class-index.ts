import type { ClassLabel } from '../../signature.ts';
import type { ScoredRows } from '../suite-types.ts';
import { suiteProblem } from './suite-problem.ts';

/**
 * The column of the probabilities a check follows: the named class (matched as text, since a suite file
 * may write `1` for the class "1"), else the positive class of a binary model (classes[1]). A multiclass
 * model needs the class named; a regressor has none (its value is the score: −1).
 */
export function scoreClassIndex(checkName: string, scored: ScoredRows, wanted: ClassLabel | undefined): number {
  if (scored.kind === 'regression') {
    if (wanted !== undefined) throw suiteProblem(checkName, ['class'], 'unsupported', 'a regressor has no classes: its value is the score');
    return -1;
  }
  const classes = scored.classes;
  if (wanted === undefined) {
    if (classes.length === 2) return 1;
    throw suiteProblem(
      checkName,
      ['class'],
      'missing',
      `the model has ${classes.length} classes: name the one whose probability must move`,
    );
  }
  const index = classes.findIndex((label) => String(label) === String(wanted));
  if (index < 0) {
    throw suiteProblem(
      checkName,
      ['class'],
      'invalid_value',
      `${JSON.stringify(wanted)} is not a class of the model (${classes.map((c) => JSON.stringify(c)).join(', ')})`,
    );
  }
  return index;
}
