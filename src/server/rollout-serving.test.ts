import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy } from '../app/deployments.ts';
import { registerModel } from '../app/register-model.ts';
import { changeRouting } from '../app/routing-change.ts';
import type { ReviewQueue } from '../app/serving/serving-extensions.ts';
import { canary } from '../app/serving/testing/routed-versions.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import type { DeploymentRouting } from '../core/rollouts/deployment-routing.ts';
import { stickyBucket } from '../core/rollouts/route-request.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

/** Holds the second row of every request, answered with the abstain fallback. */
const holdSecond: ReviewQueue = {
  hold: async (rows) =>
    rows.ids.map((id, i) => (i === 1 ? { id: `r-${id}`, fallback: { kind: 'abstain' }, reason: 'second row' } : undefined)),
};

describe('predict answers say which version and role answered each row', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let v2Id: string;
  beforeEach(async () => {
    server = await testServer(factory, { serving: { extensions: { reviews: holdSecond }, random: () => 0.99 } });
    await registerModel(server.ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
    await deploy(server.ctx, { name: 'credit', model: 'credit:1' }, server.host);
    const model = (await server.ctx.store.models.findByName('credit'))!;
    v2Id = (await server.ctx.store.versions.find(model.id, 2))!.id;
  });
  afterEach(() => server.close());

  const route = (routing: DeploymentRouting) =>
    changeRouting(server.ctx, 'credit', () => ({ routing, action: 'test.route', details: {} }), server.host);
  const predict = (payload: object, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/deployments/credit/predict',
      headers: { ...server.auth(server.tokens.viewer), ...headers },
      payload,
    });

  it('splits a request by a sticky field, names each row version and role, and counts them by role on /metrics', async () => {
    const rollout = canary(v2Id, { weight: 50, stickyKey: { kind: 'field', name: 'applicant_id' } });
    await route({ rollout });
    const instances = await liveInstances(30);
    const response = await predict({ instances });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const expected = instances.map((row) => (stickyBucket(rollout.id, String(row.applicant_id)) < 5000 ? 2 : 1));
    expect(body.predictions.map((p: { model: { version: number } }) => p.model.version)).toEqual(expected);
    expect(body.predictions.map((p: { role: string }) => p.role)).toEqual(expected.map((v) => (v === 2 ? 'canary' : 'stable')));
    expect(body.model).toEqual({ name: 'credit', version: expected[0] });
    const canaryRows = expected.filter((v) => v === 2).length;
    const metrics = (await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(server.tokens.viewer) })).body;
    expect(metrics).toContain(`ballast_predictions_total{deployment="credit",model="credit",version="2",role="canary"} ${canaryRows}`);
    expect(metrics).toContain(`ballast_predictions_total{deployment="credit",model="credit",version="1",role="stable"} ${30 - canaryRows}`);
    // Rows without the key go at random (0.99: stable at weight 50) and are counted.
    const keyless = await predict({ instances: instances.slice(0, 3).map(({ applicant_id: _id, ...row }) => row) });
    expect(keyless.json().predictions.map((p: { role: string }) => p.role)).toEqual(['stable', 'stable', 'stable']);
    const after = (await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(server.tokens.viewer) })).body;
    expect(after).toContain('ballast_sticky_key_missing_total{deployment="credit"} 3');
    // The log keeps each row's role.
    const logged = await server.ctx.store.predictions.findById(body.predictions[expected.indexOf(2)].prediction_id);
    expect(logged?.modelVersion).toBe(2);
  });

  it('routes by a sticky header, and V2 answers say the version and role in their parameters', async () => {
    const rollout = canary(v2Id, { weight: 50, stickyKey: { kind: 'header', name: 'X-User-Id' } });
    await route({ rollout });
    const users = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6'];
    const versionFor = (user: string) => (stickyBucket(rollout.id, user) < 5000 ? 2 : 1);
    expect(new Set(users.map(versionFor)).size).toBe(2);
    const instances = await liveInstances(2);
    const payload = {
      inputs: Object.keys(instances[0]!)
        .filter((k) => !['applicant_id', 'sex', 'age_band', 'default'].includes(k))
        .map((name) => {
          const values = instances.map((i) => i[name] ?? null);
          return { name, shape: [2], datatype: values.some((v) => typeof v === 'string') ? 'BYTES' : 'FP64', data: values };
        }),
    };
    for (const user of users) {
      const json = await predict({ instances }, { 'x-user-id': user });
      expect(json.json().predictions.map((p: { model: { version: number } }) => p.model.version)).toEqual([
        versionFor(user),
        versionFor(user),
      ]);
      const v2 = await server.app.inject({
        method: 'POST',
        url: '/v2/models/credit/infer',
        headers: { ...server.auth(server.tokens.viewer), 'x-user-id': user },
        payload,
      });
      expect(v2.statusCode, v2.body).toBe(200);
      expect(v2.json().model_version).toBe(String(versionFor(user)));
      expect(v2.json().parameters).toMatchObject({
        registered_model: 'credit',
        model_version: String(versionFor(user)),
        role: versionFor(user) === 2 ? 'canary' : 'stable',
      });
      expect(v2.json().parameters.roles).toBeUndefined();
    }
  });

  it('answers a held row with its fallback and the review id, through the response schema', async () => {
    await route({
      review: {
        when: { kind: 'max_probability_below', threshold: 0.6 },
        whenText: 'x',
        fallback: { kind: 'abstain' },
        setAt: 'x',
        setBy: 'x',
      },
    });
    const response = await predict({ instances: await liveInstances(3) });
    expect(response.statusCode, response.body).toBe(200);
    const [first, held, third] = response.json().predictions;
    expect(Object.keys(first).sort()).toEqual(['label', 'model', 'prediction_id', 'probabilities', 'role']);
    expect(held).toEqual({
      prediction_id: held.prediction_id,
      model: { name: 'credit', version: 1 },
      role: 'stable',
      label: null,
      review: { id: `r-${held.prediction_id}`, status: 'pending' },
      fallback: 'abstain',
    });
    expect(third.review).toBeUndefined();
  });
});
