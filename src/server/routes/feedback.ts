import type { FastifyInstance } from 'fastify';
import { recordFeedback } from '../../app/feedback.ts';
import { BallastError } from '../../core/errors.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { feedbackResultSchema, feedbackView } from '../views/feedback-views.ts';

/**
 * Items one request may carry. The items of a request are judged together and written in one
 * transaction, so an unbounded list would hold the store's write lock (and the memory of every
 * item's result) for as long as a client cares to send; bigger files go through `ballast feedback
 * import`, which streams in chunks.
 */
const MAX_FEEDBACK_ITEMS = 10_000;

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
        description: `at most ${MAX_FEEDBACK_ITEMS} items per request`,
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
    async (request) => {
      const items = request.body.feedback;
      if (items.length > MAX_FEEDBACK_ITEMS) {
        const message = `${items.length} items; one request may carry at most ${MAX_FEEDBACK_ITEMS} (send the rest in further requests, or a file with ballast feedback import)`;
        throw new BallastError('invalid_request', message, [{ code: 'too_big', path: ['feedback'], message }]);
      }
      return feedbackView(await recordFeedback(actingAs(ctx, request), request.params.name, items, host));
    },
  );
}
