import type { FastifyInstance } from 'fastify';
import { recordEvents } from '../../app/events.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { eventsResultSchema, eventsView } from '../views/event-views.ts';

const eventsSchema = {
  summary: 'Send downstream outcome events (conversions, refunds) for logged predictions: the source of business KPIs',
  tags: ['predictions'],
  params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
  body: {
    type: 'object',
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        // Items are checked one by one in the app (the count too), so one malformed item is
        // refused alone instead of failing the whole request here.
        items: {
          description:
            '{"prediction_id" or "request_id", "name": "conversion", "value"?: number (default 1), "at"?: ISO time (default: when it arrives)}',
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  },
  response: withOk(eventsResultSchema),
} as const;

export function eventRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  // Anyone allowed to predict on a deployment may tell it what came of a prediction.
  app.post<{ Params: { name: string }; Body: { events: unknown[] } }>(
    '/v1/deployments/:name/events',
    { config: { access: 'viewer' }, schema: eventsSchema },
    async (request) => eventsView(await recordEvents(actingAs(ctx, request), request.params.name, request.body.events, host)),
  );
}
