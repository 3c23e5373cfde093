import { BallastError } from '../../core/errors.ts';
import type { ExplainMethod, ExplanationSpace } from '../../core/explain/explanation.ts';
import { MASK } from '../../core/privacy/mask.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { AppContext } from '../context.ts';
import { sensitiveColumnsOfVersion } from '../privacy/sensitive-columns.ts';
import type { SensitiveAccess } from '../privacy/sensitive-reads.ts';
import type { ExplainerCache } from './explain-cache.ts';
import { DEFAULT_REASONS, explainRows, type ExplanationObject } from './explain-rows.ts';

export interface ExplainRequest {
  readonly top?: number;
  readonly method?: ExplainMethod;
  /** `reveal`: the caller may read sensitive values; otherwise reasons say them as `***`. */
  readonly access: SensitiveAccess;
}

/** The answer of POST /v1/deployments/{name}/explain (wire shape). */
export interface DeploymentExplanations {
  readonly model: { readonly name: string; readonly version: number };
  readonly deployment: string;
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
  /** Why the model is not explained exactly from its own trees; null when it is. */
  readonly fallback: string | null;
  readonly explanations: ExplanationObject[];
}

/**
 * Explains request instances with the version the deployment serves (its stable version: a
 * rollout's canary share is not split out, the explanation is of what the deployment stands for).
 * Nothing is logged: explaining is not predicting.
 */
export async function explainInstances(
  ctx: AppContext,
  cache: ExplainerCache,
  deployment: string,
  instances: readonly unknown[],
  request: ExplainRequest,
): Promise<DeploymentExplanations> {
  const record = await ctx.store.deployments.findByName(deployment);
  if (record === undefined) throw new BallastError('deployment_not_found', `no deployment named "${deployment}"`);
  const version = await ctx.store.versions.findById(record.versionId);
  if (version === undefined)
    throw new BallastError('version_not_found', `deployment "${deployment}" serves a version that is not registered`);
  const masked = request.access.reveal
    ? new Set<string>()
    : new Set((await sensitiveColumnsOfVersion(ctx.store, version)).map((c) => c.column));
  return explainWith(
    cache,
    version,
    deployment,
    request,
    (names) =>
      instances.map((instance) => {
        const values = (instance ?? {}) as Record<string, unknown>;
        return names.map((name) => (masked.has(name) ? MASK : values[name]));
      }),
    instances,
  );
}

/** Explains rows with a version through the cache; `shown` gives each row's values as the reasons say them. */
export async function explainWith(
  cache: ExplainerCache,
  version: ModelVersionRecord,
  deployment: string,
  request: Pick<ExplainRequest, 'top' | 'method'>,
  shown: (names: readonly string[]) => unknown[][],
  instances: readonly unknown[],
): Promise<DeploymentExplanations> {
  return cache.use(version, request.method, async (subject) => {
    const batch = subject.readInstances(instances);
    const names = version.signature.inputs.map((input) => input.name);
    const explanations = await explainRows(subject, batch, shown(names), request.top ?? DEFAULT_REASONS);
    return {
      model: { name: version.modelName, version: version.version },
      deployment,
      method: subject.chosen.explainer.method,
      space: subject.chosen.explainer.space,
      fallback: subject.chosen.fallback,
      explanations,
    };
  });
}
