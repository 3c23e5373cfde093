import { ROLLOUT_STATUSES, ROLLOUT_STRATEGIES } from '../../core/rollouts/deployment-routing.ts';
import { ROLLOUT_OUTCOMES } from '../../core/rollouts/rollout-record.ts';
import { int, list, modelVersionRef, nullableStr, obj, str } from './wire-schema.ts';

const nullableRef = obj(modelVersionRef.properties, { nullable: true });
const strategy = { type: 'string', enum: [...ROLLOUT_STRATEGIES] } as const;

const rolloutHistoryEntrySchema = obj({
  id: str,
  strategy,
  candidate: modelVersionRef,
  stable: { ...modelVersionRef, description: 'the version the deployment served when the rollout started' },
  outcome: { type: ['string', 'null'], enum: [...ROLLOUT_OUTCOMES, null], description: 'null while the rollout is active' },
  reason: nullableStr,
  started_at: str,
  started_by: str,
  ended_at: nullableStr,
  ended_by: nullableStr,
});

const rolloutSchema = obj(
  {
    id: str,
    strategy,
    status: { type: 'string', enum: [...ROLLOUT_STATUSES] },
    candidate: modelVersionRef,
    steps: { ...list(int), description: "canary: the candidate's percentages in order; A/B: [split]; blue/green: []" },
    step_index: int,
    weight: { ...int, description: 'percent of traffic the candidate answers now' },
    step_started_at: str,
    step_duration_ms: int,
    step_ends_at: { ...nullableStr, description: 'when the gate judges the current step; null while paused and for blue/green' },
    sticky_key: obj({ kind: { type: 'string', enum: ['field', 'header'] }, name: str }, { nullable: true }),
    gate_rules: { ...list(str), description: "names of the gate's rules in the alert-rule format" },
    keep_previous_ms: int,
    switched_at: nullableStr,
    previous: { ...nullableRef, description: 'blue/green after switch: the version a rollback returns to' },
    started_at: str,
    started_by: str,
  },
  { nullable: true, description: 'null when no rollout is active' },
);

const verdict = { type: 'string', enum: ['pass', 'fail', 'inconclusive'] } as const;
const nullableNum = { type: ['number', 'null'] } as const;

const rolloutAnalysisSchema = obj({
  id: str,
  rollout_id: str,
  step_index: int,
  weight: int,
  at: str,
  window: obj({ start: str, end: str }),
  verdict,
  checks: list(
    obj({
      name: str,
      signal: str,
      candidate: nullableNum,
      stable: nullableNum,
      threshold: nullableNum,
      verdict,
      reason: str,
    }),
  ),
});

export const rolloutStatusSchema = obj({
  deployment: str,
  revision: int,
  stable: { ...modelVersionRef, description: 'the version that answers what the rollout does not send to the candidate' },
  rollout: rolloutSchema,
  analyses: { ...list(rolloutAnalysisSchema), description: 'gate analyses of the active rollout (or of the latest one), newest first' },
  history: { ...list(rolloutHistoryEntrySchema), description: 'recent rollouts, newest first' },
});

export const rolloutHistorySchema = obj({ deployment: str, rollouts: list(rolloutHistoryEntrySchema) });

/** The start body; its values are checked by the app (all problems at once, 422 invalid_rollout), not here. */
export const rolloutStartBodySchema = {
  type: 'object',
  required: ['to', 'strategy'],
  additionalProperties: false,
  properties: {
    to: { type: 'string', description: 'the candidate: NAME:VERSION or NAME@alias' },
    strategy: { type: 'string', enum: [...ROLLOUT_STRATEGIES] },
    steps: { type: 'array', items: {}, description: 'canary: rising percentages ending at 100 (default [10, 25, 50, 100])' },
    step_duration: { description: 'canary and A/B: how long each step runs before its gate, e.g. 10m (default), at least 1s' },
    split: { description: "A/B: the variant's percent, 1–99 (default 50)" },
    sticky_key: { description: 'FIELD (of each instance) or header:NAME; absent: each request at random' },
    gate: { type: 'object', additionalProperties: true, description: 'a ballast.alerts/v1 document; rules may leave out deployment' },
    keep_previous: { description: 'blue/green: how long blue stays loaded after switch (default 30m)' },
    force: {
      type: 'boolean',
      description: "admin only: start on a production deployment although the candidate does not meet its model's promotion policy",
    },
    reason: {
      type: 'string',
      maxLength: 1000,
      description: 'with force: why the promotion gate is overridden (required, audited as gate.override)',
    },
  },
} as const;
