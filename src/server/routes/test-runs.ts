import type { FastifyInstance } from 'fastify';
import { findTestRun, listTestRuns } from '../../app/model-tests/test-runs.ts';
import { CHECK_TYPES } from '../../core/model-tests/suite-types.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { bool, freeObject, int, list, modelVersionRef, obj, str } from '../views/wire-schema.ts';

const tags = ['model tests'];
const nullableNumber = { type: ['number', 'null'] } as const;

const checkSchema = obj({
  name: str,
  type: { type: 'string', enum: [...CHECK_TYPES] },
  severity: { type: 'string', enum: ['error', 'warning'] },
  passed: bool,
  values: { type: 'object', additionalProperties: nullableNumber, description: 'each checked value by name; null when undefined' },
  bounds: {
    type: 'object',
    additionalProperties: obj({ min: { type: 'number' }, max: { type: 'number' } }),
    description: 'the bound each value had to meet',
  },
  intervals: { type: 'object', additionalProperties: list(nullableNumber), description: 'bootstrap intervals [low, high] by value name' },
  by_group: { ...freeObject, description: 'fairness: group → metric → value' },
  details: { description: 'what a reader needs to see why (the worst slices, the contract issues…)' },
  message: str,
});

const testRunSchema = obj({
  id: str,
  model: modelVersionRef,
  suite: obj({ name: str, hash: { ...str, description: 'SHA-256 of the suite file' } }),
  data: obj({ hash: { ...str, description: 'SHA-256 of the data file' }, rows: int, file: str }),
  seed: int,
  passed: { ...bool, description: 'every error-severity check passed' },
  checks: list(checkSchema),
  created_by: str,
  created_at: str,
});

/** Stored model test runs (`ballast test`): a version's runs and one run, for viewers. */
export function testRunRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version/tests',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's model test runs, newest first",
        tags,
        params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } },
        response: withOk(obj({ runs: list(testRunSchema) })),
      },
    },
    async (request) => ({ runs: await listTestRuns(ctx, `${request.params.name}:${request.params.version}`) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/test-runs/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'One model test run with every check',
        tags,
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        response: withOk(testRunSchema),
      },
    },
    async (request) => findTestRun(ctx, request.params.id),
  );
}
