import type { FastifyInstance } from 'fastify';
import { applyOncallSchedules, currentOncallSchedules, whoIsOnCall } from '../../app/oncall/oncall-schedules.ts';
import { BallastError } from '../../core/errors.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { appliedSchedulesWire, whoWire } from '../../app/oncall/oncall-wire.ts';
import { appliedSchedulesSchema, applyResultSchema, whoSchema } from '../views/oncall-views.ts';

/** On-call schedules: viewers read them and who is on call, operators replace them (naming stored alert receivers only). */
export function oncallRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get(
    '/v1/oncall/schedules',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The on-call schedules in force (a ballast.oncall/v1 document) and their version',
        tags: ['oncall'],
        response: withOk(appliedSchedulesSchema),
      },
    },
    async () => appliedSchedulesWire(await currentOncallSchedules(ctx)),
  );

  // Operators run the on-call rota; receivers (the URLs pages go to) stay with admins, in the alert rules.
  app.put<{ Body: unknown }>(
    '/v1/oncall/schedules',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Replace every on-call schedule with a ballast.oncall/v1 document, checked whole first (422 invalid_oncall_schedule lists every problem)',
        tags: ['oncall'],
        body: { type: 'object', description: 'the ballast.oncall/v1 document as JSON (docs/oncall.md)' },
        response: withOk(applyResultSchema),
      },
    },
    async (request) => {
      const result = await applyOncallSchedules(actingAs(ctx, request), { document: request.body, source: 'the request body' });
      return { ...appliedSchedulesWire(result), changed: result.changed };
    },
  );

  app.get<{ Querystring: { at?: string; schedule?: string } }>(
    '/v1/oncall/who',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Who is on call in each schedule at a time (default now), and until when',
        tags: ['oncall'],
        querystring: {
          type: 'object',
          properties: { at: { type: 'string', description: 'ISO 8601 time' }, schedule: { type: 'string', maxLength: 128 } },
          additionalProperties: false,
        },
        response: withOk(whoSchema),
      },
    },
    async (request) => {
      const { at, schedule } = request.query;
      const when = at === undefined ? ctx.clock() : new Date(at);
      if (!Number.isFinite(when.getTime()))
        throw new BallastError('invalid_argument', `at "${at}" is not a time (use ISO 8601, e.g. 2026-12-24T18:00:00Z)`);
      return whoWire(await whoIsOnCall(ctx, { at: when, ...(schedule !== undefined ? { schedule } : {}) }));
    },
  );
}
