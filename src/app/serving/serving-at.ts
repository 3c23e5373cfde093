import { BallastError } from '../../core/errors.ts';
import type { ServingHost } from './serving-host.ts';

type Serving = Awaited<ReturnType<ServingHost['describe']>>;

/**
 * What a deployment serves now; naming a version (the V2 `/versions/{version}` routes) that it
 * does not serve is `version_not_found`, as the protocol expects of a model version not loaded.
 */
export async function servingAt(host: Pick<ServingHost, 'describe'>, name: string, version?: string): Promise<Serving> {
  const serving = await host.describe(name);
  if (version !== undefined && version !== String(serving.version.version)) {
    throw new BallastError('version_not_found', `deployment "${name}" serves version ${serving.version.version}, not ${version}`);
  }
  return serving;
}
