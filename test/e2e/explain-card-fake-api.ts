import type { Page, Route } from 'playwright-core';
import type { ExplainAnswer, VersionImportance } from '../../web/src/explain/explain-types.ts';
import type { ModelCard } from '../../web/src/model-cards/card-types.ts';
import type { PredictionOutput } from '../../web/src/api/types.ts';

/**
 * A fake of issue #17's explanation and model-card routes, answered inside the browser (page.route),
 * in the contract's wire shapes: `POST /v1/deployments/{name}/explain` with `{"prediction_id"}` (part C),
 * `GET /v1/models/{name}/versions/{v}/card` (part E) and `GET …/importance` (part G). Those routes are
 * built by other parts at the same time, so the dashboard is tested on the shapes whatever has been
 * merged; the lead switches these tests to the real routes after the merge. Everything else (the
 * version, the prediction, its inputs) is the real server's. The fake records each request it answered.
 *
 * Its explanations are hand-made, not computed: contributions that add up from the base value to the
 * output (as every explainer's must), one feature dominant, so the page's arithmetic and order can be
 * checked.
 */

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A logged prediction the fake may explain: its deployment, version and inputs as the real server logged them. */
export interface LoggedPrediction {
  readonly id: string;
  readonly deployment: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: PredictionOutput;
}

export interface FakeExplainCardApi {
  readonly sent: SentRequest[];
  /** From now on, answer explanations as if the method asked for could not be used, saying why. */
  fallBack(message: string): void;
}

const problem = (route: Route, status: number, code: string, detail: string) =>
  route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ code, detail, title: detail }) });
const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** Contributions for the inputs in order: the first (`dominant`) large and positive, the rest small and alternating in sign. */
function fakeContributions(features: readonly string[], dominant: string): Record<string, number> {
  const rest = features.filter((f) => f !== dominant);
  return Object.fromEntries([
    [dominant, 1.25],
    ...rest.map((feature, i) => [feature, Number(((i % 2 === 0 ? -1 : 1) * (0.6 / (i + 1))).toFixed(4))]),
  ]);
}

const BASE_VALUE = -1.1;

export function fakeExplanation(prediction: LoggedPrediction, dominant: string, fallback: string | null = null): ExplainAnswer {
  const contributions = fakeContributions(Object.keys(prediction.inputs), dominant);
  const output = BASE_VALUE + Object.values(contributions).reduce((sum, c) => sum + c, 0);
  return {
    model: prediction.model,
    deployment: prediction.deployment,
    method: fallback === null ? 'tree_shap' : 'kernel_shap',
    space: 'margin',
    fallback,
    explanations: [
      {
        base_value: BASE_VALUE,
        contributions,
        output,
        prediction: prediction.output,
        reasons: [
          `a ${dominant.replace(/_/g, ' ')} of ${String(prediction.inputs[dominant])} raised the risk most`,
          'the other factors moved it little',
        ],
        method: fallback === null ? 'tree_shap' : 'kernel_shap',
        space: 'margin',
      },
    ],
  };
}

export function fakeImportance(name: string, version: number, features: readonly string[]): VersionImportance {
  return {
    model: name,
    version,
    method: 'tree_shap',
    space: 'margin',
    sample_rows: 200,
    seed: 17,
    computed_at: '2026-12-01T09:30:00.000Z',
    features: features.map((feature, i) => ({ feature, importance: Number((0.9 / (i + 1)).toFixed(4)), rank: i + 1 })),
  };
}

/** A card as part E's contract describes it, with three gaps the page must name. */
export function fakeCard(name: string, version: number, features: readonly string[], snapshotSha256: string): ModelCard {
  return {
    schema_version: 'ballast.card/v1',
    generated_at: '2026-12-07T12:00:00.000Z',
    model_details: {
      name,
      version,
      format: 'xgboost',
      owner: 'credit-risk team',
      description: 'Probability that a personal loan defaults within a year.',
      created_at: '2026-12-01T09:00:00.000Z',
      created_by: 'ana',
      licenses: ['Apache-2.0'],
      references: ['https://example.org/credit-model'],
      code_ref: '9c1e5a7',
      aliases: ['champion'],
    },
    considerations: {
      intended_use: null,
      out_of_scope_uses: ['business loans', 'applicants under 18'],
      limitations: [
        { text: 'Trained on 2024 applications only.', source: 'entered' },
        { text: 'Accuracy on purpose=education is below the suite margin (0.71 vs 0.78).', source: 'derived' },
      ],
      ethical_considerations: [],
    },
    model_parameters: {
      input_format: 'tabular',
      output: { kind: 'binary', classes: [0, 1] },
      inputs: features.map((feature) => ({ name: feature, type: 'number', sensitive: feature === 'age' })),
      data: {
        train: {
          snapshot_sha256: snapshotSha256,
          rows: 8000,
          columns: features.length + 1,
          label_column: 'default',
          source: 'examples/credit/train.csv',
          contract: { name: 'credit', sha256: snapshotSha256, rules: 12 },
          time_range: null,
        },
      },
    },
    quantitative_analysis: {
      performance_metrics: [
        { type: 'auc', value: 0.8235, slice: null, source: 'registration' },
        { type: 'accuracy', value: 0.781, slice: 'purpose=education', source: 'test run 01JRUN' },
      ],
      test_runs: [
        { id: '01JRUN', suite: 'credit-release', passed: false, checks: 9, failed: ['stable-under-noise'], at: '2026-12-02T10:00:00.000Z' },
      ],
      fairness: [{ check: 'fair-by-sex', metric: 'demographic_parity_difference', value: 0.041, passed: true }],
      live_performance: [],
      estimated_performance: [{ window: '2026-12-06', metric: 'accuracy', estimate: 0.774, rows: 1200 }],
    },
    explanations: {
      global_importance: fakeImportance(name, version, features).features,
      method: 'tree_shap',
    },
    monitoring: { drift: null, contract_violations: [{ column: 'age', code: 'out_of_range', count: 14 }] },
    governance: {
      approvals: [{ id: 'ap-1', stage: 'production', status: 'approved', requested_by: 'ana', decided_by: 'bo', card_id: 'card-1' }],
      reviews: [],
      next_review_due: '2027-03-01T00:00:00.000Z',
    },
    missing: [
      { section: 'considerations.intended_use', reason: 'no intended use was entered (ballast models annotate --intended-use)' },
      { section: 'quantitative_analysis.live_performance', reason: 'no labelled predictions yet' },
      { section: 'monitoring.drift', reason: 'no deployment has closed a compared window for this version' },
    ],
  };
}

/**
 * Installs the fake. `predictions` are the logged predictions it may explain (by id); `cards` and
 * `importance` hold what it answers for each `name:version`, anything else 404 as the real routes would.
 */
export async function installFakeExplainCardApi(
  page: Page,
  options: {
    readonly predictions: readonly LoggedPrediction[];
    readonly dominant: string;
    readonly cards: Readonly<Record<string, ModelCard>>;
    readonly importance: Readonly<Record<string, VersionImportance>>;
  },
): Promise<FakeExplainCardApi> {
  const sent: SentRequest[] = [];
  let fallback: string | null = null;
  const record = (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const text = request.postData();
    const body = text === null ? undefined : (JSON.parse(text) as unknown);
    sent.push({ method: request.method(), path: url.pathname + url.search, body });
    return { request, url, body: (body ?? {}) as Record<string, unknown> };
  };

  await page.route(/\/v1\/deployments\/[^/]+\/explain$/, (route) => {
    const { request, url, body } = record(route);
    if (request.method() !== 'POST') return problem(route, 404, 'route_not_found', 'No route.');
    const deployment = decodeURIComponent(url.pathname.split('/')[3]!);
    const prediction = options.predictions.find((p) => p.id === body['prediction_id']);
    if (prediction === undefined || prediction.deployment !== deployment)
      return problem(route, 404, 'prediction_not_found', `No prediction ${String(body['prediction_id'])} of ${deployment}.`);
    return json(route, fakeExplanation(prediction, options.dominant, fallback));
  });
  await page.route(/\/v1\/models\/[^/]+\/versions\/\d+\/(card|importance)(\?|$)/, (route) => {
    const { url } = record(route);
    const [, , , name, , version, leaf] = url.pathname.split('/');
    const key = `${decodeURIComponent(name!)}:${version}`;
    if (leaf === 'card') {
      const card = options.cards[key];
      return card ? json(route, card) : problem(route, 404, 'card_not_found', `No card for ${key}.`);
    }
    const importance = options.importance[key];
    return importance ? json(route, importance) : problem(route, 404, 'importance_not_found', `${key} has no global importance.`);
  });
  return {
    sent,
    fallBack: (message) => {
      fallback = message;
    },
  };
}

/**
 * Adds `importance_rank` to each column of the real monitoring answer of a deployment, as part G's
 * monitoring API will (on the drift report's columns and the quality columns; null for a column without
 * one). The windows themselves are the real server's. Returns a function that removes it again.
 */
export async function addImportanceRanks(
  page: Page,
  deployment: string,
  ranks: Readonly<Record<string, number>>,
): Promise<() => Promise<void>> {
  const pattern = new RegExp(`/v1/deployments/${encodeURIComponent(deployment)}/monitoring(\\?|$)`);
  const rank = <T extends { name: string }>(column: T) => ({ ...column, importance_rank: ranks[column.name] ?? null });
  const handler = async (route: Route) => {
    const response = await route.fetch();
    const body = (await response.json()) as {
      windows: { drift: { columns: { name: string }[] } | null; quality: { columns: { name: string }[] } }[];
    };
    const windows = body.windows.map((w) => ({
      ...w,
      drift: w.drift === null ? null : { ...w.drift, columns: w.drift.columns.map(rank) },
      quality: { ...w.quality, columns: w.quality.columns.map(rank) },
    }));
    return route.fulfill({ response, json: { ...body, windows } });
  };
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}
