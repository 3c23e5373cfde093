import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTrainingFile } from '../../app/alerts/testing/rollback-fixtures.ts';
import { registerModel } from '../../app/register-model.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { liveInstances, testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  await registerModel(server.ctx, {
    name: 'credit',
    modelFile: path.join(EXAMPLES, 'model.lgb.txt'),
    trainingData: smallTrainingFile(server.ctx.dir),
    importance: false,
    labelColumn: 'default',
  });
  const deployed = await call('POST', '/v1/deployments', server.tokens.operator, { name: 'credit', model: 'credit:1' });
  expect(deployed.statusCode).toBe(201);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: Record<string, unknown>) =>
  server.app.inject({ method, url, headers: server.auth(token), ...(payload !== undefined ? { payload } : {}) });

describe('/v1/deployments/{name}/rollout', () => {
  it('starts, shows, pauses, refuses what does not fit, and promotes a canary, served at once', async () => {
    const { tokens } = server;
    expect((await call('POST', '/v1/deployments/credit/rollout', tokens.viewer, { to: 'credit:2', strategy: 'canary' })).statusCode).toBe(
      403,
    );

    const started = await call('POST', '/v1/deployments/credit/rollout', tokens.operator, {
      to: 'credit:2',
      strategy: 'canary',
      steps: [10, 100],
      step_duration: '5m',
      sticky_key: 'header:X-Customer',
      gate: { format: 'ballast.alerts/v1', rules: [{ name: 'slow', signal: 'latency.p99', window: '1m', above: 200 }] },
    });
    expect(started.statusCode).toBe(201);
    const body = started.json();
    expect(body).toMatchObject({
      deployment: 'credit',
      revision: 2,
      stable: { name: 'credit', version: 1 },
      rollout: {
        strategy: 'canary',
        status: 'progressing',
        candidate: { name: 'credit', version: 2 },
        steps: [10, 100],
        step_index: 0,
        weight: 10,
        step_duration_ms: 300_000,
        sticky_key: { kind: 'header', name: 'x-customer' },
        gate_rules: ['slow'],
        started_by: 'deployer',
      },
      history: [{ strategy: 'canary', outcome: null, started_by: 'deployer' }],
    });
    expect(Object.keys(body.rollout).sort()).toEqual(
      [
        'id',
        'strategy',
        'status',
        'candidate',
        'steps',
        'step_index',
        'weight',
        'step_started_at',
        'step_duration_ms',
        'step_ends_at',
        'sticky_key',
        'gate_rules',
        'keep_previous_ms',
        'switched_at',
        'previous',
        'started_at',
        'started_by',
      ].sort(),
    );

    const again = await call('POST', '/v1/deployments/credit/rollout', tokens.operator, { to: 'credit:2', strategy: 'ab' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'rollout_in_progress']);
    const deploy = await call('POST', '/v1/deployments', tokens.operator, { name: 'credit', model: 'credit:2' });
    expect([deploy.statusCode, deploy.json().code]).toEqual([409, 'rollout_in_progress']);

    const status = await call('GET', '/v1/deployments/credit/rollout', tokens.viewer);
    expect(status.json().rollout.id).toBe(body.rollout.id);
    const paused = await call('POST', '/v1/deployments/credit/rollout/pause', tokens.operator, { reason: 'on call is away' });
    expect([paused.statusCode, paused.json().rollout.status]).toEqual([200, 'paused']);
    const wrong = await call('POST', '/v1/deployments/credit/rollout/switch', tokens.operator, {});
    expect([wrong.statusCode, wrong.json().code]).toEqual([409, 'rollout_state_conflict']);
    expect(wrong.json().detail).toContain('what fits now: resume, promote, abort');
    const unknownVerb = await call('POST', '/v1/deployments/credit/rollout/explode', tokens.operator, {});
    expect(unknownVerb.statusCode).toBe(400);

    const promoted = await call('POST', '/v1/deployments/credit/rollout/promote', tokens.operator);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ stable: { name: 'credit', version: 2 }, rollout: null, history: [{ outcome: 'promoted' }] });
    const predicted = await call('POST', '/v1/deployments/credit/predict', tokens.viewer, { instances: await liveInstances(1) });
    expect(predicted.json().model).toEqual({ name: 'credit', version: 2 });

    const none = await call('POST', '/v1/deployments/credit/rollout/abort', tokens.operator, { reason: 'x' });
    expect([none.statusCode, none.json().code]).toEqual([404, 'rollout_not_found']);
    const history = await call('GET', '/v1/deployments/credit/rollouts?limit=5', tokens.viewer);
    expect(history.json()).toMatchObject({
      deployment: 'credit',
      rollouts: [{ id: body.rollout.id, outcome: 'promoted', ended_by: 'deployer' }],
    });
  });

  it('answers 422 invalid_rollout naming every bad option, and 404 for a deployment that does not exist', async () => {
    const { tokens } = server;
    const bad = await call('POST', '/v1/deployments/credit/rollout', tokens.operator, {
      to: 'credit:1',
      strategy: 'canary',
      steps: [50, 20, 100],
      step_duration: '10 minutes',
      split: 30,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('invalid_rollout');
    expect(bad.json().issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['split', 'steps.1', 'step_duration']);
    const missing = await call('POST', '/v1/deployments/nope/rollout', tokens.operator, { to: 'credit:1', strategy: 'canary' });
    expect(missing.statusCode).toBe(404);
  });
});
