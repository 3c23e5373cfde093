import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveInstances } from '../../src/server/testing/test-server.ts';
import { TOKEN, cli, newDataDir, root, startServerProcess, type ServerProcess } from './server-process.ts';

// Human review through a real `ballast serve` process and the API a user calls: the policy set with
// the CLI, callers flooding /predict, kill -9, and after the restart every review id a caller got is
// in the queue; then a reviewer's decision becomes the prediction's label.

let server: ServerProcess | undefined;
const dataDir = newDataDir();
afterAll(async () => {
  server?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  predictions: {
    prediction_id: string;
    label: unknown;
    probabilities?: unknown;
    fallback?: string;
    review?: { id: string; status: string };
  }[];
}

async function api(method: string, url: string, token: string, body?: unknown) {
  const response = await fetch(`${server!.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** The value of a metric series of deployment `credit` on /metrics (undefined when absent). */
async function metric(name: string): Promise<number | undefined> {
  const text = await (await fetch(`${server!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('deployment="credit"'));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

const waitForExit = (s: ServerProcess) =>
  new Promise((resolve) => (s.child.exitCode !== null || s.child.signalCode !== null ? resolve(undefined) : s.child.once('exit', resolve)));

describe('human review on a real server process', () => {
  // review id -> prediction id, as the callers were answered
  const answered = new Map<string, string>();

  it('keeps every review id it answered with across kill -9', async () => {
    await cli(dataDir, 'models', 'register', 'credit', path.join(root, 'examples/credit/model.xgb.json'), '--alias', 'champion');
    await cli(dataDir, 'deploy', 'credit', '--model', 'credit@champion');
    // Nearly every row is below 0.99 sure: most predictions are held.
    await cli(dataDir, 'review', 'set', 'credit', '--when', 'max_probability < 0.99', '--fallback', 'abstain');
    server = await startServerProcess(dataDir);
    const instances = await liveInstances(64);
    let killed = false;
    let failures = 0;
    let unheld = 0;
    const malformed: string[] = [];
    const deadline = Date.now() + 30_000; // bounded, whatever happens

    const client = async (worker: number) => {
      for (let i = 0; !killed && Date.now() < deadline; i++) {
        const size = 1 + ((worker + i) % 3);
        let body: Answer;
        try {
          const response = await fetch(`${server!.url}/v1/deployments/credit/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify({ instances: Array.from({ length: size }, (_, k) => instances[(worker * 7 + i + k) % instances.length]) }),
          });
          if (response.status !== 200) {
            failures++;
            continue;
          }
          body = (await response.json()) as Answer;
        } catch {
          failures++; // connection reset by the kill: never answered
          continue;
        }
        for (const p of body.predictions) {
          if (p.review === undefined) {
            unheld++;
            continue;
          }
          // The caller got the fallback and the review's id, not the model's output.
          if (p.label !== null || p.probabilities !== undefined || p.fallback !== 'abstain' || p.review.status !== 'pending')
            malformed.push(JSON.stringify(p));
          answered.set(p.review.id, p.prediction_id);
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, w) => client(w));
    // Killed while requests are in flight, once a good number of review ids has been handed out.
    while (answered.size < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    server.child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await waitForExit(server);
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(answered.size).toBeGreaterThanOrEqual(300);
    expect(malformed).toEqual([]);
    expect(unheld).toBeLessThan(answered.size); // the policy holds most rows

    server = await startServerProcess(dataDir);
    const missing: string[] = [];
    for (const [id, predictionId] of answered) {
      const item = await api('GET', `/v1/reviews/${id}`, TOKEN);
      if (item.status !== 200) missing.push(`${id}: ${item.status}`);
      else expect(item.json).toMatchObject({ id, prediction_id: predictionId, deployment: 'credit', status: 'pending', decision: null });
    }
    expect(missing, `${missing.length} answered review ids missing from the queue`).toEqual([]);
    // The queue holds what was answered, and perhaps the items of requests killed before their answer.
    const queue = await api('GET', '/v1/reviews?deployment=credit&status=pending&limit=1', TOKEN);
    expect(queue.json.pending).toBeGreaterThanOrEqual(answered.size);
    console.log(
      `review kill -9: ${answered.size} review ids answered, ${queue.json.pending} pending after restart, ${failures} requests failed`,
    );
  }, 60_000);

  it("turns a reviewer's decision into the prediction's label, once, for reviewers only", async () => {
    expect(answered.size, 'needs the review ids of the test before').toBeGreaterThan(3);
    // A reviewer token from the CLI, a viewer one from the API.
    const reviewer = (await cli(dataDir, 'tokens', 'create', '--name', 'rita', '--role', 'reviewer')).trim();
    const viewer = (await api('POST', '/v1/tokens', TOKEN, { name: 'val', role: 'viewer' })).json.token as string;
    // The CLI writes the token beside the running server, which finds it in the store on first use.
    const [first, second, third] = [...answered.keys()] as [string, string, string];

    const item = await api('GET', `/v1/reviews/${first}`, reviewer);
    expect(item.status).toBe(200);
    const classes = item.json.classes as unknown[];
    expect(classes).toHaveLength(2);
    const label = classes[1];

    const before = await api('GET', '/v1/deployments/credit/performance', TOKEN);
    expect(before.status, JSON.stringify(before.json)).toBe(200);
    const labelled = (body: { windows: { labelled_rows: number }[] }) => body.windows.reduce((n, w) => n + w.labelled_rows, 0);
    expect(labelled(before.json)).toBe(0);

    const pending = await metric('ballast_review_queue_size');
    const decided = await api('POST', `/v1/reviews/${first}/decision`, reviewer, { label, note: 'income verified' });
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    expect(decided.json).toMatchObject({ id: first, status: 'decided', decision: { label, note: 'income verified', decided_by: 'rita' } });

    expect(await metric('ballast_review_queue_size')).toBe(pending! - 1);
    expect(await metric('ballast_review_decision_seconds_count')).toBe(1);

    const prediction = await api('GET', `/v1/predictions/${answered.get(first)}`, reviewer);
    expect(prediction.status).toBe(200);
    expect(prediction.json.feedback).toMatchObject({ label, source: 'review' });
    // The log kept the model's own answer, not the abstention the caller got.
    expect(prediction.json.output.label).not.toBeNull();

    const after = await api('GET', '/v1/deployments/credit/performance', TOKEN);
    expect(labelled(after.json)).toBe(1);

    const again = await api('POST', `/v1/reviews/${first}/decision`, reviewer, { label: classes[0] });
    expect([again.status, again.json.code]).toEqual([409, 'review_already_decided']);
    const unknown = await api('POST', `/v1/reviews/${second}/decision`, reviewer, { label: 'maybe' });
    expect([unknown.status, unknown.json.code]).toEqual([422, 'unknown_label']);
    const byViewer = await api('POST', `/v1/reviews/${third}/decision`, viewer, { label });
    expect(byViewer.status).toBe(403);
    // Neither refused decision changed anything: both items still wait, and only the one label exists.
    for (const id of [second, third]) expect((await api('GET', `/v1/reviews/${id}`, viewer)).json.status).toBe('pending');
    expect(labelled((await api('GET', '/v1/deployments/credit/performance', TOKEN)).json)).toBe(1);
    expect(await metric('ballast_review_queue_size')).toBe(pending! - 1);
    await server!.stop();
  }, 30_000);
});
