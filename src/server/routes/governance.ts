import type { FastifyInstance } from 'fastify';
import { decideApproval, getApproval, listApprovals, requestApproval } from '../../app/governance/approvals.ts';
import { setPolicy, showPolicy } from '../../app/governance/policy.ts';
import { APPROVAL_STAGES, APPROVAL_STATUSES } from '../../core/governance/governance-records.ts';
import { nameParam, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { approvalSchema, approvalView, policySchema, policyView } from '../views/governance-views.ts';
import { list, obj } from '../views/wire-schema.ts';

const versionParams = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
  required: ['name', 'version'],
} as const;
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const noteBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { note: { type: 'string', description: 'why (at most 2,000 characters)' } },
} as const;

/** A model's promotion policy and four-eyes approvals (docs/governance.md). */
export function governanceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { ctx } = deps;
  app.get<{ Params: { name: string } }>(
    '/v1/models/:name/policy',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A model's promotion policy (empty, with null updated_by, when it has none)",
        tags: ['governance'],
        params: nameParam,
        response: withOk(policySchema),
      },
    },
    async (request) => policyView(await showPolicy(ctx, request.params.name)),
  );

  app.put<{ Params: { name: string }; Body: { require_suites?: unknown; require_approval?: unknown } }>(
    '/v1/models/:name/policy',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Set a model's promotion policy whole (what champion and production deployments need); audited policy.set",
        tags: ['governance'],
        params: nameParam,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            require_suites: { description: 'suite names whose latest run on a version must pass (default none)' },
            require_approval: { description: 'a promotion also needs an approved approval for the stage (default false)' },
          },
        },
        response: withOk(policySchema),
      },
    },
    async (request) => {
      const { require_suites, require_approval } = request.body ?? {};
      const view = await setPolicy(actingAs(ctx, request), {
        model: request.params.name,
        requireSuites: require_suites,
        requireApproval: require_approval,
      });
      return policyView(view);
    },
  );

  app.post<{ Params: { name: string; version: string }; Body: { stage: string; note?: string; review_every_days?: unknown } }>(
    '/v1/models/:name/versions/:version/approvals',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Request an approval of a version for a stage; it names the latest run of each of the version's suites",
        tags: ['governance'],
        params: versionParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['stage'],
          properties: {
            stage: { type: 'string', enum: [...APPROVAL_STAGES] },
            note: { type: 'string', description: 'what the approver should know (at most 2,000 characters)' },
            review_every_days: { description: 'days between periodic reviews once approved, 1–3650 (default 90)' },
          },
        },
        response: withOk(approvalSchema, 201),
      },
    },
    async (request, reply) => {
      const { stage, note, review_every_days } = request.body;
      const detail = await requestApproval(actingAs(ctx, request), {
        ref: `${request.params.name}:${request.params.version}`,
        stage,
        note,
        reviewEveryDays: review_every_days,
      });
      return reply.status(201).send(approvalView(detail));
    },
  );

  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const)
    app.post<{ Params: { id: string }; Body: { note?: string } | undefined }>(
      `/v1/approvals/:id/${verb}`,
      {
        config: { access: 'approver' },
        schema: {
          summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a pending approval (never one the token's name requested)`,
          tags: ['governance'],
          params: idParam,
          body: noteBody,
          response: withOk(approvalSchema),
        },
      },
      async (request) => {
        const detail = await decideApproval(actingAs(ctx, request), {
          id: request.params.id,
          decision,
          note: request.body?.note,
          role: request.principal?.role,
        });
        // The decision stands without its card copy; the operator sees why in the log (card_id is null).
        if (detail.cardProblem !== undefined) request.log.warn({ approval: detail.approval.id }, detail.cardProblem);
        return approvalView(detail);
      },
    );

  app.get<{ Querystring: { status?: string; model?: string } }>(
    '/v1/approvals',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Approvals, newest request first',
        tags: ['governance'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...APPROVAL_STATUSES] }, model: { type: 'string' } },
        },
        response: withOk(obj({ approvals: list(approvalSchema) })),
      },
    },
    async (request) => ({ approvals: (await listApprovals(ctx, request.query)).map(approvalView) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/approvals/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'An approval with the test runs it relied on',
        tags: ['governance'],
        params: idParam,
        response: withOk(approvalSchema),
      },
    },
    async (request) => approvalView(await getApproval(ctx, request.params.id)),
  );
}
