import type { Page, Route } from 'playwright-core';
import type { ReviewItem } from '../../web/src/api/review-types.ts';

/**
 * A fake of the review routes of issue #15's contract (`GET /v1/reviews`, `GET /v1/reviews/{id}`,
 * `POST /v1/reviews/{id}/decision`), answered inside the browser (page.route), so the dashboard's
 * review pages are tested on the contract's shapes whatever the server has merged yet. The queue is
 * kept as a real server would: filtered, ordered oldest first or by priority, a decision is final,
 * a label the model does not know is refused; each request the page sent is recorded.
 *
 * `GET /v1/whoami` is answered here only for the tokens given in `roles` (a role the server under
 * test may not know yet, such as `reviewer`); every other request goes on to the real server.
 */

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly token: string;
}

export interface FakeReviewsApi {
  /** Every request the page made to the faked routes, in order. */
  readonly sent: SentRequest[];
  /** The next POST answers this problem instead of deciding. */
  refuseNext(status: number, code: string, detail: string): void;
  /** Someone else decides the item, behind the page's back. */
  decideElsewhere(id: string, label: string | number, by: string): void;
}

/** Five pending items on three deployments (one of a regressor), and one decided; `now` anchors their times. */
function reviewItemsFixture(now: number): ReviewItem[] {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const inputs = (income: number, purpose: string) => ({
    age: 41,
    income,
    employment_type: 'salaried',
    employment_years: 6.5,
    home_ownership: 'rent',
    loan_amount: 9000,
    loan_term_months: 36,
    purpose,
    debt_to_income: 0.41,
    credit_history_months: 120,
    num_open_accounts: 4,
    num_late_payments_2y: 1,
    credit_utilization: 0.52,
  });
  const base = {
    prediction_id: '',
    status: 'pending' as const,
    model: { name: 'credit', version: 1 },
    role: 'stable',
    violations: [],
    decision: null,
  };
  return [
    {
      ...base,
      id: 'rev-a',
      deployment: 'credit',
      prediction_id: '01JPRED0000000000000000A',
      reason: 'max_probability 0.55 < 0.6',
      priority: 0.05,
      created_at: ago(50),
      inputs: inputs(52_000, 'car'),
      output: { label: 1, probabilities: [0.45, 0.55] },
      classes: [0, 1],
      fallback: { kind: 'abstain' },
    },
    {
      ...base,
      id: 'rev-b',
      deployment: 'credit',
      prediction_id: '01JPRED0000000000000000B',
      reason: 'contract_flagged: income',
      priority: 0.01,
      created_at: ago(40),
      inputs: inputs(2_400_000, 'business'),
      output: { label: 0, probabilities: [0.7, 0.3] },
      // Not sent: the page reads the classes from the version's signature.
      classes: null,
      violations: [{ column: 'income', code: 'out_of_range', message: 'income 2400000 is above the maximum 1000000' }],
      fallback: { kind: 'label', value: 0 },
    },
    {
      ...base,
      id: 'rev-c',
      deployment: 'credit-eu',
      prediction_id: '01JPRED0000000000000000C',
      reason: 'probability 0.48 between 0.4 and 0.6',
      priority: 0.2,
      created_at: ago(30),
      role: 'canary',
      model: { name: 'credit', version: 2 },
      inputs: inputs(38_000, 'medical'),
      output: { label: 0, probabilities: [0.52, 0.48] },
      classes: [0, 1],
      fallback: { kind: 'stable' },
    },
    {
      ...base,
      id: 'rev-d',
      deployment: 'price',
      prediction_id: '01JPRED0000000000000000D',
      reason: 'contract_flagged: area',
      priority: 0.5,
      created_at: ago(20),
      model: { name: 'price', version: 3 },
      inputs: { area: -4, rooms: 3 },
      output: { value: 1234.5 },
      classes: null,
      violations: [{ column: 'area', code: 'out_of_range', message: 'area -4 is below the minimum 0' }],
      fallback: { kind: 'abstain' },
    },
    {
      ...base,
      id: 'rev-f',
      deployment: 'credit-eu',
      prediction_id: '01JPRED0000000000000000F',
      reason: 'max_probability 0.58 < 0.6',
      priority: 0.3,
      created_at: ago(10),
      inputs: inputs(61_000, 'education'),
      output: { label: 1, probabilities: [0.42, 0.58] },
      classes: [0, 1],
      fallback: { kind: 'abstain' },
    },
    {
      ...base,
      id: 'rev-e',
      deployment: 'credit',
      prediction_id: '01JPRED0000000000000000E',
      status: 'decided',
      reason: 'max_probability 0.51 < 0.6',
      priority: 0.01,
      created_at: ago(300),
      inputs: inputs(45_000, 'car'),
      output: { label: 1, probabilities: [0.49, 0.51] },
      classes: [0, 1],
      fallback: { kind: 'abstain' },
      decision: { label: 0, note: 'paid back early', decided_by: 'dana', decided_at: ago(200) },
    },
  ];
}

const problem = (route: Route, status: number, code: string, detail: string) =>
  route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ code, detail, title: detail }) });
const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** The classes the server would check a label against: the item's, else those of the example credit model. */
const knownClasses = (item: ReviewItem) => item.classes ?? ('label' in item.output ? [0, 1] : null);

/** Installs the fake; `actors` maps each token the page may use to who the server would record for it. */
export async function installFakeReviewsApi(
  page: Page,
  now: number,
  actors: Readonly<Record<string, { actor: string; role?: string }>>,
): Promise<FakeReviewsApi> {
  const sent: SentRequest[] = [];
  const items = reviewItemsFixture(now);
  let refusal: { status: number; code: string; detail: string } | undefined;
  const tokenOf = (route: Route) => (route.request().headers()['authorization'] ?? '').replace(/^Bearer /, '');
  const decide = (item: ReviewItem, label: string | number, note: string | null, by: string): ReviewItem => {
    const decided: ReviewItem = {
      ...item,
      status: 'decided',
      decision: { label, note, decided_by: by, decided_at: new Date().toISOString() },
    };
    items[items.indexOf(item)] = decided;
    return decided;
  };

  await page.route('**/v1/whoami', (route) => {
    const who = actors[tokenOf(route)];
    return who?.role === undefined ? route.fallback() : json(route, { actor: who.actor, role: who.role });
  });
  await page.route(/\/v1\/reviews(\/|\?|$)/, (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const text = request.postData();
    const body = text === null ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const token = tokenOf(route);
    sent.push({ method: request.method(), path: url.pathname + url.search, body, token });
    const actor = actors[token]?.actor;
    if (actor === undefined) return problem(route, 401, 'unauthorized', 'Unknown token.');
    const [, , , id, action] = url.pathname.split('/');

    if (id === undefined) {
      const deployment = url.searchParams.get('deployment');
      const status = url.searchParams.get('status');
      const order = url.searchParams.get('order') ?? 'oldest';
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const ofDeployment = items.filter((i) => deployment === null || i.deployment === deployment);
      const chosen = ofDeployment
        .filter((i) => status === null || i.status === status)
        .sort((a, b) => (order === 'priority' ? a.priority - b.priority : 0) || Date.parse(a.created_at) - Date.parse(b.created_at))
        .slice(0, limit);
      return json(route, { reviews: chosen, pending: ofDeployment.filter((i) => i.status === 'pending').length });
    }
    const item = items.find((i) => i.id === decodeURIComponent(id));
    if (item === undefined) return problem(route, 404, 'review_not_found', `No review item ${decodeURIComponent(id)}.`);
    if (request.method() === 'GET' && action === undefined) return json(route, item);
    if (request.method() !== 'POST' || action !== 'decision') return problem(route, 404, 'not_found', `No route ${url.pathname}.`);
    if (refusal) {
      const { status, code, detail } = refusal;
      refusal = undefined;
      return problem(route, status, code, detail);
    }
    if (item.decision)
      return problem(route, 409, 'review_already_decided', `Review ${item.id} was decided by ${item.decision.decided_by}.`);
    const label = body?.label;
    const classes = knownClasses(item);
    const valid = classes === null ? typeof label === 'number' && Number.isFinite(label) : classes.some((c) => c === label);
    if (!valid)
      return problem(route, 422, 'unknown_label', `${JSON.stringify(label)} is not a label of ${item.model.name}:${item.model.version}.`);
    return json(route, decide(item, label as string | number, typeof body?.note === 'string' ? body.note : null, actor));
  });

  return {
    sent,
    refuseNext: (status, code, detail) => {
      refusal = { status, code, detail };
    },
    decideElsewhere: (id, label, by) => {
      const item = items.find((i) => i.id === id);
      if (item === undefined) throw new Error(`no fixture item ${id}`);
      decide(item, label, null, by);
    },
  };
}
