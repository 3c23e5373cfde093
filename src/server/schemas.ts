import { ISSUE_CODES, MAX_ISSUES } from '../core/issues.ts';
import { ANSWER_ROLES } from '../core/rollouts/deployment-routing.ts';
import { ROLES } from '../core/serving-records.ts';
import { PERMISSIONS } from '../core/privacy/permissions.ts';
import { deployResultSchema, deploymentConfigRequestSchema } from './views/deployment-views.ts';
import { predictionPageSchema } from './views/prediction-views.ts';
import { tokenCreatedSchema } from './views/token-views.ts';

/**
 * JSON Schemas for the routes. Fastify validates requests with them and @fastify/swagger builds
 * /openapi.json from the very same objects, so the document cannot drift from what is enforced.
 */
/** One problem with the input, on every route that reports them (the V2 routes too). */
export const issuesSchema = {
  type: 'array',
  description: `each problem with the input, at most ${MAX_ISSUES} (docs/errors.md lists the issue codes)`,
  items: {
    type: 'object',
    properties: {
      code: { type: 'string', enum: ISSUE_CODES },
      path: { type: 'array', items: { type: ['string', 'integer'] } },
      message: { type: 'string' },
    },
    required: ['code', 'path', 'message'],
  },
} as const;

const problem = {
  type: 'object',
  description: 'application/problem+json',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    issues: issuesSchema,
  },
  required: ['type', 'title', 'status', 'code', 'detail'],
} as const;

export const errorResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  413: problem,
  415: problem,
  422: problem,
  500: problem,
  503: problem,
} as const;

/**
 * A route's responses: its success body and the problem documents. Fastify serializes the body with
 * this schema, so a field it does not list is not sent, and /openapi.json shows every field that is.
 */
export function withOk(ok: unknown, status: 200 | 201 = 200): Record<number, unknown> {
  return { [status]: ok, ...errorResponses };
}

const violations = {
  type: 'array',
  description: "contract violations a 'flag' policy let through (absent when the row met its contract)",
  items: { type: 'object', properties: { column: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
} as const;

const modelRef = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'integer' } },
} as const;

/** Fields every prediction of an answer carries besides its scores. */
const answeredRow = {
  prediction_id: { type: 'string' },
  model: { ...modelRef, description: 'the model version that answered this row (a rollout may split a request between versions)' },
  role: {
    type: 'string',
    enum: [...ANSWER_ROLES],
    description: 'the role of that version in the deployment: stable, canary, green or variant',
  },
  violations,
  members: {
    type: 'array',
    description: "an ensemble's answer: each member's own output for this row",
    items: {
      type: 'object',
      properties: {
        model: modelRef,
        label: { type: ['string', 'number'] },
        probabilities: { type: 'array', items: { type: 'number' } },
        value: { type: 'number' },
      },
    },
  },
  review: {
    type: 'object',
    description: 'the row was held for human review and answered with the fallback',
    properties: { id: { type: 'string' }, status: { type: 'string', enum: ['pending'] } },
  },
  fallback: {
    type: 'string',
    enum: ['abstain', 'label', 'stable'],
    description:
      'which fallback answered the row: one held for review, or one the members of an ensemble disagreed on (on_disagreement: fallback)',
  },
} as const;

const classifierPrediction = {
  type: 'object',
  properties: {
    ...answeredRow,
    label: { type: ['string', 'number', 'null'], description: 'null when a held row abstains' },
    probabilities: { type: 'array', items: { type: 'number' }, description: "absent when a held row's fallback answers" },
  },
  required: ['prediction_id', 'label'],
} as const;
const regressionPrediction = {
  type: 'object',
  properties: { ...answeredRow, value: { type: ['number', 'null'], description: 'null when a held row abstains' } },
  required: ['prediction_id', 'value'],
} as const;

export const predictSchema = {
  summary: 'Score instances with a deployment',
  tags: ['predict'],
  params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  body: {
    type: 'object',
    properties: {
      instances: {
        type: 'array',
        minItems: 1,
        items: { type: 'object' },
        description: 'one object of feature values per row; null is a missing value',
      },
      request_id: { type: 'string', maxLength: 200 },
    },
    required: ['instances'],
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      properties: {
        model: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' } } },
        deployment: { type: 'string' },
        request_id: { type: ['string', 'null'] },
        predictions: { type: 'array', items: { anyOf: [classifierPrediction, regressionPrediction] } },
      },
    },
    ...errorResponses,
  },
} as const;

const userValue = { type: ['number', 'string', 'null'] } as const;
const counterfactualRow = {
  type: 'object',
  properties: {
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { feature: { type: 'string' }, from: userValue, to: userValue },
        required: ['feature', 'from', 'to'],
      },
    },
    instance: { type: 'object', additionalProperties: userValue },
    prediction: {
      type: 'object',
      properties: {
        label: { type: ['string', 'number'] },
        probabilities: { type: 'array', items: { type: 'number' } },
        value: { type: 'number' },
      },
    },
    distance: {
      type: 'number',
      description: 'L1 distance, numbers scaled by the reference median absolute deviation, 1 per category changed',
    },
    changed: { type: 'integer' },
  },
  required: ['changes', 'instance', 'prediction', 'distance', 'changed'],
} as const;

export const counterfactualSchema = {
  summary: 'Counterfactuals: the fewest, smallest changes to one instance that give the desired outcome',
  tags: ['predict'],
  params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  body: {
    type: 'object',
    properties: {
      instance: { type: 'object', description: 'feature values, as POST …/predict takes one instance' },
      desired: {
        description: 'a class label, or {"min", "max"} (either may be left out) for a regressor',
        anyOf: [
          { type: 'string' },
          { type: 'number' },
          { type: 'object', properties: { min: { type: 'number' }, max: { type: 'number' } }, additionalProperties: false },
        ],
      },
      k: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
      immutable: { type: 'array', items: { type: 'string' }, description: 'features that must not change' },
      directions: { type: 'object', additionalProperties: { type: 'string', enum: ['increase', 'decrease'] } },
      max_changes: { type: 'integer', minimum: 1, maximum: 5, default: 3 },
      seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    },
    required: ['instance', 'desired'],
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      properties: {
        model: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' } } },
        deployment: { type: 'string' },
        method: { type: 'string', enum: ['tree_thresholds', 'model_agnostic'] },
        found: { type: 'boolean' },
        original: {
          type: 'object',
          properties: { instance: counterfactualRow.properties.instance, prediction: counterfactualRow.properties.prediction },
        },
        counterfactuals: { type: 'array', items: counterfactualRow },
        closest: { anyOf: [counterfactualRow, { type: 'null' }] },
        message: { type: ['string', 'null'] },
      },
    },
    ...errorResponses,
  },
} as const;

export const deploySchema = {
  summary: 'Create a deployment or move it to another model version',
  tags: ['deployments'],
  body: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 128 },
      model: { type: 'string', minLength: 1, description: 'NAME, NAME@alias or NAME:version' },
      config: deploymentConfigRequestSchema,
      force: {
        type: 'boolean',
        description: "admin only: deploy to a production deployment although the model's promotion policy is not met",
      },
      reason: {
        type: 'string',
        maxLength: 1000,
        description: 'why the promotion gate is overridden: required with force, audited as gate.override',
      },
    },
    required: ['name', 'model'],
    additionalProperties: false,
  },
  response: { 200: deployResultSchema, 201: deployResultSchema, ...errorResponses },
} as const;

export const tokenCreateSchema = {
  summary: 'Create an API token (shown once)',
  tags: ['tokens'],
  body: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      role: { type: 'string', enum: [...ROLES] },
      // Beyond the role: `sensitive:read` sees sensitive columns unmasked (docs/privacy.md).
      permissions: { type: 'array', items: { type: 'string', enum: [...PERMISSIONS] }, maxItems: 10 },
    },
    required: ['name', 'role'],
    additionalProperties: false,
  },
  response: withOk(tokenCreatedSchema, 201),
} as const;

export const nameParam = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } as const;

export const listPredictionsSchema = {
  summary: 'Recent logged predictions, newest first',
  tags: ['predictions'],
  querystring: {
    type: 'object',
    properties: {
      deployment: { type: 'string' },
      request_id: { type: 'string', maxLength: 200, description: 'only the predictions of this request id (request_id or X-Request-Id)' },
      before: { type: 'string' },
      flagged: { type: 'boolean', description: 'only predictions with contract violations' },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    },
    additionalProperties: false,
  },
  response: withOk(predictionPageSchema),
} as const;
