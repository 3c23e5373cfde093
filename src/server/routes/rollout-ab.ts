import type { FastifyInstance } from 'fastify';
import { abAnalysis } from '../../app/rollouts/ab-analysis.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { bool, int, list, modelVersionRef, num, obj, str } from '../views/wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const side = obj({ value: nullableNum, count: int });

const abAnalysisSchema = obj({
  deployment: str,
  from: str,
  to: str,
  effect: num,
  variants: list(obj({ role: str, model: modelVersionRef, rows: int })),
  kpis: list(
    obj({
      name: str,
      aggregate: str,
      test: str,
      a: side,
      b: side,
      difference: nullableNum,
      ci: obj(
        { low: num, high: num, level: num },
        { nullable: true, description: '95% interval of b − a; null where the data cannot bound it' },
      ),
      p_value: nullableNum,
      effect: { ...nullableNum, description: "the difference min_sample_per_variant is for, in the KPI's unit" },
      min_sample_per_variant: nullableInt,
      enough_data: bool,
    }),
  ),
  performance: list(obj({ metric: str, a: nullableNum, b: nullableNum, labelled: obj({ a: int, b: int }) })),
});

const schema = {
  summary:
    "A/B comparison of a deployment's two variants: each KPI's test, 95% interval, the sample each variant needs, realised performance",
  tags: ['rollouts'],
  params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      effect: {
        type: 'number',
        description:
          'smallest difference worth finding: a rate in points (0.02 = 2 points), a mean as a share of stable (0.02 = 2%); default 0.02',
      },
      from: { type: 'string', maxLength: 40, description: 'ISO 8601 start (default: when the A/B rollout started)' },
      to: { type: 'string', maxLength: 40, description: 'ISO 8601 end (default: now)' },
      a: { type: 'string', maxLength: 200, description: 'MODEL_REF of the baseline, with b, instead of the running A/B rollout' },
      b: { type: 'string', maxLength: 200, description: 'MODEL_REF of the variant compared with a' },
    },
  },
  response: withOk(abAnalysisSchema),
} as const;

export function rolloutAbRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string }; Querystring: { effect?: number; from?: string; to?: string; a?: string; b?: string } }>(
    '/v1/deployments/:name/rollout/ab',
    { config: { access: 'viewer' }, schema },
    async (request) => abAnalysis(ctx, request.params.name, request.query),
  );
}
