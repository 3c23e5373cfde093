import { issuesSchema } from '../schemas.ts';
import { V2_DATATYPES } from './v2-types.ts';

/**
 * JSON Schemas (draft-07, as Fastify's ajv reads them) for the V2 routes: they validate requests,
 * serialize responses and feed the OpenAPI document. They are strict about the envelope (required
 * fields, field types) and permissive about tensor data, which `decodeInferRequest` checks against
 * the model with better messages than a schema can give (shape against data length, datatype
 * ranges, features). Unknown fields are allowed: the spec lets clients add them.
 *
 * Note that Fastify's ajv coerces types by default (`coerceTypes: 'array'`), so a scalar `data`
 * becomes a one-element array before the decoder sees it; the decoder still checks everything.
 */

const parameters = {
  type: 'object',
  description: 'Free-form parameters; the spec allows string, number and boolean values.',
} as const;

const responseParameters = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

const shape = {
  type: 'array',
  items: { type: 'integer', minimum: 0 },
  description: 'Dimension sizes, e.g. [rows] or [rows, features].',
} as const;

const datatype = { type: 'string', enum: [...V2_DATATYPES] } as const;

const v2InferRequestSchema = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string', description: 'Echoed in the response.' },
    parameters,
    inputs: {
      type: 'array',
      minItems: 1,
      description:
        "One tensor per feature (named after it, shape [rows] or [rows, 1]), or one 2-D tensor [rows, features] in the model's feature order.",
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype'],
        properties: {
          name: { type: 'string', minLength: 1 },
          shape,
          datatype,
          parameters,
          data: {
            type: 'array',
            description:
              'Row-major elements, flat or nested to the shape; null is a missing value. Absent when the tensor is sent as binary data.',
          },
        },
      },
    },
    outputs: {
      type: 'array',
      description: 'The outputs to answer with; all of them when absent.',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, parameters },
      },
    },
  },
} as const;

const v2InferResponseSchema = {
  type: 'object',
  required: ['model_name', 'outputs'],
  properties: {
    model_name: { type: 'string' },
    model_version: { type: 'string' },
    id: { type: 'string' },
    parameters: {
      ...responseParameters,
      description: "prediction_ids: Ballast's prediction id of each row, comma-separated, in row order.",
    },
    outputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype', 'data'],
        properties: {
          name: { type: 'string' },
          shape,
          datatype,
          parameters: responseParameters,
          data: { type: 'array', items: { type: ['number', 'string', 'boolean'] }, description: 'Flat, row-major.' },
        },
      },
    },
  },
} as const;

const metadataTensor = {
  type: 'object',
  required: ['name', 'datatype', 'shape'],
  properties: {
    name: { type: 'string' },
    datatype,
    shape: { type: 'array', items: { type: 'integer', minimum: -1 }, description: '-1 is a dimension of any size.' },
  },
} as const;

const v2ModelMetadataSchema = {
  type: 'object',
  required: ['name', 'platform', 'inputs', 'outputs'],
  properties: {
    name: { type: 'string' },
    versions: { type: 'array', items: { type: 'string' } },
    platform: { type: 'string' },
    inputs: { type: 'array', items: metadataTensor },
    outputs: { type: 'array', items: metadataTensor },
    parameters: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const v2ServerMetadataSchema = {
  type: 'object',
  required: ['name', 'version', 'extensions'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    extensions: { type: 'array', items: { type: 'string' } },
  },
} as const;

const v2ReadySchema = {
  type: 'object',
  required: ['ready'],
  properties: { name: { type: 'string' }, ready: { type: 'boolean' } },
} as const;

const v2LiveSchema = {
  type: 'object',
  required: ['live'],
  properties: { live: { type: 'boolean' } },
} as const;

/** `error` is what V2 clients read; `code` and `issues` are Ballast's, as on every other route. */
const v2ErrorSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: true,
  properties: {
    error: { type: 'string' },
    code: { type: 'string' },
    issues: issuesSchema,
  },
} as const;

const modelParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, description: 'The deployment name.' } },
} as const;

const modelVersionParams = {
  type: 'object',
  required: ['name', 'version'],
  properties: {
    name: modelParams.properties.name,
    version: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'A registered model version the deployment serves.' },
  },
} as const;

const errors = { 400: v2ErrorSchema, 404: v2ErrorSchema } as const;

/**
 * Route schemas to mount as they are, one per V2 route (`…ForVersion` serves the
 * `/versions/{version}` form of the same route).
 */
export const v2RouteSchemas = {
  /** GET /v2 */
  serverMetadata: { tags: ['v2'], summary: 'Server metadata', response: { 200: v2ServerMetadataSchema } },
  /** GET /v2/health/live */
  live: { tags: ['v2'], summary: 'Liveness', response: { 200: v2LiveSchema } },
  /** GET /v2/health/ready */
  ready: {
    tags: ['v2'],
    summary: 'Readiness: every deployment loaded and the store reachable',
    response: { 200: v2ReadySchema, 503: v2ReadySchema },
  },
  /** GET /v2/models/{name} */
  modelMetadata: { tags: ['v2'], summary: 'Model metadata', params: modelParams, response: { 200: v2ModelMetadataSchema, ...errors } },
  /** GET /v2/models/{name}/versions/{version} */
  modelMetadataForVersion: {
    tags: ['v2'],
    summary: 'Model metadata',
    params: modelVersionParams,
    response: { 200: v2ModelMetadataSchema, ...errors },
  },
  /** GET /v2/models/{name}/ready */
  modelReady: { tags: ['v2'], summary: 'Model readiness', params: modelParams, response: { 200: v2ReadySchema, ...errors } },
  /** GET /v2/models/{name}/versions/{version}/ready */
  modelReadyForVersion: {
    tags: ['v2'],
    summary: 'Model readiness',
    params: modelVersionParams,
    response: { 200: v2ReadySchema, ...errors },
  },
  /** POST /v2/models/{name}/infer */
  infer: {
    tags: ['v2'],
    summary: 'Inference',
    params: modelParams,
    body: v2InferRequestSchema,
    response: { 200: v2InferResponseSchema, ...errors, 413: v2ErrorSchema },
  },
  /** POST /v2/models/{name}/versions/{version}/infer */
  inferForVersion: {
    tags: ['v2'],
    summary: 'Inference',
    params: modelVersionParams,
    body: v2InferRequestSchema,
    response: { 200: v2InferResponseSchema, ...errors, 413: v2ErrorSchema },
  },
} as const;
