import { ISSUE_CODES, MAX_ISSUES } from '../core/issues.ts';
import { ROLES } from '../core/serving-records.ts';
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

const classifierPrediction = {
  type: 'object',
  properties: {
    prediction_id: { type: 'string' },
    label: { type: ['string', 'number'] },
    probabilities: { type: 'array', items: { type: 'number' } },
    violations,
  },
  required: ['prediction_id', 'label', 'probabilities'],
} as const;
const regressionPrediction = {
  type: 'object',
  properties: { prediction_id: { type: 'string' }, value: { type: 'number' }, violations },
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

export const deploySchema = {
  summary: 'Create a deployment or move it to another model version',
  tags: ['deployments'],
  body: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 128 },
      model: { type: 'string', minLength: 1, description: 'NAME, NAME@alias or NAME:version' },
      config: deploymentConfigRequestSchema,
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
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: [...ROLES] } },
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
