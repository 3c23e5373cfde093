import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { BALLAST_VERSION } from '../app/version.ts';
import { BallastError } from '../core/errors.ts';
import { serveApiDocs } from './api-docs.ts';
import { installAuth } from './auth.ts';
import { answerClientError, DEFAULT_REQUEST_TIMEOUT_MS, timeoutCheckIntervalMs } from './client-errors.ts';
import { refuseWhileDraining } from './draining.ts';
import { MAX_PARAM_LENGTH, sendProblem } from './problem.ts';
import { alertRuleRoutes } from './routes/alert-rules.ts';
import { alertSilenceRoutes } from './routes/alert-silences.ts';
import { contractRoutes } from './routes/contracts.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { eventRoutes } from './routes/events.ts';
import { featureDefinitionRoutes } from './routes/feature-definitions.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { featureLookupRoutes } from './routes/feature-lookup.ts';
import { featureSkewRoutes } from './routes/feature-skew.ts';
import { featureViewRoutes } from './routes/feature-views.ts';
import { governanceReviewRoutes } from './routes/governance-reviews.ts';
import { healthRoutes } from './routes/health.ts';
import { governanceRoutes } from './routes/governance.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { monitoringRoutes } from './routes/monitoring.ts';
import { oncallRoutes } from './routes/oncall.ts';
import { performanceRoutes } from './routes/performance.ts';
import { rolloutAbRoutes } from './routes/rollout-ab.ts';
import { overviewRoutes } from './routes/overview.ts';
import { predictRoutes } from './routes/predict.ts';
import { counterfactualRoutes } from './routes/counterfactual.ts';
import { predictionRoutes } from './routes/predictions.ts';
import { registryRoutes } from './routes/registry.ts';
import { ensembleRoutes } from './routes/ensemble.ts';
import { explainRoutes } from './routes/explain.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { rollbackRoutes } from './routes/rollbacks.ts';
import { shadowRoutes } from './routes/shadow.ts';
import { rolloutRoutes } from './routes/rollouts.ts';
import { sloRoutes } from './routes/slos.ts';
import { testRunRoutes } from './routes/test-runs.ts';
import { importanceRoutes } from './routes/importance.ts';
import { pipelineRunRoutes } from './routes/pipeline-runs.ts';
import { modelCardRoutes } from './routes/model-cards.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { v2Routes } from './routes/v2.ts';
import type { ServerDeps } from './server-deps.ts';

export interface BuildOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest request body in bytes. */
  readonly bodyLimit?: number;
  /** Serve without tokens; only ever allowed on a loopback address (the caller checks). */
  readonly authDisabled?: boolean;
  /** Where the built dashboard lives; it is served at / when present. */
  readonly webRoot?: string;
  /** /metrics without a token (`ballast serve --public-metrics`). */
  readonly publicMetrics?: boolean;
  /** Longest a client may take to send a whole request (DEFAULT_REQUEST_TIMEOUT_MS unless given). */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Builds the HTTP server: thin routes over the app layer, with auth, problem errors, metrics and OpenAPI. */
export async function buildServer(deps: ServerDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    // Node only enforces a request timeout given when its server is made (`http`), and checks for it
    // every connectionsCheckingInterval; fastify sets it again afterwards from its own option.
    requestTimeout,
    http: { requestTimeout, connectionsCheckingInterval: timeoutCheckIntervalMs(requestTimeout) },
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    // Refuse bodies that try to reach object prototypes (the JSON parser throws on them).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests that arrive while the server drains are answered below, as a problem document.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors found before routing (a stray % in the URL, a name past the limit) reach sendProblem too.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, error),
    clientErrorHandler: answerClientError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Ballast', version: BALLAST_VERSION, description: 'Model registry, serving and prediction log.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  // JSON only: a text/plain body is refused with 415 rather than handed to a route as a string.
  app.removeContentTypeParser('text/plain');
  refuseWhileDraining(app);
  const auth = installAuth(app, deps.ctx.store, { disabled: options.authDisabled });
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new BallastError('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.recordHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  healthRoutes(app, deps, { publicMetrics: options.publicMetrics });
  registryRoutes(app, deps);
  deploymentRoutes(app, deps);
  rollbackRoutes(app, deps);
  ensembleRoutes(app, deps);
  shadowRoutes(app, deps);
  rolloutRoutes(app, deps);
  predictRoutes(app, deps);
  explainRoutes(app, deps);
  counterfactualRoutes(app, deps);
  predictionRoutes(app, deps);
  feedbackRoutes(app, deps);
  eventRoutes(app, deps);
  contractRoutes(app, deps);
  monitoringRoutes(app, deps);
  performanceRoutes(app, deps);
  rolloutAbRoutes(app, deps);
  overviewRoutes(app, deps);
  oncallRoutes(app, deps);
  sloRoutes(app, deps);
  tokenRoutes(app, deps, auth.forget);
  alertRuleRoutes(app, deps);
  alertSilenceRoutes(app, deps);
  incidentRoutes(app, deps);
  reviewRoutes(app, deps);
  governanceReviewRoutes(app, deps);
  governanceRoutes(app, deps);
  testRunRoutes(app, deps);
  importanceRoutes(app, deps);
  pipelineRunRoutes(app, deps);
  modelCardRoutes(app, deps);
  featureLookupRoutes(app, deps);
  featureDefinitionRoutes(app, deps);
  featureSkewRoutes(app, deps);
  featureViewRoutes(app, deps);
  await app.register(v2Routes(deps));
  app.get('/openapi.json', { config: { access: 'viewer' }, schema: { hide: true } }, async () => app.swagger());
  await serveApiDocs(app);

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(async (scope) => {
      // The dashboard's files are public: signing in happens inside the page, with a token.
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), access: 'public' };
      });
      await scope.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
    });
  }
  return app;
}
