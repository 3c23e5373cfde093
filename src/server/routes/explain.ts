import type { FastifyInstance } from 'fastify';
import { ExplainerCache, loadVersionForExplaining } from '../../app/explain/explain-cache.ts';
import { explainInstances } from '../../app/explain/explain-instances.ts';
import { explainPrediction } from '../../app/explain/explain-prediction.ts';
import { DEFAULT_REASONS } from '../../app/explain/explain-rows.ts';
import { BallastError } from '../../core/errors.ts';
import { EXPLAIN_METHODS, type ExplainMethod } from '../../core/explain/explanation.ts';
import { withOk } from '../schemas.ts';
import { sensitiveAccess } from '../sensitive-access.ts';
import type { ServerDeps } from '../server-deps.ts';

interface ExplainBody {
  instances?: unknown[];
  prediction_id?: string;
  request_id?: string;
  top?: number;
  method?: ExplainMethod;
}

const ROUTE = 'POST /v1/deployments/{name}/explain';

/**
 * POST /v1/deployments/{name}/explain: the predict body (or a logged prediction's id) in, one
 * explanation per row out. Explanations run on models of their own, loaded once per version and
 * kept in a bounded cache, so the serving path's workers never wait behind a long explanation.
 */
export function explainRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const cache = new ExplainerCache(loadVersionForExplaining(deps.ctx));
  app.addHook('onClose', async () => cache.close());
  app.post<{ Params: { name: string }; Body: ExplainBody }>(
    '/v1/deployments/:name/explain',
    { config: { access: 'viewer' }, schema: explainSchema },
    async (request) => {
      const { name } = request.params;
      const { instances, prediction_id: predictionId, top, method } = request.body;
      const [ctx, access] = sensitiveAccess(deps.ctx, request, ROUTE);
      if ((instances === undefined) === (predictionId === undefined)) {
        throw new BallastError(
          'invalid_argument',
          'send either "instances" (rows to explain) or "prediction_id" (a logged prediction), not both',
        );
      }
      if (predictionId !== undefined) return explainPrediction(ctx, cache, name, predictionId, { top, method, access, log: deps.host });
      if (instances!.length > deps.limits.maxInstances) {
        throw new BallastError(
          'too_many_instances',
          `${instances!.length} instances; one request may carry at most ${deps.limits.maxInstances}`,
        );
      }
      return explainInstances(ctx, cache, name, instances!, { top, method, access });
    },
  );
}

const numberOrPerClass = {
  anyOf: [{ type: 'number' }, { type: 'array', items: { type: 'number' } }],
} as const;
const contributionMap = { type: 'object', additionalProperties: { type: 'number' }, description: 'feature name → contribution' } as const;

const explanationSchema = {
  type: 'object',
  properties: {
    base_value: { ...numberOrPerClass, description: 'the expected output (per class for a multiclass model, in the class order)' },
    contributions: {
      anyOf: [contributionMap, { type: 'array', items: contributionMap }],
      description: "each feature's contribution to the output; per class for a multiclass model",
    },
    output: { ...numberOrPerClass, description: 'base_value + Σ contributions, in `space`' },
    prediction: {
      type: 'object',
      description: 'the prediction as POST …/predict answers it',
      properties: {
        label: { type: ['string', 'number'] },
        probabilities: { type: 'array', items: { type: 'number' } },
        value: { type: 'number' },
      },
    },
    reasons: { type: 'array', items: { type: 'string' }, description: 'the largest contributions in plain words, largest first' },
    method: { type: 'string', enum: [...EXPLAIN_METHODS] },
    space: { type: 'string', enum: ['margin', 'probability', 'value'] },
  },
  required: ['base_value', 'contributions', 'output', 'prediction', 'reasons', 'method', 'space'],
} as const;

const explainSchema = {
  summary: 'Explain predictions of a deployment (request instances, or a logged prediction as it was made)',
  tags: ['predict'],
  params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  body: {
    type: 'object',
    properties: {
      instances: {
        type: 'array',
        minItems: 1,
        items: { type: 'object' },
        description: "the predict body's rows: one object of feature values per row; explained with the deployment's stable version",
      },
      prediction_id: {
        type: 'string',
        maxLength: 100,
        description: 'instead of instances: a logged prediction, explained with the version and inputs it was made with',
      },
      request_id: { type: 'string', maxLength: 200, description: 'accepted so a predict body can be sent as it is; not used' },
      top: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_REASONS, description: 'reasons per row' },
      method: { type: 'string', enum: [...EXPLAIN_METHODS], description: 'default: tree_shap for tree models, kernel_shap for others' },
    },
    additionalProperties: false,
  },
  response: withOk({
    type: 'object',
    properties: {
      model: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' } } },
      deployment: { type: 'string' },
      method: { type: 'string', enum: [...EXPLAIN_METHODS] },
      space: { type: 'string', enum: ['margin', 'probability', 'value'] },
      fallback: { type: ['string', 'null'], description: 'why the model is not explained exactly from its own trees; null when it is' },
      explanations: { type: 'array', items: explanationSchema },
    },
  }),
} as const;
