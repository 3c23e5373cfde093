import type { Issue, IssuePath } from './issues.ts';

/** Which logged prediction(s) an item sent about outcomes (a label, an event) joins: one by its id, or every one of a request. */
export interface JoinKey {
  readonly field: 'prediction_id' | 'request_id';
  readonly id: string;
}

/** Request ids are logged up to 200 characters (predict's `request_id`, X-Request-Id). */
const MAX_ID_LENGTH = 200;

/**
 * The item's join key: exactly one of prediction_id and request_id, a string of 1 to 200 characters.
 * Problems are reported (not thrown), so the caller collects them with the item's other issues.
 * `what` names what is joined in the message ("the label", "the event").
 */
export function parseJoinKey(
  fields: Readonly<Record<string, unknown>>,
  path: IssuePath,
  what: string,
  report: (code: Issue['code'], where: IssuePath, message: string) => void,
): JoinKey | undefined {
  const hasPrediction = fields.prediction_id !== undefined;
  const hasRequest = fields.request_id !== undefined;
  if (hasPrediction && hasRequest) {
    report('invalid_value', path, 'give prediction_id or request_id, not both');
    return undefined;
  }
  if (!hasPrediction && !hasRequest) {
    report('missing', [...path, 'prediction_id'], `prediction_id (or request_id) is required to join ${what} to a prediction`);
    return undefined;
  }
  const field = hasPrediction ? 'prediction_id' : 'request_id';
  const id = fields[field];
  if (typeof id !== 'string') report('invalid_type', [...path, field], 'must be a string');
  else if (id.length === 0 || id.length > MAX_ID_LENGTH)
    report('invalid_value', [...path, field], `must be 1 to ${MAX_ID_LENGTH} characters`);
  else return { field, id };
  return undefined;
}
