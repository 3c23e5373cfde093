/**
 * Rows grouped by distinct score, highest score first, with the positives and negatives in each group.
 * This is all that ROC AUC and average precision depend on: scikit-learn's roc_curve and
 * precision_recall_curve put one point at each distinct score (so tied rows move together), and both
 * metrics are sums over those points. The exact metrics build the groups by sorting the scores; the
 * mergeable score histogram builds them from its bins (one group per non-empty bin), and the same two
 * functions below turn either into a value.
 */

export interface ThresholdGroups {
  /** positives[g], negatives[g]: the counts in group g, groups in descending score order. */
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
}

/** Groups from raw scores; isPositive[i] says whether row i belongs to the positive class. */
export function groupsFromScores(scores: ArrayLike<number>, isPositive: ArrayLike<boolean | number>): ThresholdGroups {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]!);
  const positives: number[] = [];
  const negatives: number[] = [];
  let i = 0;
  while (i < n) {
    const score = scores[order[i]!]!;
    let pos = 0;
    let neg = 0;
    for (; i < n && scores[order[i]!] === score; i++) {
      if (isPositive[order[i]!]) pos += 1;
      else neg += 1;
    }
    positives.push(pos);
    negatives.push(neg);
  }
  return { positives: Float64Array.from(positives), negatives: Float64Array.from(negatives) };
}

/**
 * The area under the ROC curve by the trapezoid rule over the groups' points, as sklearn's
 * roc_auc_score: a tied group of p positives and q negatives adds the trapezoid p·q/2 (a pair tied in
 * score counts one half), every positive above a negative counts one. NaN when there are no positives
 * or no negatives (sklearn 1.9 warns and returns NaN).
 */
export function rocAucFromGroups(groups: ThresholdGroups): number {
  let positivesAbove = 0;
  let area = 0;
  let totalNegatives = 0;
  for (let g = 0; g < groups.positives.length; g++) {
    const pos = groups.positives[g]!;
    const neg = groups.negatives[g]!;
    // Each negative in this group is beaten by every positive in earlier groups, and ties half of those here.
    area += neg * (positivesAbove + pos / 2);
    positivesAbove += pos;
    totalNegatives += neg;
  }
  if (positivesAbove === 0 || totalNegatives === 0) return Number.NaN;
  return area / (positivesAbove * totalNegatives);
}

/**
 * Average precision, sklearn's step-wise (not interpolated) definition: AP = Σ_g (R_g − R_{g−1}) · P_g,
 * with P_g and R_g the precision and recall when everything at or above group g's score is called
 * positive. 0 when there are no positives (sklearn then sets recall to 1 everywhere and the sum is 0).
 */
export function averagePrecisionFromGroups(groups: ThresholdGroups): number {
  let totalPositives = 0;
  for (let g = 0; g < groups.positives.length; g++) totalPositives += groups.positives[g]!;
  if (totalPositives === 0) return 0;
  let tp = 0;
  let fp = 0;
  let sum = 0;
  for (let g = 0; g < groups.positives.length; g++) {
    const pos = groups.positives[g]!;
    tp += pos;
    fp += groups.negatives[g]!;
    if (pos > 0) sum += pos * (tp / (tp + fp));
  }
  return sum / totalPositives;
}
