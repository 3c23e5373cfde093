import type { FastifyInstance } from 'fastify';
import { clearEnsemble, setEnsemble, showEnsemble } from '../../app/ensembles/set-ensemble.ts';
import { ENSEMBLE_COMBINERS } from '../../core/rollouts/deployment-routing.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { ensembleSchema, ensembleView } from '../views/ensemble-views.ts';

const params = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } } as const;

interface EnsembleBody {
  members: string[];
  combine: string;
  max_spread?: number | null;
  on_disagreement?: string;
}

/**
 * A deployment's ensemble: set, cleared and read by operators. A change is applied to this server's
 * serving host before the answer (the next prediction here is the ensemble's); other servers pick
 * it up on their refresh.
 */
export function ensembleRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.put<{ Params: { name: string }; Body: EnsembleBody }>(
    '/v1/deployments/:name/ensemble',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Serve the deployment with an ensemble of two or more versions, combined by mean probability or majority vote',
        tags: ['deployments'],
        params,
        body: {
          type: 'object',
          required: ['members', 'combine'],
          additionalProperties: false,
          properties: {
            members: { type: 'array', items: { type: 'string', maxLength: 300 }, maxItems: 16 },
            // Checked by setEnsemble, so a wrong value is reported with the other problems (invalid_ensemble).
            combine: { type: 'string', maxLength: 32, description: `one of ${ENSEMBLE_COMBINERS.join(', ')}` },
            max_spread: { type: ['number', 'null'] },
            on_disagreement: { type: 'string', maxLength: 32, description: 'review or fallback (default)' },
          },
        },
        response: withOk(ensembleSchema),
      },
    },
    async (request) => {
      const { members, combine, max_spread: maxSpread, on_disagreement: onDisagreement } = request.body;
      const ctx = actingAs(deps.ctx, request);
      await setEnsemble(ctx, request.params.name, { members, combine, maxSpread, onDisagreement }, deps.host);
      return ensembleView(await showEnsemble(ctx, request.params.name));
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/deployments/:name/ensemble',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Stop the deployment's ensemble: its first member answers alone",
        tags: ['deployments'],
        params,
        response: withOk(ensembleSchema),
      },
    },
    async (request) => {
      const ctx = actingAs(deps.ctx, request);
      await clearEnsemble(ctx, request.params.name, deps.host);
      return ensembleView(await showEnsemble(ctx, request.params.name));
    },
  );

  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name/ensemble',
    {
      config: { access: 'operator' },
      schema: { summary: "The deployment's ensemble, or null", tags: ['deployments'], params, response: withOk(ensembleSchema) },
    },
    async (request) => ensembleView(await showEnsemble(deps.ctx, request.params.name)),
  );
}
