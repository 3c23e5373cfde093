import { list, num, nullableStr, obj, str, int } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;
const alertValue = {
  type: ['integer', 'null'],
  description: "1 while the workbook's multiwindow alert fires, 0 when not, null with too few events to judge",
} as const;

/** One objective of a deployment with its budget and burn rates (app/slo/slo-status.ts). */
const sloSchema = obj({
  deployment: str,
  name: { type: 'string', description: 'the name its signals use: slo.<name>.burn_rate.1h' },
  objective: {
    type: 'string',
    description: 'availability, latency<=50ms, or a model-behaviour objective such as performance.estimated.roc_auc>=0.8',
  },
  target: num,
  period_ms: int,
  events: {
    type: 'number',
    description: 'events of the period: requests (availability), answered requests (latency), judged windows (behaviour)',
  },
  bad_events: { type: 'number', description: 'of them the bad ones (slow requests are estimated from the latency sketches)' },
  budget_remaining: {
    ...nullableNum,
    description: "share of the period's error budget left: 1 untouched, 0 spent, below 0 overspent; null without events",
  },
  // Keyed by the workbook's window lengths (5m, 30m, 1h, 6h, 3d), which are not field names.
  burn_rates: {
    type: 'object',
    additionalProperties: nullableNum,
    description: 'by window (5m, 30m, 1h, 6h, 3d): the bad share over the budget (1 − target); null without events',
  },
  page: alertValue,
  ticket: alertValue,
  problem: nullableStr,
});

export const slosSchema = obj({ slos: list(sloSchema) });

const objectiveInput = {
  type: 'object',
  properties: {
    objective: { type: 'string', description: 'availability, latency<=NUMBERms, or SIGNAL>=NUMBER / SIGNAL<=NUMBER' },
    target: { anyOf: [{ type: 'number' }, { type: 'string' }], description: 'share of good events: 0.999 or "99.9%"' },
    period: {
      anyOf: [{ type: 'string' }, { type: 'integer' }],
      description: 'rolling period of the budget: "28d" (default) or milliseconds',
    },
    window: {
      anyOf: [{ type: 'string' }, { type: 'integer' }],
      description: 'model-behaviour objectives: the window each judgement is made on (default 1h)',
    },
    name: { type: 'string', description: 'the name its signals use (default: availability, latency, or the signal with _ for dots)' },
  },
  required: ['objective', 'target'],
  additionalProperties: false,
} as const;

export const sloSetBodySchema = {
  type: 'object',
  properties: { objectives: { type: 'array', maxItems: 20, items: objectiveInput } },
  required: ['objectives'],
  additionalProperties: false,
} as const;
