import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * Swagger UI at /docs for the OpenAPI document @fastify/swagger builds from the route schemas.
 * Public, as the dashboard's files are: a browser opening the page sends no token, and the page
 * fetches the document itself (at /docs/json); the routes it describes still need one, which the
 * page's Authorize button takes.
 */
export async function serveApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), access: 'public' };
    });
    await scope.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } });
  });
}
