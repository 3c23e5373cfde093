import { BallastError } from '../../core/errors.ts';
import { rankFeatureImportance, type GlobalImportance } from '../../core/explain/global-importance.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { importanceRanks } from '../monitoring/importance-ranks.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { DEFAULT_BACKGROUND_ROWS, sampleTrainingSnapshot } from './background-sample.ts';
import { chooseExplainer } from './choose-explainer.ts';

/**
 * Snapshot rows explained for a version's global importance. Mean |SHAP| ranks settle quickly: on
 * 200 rows the order of the features that matter is the full data's, and the cost stays bounded
 * whatever the snapshot's size.
 */
export const DEFAULT_IMPORTANCE_ROWS = 200;

/**
 * The defaults for a model explained model-agnostically (KernelSHAP; an ONNX model): every explained
 * row costs 2·M + 2048 coalitions × the background's rows in model calls, so 200 × 100 would be about
 * 41M model rows for the 13-feature credit network (≈ 80 s). 50 rows against 20 background rows is
 * 1/20 of that, and keeps the ranking of the features that matter (the demo ranks with 100 × 10).
 */
export const AGNOSTIC_IMPORTANCE_ROWS = 50;
const AGNOSTIC_BACKGROUND_ROWS = 20;

/**
 * Sizes and seed of one computation; the defaults are 200 explained rows against 100 background rows
 * for tree models, 50 against 20 for models explained model-agnostically.
 */
export interface ImportanceOptions {
  readonly sampleRows?: number;
  readonly backgroundRows?: number;
  readonly seed?: number;
}

/** What registration says about the version's importance (`models register --json`: `importance`). */
export interface ImportanceOutcome {
  readonly status: 'computed' | 'skipped';
  readonly reason?: string;
}

/**
 * Explains a seeded sample of the version's training snapshot with the method chooseExplainer picks
 * for its model (against a second seeded sample as background) and ranks the features by mean
 * |contribution|. Nothing is stored.
 */
async function computeGlobalImportance(
  ctx: AppContext,
  version: ModelVersionRecord,
  options: ImportanceOptions = {},
): Promise<GlobalImportance> {
  const model = await ctx.runtimes[version.format].load(
    await ctx.artifacts.read(version.artifactSha256),
    loadOptionsFor(version.signature),
  );
  try {
    const agnostic = model.treeModel?.() === undefined;
    const sampleRows = checkRows(options.sampleRows ?? (agnostic ? AGNOSTIC_IMPORTANCE_ROWS : DEFAULT_IMPORTANCE_ROWS), 'sample rows');
    const backgroundRows = checkRows(
      options.backgroundRows ?? (agnostic ? AGNOSTIC_BACKGROUND_ROWS : DEFAULT_BACKGROUND_ROWS),
      'background rows',
    );
    const seed = options.seed ?? 0;
    const sample = await sampleTrainingSnapshot(ctx, version, sampleRows, seed);
    // Another seed: the explained rows and the rows they are compared against are drawn independently.
    const background = await sampleTrainingSnapshot(ctx, version, backgroundRows, seed + 1);
    const { explainer } = chooseExplainer(model, { background: background.batch, seed });
    const explanation = await explainer.explain(sample.batch);
    return {
      versionId: version.id,
      method: explanation.method,
      space: explanation.space,
      sampleRows: explanation.rowCount,
      seed,
      features: rankFeatureImportance(
        explanation,
        version.signature.inputs.map((input) => input.name),
      ),
      computedAt: ctx.clock().toISOString(),
    };
  } finally {
    await model.close();
  }
}

/**
 * Registration's call, after the version is committed: computes and stores the importance, and
 * turns any failure into a reason, so a model that cannot be explained is still registered.
 * `false`: the caller asked for none (`--no-importance`).
 */
export async function importanceAtRegistration(
  ctx: AppContext,
  version: ModelVersionRecord,
  options: ImportanceOptions | false = {},
): Promise<ImportanceOutcome> {
  const ref = `${version.modelName}:${version.version}`;
  if (options === false) return { status: 'skipped', reason: `not asked for; compute it with ballast importance ${ref} --recompute` };
  if (version.snapshotId === null)
    return { status: 'skipped', reason: 'no training data: global importance is computed on a sample of the training snapshot' };
  try {
    const importance = await computeGlobalImportance(ctx, version, options);
    await ctx.store.transaction((tx) => tx.importance.save(importance));
    return { status: 'computed' };
  } catch (error) {
    return { status: 'skipped', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A version's stored importance; importance_not_found when it has none. */
export async function findImportance(ctx: AppContext, ref: string): Promise<{ version: ModelVersionRecord; importance: GlobalImportance }> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const importance = await ctx.store.importance.findByVersion(version.id);
  if (importance === undefined) {
    const name = `${version.modelName}:${version.version}`;
    throw new BallastError(
      'importance_not_found',
      version.snapshotId === null
        ? `${name} has no global importance: it was registered without training data`
        : `${name} has no global importance yet; compute it with ballast importance ${name} --recompute`,
    );
  }
  return { version, importance };
}

/**
 * The importance ranks of a registered version's features, for a drift report on files; empty when
 * it has none, unless `required` (ordering by importance needs it), when importance_not_found says why.
 */
export async function versionImportanceRanks(
  ctx: AppContext,
  ref: string,
  required: boolean,
): Promise<{ version: string; ranks: ReadonlyMap<string, number> }> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const name = `${version.modelName}:${version.version}`;
  if (required) await findImportance(ctx, name);
  return { version: name, ranks: await importanceRanks(ctx.store, version.id) };
}

/** Computes a version's importance again (other sizes or seed, or after a failure at registration), audited. */
export async function recomputeImportance(
  ctx: AppContext,
  ref: string,
  options: ImportanceOptions = {},
): Promise<{ version: ModelVersionRecord; importance: GlobalImportance }> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const importance = await computeGlobalImportance(ctx, version, options);
  await auditedTransaction(ctx, async (tx, audit) => {
    await tx.importance.save(importance);
    await audit({
      action: 'importance.recompute',
      objectType: 'model_version',
      objectId: `${version.modelName}:${version.version}`,
      details: { method: importance.method, sampleRows: importance.sampleRows, seed: importance.seed },
    });
  });
  return { version, importance };
}

/** The wire form (`GET …/importance`, `ballast importance --json`). */
export function importanceView(version: ModelVersionRecord, importance: GlobalImportance) {
  return {
    model: version.modelName,
    version: version.version,
    method: importance.method,
    space: importance.space,
    sample_rows: importance.sampleRows,
    seed: importance.seed,
    computed_at: importance.computedAt,
    features: importance.features.map((f) => ({ feature: f.feature, importance: f.importance, rank: f.rank })),
  };
}

function checkRows(rows: number, what: string): number {
  if (!Number.isInteger(rows) || rows < 1 || rows > 100_000)
    throw new BallastError('invalid_argument', `${what} must be a whole number from 1 to 100000 (got ${rows})`);
  return rows;
}
