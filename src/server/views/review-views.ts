import type { ReviewView } from '../../app/reviews/reviews.ts';
import { REVIEW_STATUSES } from '../../core/reviews/review-item.ts';
import { ANSWER_ROLES, type ReviewFallback } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { freeObject, list, modelVersionRef, nullableStr, num, obj, str } from './wire-schema.ts';

const labelSchema = { type: ['string', 'number'] } as const;

function fallbackView(fallback: ReviewFallback) {
  return fallback.kind === 'label' ? { kind: fallback.kind, value: fallback.value } : { kind: fallback.kind };
}

export function reviewView({ item, classes }: ReviewView) {
  return {
    id: item.id,
    deployment: item.deploymentName,
    prediction_id: item.predictionId,
    status: item.status,
    reason: item.reason,
    priority: item.priority,
    created_at: item.createdAt,
    model: { name: item.modelName, version: item.modelVersion },
    role: item.role,
    inputs: item.inputs,
    output: item.output,
    classes,
    violations: item.violations.map((v) => ({ column: v.column, code: v.code, message: v.message })),
    fallback: fallbackView(item.fallback),
    decision: item.decision && {
      label: item.decision.label,
      note: item.decision.note,
      decided_by: item.decision.decidedBy,
      decided_at: item.decision.decidedAt,
    },
  };
}

const fallbackSchema = obj({ kind: { type: 'string', enum: ['abstain', 'label', 'stable'] }, value: labelSchema });

export const reviewSchema = obj({
  id: str,
  deployment: str,
  prediction_id: str,
  status: { type: 'string', enum: [...REVIEW_STATUSES] },
  reason: str,
  priority: { ...num, description: 'lower is more urgent: how deep inside the review condition the prediction lies' },
  created_at: str,
  model: modelVersionRef,
  role: { type: 'string', enum: [...ANSWER_ROLES] },
  inputs: { ...freeObject, description: 'the instance as the client sent it' },
  output: { ...freeObject, description: "the model's own answer: {label, probabilities} or {value} (never the fallback)" },
  classes: {
    type: ['array', 'null'],
    items: labelSchema,
    description: "the model's classes, in the order of the probabilities; null for a regressor",
  },
  violations: list(obj({ column: str, code: str, message: str })),
  fallback: fallbackSchema,
  decision: obj({ label: labelSchema, note: nullableStr, decided_by: str, decided_at: str }, { nullable: true }),
});

export const reviewListSchema = obj({
  reviews: list(reviewSchema),
  pending: { type: 'integer', description: 'pending items of the deployment asked for (or of all), not only those listed' },
});

export function reviewPolicyView(deployment: DeploymentRecord) {
  const policy = deployment.routing.review;
  return {
    deployment: deployment.name,
    review_policy: policy
      ? { when: policy.whenText, fallback: fallbackView(policy.fallback), set_at: policy.setAt, set_by: policy.setBy }
      : null,
  };
}

export const reviewPolicySchema = obj({
  deployment: str,
  review_policy: obj({ when: str, fallback: fallbackSchema, set_at: str, set_by: str }, { nullable: true }),
});
