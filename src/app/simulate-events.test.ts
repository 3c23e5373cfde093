import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionChance, simulateConversions } from './simulate-events.ts';
import { readInstances } from './simulate.ts';
import { EXAMPLES } from './testing/test-context.ts';
import path from 'node:path';

const received: { url: string; authorization: string | undefined; events: { request_id: string; name: string; value: number }[] }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const events = (JSON.parse(body) as { events: { request_id: string; name: string; value: number }[] }).events;
    received.push({ url: request.url ?? '', authorization: request.headers.authorization, events });
    // The server knows every request but the first one.
    const accepted = events.filter((e) => e.request_id !== 'sim-1').length;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
  });
});
let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A seeded uniform source (mulberry32), so the test's share is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('simulated conversions', () => {
  it('converts a realistic share of answered applicants, fewer in the drifted (more indebted) population', async () => {
    const share = async (file: string) => {
      const rows = await readInstances(path.join(path.dirname(EXAMPLES), 'credit', file));
      return rows.reduce((sum, row) => sum + conversionChance(row), 0) / rows.length;
    };
    const live = await share('live.csv');
    const drifted = await share('live_drifted.csv');
    expect(live).toBeGreaterThan(0.1);
    expect(live).toBeLessThan(0.25);
    expect(drifted).toBeLessThan(live - 0.02);
    expect(conversionChance({ debt_to_income: 0 })).toBeCloseTo(0.3, 12);
    expect(conversionChance({ debt_to_income: 0.9 })).toBeCloseTo(0.06, 12);
  });

  it('sends conversion events by request id to the deployment, in batches, and reports what the server accepted', async () => {
    const lines: string[] = [];
    const conversions = simulateConversions({
      url,
      token: 'secret',
      deployment: 'credit risk',
      log: (l) => lines.push(l),
      random: seeded(7),
      // Conversions still pending when the traffic stops are sent by stop().
      maxDelayMs: 60_000,
      flushEveryMs: 20,
    });
    for (let i = 1; i <= 2000; i++) conversions.answered(`sim-${i}`, { debt_to_income: 0.3 });
    const report = await conversions.stop();
    const events = received.flatMap((r) => r.events);
    // Each applicant converts with chance 0.06 + 0.24 × 0.5 = 0.18.
    expect(report.converted).toBe(events.length);
    expect(events.length / 2000).toBeGreaterThan(0.15);
    expect(events.length / 2000).toBeLessThan(0.21);
    expect(new Set(events.map((e) => e.request_id)).size).toBe(events.length);
    expect(events.every((e) => e.name === 'conversion' && e.value === 1 && /^sim-\d+$/.test(e.request_id))).toBe(true);
    expect(received.every((r) => r.url === '/v1/deployments/credit%20risk/events' && r.authorization === 'Bearer secret')).toBe(true);
    const unknown = events.some((e) => e.request_id === 'sim-1') ? 1 : 0;
    expect(report).toEqual({ converted: events.length, sent: events.length - unknown, failed: unknown });
    expect(lines).toEqual([`simulate: ${events.length - unknown} conversion events recorded, ${unknown} refused`]);
  });
});
