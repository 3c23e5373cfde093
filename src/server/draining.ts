import type { FastifyInstance } from 'fastify';
import { BallastError } from '../core/errors.ts';

/**
 * Once the server starts closing, requests still arriving (pipelined, or on a keep-alive
 * connection that was busy) are refused with 503 `unavailable` as a problem document and the
 * connection is closed, so a client or load balancer retries elsewhere. Requests already being
 * handled are answered as usual. Registered before authentication: a refusal costs no token check.
 */
export function refuseWhileDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!draining) return;
    reply.header('connection', 'close');
    throw new BallastError('unavailable', 'the server is shutting down; retry the request');
  });
}
