import type { FastifyInstance } from 'fastify';
import { DeploymentCounterfactuals } from '../../app/explain/counterfactual-deployment.ts';
import type { CounterfactualRequest } from '../../app/explain/counterfactual-request.ts';
import { counterfactualSchema } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';

export function counterfactualRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const counterfactuals = new DeploymentCounterfactuals(deps.ctx);
  app.addHook('onClose', () => counterfactuals.close());
  app.post<{ Params: { name: string }; Body: CounterfactualRequest & { instance: Record<string, unknown> } }>(
    '/v1/deployments/:name/counterfactual',
    { config: { access: 'viewer' }, schema: counterfactualSchema },
    async (request) => counterfactuals.answer(request.params.name, request.body),
  );
}
