import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTrainingFile } from '../../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext, type Settings } from '../../src/app/context.ts';
import { deploy } from '../../src/app/deployments.ts';
import { registerModel } from '../../src/app/register-model.ts';
import { readInstances } from '../../src/app/simulate.ts';
import { EXAMPLES } from '../../src/app/testing/test-context.ts';
import { isCandidateBucket, stickyBucket } from '../../src/core/rollouts/route-request.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { inThreadExecutor } from '../../src/server/testing/test-server.ts';

// Rollouts on one real server, driven through the HTTP API a user calls: a gated canary that advances
// on healthy traffic and is aborted by its gate on drifted traffic, a healthy canary promoted by the
// controller, blue/green with its instant rollback, and sticky routing by an instance field that holds
// across a restart. 10-second monitoring windows, 10-second steps and a 1-second controller interval
// keep it short; the three rollouts of the first part run at the same time on their own deployments.

const ADMIN = 'e2e-rollout-admin-token-0123456789abcdef';
const WINDOW_MS = 10_000;

type Row = Record<string, string | number | boolean | null>;
type Json = ReturnType<typeof JSON.parse>;

let dataDir: string;
let settings: Settings;
let server: RunningServer;
let healthy: Row[];
let drifted: Row[];

const serverOptions = {
  host: '127.0.0.1',
  port: 0,
  logger: process.env.E2E_LOG ? { level: 'error' } : false,
  loadExecutor: inThreadExecutor,
  adminToken: ADMIN,
  monitoringWindowMs: WINDOW_MS,
  rolloutIntervalMs: 1000,
} as const;

const api = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : undefined;
  return { status: response.status, json, text };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rows without their label, as a client sends them. */
const unlabelled = (rows: readonly Row[]): Row[] => rows.map(({ default: _label, ...instance }) => instance);

/** Each answer row's version and role. */
interface Answered {
  readonly version: number;
  readonly role: string;
}

async function predict(name: string, instances: readonly Row[], headers: Record<string, string> = {}): Promise<Answered[]> {
  const answer = await api('POST', `/v1/deployments/${name}/predict`, { instances }, headers);
  expect(answer.status, answer.text).toBe(200);
  return (answer.json.predictions as { model: { version: number }; role: string }[]).map((p) => ({
    version: p.model.version,
    role: p.role,
  }));
}

const status = async (name: string) => {
  const answer = await api('GET', `/v1/deployments/${name}/rollout`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json;
};

/**
 * Sends batches of `rows` (10 a request, a pair of requests every 50 ms or so) to `name` until `done`
 * says so from the rollout status, at most `limitMs`; returns the last status read. Each batch is sent
 * once as each of `customers` (the rollout's sticky header): one stable customer and one candidate
 * customer make both versions answer exactly the same rows, so a healthy candidate's scores cannot
 * differ from stable's by the luck of which requests each side drew.
 */
async function drive(
  name: string,
  rows: readonly Row[],
  customers: readonly string[],
  done: (status: Json) => boolean,
  limitMs: number,
): Promise<Json> {
  const started = Date.now();
  let sent = 0;
  for (;;) {
    const current = await status(name);
    if (done(current)) return current;
    expect(Date.now() - started, `${name}: ${JSON.stringify(current)}`).toBeLessThan(limitMs);
    for (let i = 0; i < 4; i++) {
      const at = sent % (rows.length - 10);
      for (const customer of customers) await predict(name, rows.slice(at, at + 10), { 'x-customer': customer });
      sent += 10;
      await sleep(50);
    }
  }
}

/** A customer the rollout routes to stable and one it routes to the candidate at `weight`. */
function customersOf(rolloutId: string, weight: number): string[] {
  const names = Array.from({ length: 100 }, (_, i) => `customer-${i}`);
  const toCandidate = (c: string) => isCandidateBucket(stickyBucket(rolloutId, c), weight);
  return [names.find((c) => !toCandidate(c))!, names.find(toCandidate)!];
}

/**
 * Every row of a request to `name` is answered as `expected` within 2 s. The controller's move is
 * stored a moment before this server serves it (the status can be read in between), and every server
 * routes by the stored state within 2 s.
 */
async function servedWithin2s(name: string, rows: readonly Row[], expected: Answered): Promise<void> {
  const deadline = Date.now() + 2000;
  let answers = await predict(name, rows);
  while (answers.some((a) => a.version !== expected.version || a.role !== expected.role) && Date.now() < deadline) {
    await sleep(100);
    answers = await predict(name, rows);
  }
  for (const row of answers) expect(row).toEqual(expected);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-rollout-'));
  settings = { dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` };
  const setup = await openAppContext(settings, 'ann');
  try {
    // credit:1 and credit:2 are the same XGBoost model (a canary of it is healthy by construction);
    // credit:3 is the LightGBM one.
    const trainingData = smallTrainingFile(dataDir);
    for (const file of ['model.xgb.json', 'model.xgb.json', 'model.lgb.txt'])
      await registerModel(setup, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, file),
        trainingData,
        labelColumn: 'default',
        importance: false,
      });
    for (const name of ['canary-drift', 'canary-ok', 'blue-green', 'sticky', 'sticky-header'])
      await deploy(setup, { name, model: 'credit:1' });
  } finally {
    await setup.close();
  }
  healthy = unlabelled(await readInstances(path.join(EXAMPLES, 'live.csv'), 400));
  drifted = unlabelled(await readInstances(path.join(EXAMPLES, 'live_drifted.csv'), 400));
  server = await startServer(settings, 'test', serverOptions);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.concurrent('rollouts on a real server', () => {
  it('advances a gated canary on healthy traffic, then aborts it on drifted traffic naming the gate rule; stable answers all after', async () => {
    const started = await api('POST', '/v1/deployments/canary-drift/rollout', {
      to: 'credit:2',
      strategy: 'canary',
      steps: [50, 100],
      step_duration: '10s',
      sticky_key: 'header:x-customer',
      gate: {
        format: 'ballast.alerts/v1',
        rules: [{ name: 'inputs-drifted', deployment: 'canary-drift', signal: 'drift.share', window: '10s', above: 0.3 }],
      },
    });
    expect(started.status, started.text).toBe(201);
    expect(started.json.rollout).toMatchObject({ strategy: 'canary', status: 'progressing', weight: 50, gate_rules: ['inputs-drifted'] });
    const rolloutId = started.json.rollout.id as string;
    const customers = customersOf(rolloutId, 50);

    // Both versions answer the first step, each in its role.
    expect(await predict('canary-drift', healthy.slice(0, 10), { 'x-customer': customers[0]! })).toEqual(
      Array(10).fill({ version: 1, role: 'stable' }),
    );
    expect(await predict('canary-drift', healthy.slice(0, 10), { 'x-customer': customers[1]! })).toEqual(
      Array(10).fill({ version: 2, role: 'canary' }),
    );

    // Healthy traffic: the gate passes and the canary moves to its last step.
    const advanced = await drive('canary-drift', healthy, customers, (s) => s.rollout?.weight === 100, 60_000);
    expect(advanced.rollout).toMatchObject({ id: rolloutId, step_index: 1, weight: 100 });
    expect(advanced.analyses[0]).toMatchObject({ step_index: 0, weight: 50, verdict: 'pass' });

    // Drifted traffic: the gate rule holds on the candidate and the controller aborts.
    const aborted = await drive('canary-drift', drifted, customers, (s) => s.rollout === null, 60_000);
    expect(aborted.stable).toEqual({ name: 'credit', version: 1 });
    expect(aborted.history[0]).toMatchObject({ id: rolloutId, outcome: 'aborted', ended_by: 'rollout-controller' });
    expect(aborted.history[0].reason).toMatch(/^gate failed: .*inputs-drifted \(drift\.share\)/);
    const failed = aborted.analyses[0];
    expect(failed).toMatchObject({ rollout_id: rolloutId, step_index: 1, weight: 100, verdict: 'fail' });
    const rule = (failed.checks as { name: string; verdict: string; candidate: number }[]).find((c) => c.name === 'inputs-drifted')!;
    expect(rule).toMatchObject({ verdict: 'fail', threshold: 0.3 });
    expect(rule.candidate).toBeGreaterThan(0.3);

    // All traffic back to stable at once.
    await servedWithin2s('canary-drift', drifted.slice(0, 50), { version: 1, role: 'stable' });

    const audit = (await server.ctx.store.audit.list(0, 10_000)).filter((e) => e.objectId === 'canary-drift');
    const actions = audit.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['rollout.start', 'rollout.advance', 'rollout.abort']));
    const abort = audit.find((e) => e.action === 'rollout.abort')!;
    expect(abort).toMatchObject({ actor: 'rollout-controller', details: { rollout: rolloutId, outcome: 'aborted' } });
    expect(String(abort.details.reason)).toContain('inputs-drifted');
  }, 150_000);

  it('promotes a healthy canary through every step', async () => {
    const started = await api('POST', '/v1/deployments/canary-ok/rollout', {
      to: 'credit:2',
      strategy: 'canary',
      steps: [50, 100],
      step_duration: '10s',
      sticky_key: 'header:x-customer',
    });
    expect(started.status, started.text).toBe(201);
    const rolloutId = started.json.rollout.id as string;
    const weights = new Set<number>();
    const promoted = await drive(
      'canary-ok',
      healthy,
      customersOf(rolloutId, 50),
      (s) => {
        if (s.rollout) weights.add(s.rollout.weight);
        return s.rollout === null;
      },
      100_000,
    );
    expect([...weights]).toEqual([50, 100]);
    expect(promoted.stable).toEqual({ name: 'credit', version: 2 });
    expect(promoted.history[0]).toMatchObject({ id: rolloutId, outcome: 'promoted', ended_by: 'rollout-controller' });
    expect((promoted.analyses as { verdict: string; weight: number }[]).map((a) => [a.weight, a.verdict])).toEqual([
      [100, 'pass'],
      [50, 'pass'],
    ]);
    await servedWithin2s('canary-ok', healthy.slice(0, 50), { version: 2, role: 'stable' });
  }, 150_000);

  it('switches blue/green at once and rolls back to blue at once', async () => {
    const started = await api('POST', '/v1/deployments/blue-green/rollout', {
      to: 'credit:3',
      strategy: 'blue-green',
      keep_previous: '10m',
    });
    expect(started.status, started.text).toBe(201);
    expect(started.json.rollout).toMatchObject({ strategy: 'blue-green', status: 'ready', weight: 0, candidate: { version: 3 } });
    for (const row of await predict('blue-green', healthy.slice(0, 50))) expect(row).toEqual({ version: 1, role: 'stable' });

    const switched = await api('POST', '/v1/deployments/blue-green/rollout/switch', { reason: 'green looks good' });
    expect(switched.status, switched.text).toBe(200);
    expect(switched.json).toMatchObject({ stable: { version: 3 }, rollout: { status: 'switched', previous: { version: 1 } } });
    for (const row of await predict('blue-green', healthy.slice(0, 50))) expect(row).toEqual({ version: 3, role: 'green' });

    const rolledBack = await api('POST', '/v1/deployments/blue-green/rollout/rollback', { reason: 'conversion fell' });
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(rolledBack.json).toMatchObject({ stable: { version: 1 }, rollout: null });
    expect(rolledBack.json.history[0]).toMatchObject({
      outcome: 'rolled_back',
      reason: 'conversion fell',
      ended_by: 'admin (BALLAST_ADMIN_TOKEN)',
    });
    for (const row of await predict('blue-green', healthy.slice(0, 50))) expect(row).toEqual({ version: 1, role: 'stable' });
  }, 60_000);
});

describe('sticky routing through the HTTP path', () => {
  it('sends the same applicant (field) and customer (header) to the same version on every request and after a restart; counts what lacks the key', async () => {
    const started = await api('POST', '/v1/deployments/sticky/rollout', {
      to: 'credit:2',
      strategy: 'canary',
      steps: [50, 100],
      step_duration: '1h',
      sticky_key: 'applicant_id',
    });
    expect(started.status, started.text).toBe(201);
    expect(started.json.rollout.sticky_key).toEqual({ kind: 'field', name: 'applicant_id' });
    const rolloutId = started.json.rollout.id as string;

    // 40 applicants (live.csv's ids), each in three requests of different company and order.
    const applicants = healthy.slice(0, 40);
    const expected = new Map(
      applicants.map((row) => [
        row.applicant_id as string,
        isCandidateBucket(stickyBucket(rolloutId, row.applicant_id as string), 50) ? 2 : 1,
      ]),
    );
    expect(new Set(expected.values())).toEqual(new Set([1, 2]));
    const routed = async () => {
      const seen = new Map<string, number[]>();
      for (const batch of [applicants, [...applicants].reverse(), applicants.filter((_, i) => i % 3 === 0)]) {
        const answers = await predict('sticky', batch);
        batch.forEach((row, i) => {
          expect(answers[i]!.role).toBe(answers[i]!.version === 2 ? 'canary' : 'stable');
          seen.set(row.applicant_id as string, [...(seen.get(row.applicant_id as string) ?? []), answers[i]!.version]);
        });
      }
      return seen;
    };
    for (const [id, versions] of await routed()) expect(new Set(versions), id).toEqual(new Set([expected.get(id)]));

    // A header key routes the whole request by the customer it names.
    const byHeader = await api('POST', '/v1/deployments/sticky-header/rollout', {
      to: 'credit:2',
      strategy: 'canary',
      steps: [50, 100],
      step_duration: '1h',
      sticky_key: 'header:x-customer',
    });
    expect(byHeader.status, byHeader.text).toBe(201);
    expect(byHeader.json.rollout.sticky_key).toEqual({ kind: 'header', name: 'x-customer' });
    const customers = Array.from({ length: 20 }, (_, i) => `customer-${i}`);
    const customerVersion = (customer: string) => (isCandidateBucket(stickyBucket(byHeader.json.rollout.id, customer), 50) ? 2 : 1);
    expect(new Set(customers.map(customerVersion))).toEqual(new Set([1, 2]));
    const routedByHeader = async (when: string) => {
      for (const customer of customers)
        for (const rows of [applicants.slice(0, 10), applicants.slice(20, 25)]) {
          const version = customerVersion(customer);
          const answers = await predict('sticky-header', rows, { 'x-customer': customer });
          expect(answers, `${customer} ${when}`).toEqual(rows.map(() => ({ version, role: version === 2 ? 'canary' : 'stable' })));
        }
    };
    await routedByHeader('before the restart');
    await predict('sticky-header', applicants.slice(0, 10));

    // Rows without the key go at random and are counted.
    await predict(
      'sticky',
      healthy.slice(100, 107).map(({ applicant_id: _id, ...row }) => row),
    );
    await predict('sticky', [{ ...healthy[107]!, applicant_id: '' }]);
    const metrics = await api('GET', '/metrics');
    expect(metrics.text).toContain('ballast_sticky_key_missing_total{deployment="sticky"} 8');
    expect(metrics.text).toContain('ballast_sticky_key_missing_total{deployment="sticky-header"} 1');

    await server.stop();
    server = await startServer(settings, 'test', serverOptions);
    for (const [id, versions] of await routed()) expect(new Set(versions), `${id} after the restart`).toEqual(new Set([expected.get(id)]));
    await routedByHeader('after the restart');
  }, 60_000);
});
