import type { EventSummary } from '../../app/events.ts';
import { issuesSchema } from '../schemas.ts';
import { int, list, obj, str, strings } from './wire-schema.ts';

/** The outcome of an events request on the wire: one result per item, in request order, and the counts. */
export function eventsView(summary: EventSummary) {
  return {
    results: summary.results.map((r) => ({
      index: r.index,
      outcome: r.outcome,
      ...(r.predictionIds ? { prediction_ids: r.predictionIds } : {}),
      ...(r.issues ? { issues: r.issues } : {}),
      ...(r.message ? { message: r.message } : {}),
    })),
    accepted: summary.accepted,
    unknown: summary.unknown,
    invalid: summary.invalid,
  };
}

export const eventsResultSchema = obj({
  results: list(
    obj({
      index: int,
      outcome: { type: 'string', enum: ['accepted', 'unknown_prediction', 'invalid'] },
      prediction_ids: { ...strings, description: 'the predictions the event was recorded for (accepted)' },
      issues: issuesSchema,
      message: { ...str, description: 'why no logged prediction was found (unknown_prediction)' },
    }),
  ),
  accepted: { ...int, description: 'items recorded' },
  unknown: { ...int, description: 'items naming no logged prediction of this deployment' },
  invalid: { ...int, description: 'items refused with issues' },
});
