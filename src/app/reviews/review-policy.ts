import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import { classLabelFor, parseReviewCondition, parseReviewFallback } from '../../core/reviews/review-policy-text.ts';
import { routedVersionIds, type ReviewFallback, type ReviewPolicy } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { changeRouting } from '../routing-change.ts';

export interface ReviewPolicyInput {
  /** The `--when` text (core/reviews/review-policy-text.ts). */
  readonly when: string;
  /** `abstain`, `stable` or `label:V`. */
  readonly fallback: string;
}

/**
 * Sets (or replaces) a deployment's review policy, as one audited routing change (`review.set`).
 * The policy must fit every version the deployment answers with now (stable, a rollout's candidate,
 * ensemble members): probability conditions need classifiers, and a `label:V` fallback must be a
 * class each of them knows (a finite number for regressors). Nothing is written when it does not.
 */
export async function setReviewPolicy(
  ctx: AppContext,
  name: string,
  input: ReviewPolicyInput,
  loader?: DeploymentLoader,
): Promise<DeploymentRecord> {
  const issues = new IssueCollector();
  const when = parseReviewCondition(input.when, ['when'], issues);
  const fallback = parseReviewFallback(input.fallback, ['fallback'], issues);
  issues.throwIfAny('invalid_review_policy', 'invalid review policy');
  const { deployment } = await changeRouting(
    ctx,
    name,
    async (current, tx) => {
      const versions = await answeringVersions(tx, current);
      const fits = new IssueCollector();
      let resolved: ReviewFallback = fallback!.kind === 'label' ? { kind: 'label', value: fallback!.text } : fallback!;
      for (const version of versions) {
        const { output } = version.signature;
        const model = `${version.modelName}:${version.version}`;
        if (output.kind === 'regression' && (when!.kind === 'max_probability_below' || when!.kind === 'probability_between'))
          fits.report('invalid_value', ['when'], `${model} is a regressor: it has no probabilities for "${input.when}" to read`);
        if (fallback!.kind !== 'label') continue;
        if (output.kind === 'regression') {
          const value = Number(fallback!.text);
          if (!Number.isFinite(value)) fits.report('invalid_value', ['fallback'], `${model} is a regressor: label:V needs a number`);
          else resolved = { kind: 'label', value };
          continue;
        }
        const label = classLabelFor(fallback!.text, output.classes ?? []);
        if (label === undefined)
          fits.report(
            'invalid_value',
            ['fallback'],
            `"${fallback!.text}" is not a class of ${model} (classes: ${(output.classes ?? []).map(String).join(', ')})`,
          );
        else resolved = { kind: 'label', value: label };
      }
      fits.throwIfAny('invalid_review_policy', `the review policy does not fit deployment "${name}"`);
      const review: ReviewPolicy = {
        when: when!,
        whenText: input.when.trim(),
        fallback: resolved,
        setAt: ctx.clock().toISOString(),
        setBy: ctx.actor,
      };
      return {
        routing: { ...current.routing, review },
        action: 'review.set',
        details: { when: review.whenText, fallback: input.fallback.trim(), replaced: current.routing.review !== undefined },
      };
    },
    loader,
  );
  return deployment;
}

/** Removes a deployment's review policy (`review.clear`): predictions are answered by the model again. */
export async function clearReviewPolicy(ctx: AppContext, name: string, loader?: DeploymentLoader): Promise<DeploymentRecord> {
  const { deployment } = await changeRouting(
    ctx,
    name,
    (current) => {
      const { review, ...rest } = current.routing;
      if (review === undefined) throw new BallastError('invalid_argument', `deployment "${name}" has no review policy to clear`);
      if (current.routing.ensemble?.onDisagreement === 'review')
        throw new BallastError(
          'invalid_review_policy',
          `deployment "${name}" sends ensemble disagreements to review; set the ensemble's on-disagreement to fallback (or clear it) first`,
        );
      return { routing: rest, action: 'review.clear', details: { when: review.whenText } };
    },
    loader,
  );
  return deployment;
}

/** The deployment with its review policy, if any (what `review show` and GET …/review-policy print). */
export async function showReviewPolicy(ctx: Pick<AppContext, 'store'>, name: string): Promise<DeploymentRecord> {
  const deployment = await ctx.store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  return deployment;
}

async function answeringVersions(tx: Repositories, deployment: DeploymentRecord) {
  // Versions kept loaded only (blue after a switch) answer nothing, so they are left out.
  const ids = [deployment.versionId, ...routedVersionIds(deployment.versionId, { ...deployment.routing, keepLoaded: [] }, new Date(0))];
  const versions = [];
  for (const id of ids) {
    const version = await tx.versions.findById(id);
    if (version) versions.push(version);
  }
  return versions;
}
