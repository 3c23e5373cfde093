import { parseJoinKey, type JoinKey } from './join-key.ts';
import type { Issue, IssuePath } from './issues.ts';
import type { ClassLabel, OutputSpec } from './signature.ts';

/**
 * One item of a feedback request, checked on its own: a label joined to a logged prediction by its
 * id, or to every prediction of a request by the request id. Checks that need no database live
 * here; which predictions exist is the app's to find out.
 */
export interface FeedbackItem {
  readonly key: JoinKey;
  /** `label` (a class, or a regressor's number) or `value` (a regressor's number), as sent. */
  readonly target: { readonly field: 'label' | 'value'; readonly value: ClassLabel };
}

const KEYS = new Set(['prediction_id', 'request_id', 'label', 'value']);

export function parseFeedbackItem(raw: unknown, path: IssuePath): { item?: FeedbackItem; issues: Issue[] } {
  const issues: Issue[] = [];
  const report = (code: Issue['code'], where: IssuePath, message: string) => issues.push({ code, path: where, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report('invalid_type', path, 'must be an object with prediction_id or request_id, and label or value');
    return { issues };
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KEYS.has(key))
      report('unrecognized_key', [...path, key], 'is not a field of a feedback item (prediction_id, request_id, label, value)');
  }

  const key = parseJoinKey(fields, path, 'the label', report);

  let target: FeedbackItem['target'] | undefined;
  const hasLabel = fields.label !== undefined;
  const hasValue = fields.value !== undefined;
  if (hasLabel && hasValue) {
    report('invalid_value', path, 'give label or value, not both');
  } else if (!hasLabel && !hasValue) {
    report('missing', [...path, 'label'], 'label (a class, or a number for a regressor) or value (a number) is required');
  } else {
    const field = hasLabel ? 'label' : 'value';
    const value = fields[field];
    const allowed = field === 'label' ? 'a class (string or number) or a number' : 'a number';
    if (typeof value === 'number') {
      // JSON has no NaN or ∞, but 1e999 parses to Infinity, and a file import may hold "NaN".
      if (!Number.isFinite(value)) report('invalid_value', [...path, field], 'must be a finite number');
      else target = { field, value };
    } else if (typeof value === 'string' && field === 'label') {
      if (value.length === 0) report('invalid_value', [...path, field], 'must not be empty');
      else target = { field, value };
    } else {
      report(
        'invalid_type',
        [...path, field],
        `must be ${allowed}, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
  }
  return key && target && issues.length === 0 ? { item: { key, target }, issues } : { issues };
}

/** Shown in a message; a model with hundreds of classes names the first few. */
function describeClasses(classes: readonly ClassLabel[]): string {
  const shown = classes.slice(0, 20).map((c) => JSON.stringify(c));
  return `[${shown.join(', ')}${classes.length > shown.length ? `, … (${classes.length} classes)` : ''}]`;
}

/**
 * Whether a label fits the model that made the prediction. A class matches by value and type, as
 * the signature keeps it (numbers for XGBoost and most ONNX classifiers, strings where the model
 * names them): "1" is not the class 1, since a label must mean one thing in every metric later.
 */
export function labelIssue(target: FeedbackItem['target'], output: OutputSpec, path: IssuePath): Issue | undefined {
  const where = [...path, target.field];
  if (output.kind === 'regression') {
    if (typeof target.value !== 'number') {
      return { code: 'invalid_type', path: where, message: 'this model is a regressor: its label is a number, not a string' };
    }
    return undefined;
  }
  const classes = output.classes;
  if (target.field === 'value') {
    return {
      code: 'invalid_value',
      path: where,
      message: `this model is a classifier: send its class as label${classes ? ` (one of ${describeClasses(classes)})` : ''}`,
    };
  }
  if (classes === undefined || classes.includes(target.value)) return undefined;
  const label = target.value;
  const sameText = classes.find((c) => String(c) === String(label));
  const hint =
    sameText !== undefined ? `; the class is ${JSON.stringify(sameText)} (a ${typeof sameText}), not ${JSON.stringify(label)}` : '';
  return {
    code: 'invalid_value',
    path: where,
    message: `${JSON.stringify(label)} is not a class of this model, whose classes are ${describeClasses(classes)}${hint}`,
  };
}
