import type { FastifyInstance } from 'fastify';
import {
  acknowledgeIncident,
  addIncidentNote,
  listIncidents,
  mitigateIncident,
  resolveIncident,
  showIncident,
} from '../../app/incidents/incidents.ts';
import {
  incidentPostmortem,
  listActionItems,
  POSTMORTEM_FORMATS,
  updatePostmortem,
  type PostmortemFormat,
} from '../../app/incidents/postmortem.ts';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../core/incidents/incident.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import {
  actionItemListSchema,
  actionItemView,
  incidentDetailSchema,
  incidentListSchema,
  incidentSchema,
  incidentView,
  postmortemResponseSchema,
  postmortemView,
  timelineView,
} from '../views/incident-views.ts';

const idParam = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const tags = ['incidents'];
const body = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', properties, required, additionalProperties: false }) as const;
const formatProperty = { type: 'string', enum: [...POSTMORTEM_FORMATS] };

/** Incidents: viewers read them; operators acknowledge, annotate, mitigate, resolve and write postmortems. */
export function incidentRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Querystring: { status?: IncidentStatus; deployment?: string } }>(
    '/v1/incidents',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Incidents, newest first',
        tags,
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: [...INCIDENT_STATUSES] }, deployment: { type: 'string' } },
          additionalProperties: false,
        },
        response: withOk(incidentListSchema),
      },
    },
    async (request) => ({ incidents: (await listIncidents(ctx, request.query)).map(incidentView) }),
  );

  app.get<{ Querystring: { open?: boolean } }>(
    '/v1/incidents/action-items',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "Action items of the stored postmortems (their '## Action items' checklists)",
        tags,
        querystring: { type: 'object', properties: { open: { type: 'boolean' } }, additionalProperties: false },
        response: withOk(actionItemListSchema),
      },
    },
    async (request) => ({ action_items: (await listActionItems(ctx, { open: request.query.open === true })).map(actionItemView) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/incidents/:id',
    {
      config: { access: 'viewer' },
      schema: { summary: 'An incident with its timeline and postmortem', tags, params: idParam, response: withOk(incidentDetailSchema) },
    },
    async (request) => {
      const { incident, timeline, postmortem } = await showIncident(ctx, request.params.id);
      return {
        ...incidentView(incident),
        timeline: timeline.map(timelineView),
        postmortem: postmortem ? postmortemView({ ...postmortem, format: 'md', rendered: postmortem.text }) : null,
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { commander?: string } | undefined }>(
    '/v1/incidents/:id/ack',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Acknowledge an incident (commander: the caller unless given)',
        tags,
        params: idParam,
        body: body({ commander: { type: 'string', minLength: 1, maxLength: 200 } }),
        response: withOk(incidentSchema),
      },
    },
    async (request) => incidentView(await acknowledgeIncident(actingAs(ctx, request), request.params.id, request.body ?? {})),
  );

  for (const [path, move, summary] of [
    ['mitigate', mitigateIncident, 'Mark an incident mitigated'],
    ['resolve', resolveIncident, 'Resolve an incident'],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/v1/incidents/:id/${path}`,
      { config: { access: 'operator' }, schema: { summary, tags, params: idParam, response: withOk(incidentSchema) } },
      async (request) => incidentView(await move(actingAs(ctx, request), request.params.id)),
    );
  }

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/v1/incidents/:id/notes',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Add a note to an incident's timeline",
        tags,
        params: idParam,
        body: body({ text: { type: 'string', minLength: 1, maxLength: 10_000 } }, ['text']),
        response: withOk(incidentSchema),
      },
    },
    async (request) => incidentView(await addIncidentNote(actingAs(ctx, request), request.params.id, request.body.text)),
  );

  app.post<{ Params: { id: string }; Body: { format?: PostmortemFormat; redraft?: boolean } | undefined }>(
    '/v1/incidents/:id/postmortem',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'The postmortem: the stored one, or a draft made and stored now (redraft: replace an unreviewed one)',
        tags,
        params: idParam,
        body: body({ format: formatProperty, redraft: { type: 'boolean' } }),
        response: withOk(postmortemResponseSchema),
      },
    },
    async (request) => ({
      postmortem: postmortemView(await incidentPostmortem(actingAs(ctx, request), request.params.id, request.body ?? {})),
    }),
  );

  app.put<{ Params: { id: string }; Body: { text?: string; reviewed?: boolean; format?: PostmortemFormat } }>(
    '/v1/incidents/:id/postmortem',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Store an edited postmortem (Markdown) and/or mark it reviewed',
        tags,
        params: idParam,
        body: body({ text: { type: 'string', minLength: 1, maxLength: 1_000_000 }, reviewed: { type: 'boolean' }, format: formatProperty }),
        response: withOk(postmortemResponseSchema),
      },
    },
    async (request) => {
      const { format, ...change } = request.body;
      return { postmortem: postmortemView(await updatePostmortem(actingAs(ctx, request), request.params.id, change, format)) };
    },
  );
}
