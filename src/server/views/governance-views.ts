import type { FastifyRequest } from 'fastify';
import type { ApprovalDetail } from '../../app/governance/approvals.ts';
import type { GateOverride } from '../../app/governance/promotion-gate.ts';
import type { PolicyView } from '../../app/governance/policy.ts';
import { bool, int, list, modelVersionRef, nullableStr, obj, str, strings } from './wire-schema.ts';

/** Policies and approvals on the wire (snake_case), as the API answers and the CLI prints with --json. */

export function policyView(view: PolicyView) {
  const p = view.policy;
  return {
    model: view.model,
    require_suites: p?.requireSuites ?? [],
    require_approval: p?.requireApproval ?? false,
    updated_by: p?.updatedBy ?? null,
    updated_at: p?.updatedAt ?? null,
  };
}

export const policySchema = obj({
  model: str,
  require_suites: strings,
  require_approval: bool,
  updated_by: { ...nullableStr, description: 'null when the model has no policy (then nothing gates its promotions)' },
  updated_at: nullableStr,
});

export function approvalView({ approval: a, testRuns, cardId }: ApprovalDetail) {
  return {
    id: a.id,
    model: { name: a.modelName, version: a.modelVersion },
    stage: a.stage,
    status: a.status,
    requested_by: a.requestedBy,
    requested_at: a.requestedAt,
    request_note: a.requestNote,
    test_runs: testRuns.map((r) => ({ id: r.id, suite: r.suite, passed: r.passed })),
    review_every_days: a.reviewEveryDays,
    decision:
      a.decision === null
        ? null
        : { status: a.decision.status, decided_by: a.decision.decidedBy, decided_at: a.decision.decidedAt, note: a.decision.note },
    card_id: cardId,
  };
}

export const approvalSchema = obj({
  id: str,
  model: modelVersionRef,
  stage: str,
  status: str,
  requested_by: str,
  requested_at: str,
  request_note: nullableStr,
  test_runs: list(obj({ id: str, suite: str, passed: bool })),
  review_every_days: int,
  decision: obj({ status: str, decided_by: str, decided_at: str, note: nullableStr }, { nullable: true }),
  card_id: {
    ...nullableStr,
    description:
      'the model card stored when the approval was decided (GET /v1/model-cards/{id}); null while pending or if storing it failed',
  },
});

/** `"force": true, "reason"` of a request, with the token's role (only an admin's is honoured, the app decides). */
export function requestOverride(
  request: FastifyRequest,
  body: { readonly force?: boolean; readonly reason?: string },
): GateOverride | undefined {
  return body.force === true ? { reason: body.reason, role: request.principal?.role } : undefined;
}
