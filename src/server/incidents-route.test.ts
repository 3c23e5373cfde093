import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentSink } from '../app/incidents/incident-sink.ts';
import { pageRule, transition } from '../app/incidents/testing/alert-transitions.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let id: string;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: server.auth(token), ...(payload !== undefined ? { payload: payload as string } : {}) });

beforeAll(async () => {
  server = await testServer(factory);
  await createIncidentSink(server.ctx)([transition(pageRule(), 'inactive', 'firing', '2026-11-25T10:00:00.000Z', 0.5)]);
  id = (await server.ctx.store.incidents.openFor('credit'))!.id;
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('/v1/incidents', () => {
  it('lists and shows incidents to viewers in the wire shape, timeline with its snapshot', async () => {
    const listed = await call('GET', '/v1/incidents?status=open', server.tokens.viewer);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toEqual({
      incidents: [
        {
          id,
          deployment: 'credit',
          title: 'inputs-drifted: drift.share above 0.3',
          severity: 'page',
          status: 'open',
          commander: null,
          opened_at: '2026-11-25T10:00:00.000Z',
          acknowledged_at: null,
          mitigated_at: null,
          resolved_at: null,
          rules: ['inputs-drifted'],
        },
      ],
    });
    expect((await call('GET', '/v1/incidents?status=resolved', server.tokens.viewer)).json()).toEqual({ incidents: [] });
    expect((await call('GET', '/v1/incidents?status=closed', server.tokens.viewer)).statusCode).toBe(400);
    const shown = (await call('GET', `/v1/incidents/${id}`, server.tokens.viewer)).json();
    expect(shown.postmortem).toBeNull();
    expect(shown.timeline).toEqual([
      expect.objectContaining({
        kind: 'alert_firing',
        actor: 'alert:inputs-drifted',
        details: expect.objectContaining({ value: 0.5, threshold: 0.3 }),
      }),
    ]);
    const missing = await call('GET', '/v1/incidents/nope', server.tokens.viewer);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'incident_not_found']);
  });

  it('lets operators, not viewers, ack, note, mitigate and resolve, refusing impossible moves with 409', async () => {
    expect((await call('POST', `/v1/incidents/${id}/ack`, server.tokens.viewer, {})).statusCode).toBe(403);
    const acked = await call('POST', `/v1/incidents/${id}/ack`, server.tokens.operator, {});
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json()).toMatchObject({ status: 'acknowledged', commander: 'deployer' });
    const again = await call('POST', `/v1/incidents/${id}/ack`, server.tokens.operator, { commander: 'ana' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'conflict']);
    expect((await call('POST', `/v1/incidents/${id}/notes`, server.tokens.operator, { text: '' })).statusCode).toBe(400);
    expect(
      (await call('POST', `/v1/incidents/${id}/notes`, server.tokens.operator, { text: 'cause: a new upstream feed' })).statusCode,
    ).toBe(200);
    expect((await call('POST', `/v1/incidents/${id}/mitigate`, server.tokens.operator)).json().status).toBe('mitigated');
    expect((await call('POST', `/v1/incidents/${id}/resolve`, server.tokens.operator)).json().status).toBe('resolved');
    const timeline = (await call('GET', `/v1/incidents/${id}`, server.tokens.viewer)).json().timeline as { kind: string; actor: string }[];
    expect(timeline.map((e) => `${e.kind}:${e.actor}`)).toEqual([
      'alert_firing:alert:inputs-drifted',
      'status:deployer',
      'note:deployer',
      'status:deployer',
      'status:deployer',
    ]);
  });

  it('drafts, renders, edits and reviews the postmortem, and lists its action items', async () => {
    expect((await call('POST', `/v1/incidents/${id}/postmortem`, server.tokens.viewer, {})).statusCode).toBe(403);
    const drafted = await call('POST', `/v1/incidents/${id}/postmortem`, server.tokens.operator, {});
    expect(drafted.statusCode, drafted.body).toBe(200);
    expect(drafted.json().postmortem).toMatchObject({ format: 'md', reviewed: false, updated_by: 'deployer' });
    expect(drafted.json().postmortem.text).toContain('## Action items');
    const html = (await call('POST', `/v1/incidents/${id}/postmortem`, server.tokens.operator, { format: 'html' })).json().postmortem;
    expect(html.format).toBe('html');
    expect(html.text).toMatch(/^<!doctype html>/);
    const edited = await call('PUT', `/v1/incidents/${id}/postmortem`, server.tokens.operator, {
      text: '# Postmortem\n## Action items\n- [ ] Alert on the feed (data-team)\n- [x] Roll back (ana)\n',
      reviewed: true,
    });
    expect(edited.json().postmortem).toMatchObject({ reviewed: true });
    expect((await call('GET', `/v1/incidents/${id}`, server.tokens.viewer)).json().postmortem).toMatchObject({
      format: 'md',
      reviewed: true,
    });
    const open = (await call('GET', '/v1/incidents/action-items?open=true', server.tokens.viewer)).json();
    expect(open).toEqual({
      action_items: [{ incident_id: id, deployment: 'credit', position: 0, text: 'Alert on the feed', owner: 'data-team', done: false }],
    });
  });
});
