import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLabelSender,
  DEFAULT_LABEL_DELAYS,
  LABEL_COLUMN,
  LabelQueue,
  labelDelaySeconds,
  predictionIdOf,
  splitLabel,
} from './simulate-labels.ts';
import { readInstances } from './simulate.ts';
import { EXAMPLES } from './testing/test-context.ts';

/** A generator that answers the given numbers in turn. */
const scripted = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

/** A small fixed-seed generator (mulberry32), for shares over many draws. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('labelDelaySeconds', () => {
  it('labels most predictions within 30–120 s, some 10–30 minutes later, and some never', () => {
    expect(labelDelaySeconds(scripted(0.1, 0.5))).toBe(75);
    expect(labelDelaySeconds(scripted(0.69, 0))).toBe(30);
    expect(labelDelaySeconds(scripted(0.75, 0.5))).toBe(1200);
    expect(labelDelaySeconds(scripted(0.85))).toBeUndefined();
    expect(labelDelaySeconds(scripted(0.99))).toBeUndefined();
  });

  it('draws the shares it is given', () => {
    const random = seeded(7);
    const delays = Array.from({ length: 20_000 }, () => labelDelaySeconds(random));
    const share = (test: (d: number | undefined) => boolean) => delays.filter(test).length / delays.length;
    expect(share((d) => d !== undefined && d >= 30 && d <= 120)).toBeCloseTo(DEFAULT_LABEL_DELAYS.prompt.share, 1);
    expect(share((d) => d !== undefined && d >= 600 && d <= 1800)).toBeCloseTo(DEFAULT_LABEL_DELAYS.late.share, 1);
    expect(share((d) => d === undefined)).toBeCloseTo(0.15, 1);
  });
});

describe('splitLabel', () => {
  it('takes the outcome out of the instance the service sends', () => {
    expect(splitLabel({ age: 30, purpose: 'car', default: 1 })).toEqual({ instance: { age: 30, purpose: 'car' }, label: 1 });
    expect(splitLabel({ age: 30, y: 'yes' }, 'y')).toEqual({ instance: { age: 30 }, label: 'yes' });
  });

  it('has no label for a row without the column, or with an empty cell', () => {
    expect(splitLabel({ age: 30 })).toEqual({ instance: { age: 30 }, label: undefined });
    expect(splitLabel({ age: 30, default: null })).toEqual({ instance: { age: 30 }, label: undefined });
  });

  it('gives the true labels of the replayed example rows, more often positive after the drift', async () => {
    const labels = async (file: string) =>
      (await readInstances(path.join(EXAMPLES, file))).map((row) => {
        const { instance, label } = splitLabel(row);
        expect(LABEL_COLUMN in instance).toBe(false);
        return label;
      });
    const [live, drifted] = await Promise.all([labels('live.csv'), labels('live_drifted.csv')]);
    const rate = (values: (string | number | undefined)[]) => values.filter((v) => v === 1).length / values.length;
    expect(new Set([...live, ...drifted])).toEqual(new Set([0, 1]));
    // examples/credit/README.md: 12.4% default in live.csv, 21.4% after the population shift.
    expect(rate(live)).toBeCloseTo(0.1236, 4);
    expect(rate(drifted)).toBeCloseTo(0.2142, 4);
  });
});

describe('predictionIdOf', () => {
  it("reads the first prediction's id from a predict answer", () => {
    expect(predictionIdOf('{"predictions":[{"prediction_id":"01J","label":0}]}')).toBe('01J');
    expect(predictionIdOf('{"predictions":[]}')).toBeUndefined();
    expect(predictionIdOf('{}')).toBeUndefined();
    expect(predictionIdOf('not json')).toBeUndefined();
  });
});

describe('LabelQueue', () => {
  it('gives the labels due by a time, the earliest first, at most as many as asked', () => {
    const queue = new LabelQueue();
    queue.schedule({ prediction_id: 'c', label: 0 }, 90);
    queue.schedule({ prediction_id: 'a', label: 1 }, 30);
    queue.schedule({ prediction_id: 'b', label: 0 }, 60);
    expect(queue.takeDue(20)).toEqual([]);
    expect(queue.takeDue(100, 2).map((l) => l.prediction_id)).toEqual(['a', 'b']);
    expect(queue.size).toBe(1);
    expect(queue.takeDue(100).map((l) => l.prediction_id)).toEqual(['c']);
    expect(queue.size).toBe(0);
  });
});

describe('createLabelSender', () => {
  const received: unknown[] = [];
  let answer = 200;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { feedback } = JSON.parse(body) as { feedback: unknown[] };
      received.push({ url: request.url, auth: request.headers.authorization, feedback });
      if (answer !== 200) return void response.writeHead(answer).end('{}');
      // The first item is accepted, the second replaced, any other unknown.
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: Math.min(1, feedback.length), replaced: feedback.length > 1 ? 1 : 0 }));
    });
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends each label through the feedback route once it is due, and counts what the route answered', async () => {
    // Delays in turn: 75 s, 1200 s, never, 30 s.
    const sender = createLabelSender({ url, token: 'tok', deployment: 'credit eu', random: scripted(0.1, 0.5, 0.75, 0.5, 0.9, 0.2, 0) });
    sender.afterPrediction('p1', 1, 10);
    sender.afterPrediction('p2', 0, 10);
    sender.afterPrediction('p3', 0, 10);
    sender.afterPrediction('p4', 0, 20);
    expect(sender.report).toMatchObject({ scheduled: 3, never: 1 });
    await sender.sendDue(40);
    expect(received).toEqual([]);
    await sender.sendDue(85);
    await sender.sendDue(1209);
    await sender.sendDue(1210);
    await sender.sendDue(5000);
    expect(received).toEqual([
      {
        url: '/v1/deployments/credit%20eu/feedback',
        auth: 'Bearer tok',
        feedback: [
          { prediction_id: 'p4', label: 0 },
          { prediction_id: 'p1', label: 1 },
        ],
      },
      { url: '/v1/deployments/credit%20eu/feedback', auth: 'Bearer tok', feedback: [{ prediction_id: 'p2', label: 0 }] },
    ]);
    expect(sender.report).toEqual({ scheduled: 3, never: 1, sent: 3, accepted: 3, refused: 0, failed: 0 });
    expect(sender.waiting).toBe(0);
  });

  it('counts the labels of a refused request as failed', async () => {
    received.length = 0;
    answer = 503;
    const sender = createLabelSender({ url, token: 'tok', deployment: 'credit', random: scripted(0, 0) });
    sender.afterPrediction('p1', 1, 0);
    await sender.sendDue(30);
    expect(sender.report).toMatchObject({ sent: 1, accepted: 0, failed: 1 });
    answer = 200;
  });
});
