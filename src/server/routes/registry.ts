import type { FastifyInstance } from 'fastify';
import { describeModel, describeVersion } from '../../app/lineage.ts';
import { nameParam, withOk } from '../schemas.ts';
import {
  aliasSchema,
  aliasView,
  artifactSchema,
  artifactView,
  labelledReferenceSchema,
  labelledReferenceView,
  modelSchema,
  modelSummarySchema,
  modelSummaryView,
  modelView,
  snapshotSchema,
  snapshotView,
  versionSchema,
  versionSummarySchema,
  versionSummaryView,
  versionView,
  whoamiSchema,
} from '../views/registry-views.ts';
import { list, obj, strings } from '../views/wire-schema.ts';
import type { ServerDeps } from '../server-deps.ts';
import { versionPipelineRunSchema, versionPipelineRunView } from '../views/version-pipeline-run-views.ts';

export function registryRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get(
    '/v1/whoami',
    { config: { access: 'viewer' }, schema: { summary: 'Who the token belongs to', tags: ['auth'], response: withOk(whoamiSchema) } },
    async (request) => ({
      actor: request.principal!.name,
      role: request.principal!.role,
    }),
  );

  app.get(
    '/v1/models',
    {
      config: { access: 'viewer' },
      schema: { summary: 'Registered models', tags: ['registry'], response: withOk(obj({ models: list(modelSummarySchema) })) },
    },
    async () => ({
      models: (await ctx.store.models.list()).map(modelSummaryView),
    }),
  );

  app.get<{ Params: { name: string } }>(
    '/v1/models/:name',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A model with its versions and aliases',
        tags: ['registry'],
        params: nameParam,
        response: withOk(obj({ model: modelSchema, versions: list(versionSummarySchema), aliases: list(aliasSchema) })),
      },
    },
    async (request) => {
      const { model, versions, aliases } = await describeModel(ctx, request.params.name);
      return {
        model: modelView(model),
        versions: versions.map((v) =>
          versionSummaryView(
            v,
            aliases.filter((a) => a.versionId === v.id).map((a) => a.alias),
          ),
        ),
        aliases: aliases.map(aliasView),
      };
    },
  );

  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A version with its signature and lineage',
        tags: ['registry'],
        params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } },
        response: withOk(
          obj({
            model: modelSchema,
            version: versionSchema,
            artifact: artifactSchema,
            snapshot: snapshotSchema,
            aliases: strings,
            labelled_reference: labelledReferenceSchema,
            pipeline_run: versionPipelineRunSchema,
          }),
        ),
      },
    },
    async (request) => {
      const lineage = await describeVersion(ctx, `${request.params.name}:${request.params.version}`);
      // The artifact's path on the server's disk stays there; the training report is served with the contract (/contract).
      return {
        model: modelView(lineage.model),
        version: versionView(lineage.version, lineage.aliases),
        artifact: artifactView(lineage.artifact),
        snapshot: lineage.snapshot ? snapshotView(lineage.snapshot) : null,
        aliases: lineage.aliases,
        labelled_reference: lineage.labelledReference ? labelledReferenceView(lineage.labelledReference) : null,
        pipeline_run: lineage.pipelineRun ? versionPipelineRunView(lineage.pipelineRun) : null,
      };
    },
  );
}
