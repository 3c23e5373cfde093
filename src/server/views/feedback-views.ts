import type { FeedbackSummary } from '../../app/feedback.ts';
import { issuesSchema } from '../schemas.ts';
import { int, list, obj, str, strings } from './wire-schema.ts';

/** The outcome of a feedback request on the wire: one result per item, in request order, and the counts. */
export function feedbackView(summary: FeedbackSummary) {
  return {
    results: summary.results.map((r) => ({
      index: r.index,
      outcome: r.outcome,
      ...(r.predictionIds ? { prediction_ids: r.predictionIds } : {}),
      ...(r.issues ? { issues: r.issues } : {}),
      ...(r.message ? { message: r.message } : {}),
    })),
    accepted: summary.accepted,
    replaced: summary.replaced,
    unknown: summary.unknown,
    invalid: summary.invalid,
  };
}

export const feedbackResultSchema = obj({
  results: list(
    obj({
      index: int,
      outcome: { type: 'string', enum: ['accepted', 'replaced', 'unknown_prediction', 'invalid'] },
      prediction_ids: { ...strings, description: 'the predictions labelled (accepted, replaced)' },
      issues: issuesSchema,
      message: { ...str, description: 'why no logged prediction was found (unknown_prediction)' },
    }),
  ),
  accepted: { ...int, description: 'items whose label became the current label of its predictions' },
  replaced: { ...int, description: 'items that replaced an earlier label (both are kept)' },
  unknown: { ...int, description: 'items naming no logged prediction of this deployment' },
  invalid: { ...int, description: 'items refused with issues' },
});
