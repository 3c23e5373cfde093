import { describe, expect, it } from 'vitest';
import type { AlertReceiver } from '../../core/alerts/alert-rule.ts';
import type { PostRequest } from '../alerts/notify/http-post.ts';
import { pageSender } from './page-delivery.ts';
import type { PageNotification } from './paging.ts';

const page: PageNotification = {
  kind: 'page',
  incident_id: '01INCIDENT',
  deployment: 'credit',
  title: 'inputs-drifted on credit',
  severity: 'page',
  schedule: 'ml-oncall',
  level: 2,
  person: 'ana',
  summary: 'inputs-drifted firing: drift.share = 0.62, above 0.3',
  at: '2026-12-07T04:00:00.000Z',
  idempotency_key: 'page:01INCIDENT:ml-oncall:2',
};

const receivers: AlertReceiver[] = [
  { name: 'hook', kind: 'webhook', url: 'https://hooks.example.com/page', allowPrivate: false },
  { name: 'chat', kind: 'slack', url: 'https://hooks.slack.example.com/T/B/secret', allowPrivate: false },
  { name: 'am', kind: 'alertmanager', url: 'https://am.example.com:9093/', allowPrivate: false },
];

function recorder(status = 200) {
  const sent: { url: string; body: unknown; key: string | undefined }[] = [];
  const delivery = {
    resolve: async () => ['93.184.216.34'],
    sleep: async () => {},
    post: async (request: PostRequest) => {
      sent.push({ url: request.target.url.toString(), body: JSON.parse(request.body), key: request.headers['idempotency-key'] });
      return { status };
    },
  };
  return { sent, delivery };
}

describe('pageSender', () => {
  it('sends the page as each receiver kind takes it, with the page idempotency key', async () => {
    const { sent, delivery } = recorder();
    const send = pageSender(async () => receivers, { dashboardUrl: 'http://127.0.0.1:7070', delivery });
    await send('hook', page);
    await send('chat', page);
    await send('am', page);
    expect(sent.map((s) => s.url)).toEqual([
      'https://hooks.example.com/page',
      'https://hooks.slack.example.com/T/B/secret',
      'https://am.example.com:9093/api/v2/alerts',
    ]);
    expect(sent.every((s) => s.key === page.idempotency_key)).toBe(true);
    expect(sent[0]!.body).toMatchObject({ ...page, links: { incident: 'http://127.0.0.1:7070/#/incidents/01INCIDENT' } });
    expect((sent[1]!.body as { text: string }).text).toContain('ana, you are paged (level 2, ml-oncall)');
    expect(sent[2]!.body).toEqual([
      {
        labels: {
          alertname: 'BallastPage',
          deployment: 'credit',
          severity: 'page',
          incident_id: '01INCIDENT',
          schedule: 'ml-oncall',
          level: '2',
          person: 'ana',
        },
        annotations: { summary: page.summary, title: page.title },
        startsAt: page.at,
        endsAt: '2026-12-08T04:00:00.000Z',
        generatorURL: 'http://127.0.0.1:7070/#/incidents/01INCIDENT',
      },
    ]);
  });

  it('throws, for paging to record a failed page, when the receiver is unknown or refuses', async () => {
    const { delivery } = recorder(400);
    const send = pageSender(async () => receivers, { delivery });
    await expect(send('nobody', page)).rejects.toThrow('no alert receiver is named "nobody"');
    await expect(send('hook', page)).rejects.toThrow(/paging through "hook" failed after 1 attempt\(s\): HTTP 400/);
  });

  it('keeps the private-address guard of alert delivery', async () => {
    const { sent, delivery } = recorder();
    const send = pageSender(async () => [{ name: 'inside', kind: 'webhook', url: 'http://10.0.0.8/hook', allowPrivate: false }], {
      delivery: { ...delivery, resolve: async () => ['10.0.0.8'] },
    });
    await expect(send('inside', page)).rejects.toThrow(/paging through "inside" failed/);
    expect(sent).toEqual([]);
  });
});
