import type { ServingHooks } from '../app/serving/serving-types.ts';
import type { ServerMetrics } from './metrics.ts';

/**
 * What routing tells the server: rows a sticky key could not route go to Prometheus; a revision
 * whose routing could not be loaded here (its candidate failed to load) is logged, once per revision.
 */
export function routingHooks(metrics: ServerMetrics, warn?: (details: object, message: string) => void): ServingHooks {
  return {
    onStickyKeyMissing: (deployment, rows) => metrics.stickyKeyMissing.inc({ deployment }, rows),
    onRoutingUnavailable: (deployment, error) =>
      warn?.(
        { err: error, deployment: deployment.name, revision: deployment.revision },
        `revision ${deployment.revision} of "${deployment.name}" routes to a version that could not be loaded here; its previous routing keeps serving`,
      ),
  };
}
