import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { EstimatorSource } from '../app/performance/deployment-performance.ts';
import type { ServingHost } from '../app/serving/serving-host.ts';
import type { WindowProfileRecord } from '../store/monitoring-repository.ts';
import type { ServerMetrics } from './metrics.ts';

export interface ServerDeps {
  readonly ctx: AppContext;
  readonly host: ServingHost;
  readonly metrics: ServerMetrics;
  readonly limits: { readonly maxInstances: number };
  /** The serving path's window profiles: their base length and the windows not yet flushed. */
  readonly monitoring?: { readonly windowMs: number; readonly liveWindows?: (deployment: string) => readonly WindowProfileRecord[] };
  /** A version's performance estimator (CBPE on its labelled reference); absent: realised metrics only. */
  readonly estimatePerformance?: EstimatorSource;
  /** True once every deployment is loaded and until shutdown begins. */
  isReady(): boolean;
  /** Why the prediction log cannot commit now, or undefined while it can (absent: no log to ask). */
  logProblem?(): Promise<string | undefined>;
}

/** The app context acting as the caller: changes made over HTTP are recorded under the token's name. */
export function actingAs(ctx: AppContext, request: FastifyRequest): AppContext {
  return { ...ctx, actor: request.principal?.name ?? ctx.actor };
}
