import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PredictionLogWriter } from '../../app/serving/prediction-log-writer.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { ServingHost } from '../../app/serving/serving-host.ts';
import type { LoadExecutor, ServingOptions } from '../../app/serving/serving-types.ts';
import { routingHooks } from '../routing-hooks.ts';
import { ViolationWindows } from '../../app/serving/violation-windows.ts';
import { registerModel } from '../../app/register-model.ts';
import { readInstances } from '../../app/simulate.ts';
import { createToken, ensureAdminToken } from '../../app/tokens.ts';
import { EXAMPLES, testContext } from '../../app/testing/test-context.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import type { StoreFactory } from '../../store/testing/test-stores.ts';
import { buildServer, type BuildOptions } from '../build-server.ts';
import { ServerMetrics } from '../metrics.ts';
import { windowGauges } from '../window-gauges.ts';
import { violationHooks } from '../violation-hooks.ts';
import { startWindowProfiling } from '../../app/monitoring/window-profiler-service.ts';

const ADMIN = 'test-admin-token-0123456789abcdefghij';

/** Runs models in the test's own thread: the server's behaviour, without worker start-up per test. */
export const inThreadExecutor: LoadExecutor = (version, artifact) =>
  RUNTIMES[version.format].load(artifact, loadOptionsFor(version.signature));

/**
 * A server on a fresh store with the example credit model registered (credit:1, @champion) and a
 * deployment `credit` of it, plus an admin, an operator and a viewer token.
 */
export async function testServer(
  factory: StoreFactory,
  options: BuildOptions & { loadExecutor?: LoadExecutor; maxInstances?: number; windowProfiling?: boolean; serving?: ServingOptions } = {},
) {
  const ctx = await testContext(factory);
  await ensureAdminToken(ctx, ADMIN);
  const operator = (await createToken(ctx, { name: 'deployer', role: 'operator' })).token;
  const viewer = (await createToken(ctx, { name: 'watcher', role: 'viewer' })).token;
  await registerModel(ctx, {
    name: 'credit',
    modelFile: path.join(EXAMPLES, 'model.xgb.json'),
    trainingData: path.join(EXAMPLES, 'train.csv'),
    importance: false,
    labelColumn: 'default',
    alias: 'champion',
    codeRef: 'abc1234',
  });
  const metrics = new ServerMetrics();
  const log = new PredictionLogWriter(ctx.store);
  const windows = new ViolationWindows(ctx.store);
  // Window profiling as the real server wires it, when a test asks (it flushes only when told to).
  const profiling = options.windowProfiling
    ? startWindowProfiling(ctx, { flushEveryMs: 3_600_000, onWindowClosed: windowGauges(metrics) })
    : undefined;
  const host = new ServingHost(
    ctx,
    log,
    options.loadExecutor ?? inThreadExecutor,
    { ...violationHooks(metrics, windows, ctx.clock), ...routingHooks(metrics), ...profiling?.hooks },
    options.serving,
  );
  // The API alone unless a test passes webRoot: whether web/dist happens to be built must not
  // change what a test sees (the dashboard's public wildcard route answers unknown paths).
  const webRoot = options.webRoot ?? path.join(ctx.dir, 'no-dashboard');
  const app: FastifyInstance = await buildServer(
    {
      ctx,
      host,
      metrics,
      limits: { maxInstances: options.maxInstances ?? 100 },
      monitoring: profiling && { windowMs: profiling.profiler.windowMs, liveWindows: (d) => profiling.profiler.liveWindows(d) },
      isReady: () => true,
      logProblem: () => log.problem(),
    },
    { bodyLimit: 256 * 1024, ...options, webRoot },
  );
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    ctx,
    app,
    host,
    metrics,
    windows,
    profiling,
    tokens: { admin: ADMIN, operator, viewer },
    auth,
    async close() {
      await app.close();
      await profiling?.stop();
      await log.close();
      await host.close();
      await ctx.close();
    },
  };
}

/** Rows of examples/credit/live.csv as JSON instances (numbers as numbers, empty cells as null). */
export function liveInstances(count: number): Promise<Record<string, unknown>[]> {
  return readInstances(path.join(EXAMPLES, 'live.csv'), count);
}
