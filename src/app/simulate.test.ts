import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstances, simulateTraffic } from './simulate.ts';
import { EXAMPLES } from './testing/test-context.ts';

let answered = 0;
/** What the simulation sent: each predict instance with the id it was answered with, and each feedback item. */
const predicted: { id: string; instance: Record<string, unknown> }[] = [];
const labelled: { prediction_id: string; label: unknown }[] = [];
let answerIds = false;
const requestIds: string[] = [];
const server = createServer((request, response) => {
  requestIds.push(String(request.headers['x-request-id']));
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    answered++;
    if (!answerIds) return void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (request.url!.endsWith('/feedback')) {
      const { feedback } = JSON.parse(body) as { feedback: typeof labelled };
      labelled.push(...feedback);
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: feedback.length }));
    }
    const { instances } = JSON.parse(body) as { instances: Record<string, unknown>[] };
    const id = `p${predicted.length}`;
    predicted.push({ id, instance: instances[0]! });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ predictions: [{ prediction_id: id }] }));
  });
});
let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('simulateTraffic', () => {
  it("leaves no abort listener per request on the caller's signal", async () => {
    const controller = new AbortController();
    // Paced by timers, so a busy machine sends fewer; each request left one listener before.
    const report = await simulateTraffic({
      url,
      token: 't',
      deployment: 'credit',
      rate: 200,
      durationSeconds: 1.5,
      examplesDir: path.dirname(EXAMPLES),
      log: () => {},
      signal: controller.signal,
    });
    // Let the last requests settle.
    for (const deadline = Date.now() + 5000; report.ok + report.failed < report.sent && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(report.sent).toBeGreaterThan(10);
    expect(report.ok).toBe(report.sent);
    expect(answered).toBe(report.sent);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 20_000);

  it('sends the true label of each replayed row through the feedback route once its delay has passed', async () => {
    answerIds = true;
    const rows = await readInstances(path.join(EXAMPLES, 'live.csv'), 400);
    // Every label due 0.3 s after its prediction, so most arrive within the run.
    const report = await simulateTraffic({
      url,
      token: 't',
      deployment: 'credit',
      rate: 100,
      durationSeconds: 1.5,
      examplesDir: path.dirname(EXAMPLES),
      log: () => {},
      random: () => 0.5,
      labelDelays: { prompt: { share: 1, minSeconds: 0, maxSeconds: 0.6 }, late: { share: 0, minSeconds: 0, maxSeconds: 0 } },
    });
    answerIds = false;
    expect(report.ok).toBeGreaterThan(10);
    // The outcome is not sent with the instance: nobody knows it when the prediction is made.
    for (const { instance } of predicted) expect(instance).not.toHaveProperty('default');
    expect(predicted[0]!.instance).toMatchObject({ applicant_id: rows[0]!.applicant_id, age: rows[0]!.age });
    // The predictions answered by 1.2 s (their labels due by 1.5 s) are labelled with their rows' outcomes.
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.length).toBe(report.labels.sent);
    expect(report.labels).toMatchObject({ accepted: labelled.length, failed: 0, never: 0 });
    for (const item of labelled) {
      const index = Number(item.prediction_id.slice(1));
      expect(item.label).toBe(rows[index]!.default);
    }
    expect(new Set(labelled.map((l) => l.label))).toContain(0);
  }, 20_000);

  it('tells the caller of each answered request with the request id it sent, so outcomes can join it', async () => {
    const told: [string, unknown][] = [];
    const report = await simulateTraffic({
      url,
      token: 't',
      deployment: 'credit',
      rate: 50,
      durationSeconds: 0.3,
      examplesDir: path.dirname(EXAMPLES),
      log: () => {},
      onAnswered: (requestId, instance) => told.push([requestId, instance.applicant_id]),
    });
    for (const deadline = Date.now() + 5000; told.length < report.sent && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(told.length).toBe(report.sent);
    expect(told.map(([id]) => id).sort()).toEqual(requestIds.slice(-report.sent).sort());
    expect(told.find(([id]) => id === 'sim-1')?.[1]).toBe('LV-000001');
  }, 20_000);
});
