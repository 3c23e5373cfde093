import type { ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import type { ClassLabel } from '../../core/signature.ts';
import type { PredictionRecord } from '../../runtime/prediction-records.ts';

/** What a caller is told for one row: the model's record, or for a row held for review its fallback. */
export type AnswerRecord = PredictionRecord | { readonly label: ClassLabel | null } | { readonly value: null };

/**
 * The fallback answer of a held row. `abstain` says nothing (a null label or value, no
 * probabilities: a caller must not act on scores a human is about to overrule); `label` answers the
 * policy's label alone; `stable` answers what the stable version says for the row (`stable`, scored
 * by the caller when another version answered it).
 */
export function fallbackRecord(fallback: ReviewFallback, own: PredictionRecord, stable: PredictionRecord | undefined): AnswerRecord {
  switch (fallback.kind) {
    case 'abstain':
      return 'value' in own ? { value: null } : { label: null };
    case 'label':
      return { label: fallback.value };
    case 'stable':
      return stable ?? own;
  }
}
