import { BallastError } from '../core/errors.ts';
import type { AliasRecord, ArtifactRecord, DatasetSnapshotRecord, ModelRecord, ModelVersionRecord } from '../core/registry-records.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { ContractRecord } from '../store/contract-repository.ts';
import type { EventEntry } from '../store/event-repository.ts';
import type { FeedbackEntry } from '../store/feedback-repository.ts';
import type { LabelledReferenceSummary } from '../store/labelled-reference-repository.ts';
import type { AppContext } from './context.ts';
import type { LogReadiness } from './predictions.ts';
import { pipelineRunOfVersion, type VersionPipelineRun } from './pipelines/version-pipeline-run.ts';
import { resolveModelRef } from './resolve-model.ts';

export interface VersionLineage {
  readonly model: ModelRecord;
  readonly version: ModelVersionRecord;
  readonly artifact: ArtifactRecord & { readonly path: string };
  readonly snapshot: DatasetSnapshotRecord | undefined;
  /** Aliases of this model that point at this version. */
  readonly aliases: readonly string[];
  readonly allAliases: readonly AliasRecord[];
  readonly versions: readonly ModelVersionRecord[];
  /** The labelled data its performance is estimated from before labels arrive, when it has been given one. */
  readonly labelledReference: LabelledReferenceSummary | undefined;
  /** The pipeline run that registered it (`ballast pipeline run`), when one did. */
  readonly pipelineRun: VersionPipelineRun | undefined;
}

/** A version and everything it came from: artifact, training snapshot, code reference, aliases. */
export async function describeVersion(ctx: AppContext, ref: string): Promise<VersionLineage> {
  const { model, version } = await resolveModelRef(ctx.store, ref);
  const artifact = await ctx.store.artifacts.find(version.artifactSha256);
  if (artifact === undefined)
    throw new BallastError(
      'artifact_not_found',
      `version ${model.name}:${version.version} names artifact ${version.artifactSha256}, which is not recorded`,
    );
  const snapshot = version.snapshotId ? await ctx.store.snapshots.findById(version.snapshotId) : undefined;
  const allAliases = await ctx.store.aliases.listForModel(model.id);
  return {
    model,
    version,
    artifact: { ...artifact, path: ctx.artifacts.pathOf(artifact.sha256) },
    snapshot,
    aliases: allAliases.filter((a) => a.versionId === version.id).map((a) => a.alias),
    allAliases,
    versions: await ctx.store.versions.listForModel(model.id),
    labelledReference: await ctx.store.labelledReferences.findSummary(version.id),
    pipelineRun: await pipelineRunOfVersion(ctx.store, version.id),
  };
}

export interface ModelDescription {
  readonly model: ModelRecord;
  readonly versions: readonly ModelVersionRecord[];
  readonly aliases: readonly AliasRecord[];
}

/** A model with all its versions and aliases (GET /v1/models/{name}). */
export async function describeModel(ctx: Pick<AppContext, 'store'>, name: string): Promise<ModelDescription> {
  const model = await ctx.store.models.findByName(name);
  if (model === undefined) throw new BallastError('model_not_found', `no model named "${name}"`);
  const [versions, aliases] = await Promise.all([ctx.store.versions.listForModel(model.id), ctx.store.aliases.listForModel(model.id)]);
  return { model, versions, aliases };
}

export interface SnapshotLineage {
  readonly snapshot: DatasetSnapshotRecord;
  readonly trainedVersions: readonly ModelVersionRecord[];
}

/** Lineage backwards: a snapshot (by id or by a prefix of its sha256) and the versions trained on it. */
export async function describeSnapshot(ctx: AppContext, idOrHash: string): Promise<SnapshotLineage> {
  let snapshot = await ctx.store.snapshots.findById(idOrHash);
  if (snapshot === undefined && /^[0-9a-f]{6,64}$/.test(idOrHash)) {
    const matches = await ctx.store.snapshots.findBySha256Prefix(idOrHash);
    if (matches.length > 1)
      throw new BallastError('invalid_argument', `snapshot hash prefix "${idOrHash}" matches more than one snapshot; give more characters`);
    snapshot = matches[0];
  }
  if (snapshot === undefined) throw new BallastError('snapshot_not_found', `no dataset snapshot has id or sha256 "${idOrHash}"`);
  return { snapshot, trainedVersions: await ctx.store.versions.listBySnapshot(snapshot.id) };
}

/** A logged prediction and what made it: its model version, training snapshot and contract. */
export interface PredictionLineage {
  readonly record: PredictionLogRecord;
  /** Undefined only if the version was deleted from the registry behind Ballast's back. */
  readonly version: ModelVersionRecord | undefined;
  readonly snapshot: DatasetSnapshotRecord | undefined;
  readonly contract: ContractRecord | undefined;
  /** The prediction's current label (the newest sent as feedback), if it has one. */
  readonly feedback: FeedbackEntry | undefined;
  /** The outcome events sent for it (conversions, refunds), oldest first. */
  readonly events: readonly EventEntry[];
}

export async function describePrediction(ctx: Pick<AppContext, 'store'>, id: string, log?: LogReadiness): Promise<PredictionLineage> {
  await log?.logCaughtUp();
  const record = await ctx.store.predictions.findById(id);
  if (record === undefined) throw new BallastError('prediction_not_found', `no logged prediction has id "${id}"`);
  const version = await ctx.store.versions.findById(record.versionId);
  const [snapshot, contract, labels, events] = await Promise.all([
    version?.snapshotId ? ctx.store.snapshots.findById(version.snapshotId) : undefined,
    version?.contractId ? ctx.store.contracts.findById(version.contractId) : undefined,
    ctx.store.feedback.current([id]),
    ctx.store.events.ofPrediction(id, { deployment: record.deploymentName, at: record.at }),
  ]);
  return { record, version, snapshot, contract, feedback: labels.get(id), events };
}
