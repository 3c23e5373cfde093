import type { ReviewCondition } from '../rollouts/deployment-routing.ts';
import type { ClassLabel } from '../signature.ts';

/** One row's answer as the model gave it (the shape of runtime/prediction-records.ts, kept pure here). */
export type ReviewedRecord = { readonly label: ClassLabel; readonly probabilities: readonly number[] } | { readonly value: number };

/** Why a row is held for review and how urgent it is (lower priority = more urgent). */
export interface ReviewVerdict {
  readonly reason: string;
  /**
   * Minus how deep inside the condition the row lies: for `max_probability < T` the top probability
   * minus T, for `probability between L and H` the distance from the band's middle minus its half
   * width. Both are 0 on the edge and more negative the more the model is in doubt, so the queue
   * ordered by ascending priority shows the most doubtful rows first. Flags and disagreement: 0.
   */
  readonly priority: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Whether a row meets the review condition, and why in words. `flags`: the contract violations a
 * flag policy let through for this row; `disagreement`: whether an ensemble's members disagreed.
 * Regressors have no probabilities: probability conditions never hold for them.
 */
export function reviewVerdict(
  condition: ReviewCondition,
  record: ReviewedRecord,
  flags: readonly { readonly column: string; readonly code: string }[] | undefined,
  disagreement: boolean | undefined,
): ReviewVerdict | undefined {
  switch (condition.kind) {
    case 'contract_flagged': {
      if (flags === undefined || flags.length === 0) return undefined;
      const named = flags.map((f) => `${f.column} (${f.code})`).join(', ');
      return { reason: `contract flagged ${named}`, priority: 0 };
    }
    case 'disagreement':
      return disagreement === true ? { reason: 'ensemble members disagree', priority: 0 } : undefined;
    case 'max_probability_below': {
      if (!('probabilities' in record) || record.probabilities.length === 0) return undefined;
      const top = Math.max(...record.probabilities);
      if (!(top < condition.threshold)) return undefined;
      // The smaller the top probability, the less the model knows: most urgent first.
      return { reason: `max probability ${round(top)} < ${condition.threshold}`, priority: round(top - condition.threshold) };
    }
    case 'probability_between': {
      if (!('probabilities' in record) || record.probabilities.length === 0) return undefined;
      const p = scoredProbability(record.probabilities);
      if (!(p >= condition.low && p <= condition.high)) return undefined;
      // Distance from the band's middle: the middle is the most doubtful point.
      const middle = (condition.low + condition.high) / 2;
      return {
        reason: `probability ${round(p)} between ${condition.low} and ${condition.high}`,
        priority: round(Math.abs(p - middle) - (condition.high - condition.low) / 2),
      };
    }
  }
}

/** The probability `probability between` reads: the positive (second) class's for binary, else the top class's. */
function scoredProbability(probabilities: readonly number[]): number {
  return probabilities.length === 2 ? probabilities[1]! : Math.max(...probabilities);
}
