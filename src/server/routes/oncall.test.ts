import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeReceivers } from '../../app/oncall/testing/stored-receivers.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer(factory);
  await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'credit', model: 'credit@champion' },
  });
  await storeReceivers(server.ctx.store, 'xia-pager', 'yan-pager', 'zoe-pager');
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const DOCUMENT = {
  format: 'ballast.oncall/v1',
  schedules: [
    {
      name: 'ml',
      deployments: ['credit'],
      time_zone: 'America/New_York',
      rotations: [
        {
          type: 'weekly',
          handoff: '09:00',
          handoff_day: 'monday',
          start: '2026-10-26',
          participants: [
            { name: 'xia', receiver: 'xia-pager' },
            { name: 'yan', receiver: 'yan-pager' },
          ],
        },
      ],
      overrides: [{ who: 'zoe', receiver: 'zoe-pager', from: '2026-11-03T00:00', to: '2026-11-04T00:00' }],
      escalation: [
        { level: 1, to: 'on_call', ack_timeout: '15m' },
        { level: 2, to: 'xia' },
      ],
    },
  ],
};

const put = (body: unknown, token = server.tokens.operator) =>
  server.app.inject({ method: 'PUT', url: '/v1/oncall/schedules', headers: server.auth(token), payload: body as object });

describe('/v1/oncall/schedules', () => {
  it('applies a document for operators, answers it back in a form PUT accepts unchanged, and refuses viewers', async () => {
    expect((await put(DOCUMENT, server.tokens.viewer)).json().code).toBe('forbidden');
    const applied = await put(DOCUMENT);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ version: 1, changed: true, applied_by: 'deployer' });
    const got = (
      await server.app.inject({ method: 'GET', url: '/v1/oncall/schedules', headers: server.auth(server.tokens.viewer) })
    ).json();
    expect(got.version).toBe(1);
    // The local override times come back as instants (EST is UTC-5 in November).
    expect(got.document.schedules[0].overrides).toEqual([
      { who: 'zoe', receiver: 'zoe-pager', from: '2026-11-03T05:00:00.000Z', to: '2026-11-04T05:00:00.000Z' },
    ]);
    expect(got.document.schedules[0].escalation).toEqual([
      { level: 1, to: 'on_call', ack_timeout: '15m' },
      { level: 2, to: 'xia' },
    ]);
    const again = await put(got.document);
    expect(again.json()).toMatchObject({ version: 1, changed: false });
  });

  it('refuses an invalid document with every problem and its path, applying nothing', async () => {
    const before = (
      await server.app.inject({ method: 'GET', url: '/v1/oncall/schedules', headers: server.auth(server.tokens.viewer) })
    ).json();
    const bad = structuredClone(DOCUMENT) as { schedules: Record<string, unknown>[] };
    bad.schedules[0]!.time_zone = 'Mars/Olympus';
    bad.schedules[0]!.deployments = ['credit', 'fraud'];
    const response = await put(bad);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('invalid_oncall_schedule');
    expect(problem.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual([
      'schedules.0.deployments.1',
      'schedules.0.time_zone',
    ]);
    // A receiver the alert rules do not store would page nobody: refused against the stored receivers.
    const unknownReceiver = structuredClone(DOCUMENT);
    unknownReceiver.schedules[0]!.overrides[0]!.receiver = 'zoe-phone';
    const refused = await put(unknownReceiver);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().issues).toEqual([
      expect.objectContaining({ path: ['schedules', 0, 'overrides', 0, 'receiver'], message: expect.stringContaining('zoe-phone') }),
    ]);
    const after = (
      await server.app.inject({ method: 'GET', url: '/v1/oncall/schedules', headers: server.auth(server.tokens.viewer) })
    ).json();
    expect(after).toEqual(before);
  });
});

describe('GET /v1/oncall/who', () => {
  const who = (query: string) =>
    server.app.inject({ method: 'GET', url: `/v1/oncall/who${query}`, headers: server.auth(server.tokens.viewer) });

  it('answers who is on call at a time, from the rotation or an override, and until when', async () => {
    await put(DOCUMENT);
    expect((await who('?at=2026-11-02T13:30:00Z')).json()).toEqual({
      at: '2026-11-02T13:30:00.000Z',
      schedules: [{ name: 'ml', on_call: 'xia', receiver: 'xia-pager', source: 'rotation', until: '2026-11-02T14:00:00.000Z' }],
    });
    expect((await who('?at=2026-11-03T12:00:00Z&schedule=ml')).json().schedules).toEqual([
      { name: 'ml', on_call: 'zoe', receiver: 'zoe-pager', source: 'override', until: '2026-11-04T05:00:00.000Z' },
    ]);
    expect((await who('?at=2026-10-01T00:00:00Z')).json().schedules[0]).toMatchObject({
      on_call: null,
      source: null,
      until: '2026-10-26T13:00:00.000Z',
    });
  });

  it('refuses a time it cannot read and a schedule that does not exist', async () => {
    const badTime = await who('?at=yesterday');
    expect([badTime.statusCode, badTime.json().code]).toEqual([400, 'invalid_argument']);
    expect((await who('?schedule=nope')).json().code).toBe('invalid_argument');
  });
});
