import type { FastifyInstance } from 'fastify';
import { applyAlertRules, deleteAlertRule, listAlertRules } from '../../app/alerts/alert-rules.ts';
import { alertRuleWire, receiverWire } from '../../core/alerts/alert-rule-wire.ts';
import { checkAlertRules } from '../../core/alerts/parse-alert-rules.ts';
import { roleAllows } from '../../core/serving-records.ts';
import { errorResponses, nameParam, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { alertRulesAppliedSchema, alertRulesListSchema } from '../views/alert-views.ts';
import { freeObject } from '../views/wire-schema.ts';

/** `/v1/alerts/rules`: the rules file's content as JSON, with each rule's state (docs/alerts.md). */
export function alertRuleRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get(
    '/v1/alerts/rules',
    {
      config: { access: 'viewer' },
      schema: { summary: 'Alert rules with their state, and the receivers', tags: ['alerts'], response: withOk(alertRulesListSchema) },
    },
    async (request) => {
      const { rules, receivers } = await listAlertRules(ctx);
      const admin = request.principal !== undefined && roleAllows(request.principal.role, 'admin');
      return { rules: rules.map(({ rule, state }) => alertRuleWire(rule, state)), receivers: receivers.map((r) => receiverWire(r, admin)) };
    },
  );

  app.put<{ Body: unknown }>(
    '/v1/alerts/rules',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Replace every alert rule with a ballast.alerts/v1 document (as JSON); checked whole, nothing applied on any problem',
        description: 'Changing `receivers` needs an admin token; leave it out to keep the stored receivers.',
        tags: ['alerts'],
        body: freeObject,
        response: withOk(alertRulesAppliedSchema),
      },
    },
    async (request) => {
      const document = checkAlertRules(request.body, 'the request body');
      const applied = await applyAlertRules(actingAs(ctx, request), document, request.principal?.role ?? 'viewer');
      return {
        rules: applied.rules,
        added: applied.added,
        changed: applied.changed,
        removed: applied.removed,
        receivers_changed: applied.receiversChanged,
      };
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/alerts/rules/:name',
    {
      config: { access: 'operator' },
      schema: { summary: 'Remove one alert rule and its state', tags: ['alerts'], params: nameParam, response: errorResponses },
    },
    async (request, reply) => {
      await deleteAlertRule(actingAs(ctx, request), request.params.name);
      return reply.status(204).send();
    },
  );
}
