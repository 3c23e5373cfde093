import type { FastifyInstance } from 'fastify';
import { rolloutHistory, rolloutStatus, DEFAULT_HISTORY_LIMIT } from '../../app/rollouts/rollout-status.ts';
import { rolloutVerb } from '../../app/rollouts/rollout-verbs.ts';
import { startRollout, type RolloutDeps } from '../../app/rollouts/start-rollout.ts';
import { ROLLOUT_VERBS, type RolloutVerb } from '../../core/rollouts/rollout-moves.ts';
import { nameParam, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { requestOverride } from '../views/governance-views.ts';
import { rolloutHistorySchema, rolloutStartBodySchema, rolloutStatusSchema } from '../views/rollout-views.ts';

interface StartBody {
  to: string;
  strategy: string;
  steps?: unknown;
  step_duration?: unknown;
  split?: unknown;
  sticky_key?: unknown;
  gate?: unknown;
  keep_previous?: unknown;
  force?: boolean;
  reason?: string;
}

/** `/v1/deployments/{name}/rollout`: start, status, the operator's verbs, and the history (docs/rollouts.md). */
export function rolloutRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // The serving host smoke-tests the candidate with the executor it will serve, and serves each new revision at once.
  const rolloutDeps: RolloutDeps = { serving: deps.host, loader: deps.host };

  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name/rollout',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A deployment's active rollout (null when none) and its recent rollouts",
        tags: ['rollouts'],
        params: nameParam,
        response: withOk(rolloutStatusSchema),
      },
    },
    async (request) => rolloutStatus(deps.ctx, request.params.name),
  );

  app.post<{ Params: { name: string }; Body: StartBody }>(
    '/v1/deployments/:name/rollout',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Start a canary, blue/green or A/B rollout to a candidate version, after it answers a smoke request',
        tags: ['rollouts'],
        params: nameParam,
        body: rolloutStartBodySchema,
        response: withOk(rolloutStatusSchema, 201),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const status = await startRollout(
        actingAs(deps.ctx, request),
        {
          name: request.params.name,
          to: b.to,
          strategy: b.strategy,
          steps: b.steps,
          stepDuration: b.step_duration,
          split: b.split,
          stickyKey: b.sticky_key,
          gate: b.gate,
          keepPrevious: b.keep_previous,
          override: requestOverride(request, b),
        },
        rolloutDeps,
      );
      return reply.status(201).send(status);
    },
  );

  app.post<{ Params: { name: string; verb: RolloutVerb }; Body: { reason?: string } | undefined }>(
    '/v1/deployments/:name/rollout/:verb',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Pause, resume, promote, abort, switch (blue/green) or roll back (blue/green) the active rollout',
        tags: ['rollouts'],
        params: {
          type: 'object',
          required: ['name', 'verb'],
          properties: { name: { type: 'string' }, verb: { type: 'string', enum: [...ROLLOUT_VERBS] } },
        },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 1000, description: 'recorded in the audit log and the history' } },
        },
        response: withOk(rolloutStatusSchema),
      },
    },
    async (request) =>
      rolloutVerb(actingAs(deps.ctx, request), request.params.name, request.params.verb, { reason: request.body?.reason }, rolloutDeps),
  );

  app.get<{ Params: { name: string }; Querystring: { limit?: number } }>(
    '/v1/deployments/:name/rollouts',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A deployment's rollouts, newest first, each with how it ended",
        tags: ['rollouts'],
        params: nameParam,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_HISTORY_LIMIT } },
          additionalProperties: false,
        },
        response: withOk(rolloutHistorySchema),
      },
    },
    async (request) => rolloutHistory(deps.ctx, request.params.name, request.query.limit),
  );
}
