import { BallastError } from '../../core/errors.ts';
import type { DeploymentFeatures } from '../../core/features/deployment-features.ts';
import { enrichmentPlan } from '../../core/features/enrichment-plan.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { Repositories } from '../../store/store.ts';

/**
 * A deployment's features checked at deploy time, in the deploy's transaction. Given anew
 * (`latest`), they are resolved against the feature definitions applied now and stamped with that
 * version; kept from the previous revision, against the version they were stamped with, so moving
 * a deployment to another model version checks that model's inputs without changing which
 * definitions it serves.
 */
export async function checkDeploymentFeatures(
  tx: Pick<Repositories, 'featureSets'>,
  features: DeploymentFeatures,
  version: ModelVersionRecord,
  latest: boolean,
): Promise<DeploymentFeatures> {
  const set = latest ? await tx.featureSets.latest() : await tx.featureSets.findByVersion(features.featureSetVersion);
  if (set === undefined)
    throw new BallastError(
      'feature_set_not_found',
      latest
        ? 'no feature definitions have been applied; apply them with ballast features apply FILE before deploying with --features'
        : `feature definitions version ${features.featureSetVersion} is not in the store`,
    );
  const stamped = { ...features, featureSetVersion: set.version };
  enrichmentPlan(
    set.definitions,
    stamped,
    version.signature.inputs.map((input) => input.name),
  );
  return stamped;
}
