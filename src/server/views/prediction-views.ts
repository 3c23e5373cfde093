import type { PredictionLineage as DescribedPrediction } from '../../app/lineage.ts';
import { ANSWER_ROLES } from '../../core/rollouts/deployment-routing.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { ClassLabel, OutputKind } from '../../core/signature.ts';
import { enrichmentSchema, enrichmentView } from './enrichment-views.ts';
import { freeObject, list, modelVersionRef, nullableStr, num, obj, str } from './wire-schema.ts';

/** The prediction log on the wire. */

export function predictionView(p: PredictionLogRecord) {
  return {
    id: p.id,
    at: p.at,
    deployment: p.deploymentName,
    model: { name: p.modelName, version: p.modelVersion },
    request_id: p.requestId,
    inputs: p.inputs,
    output: p.output,
    latency_ms: p.latencyMs,
    violations: p.violations ?? [],
    // Which role answered (stable, canary, green, variant); null for rows logged before roles were recorded.
    role: p.role ?? null,
    ...(p.enrichment ? { enrichment: enrichmentView(p.enrichment, p.inputs) } : {}),
  };
}

const violationSchema = obj({ column: str, code: str, message: str });
const predictionProperties = {
  id: str,
  at: str,
  deployment: str,
  model: modelVersionRef,
  request_id: nullableStr,
  inputs: freeObject,
  output: freeObject,
  latency_ms: num,
  violations: list(violationSchema),
  role: { type: ['string', 'null'], enum: [...ANSWER_ROLES, null] },
  enrichment: enrichmentSchema,
};
export const predictionPageSchema = obj({ predictions: list(obj(predictionProperties)), next: nullableStr });

export interface PredictionLineage {
  readonly artifactSha256: string | null;
  readonly format: string | null;
  readonly snapshotSha256: string | null;
  readonly codeRef: string | null;
  readonly contract: { readonly name: string; readonly sha256: string } | null;
}

/** A prediction's current label, named as its model's predictions name theirs: `value` for a regressor. */
export interface CurrentLabel {
  readonly label: ClassLabel;
  readonly receivedAt: string;
  /** The kind of the model that made the prediction; undefined if its version is not in the registry. */
  readonly kind: OutputKind | undefined;
  /** `review`: a reviewer's decision; null (or absent): sent by the client. */
  readonly source?: 'review' | null;
}

/** What the detail shows of an outcome event. */
interface OutcomeEvent {
  readonly name: string;
  readonly value: number;
  readonly at: string;
  readonly receivedAt: string;
}

export function predictionDetailView(
  p: PredictionLogRecord,
  lineage: PredictionLineage,
  feedback: CurrentLabel | null,
  events: readonly OutcomeEvent[] = [],
) {
  return {
    ...predictionView(p),
    feedback: feedback && {
      ...(feedback.kind === 'regression' ? { value: feedback.label } : { label: feedback.label }),
      received_at: feedback.receivedAt,
      source: feedback.source ?? null,
    },
    events: events.map((e) => ({ name: e.name, value: e.value, at: e.at, received_at: e.receivedAt })),
    lineage: {
      deployment: p.deploymentName,
      model: `${p.modelName}:${p.modelVersion}`,
      artifact_sha256: lineage.artifactSha256,
      format: lineage.format,
      snapshot_sha256: lineage.snapshotSha256,
      code_ref: lineage.codeRef,
      contract: lineage.contract,
      // The feature definitions the request was completed with (null without enrichment).
      feature_set_version: p.enrichment?.featureSetVersion ?? null,
    },
  };
}
export const predictionDetailSchema = obj({
  ...predictionProperties,
  feedback: obj(
    {
      label: { type: ['string', 'number'] },
      value: num,
      received_at: str,
      source: nullableStr,
    },
    {
      nullable: true,
      description:
        'the current label sent as feedback (value for a regressor), or null; source "review" when a reviewer decided it, null when the client sent it',
    },
  ),
  // The outcome events sent for this prediction (POST …/events), oldest first.
  events: list(obj({ name: str, value: num, at: str, received_at: str })),
  lineage: obj({
    deployment: str,
    model: str,
    artifact_sha256: nullableStr,
    format: nullableStr,
    snapshot_sha256: nullableStr,
    code_ref: nullableStr,
    contract: obj({ name: str, sha256: str }, { nullable: true }),
    feature_set_version: { type: ['integer', 'null'] },
  }),
});

/** The detail of a described prediction (app/lineage.ts), its record as it may be shown: `GET /v1/predictions/{id}` and `ballast predictions show`. */
export function describedPredictionView(shown: PredictionLogRecord, described: Omit<DescribedPrediction, 'record'>) {
  const { version, snapshot, contract, feedback, events } = described;
  return predictionDetailView(
    shown,
    {
      artifactSha256: version?.artifactSha256 ?? null,
      format: version?.format ?? null,
      snapshotSha256: snapshot?.sha256 ?? null,
      codeRef: version?.codeRef ?? null,
      contract: contract ? { name: contract.name, sha256: contract.sha256 } : null,
    },
    feedback
      ? { label: feedback.label, receivedAt: feedback.receivedAt, kind: version?.signature.output.kind, source: feedback.source ?? null }
      : null,
    events,
  );
}
