import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../../core/alerts/alert-notification.ts';
import type { AlertReceiver } from '../../../core/alerts/alert-rule.ts';
import { deliver, type DeliveryOptions } from './deliver.ts';
import type { PostRequest } from './http-post.ts';

const notification: AlertNotification = {
  idempotencyKey: 'k-0123456789abcdef',
  deployment: 'credit',
  alerts: [
    {
      rule: 'inputs-drifted',
      deployment: 'credit',
      signal: 'drift.share',
      severity: 'page',
      state: 'firing',
      value: 0.42,
      threshold: 0.3,
      comparison: 'above',
      version: { name: 'credit', version: 2 },
      window: { start: '2026-11-25T12:00:00.000Z', end: '2026-11-25T12:00:10.000Z' },
      startsAt: '2026-11-25T12:00:11.000Z',
      endsAt: null,
      description: null,
    },
  ],
  links: {},
};
const hook: AlertReceiver = { name: 'team', kind: 'webhook', url: 'https://hooks.example.com/alert', allowPrivate: false };
const publicDns = async () => ['93.184.216.34'];

/** A transport that answers from a script and records what it was asked, plus the waits between attempts. */
function scripted(answers: (number | Error)[]) {
  const requests: PostRequest[] = [];
  const waits: number[] = [];
  const options: DeliveryOptions = {
    resolve: publicDns,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    post: async (request) => {
      requests.push(request);
      const next = answers.shift() ?? 200;
      if (next instanceof Error) throw next;
      return { status: next };
    },
  };
  return { requests, waits, options };
}

describe('deliver', () => {
  it('posts the webhook JSON with the idempotency key as header and field, to the checked address', async () => {
    const t = scripted([204]);
    expect(await deliver(hook, notification, t.options)).toEqual({ ok: true, attempts: 1, status: 204 });
    const [request] = t.requests;
    expect(request!.target.address).toBe('93.184.216.34');
    expect(request!.headers['idempotency-key']).toBe('k-0123456789abcdef');
    expect(JSON.parse(request!.body)).toMatchObject({
      idempotency_key: 'k-0123456789abcdef',
      alerts: [{ rule: 'inputs-drifted', value: 0.42 }],
    });
  });

  it('posts to /api/v2/alerts of an Alertmanager and sends Slack its text', async () => {
    const t = scripted([200, 200]);
    await deliver({ name: 'am', kind: 'alertmanager', url: 'https://am.example.com/', allowPrivate: false }, notification, t.options);
    await deliver(
      { name: 'chat', kind: 'slack', url: 'https://hooks.example.com/services/T0/B0/x', allowPrivate: false },
      notification,
      t.options,
    );
    expect(t.requests.map((r) => r.target.url.href)).toEqual([
      'https://am.example.com/api/v2/alerts',
      'https://hooks.example.com/services/T0/B0/x',
    ]);
    expect(JSON.parse(t.requests[1]!.body).text).toContain('inputs-drifted');
  });

  it('retries timeouts, network errors, 429 and 5xx with growing jittered waits, the same key every time', async () => {
    const t = scripted([new Error('no answer within 5000 ms'), 503, 429, new Error('ECONNRESET'), 200]);
    const result = await deliver(hook, notification, { ...t.options, baseDelayMs: 100, maxDelayMs: 300 });
    expect(result).toEqual({ ok: true, attempts: 5, status: 200 });
    // random 0.5 × min(max, base × 2^n): 50, 100, 150 (capped at 300), 150.
    expect(t.waits).toEqual([50, 100, 150, 150]);
    expect(new Set(t.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['k-0123456789abcdef']));
  });

  it('gives up after the bounded attempts and says why, without throwing', async () => {
    const t = scripted([500, 500, 500, 500]);
    expect(await deliver(hook, notification, { ...t.options, maxAttempts: 3 })).toEqual({
      ok: false,
      attempts: 3,
      status: 500,
      error: 'HTTP 500: the receiver refused the notification',
    });
    expect(t.requests).toHaveLength(3);
  });

  it('does not retry a redirect or another 4xx', async () => {
    for (const status of [302, 307, 400, 404]) {
      const t = scripted([status, 200]);
      const result = await deliver(hook, notification, t.options);
      expect(result).toMatchObject({ ok: false, attempts: 1, status });
      if (status < 400) expect(result.error).toContain('redirects are not followed');
    }
  });

  it('retries a name that does not resolve, which may be a passing DNS failure', async () => {
    const t = scripted([200]);
    let lookups = 0;
    const flaky = async () => (++lookups === 1 ? Promise.reject(new Error('EAI_AGAIN')) : ['93.184.216.34']);
    expect(await deliver(hook, notification, { ...t.options, resolve: flaky })).toEqual({ ok: true, attempts: 2, status: 200 });
  });

  it('refuses a private target before sending anything, and does not retry it', async () => {
    const t = scripted([200]);
    const inside = await deliver({ ...hook, url: 'http://metadata.internal/' }, notification, {
      ...t.options,
      resolve: async () => ['169.254.169.254'],
    });
    expect(inside).toMatchObject({ ok: false, attempts: 1 });
    expect(inside.error).toContain('private, loopback or link-local');
    expect(t.requests).toHaveLength(0);
  });
});

describe('deliver over loopback HTTP', () => {
  let server: Server;
  let base: string;
  const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body });
        const status = statuses.shift() ?? 200;
        if (status === 302) response.writeHead(302, { location: `${base}/elsewhere` }).end();
        else response.writeHead(status).end('ok');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const fast: DeliveryOptions = { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 };

  it('sends to a loopback receiver only when it is allowed, and retries a 500 until it is taken', async () => {
    const refused = await deliver({ name: 'local', kind: 'webhook', url: `${base}/hook`, allowPrivate: false }, notification, fast);
    expect(refused).toMatchObject({ ok: false, attempts: 1 });
    expect(received).toHaveLength(0);

    statuses.push(500);
    const sent = await deliver({ name: 'local', kind: 'webhook', url: `${base}/hook`, allowPrivate: true }, notification, fast);
    expect(sent).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['idempotency-key']).toBe(notification.idempotencyKey);
    expect(received[1]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[1]!.body).deployment).toBe('credit');
  });

  it('does not follow a redirect', async () => {
    received.length = 0;
    statuses.push(302);
    const result = await deliver({ name: 'local', kind: 'webhook', url: `${base}/hook`, allowPrivate: true }, notification, fast);
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 302 });
    expect(received.map((r) => r.url)).toEqual(['/hook']);
  });

  it('times a silent receiver out and counts that as a failed attempt', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const started = Date.now();
      const result = await deliver({ name: 'slow', kind: 'webhook', url, allowPrivate: true }, notification, {
        ...fast,
        timeoutMs: 200,
        maxAttempts: 2,
      });
      expect(result).toMatchObject({ ok: false, attempts: 2 });
      expect(result.error).toContain('no answer within 200 ms');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});
