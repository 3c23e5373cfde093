import type { ShadowChange } from '../../app/shadow/shadow-control.ts';
import { bool, freeObject, int, list, modelVersionRef, num, obj, str } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const label = { type: ['string', 'number'] } as const;
const latency = obj({ p50_ms: nullableNum, p99_ms: nullableNum });

export const shadowStartBodySchema = {
  type: 'object',
  required: ['model'],
  additionalProperties: false,
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 300, description: 'MODEL_REF: NAME:V, NAME@alias or NAME' },
    sample: { type: 'number', description: 'share of answered requests mirrored to the shadow, in (0, 1]; default 1' },
  },
} as const;

export const shadowStateSchema = obj({
  deployment: str,
  shadow: obj({ model: modelVersionRef, sample: num, started_at: str, started_by: str }, { nullable: true }),
});

export const shadowReportSchema = obj({
  deployment: str,
  primary: modelVersionRef,
  shadow: obj({ name: str, version: int }, { nullable: true }),
  from: nullableStr,
  to: nullableStr,
  rows: int,
  unmatched: int,
  dropped: int,
  failed: int,
  timed_out: int,
  truncated: bool,
  agreement_rate: nullableNum,
  label_flip_rate: nullableNum,
  agreement_tolerance: nullableNum,
  flips: list(obj({ from: label, to: label, rows: int })),
  score_difference: obj({
    mean: nullableNum,
    p50: nullableNum,
    p90: nullableNum,
    p99: nullableNum,
    max_abs: nullableNum,
    histogram: obj({ edges: list(num), counts: list(int) }),
  }),
  latency: obj({ primary: latency, shadow: latency }),
  slices: list(
    obj({
      column: str,
      slice: str,
      rows: int,
      agreement_rate: num,
      label_flip_rate: nullableNum,
      mean_abs_score_difference: num,
    }),
  ),
  performance: obj({ labelled_rows: int, primary: freeObject, shadow: freeObject }),
});

/** A started shadow as the API answers it. */
export function shadowStartedView(change: ShadowChange) {
  return {
    deployment: change.deployment.name,
    shadow: {
      model: change.model,
      sample: change.shadow.sample,
      started_at: change.shadow.startedAt,
      started_by: change.shadow.startedBy,
    },
  };
}
