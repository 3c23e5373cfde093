import type { Page, Route } from 'playwright-core';
import type {
  AbAnalysis,
  ActiveRollout,
  ModelRef,
  RolloutHistoryEntry,
  RolloutStatus,
  RolloutVerb,
  ShadowReport,
} from '../../web/src/api/rollout-types.ts';

/**
 * A fake of the rollout routes of issue #15's contract (status, verbs, A/B comparison, shadow
 * report), answered inside the browser (page.route), so the rollout page is tested on the contract's
 * shapes whatever the server has merged yet. A verb changes the state as the control plane would
 * (pause keeps the weight, abort ends the rollout with its reason in the history), and every request
 * the page sent is recorded for the test to check.
 *
 * Deployments: `credit` runs a canary at its second step (25%) with two gate analyses and a shadow;
 * `credit-ab` an A/B test; `credit-bg` a blue/green rollout after its switch; `credit-eu` nothing.
 */

const v = (name: string, version: number): ModelRef => ({ name, version });

function canary(now: number): ActiveRollout {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  return {
    id: 'r-canary',
    strategy: 'canary',
    status: 'progressing',
    candidate: v('credit', 2),
    steps: [10, 25, 50, 100],
    step_index: 1,
    weight: 25,
    step_started_at: ago(4),
    step_duration_ms: 600_000,
    step_ends_at: new Date(now + 6 * 60_000).toISOString(),
    sticky_key: { kind: 'field', name: 'applicant_id' },
    gate_rules: ['credit-auc-floor'],
    keep_previous_ms: 0,
    switched_at: null,
    previous: null,
    started_at: ago(14),
    started_by: 'dana',
  };
}

export function rolloutFixtures(now: number): Map<string, RolloutStatus> {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const earlier: RolloutHistoryEntry = {
    id: 'r-old',
    strategy: 'canary',
    candidate: v('credit', 2),
    stable: v('credit', 1),
    outcome: 'aborted',
    reason: 'gate failed: drift.output 0.31 > 0.2',
    started_at: ago(300),
    started_by: 'dana',
    ended_at: ago(280),
    ended_by: 'rollout-controller',
  };
  const running = (rollout: ActiveRollout, stable: ModelRef): RolloutHistoryEntry => ({
    id: rollout.id,
    strategy: rollout.strategy,
    candidate: rollout.candidate,
    stable,
    outcome: null,
    reason: null,
    started_at: rollout.started_at,
    started_by: rollout.started_by,
    ended_at: null,
    ended_by: null,
  });
  const credit = canary(now);
  const ab: ActiveRollout = { ...credit, id: 'r-ab', strategy: 'ab', steps: [50], step_index: 0, weight: 50, gate_rules: [] };
  const bg: ActiveRollout = {
    ...credit,
    id: 'r-bg',
    strategy: 'blue-green',
    status: 'switched',
    steps: [],
    step_index: 0,
    weight: 0,
    keep_previous_ms: 1_800_000,
    switched_at: ago(3),
    previous: v('credit', 1),
    gate_rules: [],
  };
  return new Map<string, RolloutStatus>([
    [
      'credit',
      {
        deployment: 'credit',
        revision: 7,
        stable: v('credit', 1),
        rollout: credit,
        analyses: [
          {
            id: 'a-2',
            rollout_id: 'r-canary',
            step_index: 0,
            weight: 10,
            at: ago(4),
            window: { start: ago(14), end: ago(4) },
            verdict: 'pass',
            checks: [
              {
                name: 'errors',
                signal: 'errors.rate',
                candidate: 0.001,
                stable: 0.002,
                threshold: 0.01,
                verdict: 'pass',
                reason: 'within 0.01 of stable',
              },
              {
                name: 'drift',
                signal: 'drift.output',
                candidate: 0.04,
                stable: null,
                threshold: 0.2,
                verdict: 'pass',
                reason: 'effect size below its threshold',
              },
            ],
          },
          {
            id: 'a-1',
            rollout_id: 'r-canary',
            step_index: 0,
            weight: 10,
            at: ago(5),
            window: { start: ago(14), end: ago(5) },
            verdict: 'inconclusive',
            checks: [
              {
                name: 'latency',
                signal: 'latency.p99',
                candidate: null,
                stable: 12.5,
                threshold: null,
                verdict: 'inconclusive',
                reason: 'too few rows on the candidate (12 < 50)',
              },
            ],
          },
          // An analysis of the earlier rollout: not this one's.
          {
            id: 'a-0',
            rollout_id: 'r-old',
            step_index: 0,
            weight: 10,
            at: ago(280),
            window: { start: ago(290), end: ago(280) },
            verdict: 'fail',
            checks: [],
          },
        ],
        history: [earlier, running(credit, v('credit', 1))],
      },
    ],
    [
      'credit-ab',
      { deployment: 'credit-ab', revision: 3, stable: v('credit', 1), rollout: ab, analyses: [], history: [running(ab, v('credit', 1))] },
    ],
    [
      'credit-bg',
      { deployment: 'credit-bg', revision: 4, stable: v('credit', 2), rollout: bg, analyses: [], history: [running(bg, v('credit', 1))] },
    ],
    ['credit-eu', { deployment: 'credit-eu', revision: 1, stable: v('credit', 2), rollout: null, analyses: [], history: [] }],
  ]);
}

export function abFixture(now: number): AbAnalysis {
  return {
    deployment: 'credit-ab',
    from: new Date(now - 14 * 60_000).toISOString(),
    to: new Date(now).toISOString(),
    effect: 0.02,
    variants: [
      { role: 'stable', model: v('credit', 1), rows: 5000 },
      { role: 'variant', model: v('credit', 2), rows: 4800 },
    ],
    kpis: [
      {
        name: 'conversion_rate',
        aggregate: 'rate',
        test: 'two_proportion_z',
        a: { value: 0.12, count: 5000 },
        b: { value: 0.14, count: 4800 },
        difference: 0.02,
        ci: { low: 0.006677, high: 0.033322, level: 0.95 },
        p_value: 0.00312,
        effect: 0.02,
        min_sample_per_variant: 4433,
        enough_data: true,
      },
      {
        name: 'basket',
        aggregate: 'mean',
        test: 'welch_t',
        a: { value: 41.2, count: 600 },
        b: { value: 43.9, count: 672 },
        difference: 2.7,
        ci: { low: -0.41, high: 5.81, level: 0.95 },
        p_value: 0.0887,
        effect: 0.824,
        min_sample_per_variant: 3921,
        enough_data: false,
      },
    ],
    performance: [{ metric: 'accuracy', a: 0.81, b: 0.835, labelled: { a: 300, b: 280 } }],
  };
}

export function shadowFixture(now: number): ShadowReport {
  return {
    deployment: 'credit',
    primary: v('credit', 1),
    shadow: v('credit', 3),
    from: new Date(now - 3_600_000).toISOString(),
    to: new Date(now).toISOString(),
    rows: 12_000,
    dropped: 15,
    failed: 2,
    agreement_rate: 0.975,
    label_flip_rate: 0.025,
    score_difference: {
      mean: 0.004,
      p50: 0.002,
      p90: 0.03,
      p99: 0.11,
      max_abs: 0.42,
      histogram: { edges: [-0.5, 0, 0.5], counts: [5000, 7000] },
    },
    latency: { primary: { p50_ms: 1.2, p99_ms: 4.8 }, shadow: { p50_ms: 1.4, p99_ms: 6.1 } },
    slices: [
      { column: 'purpose', slice: 'education', rows: 400, agreement_rate: 0.9, label_flip_rate: 0.1, mean_abs_score_difference: 0.06 },
      { column: 'age', slice: '[18, 29)', rows: 3000, agreement_rate: 0.96, label_flip_rate: 0.04, mean_abs_score_difference: 0.03 },
    ],
    performance: { labelled_rows: 0, primary: {}, shadow: {} },
  };
}

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorized: boolean;
}

export interface FakeRolloutsApi {
  /** Every request the page made to the faked routes, in order. */
  readonly sent: SentRequest[];
  /** The next verb answers this problem instead of acting. */
  refuseNext(status: number, code: string, detail: string): void;
}

const problem = (route: Route, status: number, code: string, detail: string) =>
  route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ code, detail, title: detail }) });
const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** Installs the fake on the page; `actor` is who the server would record for the signed-in token. */
export async function installFakeRolloutsApi(page: Page, now: number, actor: string): Promise<FakeRolloutsApi> {
  const sent: SentRequest[] = [];
  const states = rolloutFixtures(now);
  let refusal: { status: number; code: string; detail: string } | undefined;

  await page.route(/\/v1\/deployments\/[^/]+\/(rollout(\/[a-z]+)?|shadow\/report)(\?.*)?$/, (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const text = request.postData();
    const body = text === null ? undefined : (JSON.parse(text) as { reason?: string });
    sent.push({
      method: request.method(),
      path: url.pathname + url.search,
      body,
      authorized: /^Bearer .+/.test(request.headers()['authorization'] ?? ''),
    });
    const [, , , encoded, kind, verb] = url.pathname.split('/');
    const name = decodeURIComponent(encoded!);
    const state = states.get(name);
    if (state === undefined) return problem(route, 404, 'deployment_not_found', `No deployment named "${name}".`);
    if (kind === 'shadow')
      return name === 'credit' ? json(route, shadowFixture(now)) : problem(route, 404, 'shadow_not_found', `${name} has no shadow.`);
    if (verb === undefined) return json(route, state);
    if (verb === 'ab')
      return name === 'credit-ab' ? json(route, abFixture(now)) : problem(route, 400, 'invalid_argument', 'No A/B rollout.');
    if (refusal) {
      const { status, code, detail } = refusal;
      refusal = undefined;
      return problem(route, status, code, detail);
    }
    const next = act(state, verb as RolloutVerb, body?.reason ?? null, actor);
    if (next === undefined)
      return problem(route, 409, 'rollout_state_conflict', `Cannot ${verb} a rollout that is ${state.rollout?.status}.`);
    states.set(name, next);
    return json(route, next);
  });

  return {
    sent,
    refuseNext: (status, code, detail) => {
      refusal = { status, code, detail };
    },
  };
}

/** What the control plane does with a verb (B's rules), or undefined when it does not fit. */
function act(state: RolloutStatus, verb: RolloutVerb, reason: string | null, actor: string): RolloutStatus | undefined {
  const rollout = state.rollout;
  if (rollout === null) return undefined;
  const at = new Date().toISOString();
  const end = (outcome: 'promoted' | 'aborted' | 'rolled_back', stable: ModelRef): RolloutStatus => ({
    ...state,
    revision: state.revision + 1,
    stable,
    rollout: null,
    history: state.history.map((h) => (h.id === rollout.id ? { ...h, outcome, reason, ended_at: at, ended_by: actor } : h)),
  });
  const moved = (changes: Partial<ActiveRollout>): RolloutStatus => ({
    ...state,
    revision: state.revision + 1,
    rollout: { ...rollout, ...changes },
  });
  switch (verb) {
    case 'pause':
      return rollout.status === 'progressing' ? moved({ status: 'paused' }) : undefined;
    case 'resume':
      return rollout.status === 'paused' ? moved({ status: 'progressing' }) : undefined;
    case 'promote':
      return end('promoted', rollout.candidate);
    case 'abort':
      return end('aborted', state.stable);
    case 'switch':
      return rollout.status === 'ready'
        ? { ...moved({ status: 'switched', switched_at: at, previous: state.stable }), stable: rollout.candidate }
        : undefined;
    case 'rollback':
      return rollout.status === 'switched' && rollout.previous ? end('rolled_back', rollout.previous) : undefined;
  }
}
