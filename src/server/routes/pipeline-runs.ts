import type { FastifyInstance } from 'fastify';
import { findPipelineRun, listPipelineRuns, pipelineRunView } from '../../app/pipelines/pipeline-runs.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { freeObject, int, list, nullableStr, obj, str } from '../views/wire-schema.ts';

const hashes = { type: 'object', additionalProperties: str, description: 'path -> sha256 of its bytes' } as const;

const stepSchema = obj({
  name: str,
  cmd: str,
  status: { type: 'string', enum: ['ran', 'cached', 'failed', 'not_run'] },
  step_hash: { ...str, description: "sha256 of the command, dependencies' hashes and parameter values: the cache key" },
  deps: hashes,
  params: freeObject,
  outs: hashes,
  duration_ms: int,
  registered: { type: ['object', 'null'], properties: { model: str, version: int, version_id: str }, additionalProperties: false },
  error: nullableStr,
});

const runSchema = obj({
  id: str,
  pipeline: str,
  pipeline_sha256: str,
  status: { type: 'string', enum: ['succeeded', 'failed'] },
  git_commit: nullableStr,
  git_dirty: { type: ['boolean', 'null'] },
  tools: obj({ node: str, python: nullableStr, pip_freeze_sha256: nullableStr }),
  params: freeObject,
  params_file: {
    type: ['object', 'null'],
    properties: { path: str, sha256: str },
    additionalProperties: false,
    description: 'the parameters file the run read, by content hash',
  },
  reproduces: { ...nullableStr, description: 'the run this one reproduced (`ballast pipeline reproduce`)' },
  started_at: str,
  finished_at: str,
  created_by: str,
  steps: list(stepSchema),
});

/** Recorded pipeline runs (`ballast pipeline run`), for viewers: what ran, from which inputs, producing what. */
export function pipelineRunRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Querystring: { pipeline?: string; limit?: number } }>(
    '/v1/pipeline-runs',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Recorded pipeline runs, newest first',
        tags: ['pipelines'],
        querystring: {
          type: 'object',
          properties: { pipeline: { type: 'string', maxLength: 1000 }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
          additionalProperties: false,
        },
        response: withOk(obj({ runs: list(runSchema) })),
      },
    },
    async (request) => ({ runs: (await listPipelineRuns(ctx, request.query)).map(pipelineRunView) }),
  );
  app.get<{ Params: { id: string } }>(
    '/v1/pipeline-runs/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'One pipeline run: hashes of every input and output, commands, parameters, git commit, tool versions',
        tags: ['pipelines'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
        response: withOk(runSchema),
      },
    },
    async (request) => pipelineRunView(await findPipelineRun(ctx, request.params.id)),
  );
}
