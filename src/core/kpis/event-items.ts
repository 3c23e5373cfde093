import { parseJoinKey, type JoinKey } from '../join-key.ts';
import type { Issue, IssuePath } from '../issues.ts';
import { isEventName, NAME_RULE } from './kpi-definitions.ts';

/**
 * One item of an events request, checked on its own: a downstream outcome (a conversion, a refund)
 * joined to a logged prediction by its id, or to every prediction of a request by the request id.
 * Which predictions exist is the app's to find out.
 */
export interface EventItem {
  readonly key: JoinKey;
  readonly name: string;
  /** 1 when the item gives none: the event happened once. */
  readonly value: number;
  /** When the outcome happened (ISO, normalised to UTC); undefined when the sender did not say. */
  readonly at?: string;
}

const KEYS = new Set(['prediction_id', 'request_id', 'name', 'value', 'at']);
/** An ISO 8601 date and time with a zone (Z or ±hh:mm), as the API writes times. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

export function parseEventItem(raw: unknown, path: IssuePath): { item?: EventItem; issues: Issue[] } {
  const issues: Issue[] = [];
  const report = (code: Issue['code'], where: IssuePath, message: string) => issues.push({ code, path: where, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report('invalid_type', path, 'must be an object with prediction_id or request_id, and name');
    return { issues };
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KEYS.has(key))
      report('unrecognized_key', [...path, key], 'is not a field of an event (prediction_id, request_id, name, value, at)');
  }

  const key = parseJoinKey(fields, path, 'the event', report);

  const name = fields.name;
  if (name === undefined) report('missing', [...path, 'name'], 'the event name (such as "conversion") is required');
  else if (typeof name !== 'string') report('invalid_type', [...path, 'name'], `must be a string: ${NAME_RULE}`);
  else if (!isEventName(name)) report('invalid_format', [...path, 'name'], `must be ${NAME_RULE}`);

  let value = 1;
  if (fields.value !== undefined) {
    if (typeof fields.value !== 'number') {
      report('invalid_type', [...path, 'value'], `must be a number, not ${describe(fields.value)}`);
    } else if (!Number.isFinite(fields.value)) {
      // JSON has no NaN or ∞, but 1e999 parses to Infinity.
      report('invalid_value', [...path, 'value'], 'must be a finite number');
    } else value = fields.value;
  }

  let at: string | undefined;
  if (fields.at !== undefined) {
    const ms = typeof fields.at === 'string' && ISO_TIME.test(fields.at) ? Date.parse(fields.at) : Number.NaN;
    if (typeof fields.at !== 'string') report('invalid_type', [...path, 'at'], 'must be an ISO 8601 time string');
    else if (!Number.isFinite(ms))
      report('invalid_format', [...path, 'at'], 'must be an ISO 8601 time with a zone, e.g. 2026-11-25T10:00:00Z');
    else at = new Date(ms).toISOString();
  }

  if (key === undefined || issues.length > 0) return { issues };
  return { item: { key, name: name as string, value, ...(at !== undefined ? { at } : {}) }, issues };
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
