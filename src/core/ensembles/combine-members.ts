import { BallastError } from '../errors.ts';
import type { EnsembleCombiner } from '../rollouts/deployment-routing.ts';

/**
 * How an ensemble's members' answers become one answer per row, and whether they disagreed on it.
 *
 * Classifiers (every member has the same classes in the same order; the ensemble executor checks):
 * - `mean`: the mean of the members' class probabilities; the label is its argmax, ties going to
 *   the lower class index. This is scikit-learn's `VotingClassifier(voting="soft")` with equal weights
 *   (checked against it in combine-members.test.ts).
 * - `vote`: the label most members gave (each member's own label, as its model decides it); a tie
 *   goes to the tied class with the higher mean probability, then to the lower class index.
 *   scikit-learn's hard vote breaks every tie by the lower class index instead: the mean probability
 *   is the members' own evidence, where the class index is an accident of the training labels. The
 *   answer's probabilities are the mean probabilities either way (a hard vote has none of its own).
 * Regressors: `mean` of the values only; a vote over real numbers means nothing and is refused.
 *
 * Disagreement, per row: the members' labels differ, or, given `maxSpread`, the members'
 * probabilities of the class the ensemble answered span more than it (max − min). Regressors have
 * no labels: given `maxSpread`, their values spanning more than it is a disagreement.
 */

/** One member's classifier answer for a batch: rowCount × classCount probabilities, row-major, and its label per row. */
export interface MemberClassScores {
  readonly probabilities: ArrayLike<number>;
  readonly labelIndex: ArrayLike<number>;
}

export interface CombinedClasses {
  readonly probabilities: Float64Array;
  readonly labelIndex: Int32Array;
  readonly disagreement: boolean[];
}

export function combineClassifiers(
  members: readonly MemberClassScores[],
  shape: { readonly rowCount: number; readonly classCount: number },
  combine: EnsembleCombiner,
  maxSpread: number | null,
): CombinedClasses {
  const { rowCount, classCount } = shape;
  if (members.length === 0) throw new BallastError('invalid_ensemble', 'an ensemble needs members');
  const probabilities = new Float64Array(rowCount * classCount);
  const labelIndex = new Int32Array(rowCount);
  const disagreement = new Array<boolean>(rowCount);
  const votes = new Int32Array(classCount);
  for (let row = 0; row < rowCount; row++) {
    const base = row * classCount;
    for (const member of members) for (let c = 0; c < classCount; c++) probabilities[base + c]! += member.probabilities[base + c]!;
    for (let c = 0; c < classCount; c++) probabilities[base + c] = probabilities[base + c]! / members.length;

    votes.fill(0);
    let labelsDiffer = false;
    for (const member of members) {
      const label = member.labelIndex[row]!;
      votes[label]!++;
      if (label !== members[0]!.labelIndex[row]) labelsDiffer = true;
    }
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      // Strictly greater keeps the lower index on an exact tie.
      const better =
        combine === 'vote'
          ? votes[c]! > votes[best]! || (votes[c] === votes[best] && probabilities[base + c]! > probabilities[base + best]!)
          : probabilities[base + c]! > probabilities[base + best]!;
      if (better) best = c;
    }
    labelIndex[row] = best;

    let spreads = false;
    if (maxSpread !== null) {
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (const member of members) {
        const p = member.probabilities[base + best]!;
        low = Math.min(low, p);
        high = Math.max(high, p);
      }
      spreads = high - low > maxSpread;
    }
    disagreement[row] = labelsDiffer || spreads;
  }
  return { probabilities, labelIndex, disagreement };
}

export function combineRegressors(
  members: readonly ArrayLike<number>[],
  rowCount: number,
  combine: EnsembleCombiner,
  maxSpread: number | null,
): { readonly values: Float64Array; readonly disagreement: boolean[] } {
  if (combine !== 'mean')
    throw new BallastError('invalid_ensemble', 'regressors are combined by mean; a vote over real values means nothing');
  if (members.length === 0) throw new BallastError('invalid_ensemble', 'an ensemble needs members');
  const values = new Float64Array(rowCount);
  const disagreement = new Array<boolean>(rowCount);
  for (let row = 0; row < rowCount; row++) {
    let sum = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const member of members) {
      const value = member[row]!;
      sum += value;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    values[row] = sum / members.length;
    disagreement[row] = maxSpread !== null && high - low > maxSpread;
  }
  return { values, disagreement };
}
