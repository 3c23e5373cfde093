import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import { ENSEMBLE_COMBINERS, type EnsembleCombiner, type EnsembleState } from '../../core/rollouts/deployment-routing.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { FeatureType, ModelSignature } from '../../core/signature.ts';
import type { Repositories } from '../../store/store.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { changeRouting } from '../routing-change.ts';

export interface EnsembleInput {
  /** MODEL_REFs (NAME, NAME@alias, NAME:version), resolved now and pinned; the first becomes the deployment's version. */
  readonly members: readonly string[];
  readonly combine: string;
  readonly maxSpread?: number | null;
  readonly onDisagreement?: string;
}

const ON_DISAGREEMENT = ['review', 'fallback'] as const;

/**
 * Makes a deployment answer with an ensemble of two or more versions, as one audited routing change
 * (`ensemble.set`). Everything is checked before anything is written, every problem reported at once
 * (`invalid_ensemble` with issues): members resolve and are distinct; they read the same inputs
 * (names, types — integer and number alike —, category names: the request is read once, by the first member's signature) and
 * answer the same kind with the same classes in the same order (the combiners add probabilities
 * class by class); `vote` needs classifiers; `max_spread` is a probability spread (0–1) for
 * classifiers and a non-negative value spread for regressors; `on_disagreement: review` needs the
 * review policy whose fallback answers the held rows; no rollout may be running (it would route
 * some traffic to a single candidate, and gate a candidate against an ensemble). The deployment's
 * version becomes the first member: its signature and contract are the ensemble's.
 */
export async function setEnsemble(ctx: AppContext, name: string, input: EnsembleInput, loader?: DeploymentLoader) {
  return changeRouting(
    ctx,
    name,
    async (current, tx) => {
      const { state, versions } = await checkEnsemble(ctx, current, input, tx);
      return {
        versionId: versions[0]!.id,
        routing: { ...current.routing, ensemble: state },
        action: 'ensemble.set',
        details: {
          members: versions.map((v) => `${v.modelName}:${v.version}`),
          combine: state.combine,
          max_spread: state.maxSpread,
          on_disagreement: state.onDisagreement,
        },
      };
    },
    loader,
  );
}

/** Back to the first member alone (the deployment's version already is it), as one audited routing change (`ensemble.clear`). */
export async function clearEnsemble(ctx: AppContext, name: string, loader?: DeploymentLoader) {
  return changeRouting(
    ctx,
    name,
    (current) => {
      const ensemble = current.routing.ensemble;
      if (ensemble === undefined) throw new BallastError('invalid_ensemble', `deployment "${name}" has no ensemble to clear`);
      const { ensemble: _cleared, ...routing } = current.routing;
      return {
        versionId: ensemble.memberVersionIds[0]!,
        routing,
        action: 'ensemble.clear',
        details: { members: ensemble.memberVersionIds.length },
      };
    },
    loader,
  );
}

export interface EnsembleView {
  readonly deployment: DeploymentRecord;
  readonly ensemble: (EnsembleState & { readonly members: readonly ModelVersionRecord[] }) | null;
}

/** The deployment's ensemble with its members' versions, or null when its version answers alone. */
export async function showEnsemble(ctx: Pick<AppContext, 'store'>, name: string): Promise<EnsembleView> {
  const deployment = await ctx.store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  const ensemble = deployment.routing.ensemble;
  if (ensemble === undefined) return { deployment, ensemble: null };
  const members = await Promise.all(
    ensemble.memberVersionIds.map(async (id) => {
      const version = await ctx.store.versions.findById(id);
      if (version === undefined) throw new BallastError('version_not_found', `ensemble member ${id} is not in the registry`);
      return version;
    }),
  );
  return { deployment, ensemble: { ...ensemble, members } };
}

async function checkEnsemble(
  ctx: AppContext,
  current: DeploymentRecord,
  input: EnsembleInput,
  tx: Repositories,
): Promise<{ state: EnsembleState; versions: ModelVersionRecord[] }> {
  const issues = new IssueCollector();
  if (current.routing.rollout !== undefined)
    issues.report(
      'unsupported',
      [],
      `deployment "${current.name}" has a ${current.routing.rollout.strategy} rollout running; end it first`,
    );

  const versions: ModelVersionRecord[] = [];
  if (input.members.length < 2) issues.report('too_small', ['members'], 'an ensemble needs at least two members');
  const seen = new Map<string, number>();
  let unresolved = 0;
  for (const [i, ref] of input.members.entries()) {
    let version: ModelVersionRecord;
    try {
      version = (await resolveModelRef(tx, ref)).version;
    } catch (error) {
      if (!(error instanceof BallastError)) throw error;
      issues.report('invalid_value', ['members', i], error.message);
      unresolved++;
      continue;
    }
    const earlier = seen.get(version.id);
    if (earlier !== undefined) {
      issues.report('duplicate', ['members', i], `${ref} is ${version.modelName}:${version.version}, as members[${earlier}] is`);
      continue;
    }
    seen.set(version.id, i);
    if (versions.length > 0)
      for (const problem of signatureProblems(versions[0]!, version)) issues.report('invalid_value', ['members', i], problem);
    versions.push(version);
  }

  // Members that all resolved yet name one version (credit:3 and credit@champion): still one model.
  if (input.members.length >= 2 && seen.size < 2 && unresolved === 0)
    issues.report('too_small', ['members'], 'an ensemble needs at least two distinct members');

  const kind = versions[0]?.signature.output.kind;
  const combine = input.combine as EnsembleCombiner;
  if (!ENSEMBLE_COMBINERS.includes(combine))
    issues.report('invalid_value', ['combine'], `"${input.combine}" is not one of ${ENSEMBLE_COMBINERS.join(', ')}`);
  else if (combine === 'vote' && kind === 'regression')
    issues.report('unsupported', ['combine'], 'regressors are combined by mean; a vote over real values means nothing');

  const maxSpread = input.maxSpread ?? null;
  if (maxSpread !== null) {
    const limit = kind === 'regression' ? Number.POSITIVE_INFINITY : 1;
    if (!Number.isFinite(maxSpread) || maxSpread < 0 || maxSpread > limit)
      issues.report(
        'invalid_value',
        ['max_spread'],
        kind === 'regression'
          ? 'must be a non-negative number (the spread of the members’ values)'
          : 'must be a probability spread between 0 and 1',
      );
  }

  const onDisagreement = (input.onDisagreement ?? 'fallback') as EnsembleState['onDisagreement'];
  if (!ON_DISAGREEMENT.includes(onDisagreement))
    issues.report('invalid_value', ['on_disagreement'], `"${input.onDisagreement}" is not one of ${ON_DISAGREEMENT.join(', ')}`);
  else if (onDisagreement === 'review' && current.routing.review === undefined)
    issues.report(
      'missing',
      ['on_disagreement'],
      `review needs a review policy on deployment "${current.name}" (its fallback answers the held rows); set one with ballast review set`,
    );

  issues.throwIfAny('invalid_ensemble', `cannot set the ensemble of deployment "${current.name}"`);
  const state: EnsembleState = {
    memberVersionIds: versions.map((v) => v.id),
    combine,
    maxSpread,
    onDisagreement,
    setAt: ctx.clock().toISOString(),
    setBy: ctx.actor,
  };
  return { state, versions };
}

/**
 * Integer and number inputs are read alike (a float column); XGBoost calls a feature `int` where
 * LightGBM, trained on the same column, says nothing, so they must not keep two such models apart.
 */
function readAs(type: FeatureType): string {
  return type === 'integer' ? 'number' : type;
}

/** Why `other` cannot answer beside `first`, in words; empty when it can. */
function signatureProblems(first: ModelVersionRecord, other: ModelVersionRecord): string[] {
  const problems: string[] = [];
  const a: ModelSignature = first.signature;
  const b: ModelSignature = other.signature;
  const names = (s: ModelSignature) => s.inputs.map((f) => f.name);
  const missing = names(a).filter((n) => !names(b).includes(n));
  const extra = names(b).filter((n) => !names(a).includes(n));
  const label = `${other.modelName}:${other.version}`;
  const firstLabel = `${first.modelName}:${first.version}`;
  if (missing.length > 0 || extra.length > 0)
    problems.push(
      `${label} reads other inputs than ${firstLabel}` +
        (missing.length > 0 ? `; it lacks ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; it also reads ${extra.join(', ')}` : ''),
    );
  for (const spec of b.inputs) {
    const mine = a.inputs.find((f) => f.name === spec.name);
    if (mine === undefined) continue;
    if (readAs(mine.type) !== readAs(spec.type))
      problems.push(`${label} reads ${spec.name} as ${spec.type}, ${firstLabel} as ${mine.type}`);
    else if (JSON.stringify(mine.categories ?? null) !== JSON.stringify(spec.categories ?? null))
      problems.push(`${label} names the categories of ${spec.name} differently from ${firstLabel}`);
  }
  if (a.output.kind !== b.output.kind) problems.push(`${label} is a ${b.output.kind} model, ${firstLabel} a ${a.output.kind} one`);
  else if (JSON.stringify(a.output.classes ?? null) !== JSON.stringify(b.output.classes ?? null))
    problems.push(
      `${label} answers the classes ${(b.output.classes ?? []).join(', ')}, ${firstLabel} ${(a.output.classes ?? []).join(', ')} (same classes in the same order)`,
    );
  return problems;
}
