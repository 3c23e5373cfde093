import type { Page, Route } from 'playwright-core';
import type {
  AlertRules,
  AlertSilence,
  Incident,
  IncidentDetail,
  IncidentStatus,
  RollbackAttempt,
  TimelineEntry,
} from '../../web/src/api/alert-types.ts';

/**
 * A fake of the alerting and incident routes of issue #14's contract, answered inside the browser
 * (page.route), so the dashboard's pages are tested on the contract's shapes whatever the server
 * has merged yet. The incidents are kept as a real server would: an action changes the status and
 * adds to the timeline, and each request the page sent is recorded for the test to check.
 */

/** Secrets the receivers' URLs hold: none of them may reach the screen. */
export const RECEIVER_SECRETS = ['s3cr3t-token', 'hunter2', 'services/T000', 'alertmanager.internal', 'hooks.example.com'];

export function alertRulesFixture(now: number): AlertRules {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  return {
    rules: [
      {
        name: 'credit-auc',
        deployment: 'credit',
        signal: 'performance.estimated.roc_auc',
        window_ms: 3_600_000,
        above: null,
        below: 0.8,
        for_ms: 0,
        keep_firing_for_ms: 0,
        severity: 'info',
        notify: [],
        on_no_data: 'ok',
        description: null,
        rollback: null,
        state: { state: 'inactive', since: ago(90), value: null, no_data: true, evaluated_at: ago(1), model: null },
      },
      {
        name: 'credit-drift',
        deployment: 'credit',
        signal: 'drift.share',
        window_ms: 300_000,
        above: 0.3,
        below: null,
        for_ms: 0,
        keep_firing_for_ms: 60_000,
        severity: 'page',
        notify: ['team'],
        on_no_data: 'ok',
        description: 'More than 30% of the inputs drifted',
        rollback: { to: 'previous', dry_run: false, cooldown_ms: 3_600_000 },
        state: {
          state: 'firing',
          since: ago(40),
          value: 0.4213,
          no_data: false,
          evaluated_at: ago(1),
          model: { name: 'credit', version: 2 },
        },
      },
      {
        name: 'credit-latency',
        deployment: 'credit',
        signal: 'latency.p99',
        window_ms: 60_000,
        above: 250,
        below: null,
        for_ms: 300_000,
        keep_firing_for_ms: 0,
        severity: 'ticket',
        notify: ['am'],
        on_no_data: 'firing',
        description: null,
        rollback: null,
        state: {
          state: 'pending',
          since: ago(2),
          value: 310.5,
          no_data: false,
          evaluated_at: ago(1),
          model: { name: 'credit', version: 2 },
        },
      },
    ],
    receivers: [
      { name: 'team', kind: 'slack', url: 'https://hooks.example.com/services/T000/B000/s3cr3t-token?key=hunter2', allow_private: false },
      { name: 'am', kind: 'alertmanager', url: 'http://alertmanager.internal:9093/', allow_private: true },
    ],
  };
}

export function silencesFixture(now: number): AlertSilence[] {
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  return [
    {
      id: 's-old',
      rule: 'credit-auc',
      reason: 'reference being rebuilt',
      created_by: 'dana',
      starts_at: at(-600),
      ends_at: at(-480),
      active: false,
    },
    {
      id: 's-now',
      rule: 'credit-latency',
      reason: 'load test until noon',
      created_by: 'sam',
      starts_at: at(-30),
      ends_at: at(90),
      active: true,
    },
  ];
}

function incidentsFixture(now: number): IncidentDetail[] {
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const entry = (
    minutes: number,
    kind: string,
    summary: string,
    details: Record<string, unknown> = {},
    actor: string | null = null,
  ): TimelineEntry => ({
    at: ago(minutes),
    kind,
    actor,
    summary,
    details,
  });
  return [
    {
      id: 'inc-2',
      deployment: 'credit',
      title: 'credit-drift firing on credit',
      severity: 'page',
      status: 'open',
      commander: null,
      opened_at: ago(40),
      acknowledged_at: null,
      mitigated_at: null,
      resolved_at: null,
      rules: ['credit-drift'],
      // Not in time order: the page orders it.
      timeline: [
        entry(40, 'alert_firing', 'credit-drift fired: drift.share 0.4213 > 0.3', { signal: 'drift.share', value: 0.4213, threshold: 0.3 }),
        entry(39, 'page', 'paged the on-call (team)', {
          receiver: 'team',
          url: 'https://hooks.example.com/services/T000/B000/s3cr3t-token',
        }),
        entry(55, 'deploy', 'credit:2 deployed', { from: 'credit:1', to: 'credit:2' }, 'ops'),
        entry(38, 'rollback', 'rolled back from credit:2 to credit:1', { from: 'credit:2', to: 'credit:1' }, 'alert:credit-drift'),
      ],
      postmortem: null,
    },
    {
      id: 'inc-1',
      deployment: 'churn',
      title: 'churn-latency firing on churn',
      severity: 'page',
      status: 'resolved',
      commander: 'dana',
      opened_at: ago(3000),
      acknowledged_at: ago(2995),
      mitigated_at: ago(2980),
      resolved_at: ago(2900),
      rules: ['churn-latency'],
      timeline: [entry(3000, 'alert_firing', 'churn-latency fired')],
      postmortem: {
        format: 'md',
        text: '# Postmortem: churn-latency\n\n## Summary\n\nSlow feature store.',
        reviewed: true,
        updated_at: ago(2000),
      },
    },
  ];
}

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorized: boolean;
}

export interface FakeAlertsApi {
  /** Every request the page made to the faked routes, in order. */
  readonly sent: SentRequest[];
  /** Replace what GET /v1/alerts/rules and /v1/alerts/silences answer (an Error status answers a problem). */
  setRules(rules: AlertRules | number): void;
  setSilences(silences: AlertSilence[] | number): void;
  /** What GET /v1/deployments/{name}/rollbacks answers; undefined passes it on to the server. */
  setRollbacks(rollbacks: RollbackAttempt[] | undefined): void;
  /** The next POST answers this problem instead of acting. */
  refuseNext(status: number, code: string, detail: string): void;
}

function summaryOf(incident: IncidentDetail): Incident {
  const { timeline: _timeline, postmortem: _postmortem, ...rest } = incident;
  return rest;
}

const problem = (route: Route, status: number, code: string, detail: string) =>
  route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ code, detail, title: detail }) });
const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/** Installs the fake on the page; `actor` is who the server would record for the signed-in token. */
export async function installFakeAlertsApi(page: Page, now: number, actor: string): Promise<FakeAlertsApi> {
  const sent: SentRequest[] = [];
  let rules: AlertRules | number = alertRulesFixture(now);
  let silences: AlertSilence[] | number = silencesFixture(now);
  let rollbacks: RollbackAttempt[] | undefined;
  let refusal: { status: number; code: string; detail: string } | undefined;
  const incidents = incidentsFixture(now);

  const record = (route: Route): { method: string; path: string; search: URLSearchParams; body: Record<string, unknown> } => {
    const request = route.request();
    const url = new URL(request.url());
    const text = request.postData();
    const body = text === null ? undefined : (JSON.parse(text) as Record<string, unknown>);
    sent.push({
      method: request.method(),
      path: url.pathname + url.search,
      body,
      authorized: /^Bearer .+/.test(request.headers()['authorization'] ?? ''),
    });
    return { method: request.method(), path: url.pathname, search: url.searchParams, body: body ?? {} };
  };

  await page.route('**/v1/alerts/rules', (route) => {
    record(route);
    return typeof rules === 'number' ? problem(route, rules, 'internal', 'rules failed') : json(route, rules);
  });
  await page.route('**/v1/alerts/silences', (route) => {
    record(route);
    return typeof silences === 'number'
      ? problem(route, silences, 'internal', 'The silences could not be read.')
      : json(route, { silences });
  });
  await page.route('**/v1/deployments/*/rollbacks', (route) => {
    if (rollbacks === undefined) return route.fallback();
    record(route);
    return json(route, { rollbacks });
  });
  await page.route(/\/v1\/incidents(\/|\?|$)/, (route) => {
    const { method, path, search, body } = record(route);
    const [, , , id, action] = path.split('/');
    if (id === undefined) {
      const status = search.get('status');
      return json(route, { incidents: incidents.filter((i) => status === null || i.status === status).map(summaryOf) });
    }
    const incident = incidents.find((i) => i.id === decodeURIComponent(id));
    if (incident === undefined) return problem(route, 404, 'incident_not_found', `No incident ${id}.`);
    if (method === 'GET') return json(route, incident);
    if (refusal) {
      const { status, code, detail } = refusal;
      refusal = undefined;
      return problem(route, status, code, detail);
    }
    const at = new Date().toISOString();
    const i = incident as { -readonly [K in keyof IncidentDetail]: IncidentDetail[K] };
    const status = (to: IncidentStatus) => {
      i.timeline = [...i.timeline, { at, kind: 'status', actor, summary: `${i.status} → ${to}`, details: {} }];
      i.status = to;
    };
    switch (action) {
      case 'ack':
        status('acknowledged');
        i.acknowledged_at = at;
        i.commander = typeof body.commander === 'string' ? body.commander : actor;
        return json(route, summaryOf(i));
      case 'mitigate':
        status('mitigated');
        i.mitigated_at = at;
        return json(route, summaryOf(i));
      case 'resolve':
        status('resolved');
        i.resolved_at = at;
        return json(route, summaryOf(i));
      case 'notes':
        i.timeline = [...i.timeline, { at, kind: 'note', actor, summary: String(body.text), details: {} }];
        return json(route, summaryOf(i));
      case 'postmortem':
        i.postmortem = {
          format: 'md',
          text: `# Postmortem: ${i.title}\n\n## Timeline\n\n${i.timeline.length} entries`,
          reviewed: false,
          updated_at: at,
        };
        return json(route, { postmortem: i.postmortem });
      default:
        return problem(route, 404, 'not_found', `No route ${path}.`);
    }
  });

  return {
    sent,
    setRules: (next) => {
      rules = next;
    },
    setSilences: (next) => {
      silences = next;
    },
    setRollbacks: (next) => {
      rollbacks = next;
    },
    refuseNext: (status, code, detail) => {
      refusal = { status, code, detail };
    },
  };
}
