import type { FastifyInstance } from 'fastify';
import { clearReviewPolicy, setReviewPolicy, showReviewPolicy } from '../../app/reviews/review-policy.ts';
import { decideReview, getReview, listReviews, MAX_REVIEW_LIMIT } from '../../app/reviews/reviews.ts';
import { REVIEW_ORDERS, REVIEW_STATUSES } from '../../core/reviews/review-item.ts';
import { presentReviews } from '../../app/privacy/sensitive-reads.ts';
import { nameParam, withOk } from '../schemas.ts';
import { sensitiveAccess } from '../sensitive-access.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { reviewListSchema, reviewPolicySchema, reviewPolicyView, reviewSchema, reviewView } from '../views/review-views.ts';

const tags = ['reviews'];
const idParam = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

/**
 * Human review: operators set a deployment's review policy; viewers read the queue; reviewers (and
 * operators) decide. A decision becomes the prediction's label (feedback from review).
 */
export function reviewRoutes(app: FastifyInstance, { ctx, host, metrics }: ServerDeps): void {
  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name/review-policy',
    {
      config: { access: 'viewer' },
      schema: { summary: "A deployment's review policy (null when none)", tags, params: nameParam, response: withOk(reviewPolicySchema) },
    },
    async (request) => reviewPolicyView(await showReviewPolicy(ctx, request.params.name)),
  );

  app.put<{ Params: { name: string }; Body: { when: string; fallback: string } }>(
    '/v1/deployments/:name/review-policy',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Hold predictions that meet a condition for human review, answering them at once with a fallback',
        tags,
        params: nameParam,
        body: {
          type: 'object',
          properties: {
            when: {
              type: 'string',
              maxLength: 200,
              description: '"max_probability < 0.6", "probability between 0.4 and 0.6", "contract_flagged" or "disagreement"',
            },
            fallback: { type: 'string', maxLength: 200, description: 'abstain, stable or label:VALUE (a class of the model)' },
          },
          required: ['when', 'fallback'],
          additionalProperties: false,
        },
        response: withOk(reviewPolicySchema),
      },
    },
    async (request) => reviewPolicyView(await setReviewPolicy(actingAs(ctx, request), request.params.name, request.body, host)),
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/deployments/:name/review-policy',
    {
      config: { access: 'operator' },
      schema: { summary: "Remove a deployment's review policy", tags, params: nameParam, response: withOk(reviewPolicySchema) },
    },
    async (request) => reviewPolicyView(await clearReviewPolicy(actingAs(ctx, request), request.params.name, host)),
  );

  app.get<{ Querystring: { deployment?: string; status?: string; limit?: number; order?: string } }>(
    '/v1/reviews',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The review queue: oldest first, or by priority (most doubtful first)',
        tags,
        querystring: {
          type: 'object',
          properties: {
            deployment: { type: 'string', maxLength: 128 },
            status: { type: 'string', enum: [...REVIEW_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: MAX_REVIEW_LIMIT, default: 50 },
            order: { type: 'string', enum: [...REVIEW_ORDERS], default: 'oldest' },
          },
          additionalProperties: false,
        },
        response: withOk(reviewListSchema),
      },
    },
    async (request) => {
      const { reviews, pending } = await listReviews(ctx, request.query);
      const shown = await presentReviews(...sensitiveAccess(ctx, request, 'GET /v1/reviews'), reviews);
      return { reviews: shown.map(reviewView), pending };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/reviews/:id',
    { config: { access: 'viewer' }, schema: { summary: 'One review item', tags, params: idParam, response: withOk(reviewSchema) } },
    async (request) => {
      const [shown] = await presentReviews(...sensitiveAccess(ctx, request, 'GET /v1/reviews/{id}'), [
        await getReview(ctx, request.params.id),
      ]);
      return reviewView(shown!);
    },
  );

  app.post<{ Params: { id: string }; Body: { label: string | number; note?: string } }>(
    '/v1/reviews/:id/decision',
    {
      config: { access: 'reviewer' },
      schema: {
        summary: "Decide a held prediction: final, audited, and the prediction's label (feedback from review)",
        tags,
        params: idParam,
        body: {
          type: 'object',
          properties: {
            label: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }] },
            note: { type: 'string', maxLength: 2000 },
          },
          required: ['label'],
          additionalProperties: false,
        },
        response: withOk(reviewSchema),
      },
    },
    async (request) => {
      const decided = await decideReview(actingAs(ctx, request), request.params.id, request.body);
      metrics.recordReviewDecision(decided.item.deploymentName, decided.item.createdAt, decided.item.decision!.decidedAt);
      const [shown] = await presentReviews(...sensitiveAccess(ctx, request, 'POST /v1/reviews/{id}/decision'), [decided]);
      return reviewView(shown!);
    },
  );
}
