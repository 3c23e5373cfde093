import type { FastifyInstance } from 'fastify';
import { listSilences, silenceRule, unsilence } from '../../app/alerts/silences.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { BallastError } from '../../core/errors.ts';
import { errorResponses, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { silenceListSchema, silenceSchema, silenceView } from '../views/silence-views.ts';

const createBody = {
  type: 'object',
  properties: {
    rule: { type: 'string', minLength: 1, maxLength: 200 },
    duration: { type: 'string', minLength: 1, maxLength: 40, description: 'how long, e.g. 2h or 30m' },
    reason: { type: 'string', minLength: 1, maxLength: 1000 },
  },
  required: ['rule', 'duration', 'reason'],
  additionalProperties: false,
} as const;

/** Silences of alert rules: viewers read them, operators set and lift them (only of rules that exist). */
export function alertSilenceRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get(
    '/v1/alerts/silences',
    {
      config: { access: 'viewer' },
      schema: { summary: 'Alert silences, newest first', tags: ['alerts'], response: withOk(silenceListSchema) },
    },
    async () => ({ silences: (await listSilences(ctx)).map(silenceView) }),
  );

  app.post<{ Body: { rule: string; duration: string; reason: string } }>(
    '/v1/alerts/silences',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Mute a rule's notifications for a while",
        tags: ['alerts'],
        body: createBody,
        response: withOk(silenceSchema, 201),
      },
    },
    async (request, reply) => {
      const durationMs = parseDuration(request.body.duration);
      if (durationMs === undefined)
        throw new BallastError('invalid_argument', `"${request.body.duration}" is not a duration such as 2h or 30m`);
      const silence = await silenceRule(actingAs(ctx, request), { rule: request.body.rule, durationMs, reason: request.body.reason });
      return reply.status(201).send(silenceView(silence));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/alerts/silences/:id',
    { config: { access: 'operator' }, schema: { summary: 'Lift a silence now', tags: ['alerts'], response: errorResponses } },
    async (request, reply) => {
      await unsilence(actingAs(ctx, request), request.params.id);
      return reply.status(204).send();
    },
  );
}
