import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateTraffic } from './simulate.ts';
import { EXAMPLES } from './testing/test-context.ts';

let answered = 0;
const requestIds: string[] = [];
const server = createServer((request, response) => {
  requestIds.push(String(request.headers['x-request-id']));
  request.resume();
  request.on('end', () => {
    answered++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
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
