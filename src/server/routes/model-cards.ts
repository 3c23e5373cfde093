import type { FastifyInstance } from 'fastify';
import { annotateVersion } from '../../app/model-cards/annotate-version.ts';
import { checkCardFormat, findStoredCard, modelCard, renderCard, storedCardView } from '../../app/model-cards/model-cards.ts';
import { CARD_SCHEMA_VERSION } from '../../core/model-cards/model-card.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { bool, freeObject, int, list, nullableStr, num, obj, str, strings } from '../views/wire-schema.ts';

const tags = ['model cards'];
const nullableNum = { type: ['number', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const numbers = { type: 'object', additionalProperties: num, description: 'metric name → value' } as const;

const versionParams = {
  type: 'object',
  properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
  required: ['name', 'version'],
} as const;

const performanceWindow = obj({
  deployment: str,
  start: str,
  end: str,
  rows: int,
  labelled_rows: int,
  metrics: numbers,
  alerts: { ...strings, description: 'estimated windows: metrics whose estimate left its alert band' },
});

/** The card's JSON form (docs/model-cards.md describes every field and where it comes from). */
const modelCardSchema = obj({
  schema_version: { type: 'string', enum: [CARD_SCHEMA_VERSION] },
  generated_at: str,
  model_details: obj({
    name: str,
    version: int,
    format: str,
    owner: nullableStr,
    description: nullableStr,
    created_at: str,
    created_by: str,
    licenses: { ...strings, description: "the model's license:<id> tags" },
    references: { ...strings, description: "the model's ref:<url> tags" },
    code_ref: nullableStr,
    aliases: strings,
    artifact_sha256: str,
    tags: strings,
  }),
  considerations: obj({
    intended_use: nullableStr,
    intended_use_source: { type: ['string', 'null'], enum: ['version', 'model', null] },
    out_of_scope_uses: strings,
    limitations: list(obj({ text: str, source: { type: 'string', enum: ['entered', 'derived'] } })),
    ethical_considerations: strings,
  }),
  model_parameters: obj({
    input_format: str,
    output: obj({ kind: str, classes: { type: ['array', 'null'], items: { type: ['string', 'number'] } } }),
    inputs: list(obj({ name: str, type: str, sensitive: bool })),
    data: obj({
      train: obj(
        {
          snapshot_sha256: str,
          rows: int,
          columns: list(obj({ name: str, type: str, missing: int })),
          label_column: nullableStr,
          source: str,
          registered_at: str,
          contract: obj({ id: str, name: str, sha256: str, columns: int }, { nullable: true }),
          time_range: obj({ from: str, to: str }, { nullable: true }),
        },
        { nullable: true, description: 'null when the version was registered without training data' },
      ),
    }),
  }),
  quantitative_analysis: obj({
    performance_metrics: list(obj({ type: str, value: num, slice: nullableStr, source: str })),
    test_runs: list(
      obj({
        id: str,
        suite: str,
        passed: bool,
        data_rows: int,
        data_sha256: str,
        created_at: str,
        checks: int,
        failed_checks: strings,
      }),
    ),
    fairness: list(
      obj({
        run_id: str,
        suite: str,
        check: str,
        passed: bool,
        values: { type: 'object', additionalProperties: nullableNum },
        by_group: { ...freeObject, description: 'group → metric → value' },
        message: str,
      }),
    ),
    live_performance: list(performanceWindow),
    estimated_performance: list(performanceWindow),
  }),
  explanations: obj({
    global_importance: { type: ['array', 'null'], items: obj({ feature: str, importance: num, rank: int }) },
    method: nullableStr,
    space: nullableStr,
    sample_rows: nullableInt,
    computed_at: nullableStr,
  }),
  monitoring: obj({
    drift: obj(
      {
        drifted: bool,
        windows: list(
          obj({
            deployment: str,
            start: str,
            end: str,
            rows: int,
            drifted: bool,
            drifted_share: num,
            columns: int,
            drifted_columns: list(obj({ name: str, effect_size: nullableNum, effect_size_name: str, importance_rank: nullableInt })),
          }),
        ),
      },
      { nullable: true },
    ),
    contract_violations: list(obj({ deployment: str, column: str, code: str, count: int, share: nullableNum })),
    range: obj({ from: str, to: str, deployments: strings }),
  }),
  governance: obj({
    approvals: list(
      obj({
        id: str,
        stage: str,
        status: str,
        requested_by: str,
        requested_at: str,
        decided_by: nullableStr,
        decided_at: nullableStr,
        note: nullableStr,
      }),
    ),
    reviews: list(obj({ id: str, approval_id: str, reviewer: str, decision: str, findings: str, at: str })),
    next_review_due: nullableStr,
    review_overdue: bool,
  }),
  missing: list(obj({ section: str, reason: str })),
});

const annotationsSchema = obj({
  model: obj({ name: str, version: int }),
  intended_use: nullableStr,
  out_of_scope: strings,
  limitations: strings,
  updated_by: str,
  updated_at: str,
});

const CONTENT_TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/** Model cards: generated now (`GET …/card`), annotations (`PUT …/annotations`), copies stored at approvals. */
export function modelCardRoutes(app: FastifyInstance, { ctx, monitoring, estimatePerformance }: ServerDeps): void {
  app.get<{ Params: { name: string; version: string }; Querystring: { format?: string } }>(
    '/v1/models/:name/versions/:version/card',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's model card, generated now from its records (format=json, md or html)",
        tags,
        params: versionParams,
        querystring: { type: 'object', properties: { format: { type: 'string' } } },
        response: withOk(modelCardSchema),
      },
    },
    async (request, reply) => {
      const format = checkCardFormat(request.query.format);
      const card = await modelCard(ctx, `${request.params.name}:${request.params.version}`, {
        baseWindowMs: monitoring?.windowMs,
        estimate: estimatePerformance,
      });
      if (format === 'json') return card;
      return reply.type(CONTENT_TYPES[format]).send(renderCard(card, format));
    },
  );

  app.put<{ Params: { name: string; version: string }; Body: { intended_use?: unknown; out_of_scope?: unknown; limitations?: unknown } }>(
    '/v1/models/:name/versions/:version/annotations',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          "Set what a version's card states: intended use, out-of-scope uses, limitations (fields given replace; audited version.annotate)",
        tags,
        params: versionParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            intended_use: { description: 'a text, or null to clear it' },
            out_of_scope: { description: 'texts; replaces the stated out-of-scope uses' },
            limitations: { description: 'texts; replaces the stated limitations' },
          },
        },
        response: withOk(annotationsSchema),
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const asList = (value: unknown) => (value === undefined ? undefined : { items: value as unknown[], replace: true });
      const result = await annotateVersion(actingAs(ctx, request), {
        ref: `${request.params.name}:${request.params.version}`,
        intendedUse: body.intended_use,
        outOfScope: asList(body.out_of_scope),
        limitations: asList(body.limitations),
      });
      const a = result.annotations;
      return {
        model: { name: result.model, version: result.version },
        intended_use: a.intendedUse,
        out_of_scope: a.outOfScope,
        limitations: a.limitations,
        updated_by: a.updatedBy,
        updated_at: a.updatedAt,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/model-cards/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A model card stored as it stood when an approval was decided (an approval’s card_id)',
        tags,
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        response: withOk(
          obj({
            id: str,
            version_id: str,
            approval_id: nullableStr,
            sha256: { ...str, description: 'SHA-256 of the card’s canonical JSON' },
            created_by: str,
            created_at: str,
            card: modelCardSchema,
          }),
        ),
      },
    },
    async (request) => storedCardView(await findStoredCard(ctx, request.params.id)),
  );
}
