import type { FastifyInstance } from 'fastify';
import { recordPeriodicReview, reviewsDue, versionReviews } from '../../app/governance/periodic-reviews.ts';
import { MAX_FINDINGS_LENGTH } from '../../app/governance/periodic-reviews.ts';
import { REVIEW_DECISIONS } from '../../core/governance/governance-records.ts';
import { governanceReviewWire, reviewScheduleWire } from '../../core/governance/review-schedule-wire.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { governanceReviewSchema, reviewSchedulesSchema, versionReviewsSchema } from '../views/governance-review-views.ts';

const tags = ['governance'];
const versionParams = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 128 }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
  required: ['name', 'version'],
} as const;

/**
 * Periodic review of approved production versions (docs/governance.md): viewers read the schedule;
 * approvers record a review, which restarts it (or, deciding retire, ends it).
 */
export function governanceReviewRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Querystring: { overdue?: boolean; model?: string } }>(
    '/v1/governance/reviews',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Periodic reviews of approved production versions: when each is due, the most overdue first',
        tags,
        querystring: {
          type: 'object',
          properties: {
            overdue: { type: 'boolean', description: 'only reviews past their due date' },
            model: { type: 'string', maxLength: 128, description: 'only versions of this model' },
          },
          additionalProperties: false,
        },
        response: withOk(reviewSchedulesSchema),
      },
    },
    async (request) => ({ reviews: (await reviewsDue(ctx, request.query)).map(reviewScheduleWire) }),
  );

  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version/governance-reviews',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's periodic review schedule and its reviews, newest first",
        tags,
        params: versionParams,
        response: withOk(versionReviewsSchema),
      },
    },
    async (request) => {
      const { name, version } = request.params;
      const found = await versionReviews(ctx, `${name}:${version}`);
      return {
        model: { name, version: Number(version) },
        schedule: found.schedule && reviewScheduleWire(found.schedule),
        reviews: found.reviews.map(governanceReviewWire),
      };
    },
  );

  app.post<{ Params: { name: string; version: string }; Body: { findings: string; decision: string } }>(
    '/v1/models/:name/versions/:version/governance-reviews',
    {
      config: { access: 'approver' },
      schema: {
        summary: "Record a periodic review of the version's production approval (approver role), audited",
        tags,
        params: versionParams,
        body: {
          type: 'object',
          properties: {
            findings: { type: 'string', maxLength: MAX_FINDINGS_LENGTH, description: 'what was looked at and what was found' },
            decision: { type: 'string', enum: [...REVIEW_DECISIONS] },
          },
          required: ['findings', 'decision'],
          additionalProperties: false,
        },
        response: withOk(governanceReviewSchema, 201),
      },
    },
    async (request, reply) => {
      const { name, version } = request.params;
      const review = await recordPeriodicReview(actingAs(ctx, request), `${name}:${version}`, request.body, request.principal?.role);
      return reply.code(201).send({ ...governanceReviewWire(review), model: { name, version: Number(version) } });
    },
  );
}
