import type { ServingHooks } from '../app/serving/serving-types.ts';
import type { ViolationWindows } from '../app/serving/violation-windows.ts';
import type { ServerMetrics } from './metrics.ts';

/** Contract violations go to Prometheus (per column, code and policy) and to the monitoring windows. */
export function violationHooks(metrics: ServerMetrics, windows: ViolationWindows | undefined, clock: () => Date): ServingHooks {
  return {
    onViolations: (deployment, violations) => {
      for (const v of violations) metrics.contractViolations.inc({ deployment, column: v.column, code: v.code, policy: v.policy });
      windows?.record(deployment, clock(), violations);
    },
  };
}
