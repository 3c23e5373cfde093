import type { FastifyInstance } from 'fastify';
import { createToken, listTokens, revokeToken } from '../../app/tokens.ts';
import { errorResponses, tokenCreateSchema, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { tokenListSchema, tokenView } from '../views/token-views.ts';

export function tokenRoutes(app: FastifyInstance, { ctx }: ServerDeps, forgetCachedTokens: () => void): void {
  app.get(
    '/v1/tokens',
    {
      config: { access: 'admin' },
      schema: { summary: 'API tokens (never their secrets)', tags: ['tokens'], response: withOk(tokenListSchema) },
    },
    async () => ({
      tokens: (await listTokens(ctx)).map(tokenView),
    }),
  );

  app.post<{ Body: { name: string; role: string; permissions?: string[] } }>(
    '/v1/tokens',
    { config: { access: 'admin' }, schema: tokenCreateSchema },
    async (request, reply) => {
      const { token, record } = await createToken(actingAs(ctx, request), request.body);
      return reply.status(201).send({
        id: record.id,
        name: record.name,
        role: record.role,
        permissions: record.permissions ?? [],
        token,
        note: 'store this token now: it is not shown again',
      });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/tokens/:id',
    { config: { access: 'admin' }, schema: { summary: 'Revoke a token', tags: ['tokens'], response: errorResponses } },
    async (request, reply) => {
      await revokeToken(actingAs(ctx, request), request.params.id);
      forgetCachedTokens();
      return reply.status(204).send();
    },
  );
}
