import type { Page, Route } from 'playwright-core';
import type { Approval, ModelPolicy } from '../../web/src/api/governance-types.ts';

/**
 * A fake of the approval and policy routes of issue #16's contract (`GET /v1/approvals`,
 * `POST /v1/approvals/{id}/approve|reject`, `GET /v1/models/{name}/policy`), answered inside the
 * browser (page.route): those routes are built by another part of the issue, so the dashboard is tested
 * on the contract's shapes whatever the server has merged yet. It keeps the contract's rules (four
 * eyes: the requester may not decide, `self_approval`; a decision is final, `approval_already_decided`)
 * and records each request the page sent. The periodic-review routes are the real server's.
 */

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly token: string;
}

export interface FakeGovernanceApi {
  readonly sent: SentRequest[];
  /** Someone else decides the approval, behind the page's back. */
  decideElsewhere(id: string, by: string): void;
}

function approvalsFixture(now: number): Approval[] {
  const ago = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
  const base = {
    stage: 'production' as const,
    status: 'pending' as const,
    request_note: null,
    review_every_days: 90,
    decision: null,
  };
  return [
    {
      ...base,
      id: 'ap-4',
      model: { name: 'credit', version: 1 },
      stage: 'staging',
      requested_by: 'ana',
      requested_at: ago(0.5),
      test_runs: [],
    },
    {
      ...base,
      id: 'ap-3',
      model: { name: 'credit', version: 2 },
      requested_by: 'ana',
      requested_at: ago(1),
      request_note: 'holdout suite passes; fairness within bounds',
      test_runs: [
        { id: 'run-1', suite: 'release', passed: true },
        { id: 'run-2', suite: 'fairness', passed: true },
      ],
    },
    {
      ...base,
      id: 'ap-2',
      model: { name: 'credit', version: 2 },
      stage: 'staging',
      requested_by: 'bo',
      requested_at: ago(2),
      test_runs: [],
    },
    {
      ...base,
      id: 'ap-1',
      model: { name: 'credit', version: 1 },
      status: 'approved',
      requested_by: 'ana',
      requested_at: ago(2400),
      test_runs: [{ id: 'run-0', suite: 'release', passed: true }],
      decision: { status: 'approved', decided_by: 'bo', decided_at: ago(2399), note: 'first release' },
    },
  ];
}

const POLICY: ModelPolicy = {
  require_suites: ['release'],
  require_approval: true,
  updated_by: 'ana',
  updated_at: '2026-06-01T00:00:00.000Z',
};

const problem = (route: Route, status: number, code: string, detail: string) =>
  route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ code, detail, title: detail }) });
const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** Installs the fake; `actors` maps each token the page may use to who the server would record, and whether they may approve. */
export async function installFakeGovernanceApi(
  page: Page,
  now: number,
  actors: Readonly<Record<string, { actor: string; approver: boolean }>>,
): Promise<FakeGovernanceApi> {
  const sent: SentRequest[] = [];
  const approvals = approvalsFixture(now);
  const tokenOf = (route: Route) => (route.request().headers()['authorization'] ?? '').replace(/^Bearer /, '');
  const decide = (approval: Approval, status: 'approved' | 'rejected', by: string, note: string | null): Approval => {
    const decided: Approval = { ...approval, status, decision: { status, decided_by: by, decided_at: new Date().toISOString(), note } };
    approvals[approvals.indexOf(approval)] = decided;
    return decided;
  };
  const record = (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const text = request.postData();
    sent.push({
      method: request.method(),
      path: url.pathname + url.search,
      body: text === null ? undefined : JSON.parse(text),
      token: tokenOf(route),
    });
    return { request, url, body: text === null ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };

  await page.route(/\/v1\/models\/[^/]+\/policy$/, (route) => {
    record(route);
    return route.request().url().includes('/v1/models/credit/')
      ? json(route, POLICY)
      : problem(route, 404, 'model_not_found', 'No such model.');
  });
  await page.route(/\/v1\/approvals(\/|\?|$)/, (route) => {
    const { request, url, body } = record(route);
    const who = actors[tokenOf(route)];
    if (who === undefined) return problem(route, 401, 'unauthorized', 'Unknown token.');
    const [, , , id, verdict] = url.pathname.split('/');
    if (id === undefined) {
      const status = url.searchParams.get('status');
      const model = url.searchParams.get('model');
      return json(route, {
        approvals: approvals.filter((a) => (status === null || a.status === status) && (model === null || a.model.name === model)),
      });
    }
    const approval = approvals.find((a) => a.id === decodeURIComponent(id));
    if (approval === undefined) return problem(route, 404, 'approval_not_found', `No approval ${decodeURIComponent(id)}.`);
    if (request.method() !== 'POST' || (verdict !== 'approve' && verdict !== 'reject'))
      return problem(route, 404, 'route_not_found', 'No route.');
    if (!who.approver) return problem(route, 403, 'forbidden', 'this needs the approver role');
    if (approval.requested_by === who.actor)
      return problem(route, 403, 'self_approval', `${who.actor} requested ${approval.id} and may not decide it.`);
    if (approval.decision)
      return problem(
        route,
        409,
        'approval_already_decided',
        `Approval ${approval.id} was already ${approval.status} by ${approval.decision.decided_by}.`,
      );
    return json(
      route,
      decide(approval, verdict === 'approve' ? 'approved' : 'rejected', who.actor, typeof body.note === 'string' ? body.note : null),
    );
  });

  return {
    sent,
    decideElsewhere: (id, by) => {
      const approval = approvals.find((a) => a.id === id);
      if (approval === undefined) throw new Error(`no fixture approval ${id}`);
      decide(approval, 'approved', by, null);
    },
  };
}
