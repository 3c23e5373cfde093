import type { FastifyInstance } from 'fastify';
import { describeModel, describeVersion } from '../../app/lineage.ts';
import { errorResponses, nameParam } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';

export function registryRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get('/v1/whoami', { config: { access: 'viewer' }, schema: { summary: 'Who the token belongs to', tags: ['auth'], response: errorResponses } }, async (request) => ({
    actor: request.principal!.name,
    role: request.principal!.role,
  }));

  app.get('/v1/models', { config: { access: 'viewer' }, schema: { summary: 'Registered models', tags: ['registry'], response: errorResponses } }, async () => ({
    models: (await ctx.store.models.list()).map((m) => ({ name: m.name, description: m.description, owner: m.owner, tags: m.tags, latestVersion: m.latestVersion, versionCount: m.versionCount, createdAt: m.createdAt })),
  }));

  app.get<{ Params: { name: string } }>(
    '/v1/models/:name',
    { config: { access: 'viewer' }, schema: { summary: 'A model with its versions and aliases', tags: ['registry'], params: nameParam, response: errorResponses } },
    async (request) => {
      const { model, versions, aliases } = await describeModel(ctx, request.params.name);
      return {
        model,
        versions: versions.map((v) => ({
          version: v.version, format: v.format, createdAt: v.createdAt, createdBy: v.createdBy, artifactSha256: v.artifactSha256,
          codeRef: v.codeRef, snapshotId: v.snapshotId, contractId: v.contractId, metrics: v.metrics, aliases: aliases.filter((a) => a.versionId === v.id).map((a) => a.alias),
        })),
        aliases: aliases.map((a) => ({ alias: a.alias, version: a.version, updatedAt: a.updatedAt, updatedBy: a.updatedBy })),
      };
    },
  );

  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version',
    {
      config: { access: 'viewer' },
      schema: { summary: 'A version with its signature and lineage', tags: ['registry'], params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } }, response: errorResponses },
    },
    async (request) => {
      const lineage = await describeVersion(ctx, `${request.params.name}:${request.params.version}`);
      const { path: _path, ...artifact } = lineage.artifact;
      // The training report is served with the contract (/contract), not repeated here.
      const { contractReport: _report, ...version } = lineage.version;
      return { model: lineage.model, version, artifact, snapshot: lineage.snapshot ?? null, aliases: lineage.aliases };
    },
  );
}
