import type { ModelVersionName, RollbackTarget } from '../../core/alerts/alert-rule.ts';
import { versionName } from '../../core/alerts/rollback-guards.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import { resolveModelRef } from '../resolve-model.ts';

/** The version a rollback goes to, with how it was found; or why there is none. */
export type TargetResolution =
  | { readonly kind: 'found'; readonly version: ModelVersionRecord; readonly found: string }
  | {
      readonly kind: 'none';
      /** `refused`: nothing to go back to (a guard); `failed`: the rule names something that is not there. */
      readonly outcome: 'refused' | 'failed';
      readonly to: ModelVersionName | null;
      readonly reason: string;
    };

/**
 * `previous`: the version of the newest earlier revision that served another version (a config-only
 * change, such as a new log sample rate, is not a version to go back to); `alias:NAME`: that alias of
 * the model the deployment serves; a MODEL_REF as `ballast deploy` reads it. Resolved when the rule
 * fires, not when it was applied, so an alias moved since is followed.
 */
export async function resolveRollbackTarget(
  repos: Repositories,
  deployment: DeploymentRecord,
  target: RollbackTarget,
): Promise<TargetResolution> {
  const current = `${deployment.modelName}:${deployment.modelVersion}`;
  let version: ModelVersionRecord | undefined;
  let found: string;
  switch (target.kind) {
    case 'previous': {
      const earlier = (await repos.deployments.revisions(deployment.id)).find(
        (r) => r.revision < deployment.revision && r.versionId !== deployment.versionId,
      );
      if (earlier === undefined) {
        const reason = `${deployment.name} has served only ${current}: there is no earlier version to roll back to`;
        return { kind: 'none', outcome: 'refused', to: null, reason };
      }
      version = await repos.versions.findById(earlier.versionId);
      found = `the version of revision ${earlier.revision}, deployed by ${earlier.actor} at ${earlier.at}`;
      break;
    }
    case 'alias': {
      const model = await repos.models.findByName(deployment.modelName);
      const alias = model && (await repos.aliases.find(model.id, target.alias));
      if (alias === undefined) {
        const reason = `the rollback target ${deployment.modelName}@${target.alias} does not exist: model "${deployment.modelName}" has no alias "${target.alias}"`;
        return { kind: 'none', outcome: 'failed', to: null, reason };
      }
      version = await repos.versions.findById(alias.versionId);
      found = `alias @${target.alias}`;
      break;
    }
    case 'model': {
      try {
        version = (await resolveModelRef(repos, target.ref)).version;
      } catch (error) {
        if (!(error instanceof BallastError)) throw error;
        return { kind: 'none', outcome: 'failed', to: null, reason: `the rollback target ${target.ref} does not exist: ${error.message}` };
      }
      found = target.ref;
      break;
    }
  }
  if (version === undefined) {
    return { kind: 'none', outcome: 'failed', to: null, reason: `the rollback target (${found}) names a version that is not registered` };
  }
  if (version.id === deployment.versionId) {
    const to = { name: version.modelName, version: version.version };
    const reason = `${deployment.name} already serves ${versionName(to)}, the rollback target (${found}): nothing to roll back`;
    return { kind: 'none', outcome: 'refused', to, reason };
  }
  return { kind: 'found', version, found };
}
