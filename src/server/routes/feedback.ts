import type { FastifyInstance } from 'fastify';
import { recordFeedback } from '../../app/feedback.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { feedbackResultSchema, feedbackView } from '../views/feedback-views.ts';

const feedbackSchema = {
  summary: 'Send ground truth (labels) for logged predictions',
  tags: ['predictions'],
  params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
  body: {
    type: 'object',
    properties: {
      feedback: {
        type: 'array',
        minItems: 1,
        // Items are checked one by one in the app, so one malformed item is refused alone
        // instead of failing the whole request here.
        items: {
          description:
            '{"prediction_id", "label"} (a class of the model, or a number for a regressor), {"prediction_id", "value"} (a number) or {"request_id", "label"} (every prediction of that request)',
        },
      },
    },
    required: ['feedback'],
    additionalProperties: false,
  },
  response: withOk(feedbackResultSchema),
} as const;

export function feedbackRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  // Anyone allowed to predict on a deployment may tell it what the outcome was.
  app.post<{ Params: { name: string }; Body: { feedback: unknown[] } }>(
    '/v1/deployments/:name/feedback',
    { config: { access: 'viewer' }, schema: feedbackSchema },
    async (request) => feedbackView(await recordFeedback(actingAs(ctx, request), request.params.name, request.body.feedback, host)),
  );
}
