import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTrainingFile } from '../../src/app/alerts/testing/rollback-fixtures.ts';
import { openAppContext } from '../../src/app/context.ts';
import { deploy } from '../../src/app/deployments.ts';
import { registerModel } from '../../src/app/register-model.ts';
import type { Executor, LoadExecutor } from '../../src/app/serving/serving-types.ts';
import { workerExecutorLoader } from '../../src/app/serving/worker-executors.ts';
import { EXAMPLES } from '../../src/app/testing/test-context.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { inThreadExecutor, liveInstances } from '../../src/server/testing/test-server.ts';

// Shadows on one real server, through the API a user calls. `credit-risk` serves credit:1 (XGBoost)
// with credit:2 (LightGBM) as its shadow, loaded in a worker thread of its own as the server does by
// default; `credit-two` serves credit:2 itself, so the test knows what the shadow must have answered.
// `credit-throws` and `credit-hangs` serve credit:1 with a shadow whose model throws, or never answers.

const ADMIN = 'e2e-shadow-admin-token-0123456789abcdef';
/** The mirror abandons a shadow call after this long (shadow-mirror.ts). */
const SHADOW_TIMEOUT_MS = 2000;

let dataDir: string;
let server: RunningServer;
/** Calls that reached each broken shadow model. */
const brokenCalls = { 'credit-throws': 0, 'credit-hangs': 0 };

function brokenShadow(deployment: keyof typeof brokenCalls, signature: Executor['signature']): Executor {
  return {
    signature,
    predict: () => {
      brokenCalls[deployment]++;
      return deployment === 'credit-throws' ? Promise.reject(new Error('the shadow model crashed')) : new Promise(() => {});
    },
    close: async () => {},
  };
}

const realShadowLoader = workerExecutorLoader({ threads: 1, mainThread: 'never' });
const shadowLoadExecutor: LoadExecutor = async (version, artifact, config, deployment) => {
  if (deployment === 'credit-throws/shadow' || deployment === 'credit-hangs/shadow')
    return brokenShadow(deployment.split('/')[0] as keyof typeof brokenCalls, version.signature);
  return realShadowLoader(version, artifact, config, deployment);
};

const api = async (method: string, url: string, body?: unknown) => {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Prediction = { prediction_id: string; label: number; probabilities: number[] };

/** Sends `instances` in requests of `size`, `concurrency` at a time; the answers in order, and each request's time. */
async function predictAll(deployment: string, instances: object[], size: number, concurrency = 4) {
  const chunks: object[][] = [];
  for (let i = 0; i < instances.length; i += size) chunks.push(instances.slice(i, i + size));
  const answers: Prediction[][] = new Array(chunks.length);
  const durations: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < chunks.length) {
      const index = next++;
      const started = performance.now();
      const answer = await api('POST', `/v1/deployments/${deployment}/predict`, { instances: chunks[index] });
      durations.push(performance.now() - started);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      answers[index] = answer.json.predictions;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { predictions: answers.flat(), durations };
}

/** The value of ballast_shadow_requests_total for a deployment and outcome (0 when the series does not exist yet). */
async function shadowCount(deployment: string, outcome: string): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const line = (await response.text())
    .split('\n')
    .find(
      (l) =>
        l.startsWith('ballast_shadow_requests_total{') && l.includes(`deployment="${deployment}"`) && l.includes(`outcome="${outcome}"`),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

/** Polls the shadow report until `done` holds (15 s at most). */
async function reportWhen(deployment: string, done: (report: ReturnType<typeof JSON.parse>) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const report = await api('GET', `/v1/deployments/${deployment}/shadow/report`);
    expect(report.status, JSON.stringify(report.json)).toBe(200);
    if (done(report.json) || Date.now() > deadline) return report.json;
    await sleep(200);
  }
}

let instances: Record<string, unknown>[];
let truth: number[];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ballast-e2e-shadow-'));
  const settings = { dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'ballast.db')}` };
  const setup = await openAppContext(settings, 'ann');
  try {
    const trainingData = smallTrainingFile(dataDir);
    for (const file of ['model.xgb.json', 'model.lgb.txt'])
      await registerModel(setup, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, file),
        trainingData,
        labelColumn: 'default',
        importance: false,
      });
    for (const name of ['credit-risk', 'credit-throws', 'credit-hangs']) await deploy(setup, { name, model: 'credit:1' });
    await deploy(setup, { name: 'credit-two', model: 'credit:2' });
  } finally {
    await setup.close();
  }
  const rows = await liveInstances(200);
  truth = rows.map((row) => row.default as number);
  instances = rows.map(({ default: _label, ...instance }) => instance);
  server = await startServer(settings, 'test', {
    host: '127.0.0.1',
    port: 0,
    logger: false,
    loadExecutor: inThreadExecutor,
    shadowLoadExecutor,
    adminToken: ADMIN,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a shadow on a real server', () => {
  it('mirrors traffic and reports agreement, slices, latency of both, and realised performance once labels arrive', async () => {
    const started = await api('POST', '/v1/deployments/credit-risk/shadow', { model: 'credit:2', sample: 1 });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    expect(started.json.shadow).toMatchObject({ model: { name: 'credit', version: 2 }, sample: 1 });

    const primary = (await predictAll('credit-risk', instances, 10)).predictions;
    // What credit:2 answers for the same rows, served on its own: what the shadow must have said.
    const alone = (await predictAll('credit-two', instances, 10)).predictions;
    expect(primary).toHaveLength(200);

    const report = await reportWhen('credit-risk', (r) => r.rows >= 200);
    const agreeing = primary.filter((p, i) => p.label === alone[i]!.label).length;
    expect(report).toMatchObject({
      deployment: 'credit-risk',
      primary: { name: 'credit', version: 1 },
      shadow: { name: 'credit', version: 2 },
      rows: 200,
      dropped: 0,
      failed: 0,
      timed_out: 0,
      unmatched: 0,
    });
    // The two models disagree on some rows (else agreement would prove nothing).
    expect(agreeing).toBeLessThan(200);
    expect(report.agreement_rate).toBeCloseTo(agreeing / 200, 12);
    expect(report.label_flip_rate).toBeCloseTo(1 - agreeing / 200, 12);
    // The score difference is the shadow's positive-class probability minus the primary's, row by row.
    const differences = primary.map((p, i) => alone[i]!.probabilities[1]! - p.probabilities[1]!);
    expect(report.score_difference.mean).toBeCloseTo(differences.reduce((a, b) => a + b, 0) / 200, 9);
    expect(report.score_difference.max_abs).toBeCloseTo(Math.max(...differences.map(Math.abs)), 9);
    expect((report.score_difference.histogram.counts as number[]).reduce((a, b) => a + b, 0)).toBe(200);
    for (const side of ['primary', 'shadow'] as const) {
      expect(report.latency[side].p50_ms).toBeGreaterThanOrEqual(0);
      expect(report.latency[side].p99_ms).toBeGreaterThanOrEqual(report.latency[side].p50_ms);
    }
    const slices = report.slices as { column: string; rows: number; agreement_rate: number }[];
    expect(slices.length).toBeGreaterThan(0);
    for (const slice of slices) expect(slice.rows).toBeGreaterThanOrEqual(10);
    expect(new Set(slices.map((s) => s.column)).size).toBeGreaterThan(1);
    expect(report.performance.labelled_rows).toBe(0);
    expect(await shadowCount('credit-risk', 'scored')).toBe(200);

    // Labels for the primary's predictions: both versions' realised performance on them.
    const feedback = await api('POST', '/v1/deployments/credit-risk/feedback', {
      feedback: primary.map((p, i) => ({ prediction_id: p.prediction_id, label: truth[i] })),
    });
    expect(feedback.status, JSON.stringify(feedback.json)).toBe(200);
    const labelled = await reportWhen('credit-risk', (r) => r.performance.labelled_rows >= 200);
    const accuracy = (answers: Prediction[]) => answers.filter((p, i) => p.label === truth[i]).length / 200;
    expect(labelled.performance.labelled_rows).toBe(200);
    expect(labelled.performance.primary.accuracy).toBeCloseTo(accuracy(primary), 12);
    expect(labelled.performance.shadow.accuracy).toBeCloseTo(accuracy(alone), 12);
    expect(labelled.performance.shadow.roc_auc).toEqual(expect.any(Number));

    // Stopped: later traffic is not mirrored, and the report still reads the shadow that ran.
    const stopped = await api('DELETE', '/v1/deployments/credit-risk/shadow');
    expect([stopped.status, stopped.json]).toEqual([200, { deployment: 'credit-risk', shadow: null }]);
    await predictAll('credit-risk', instances.slice(0, 50), 10);
    await sleep(1500); // past the mirror's reconcile and write intervals
    expect(await api('GET', '/v1/deployments/credit-risk/shadow/report')).toMatchObject({
      status: 200,
      json: { shadow: { name: 'credit', version: 2 }, rows: 200, dropped: 0 },
    });
    expect(await shadowCount('credit-risk', 'scored')).toBe(200);
  }, 60_000);

  for (const [deployment, outcome] of [
    ['credit-throws', 'failed'],
    ['credit-hangs', 'timed_out'],
  ] as const) {
    it(`answers every request with the primary's output, at once, when the shadow ${outcome === 'failed' ? 'throws' : 'hangs'}, and counts ${outcome}`, async () => {
      const baseline = (await predictAll(deployment, instances, 5)).predictions;
      const started = await api('POST', `/v1/deployments/${deployment}/shadow`, { model: 'credit:2', sample: 1 });
      expect(started.status, JSON.stringify(started.json)).toBe(201);

      const burstStarted = performance.now();
      const { predictions, durations } = await predictAll(deployment, instances, 5, 8);
      const burstMs = performance.now() - burstStarted;
      // The same answers as without a shadow (the ids are new).
      const strip = (answers: Prediction[]) => answers.map(({ prediction_id: _id, ...rest }) => rest);
      expect(strip(predictions)).toEqual(strip(baseline));
      // No request waited for the shadow's timeout.
      const slowest = Math.max(...durations);
      expect(slowest).toBeLessThan(SHADOW_TIMEOUT_MS);
      expect(brokenCalls[deployment]).toBeGreaterThan(0);

      const report = await reportWhen(deployment, (r) => r[outcome] >= 200);
      expect(report).toMatchObject({ rows: 0, dropped: 0, [outcome]: 200, agreement_rate: null });
      expect(report[outcome === 'failed' ? 'timed_out' : 'failed']).toBe(0);
      expect(await shadowCount(deployment, outcome)).toBe(200);
      expect(await shadowCount(deployment, 'scored')).toBe(0);
      console.log(`${deployment}: 40 requests in ${burstMs.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms`);
    }, 30_000);
  }
});
