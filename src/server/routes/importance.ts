import type { FastifyInstance } from 'fastify';
import { findImportance, importanceView } from '../../app/explain/global-importance.ts';
import { EXPLAIN_METHODS } from '../../core/explain/explanation.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { int, list, num, obj, str } from '../views/wire-schema.ts';

const importanceSchema = obj({
  model: str,
  version: int,
  method: { type: 'string', enum: [...EXPLAIN_METHODS], description: 'how the sample was explained' },
  space: { type: 'string', enum: ['margin', 'probability', 'value'], description: 'what the contributions add up to' },
  sample_rows: { ...int, description: 'training rows explained' },
  seed: { ...int, description: 'the seed of the sample and its background' },
  computed_at: str,
  features: {
    ...list(
      obj({ feature: str, importance: { ...num, description: 'mean |contribution| over the sample, summed over classes' }, rank: int }),
    ),
    description: 'most important first',
  },
});

/** A version's global importance, computed at registration (or by `ballast importance --recompute`), for viewers. */
export function importanceRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version/importance',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's global importance (mean |SHAP| on a sample of its training data), most important first",
        tags: ['explanations'],
        params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } },
        response: withOk(importanceSchema),
      },
    },
    async (request) => {
      const { version, importance } = await findImportance(ctx, `${request.params.name}:${request.params.version}`);
      return importanceView(version, importance);
    },
  );
}
