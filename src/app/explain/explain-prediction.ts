import { BallastError } from '../../core/errors.ts';
import type { AppContext } from '../context.ts';
import type { LogReadiness } from '../predictions.ts';
import { presentPredictions } from '../privacy/sensitive-reads.ts';
import type { ExplainerCache } from './explain-cache.ts';
import { explainWith, type DeploymentExplanations, type ExplainRequest } from './explain-instances.ts';

/**
 * Explains a logged prediction exactly as it was made: with the version that answered it (also one
 * the deployment no longer serves) and the inputs the log holds. Its sensitive values are read like
 * any read of the log: masked in the reasons for a caller without `sensitive:read`, or shown after a
 * `sensitive.read` audit entry (docs/privacy.md).
 */
export async function explainPrediction(
  ctx: AppContext,
  cache: ExplainerCache,
  deployment: string,
  predictionId: string,
  request: ExplainRequest & { readonly log?: LogReadiness },
): Promise<DeploymentExplanations> {
  await request.log?.logCaughtUp();
  const record = await ctx.store.predictions.findById(predictionId);
  if (record === undefined) throw new BallastError('prediction_not_found', `no logged prediction has id "${predictionId}"`);
  if (record.deploymentName !== deployment) {
    throw new BallastError(
      'prediction_not_found',
      `prediction "${predictionId}" was made by deployment "${record.deploymentName}", not "${deployment}"`,
    );
  }
  const version = await ctx.store.versions.findById(record.versionId);
  if (version === undefined) {
    throw new BallastError('version_not_found', `prediction "${predictionId}" was made by a version no longer registered`);
  }
  const [shown] = await presentPredictions(ctx, request.access, [record]);
  return explainWith(cache, version, deployment, request, (names) => [names.map((name) => shown!.inputs[name])], [record.inputs]);
}
