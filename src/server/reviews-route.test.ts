import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { startServerReviews } from './server-reviews.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`review routes on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let reviewer: string;
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
      server.app.inject({ method, url, headers: server.auth(token), ...(payload !== undefined ? { payload: payload as string } : {}) });

    beforeAll(async () => {
      server = await testServer(factory);
      // Admins make reviewer tokens like any other.
      const made = await server.app.inject({
        method: 'POST',
        url: '/v1/tokens',
        headers: server.auth(server.tokens.admin),
        payload: { name: 'rita', role: 'reviewer' },
      });
      expect(made.statusCode, made.body).toBe(201);
      reviewer = made.json().token;
      expect((await call('POST', '/v1/deployments', server.tokens.operator, { name: 'credit', model: 'credit@champion' })).statusCode).toBe(
        201,
      );
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('operators set and clear the policy; viewers and reviewers only read it', async () => {
      const policy = { when: 'max_probability < 0.6', fallback: 'label:0' };
      expect((await call('PUT', '/v1/deployments/credit/review-policy', server.tokens.viewer, policy)).statusCode).toBe(403);
      expect((await call('PUT', '/v1/deployments/credit/review-policy', reviewer, policy)).statusCode).toBe(403);
      const set = await call('PUT', '/v1/deployments/credit/review-policy', server.tokens.operator, policy);
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toEqual({
        deployment: 'credit',
        review_policy: {
          when: 'max_probability < 0.6',
          fallback: { kind: 'label', value: 0 },
          set_at: expect.any(String),
          set_by: 'deployer',
        },
      });
      expect((await call('GET', '/v1/deployments/credit/review-policy', server.tokens.viewer)).json()).toEqual(set.json());
      const bad = await call('PUT', '/v1/deployments/credit/review-policy', server.tokens.operator, {
        when: 'max_probability < 0.6',
        fallback: 'label:7',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ code: 'invalid_review_policy', issues: [{ path: ['fallback'] }] });
      // A deployment with a policy and nothing pending is on the gauge at 0, so an alert sees the queue emptied.
      startServerReviews({ ctx: server.ctx, metrics: server.metrics });
      expect((await call('GET', '/metrics', server.tokens.admin)).body).toContain('ballast_review_queue_size{deployment="credit"} 0');
      const cleared = await call('DELETE', '/v1/deployments/credit/review-policy', server.tokens.operator);
      expect(cleared.json()).toEqual({ deployment: 'credit', review_policy: null });
    });

    it('lists held predictions to viewers, lets reviewers decide once, and the label shows as from review', async () => {
      const reviews = startServerReviews({ ctx: server.ctx, metrics: server.metrics });
      const put = await call('PUT', '/v1/deployments/credit/review-policy', server.tokens.operator, {
        when: 'probability between 0 and 1',
        fallback: 'abstain',
      });
      expect(put.statusCode).toBe(200);
      const instances = await liveInstances(2);
      const predicted = await call('POST', '/v1/deployments/credit/predict', server.tokens.viewer, { instances });
      const answers = predicted.json().predictions as { prediction_id: string; label: number; probabilities: number[] }[];
      const deployment = (await server.ctx.store.deployments.findByName('credit'))!;
      const version = (await server.ctx.store.versions.findById(deployment.versionId))!;
      const holds = await reviews.queue.hold({
        deployment,
        version,
        role: 'stable',
        ids: answers.map((a) => a.prediction_id),
        inputs: instances,
        records: answers.map((a) => ({ label: a.label, probabilities: a.probabilities })),
        flags: undefined,
        requestId: null,
        startedAt: 0,
        answeredAt: 0,
      });
      const id = holds[0]!.id;

      const listed = await call('GET', '/v1/reviews?deployment=credit&status=pending&limit=10', server.tokens.viewer);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json().pending).toBe(2);
      expect(listed.json().reviews[0]).toEqual({
        id,
        deployment: 'credit',
        prediction_id: answers[0]!.prediction_id,
        status: 'pending',
        reason: expect.stringMatching(/^probability [\d.]+ between 0 and 1$/),
        priority: expect.any(Number),
        created_at: expect.any(String),
        model: { name: 'credit', version: 1 },
        role: 'stable',
        inputs: instances[0],
        output: { label: answers[0]!.label, probabilities: answers[0]!.probabilities },
        classes: [0, 1],
        violations: [],
        fallback: { kind: 'abstain' },
        decision: null,
      });
      expect((await call('GET', '/v1/reviews?order=newest', server.tokens.viewer)).statusCode).toBe(400);
      expect((await call('GET', '/v1/reviews?limit=501', server.tokens.viewer)).statusCode).toBe(400);
      expect((await call('GET', `/v1/reviews/${id}`, server.tokens.viewer)).json().id).toBe(id);
      expect((await call('GET', '/v1/reviews/01NOPE', server.tokens.viewer)).json()).toMatchObject({ code: 'review_not_found' });

      expect((await call('POST', `/v1/reviews/${id}/decision`, server.tokens.viewer, { label: 1 })).statusCode).toBe(403);
      const unknown = await call('POST', `/v1/reviews/${id}/decision`, reviewer, { label: 'yes' });
      expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'unknown_label']);
      const decided = await call('POST', `/v1/reviews/${id}/decision`, reviewer, { label: 1, note: 'checked' });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ status: 'decided', decision: { label: 1, note: 'checked', decided_by: 'rita' } });
      const again = await call('POST', `/v1/reviews/${id}/decision`, server.tokens.operator, { label: 0 });
      expect([again.statusCode, again.json().code]).toEqual([409, 'review_already_decided']);

      const detail = (await call('GET', `/v1/predictions/${answers[0]!.prediction_id}`, server.tokens.viewer)).json();
      expect(detail.feedback).toMatchObject({ label: 1, source: 'review' });

      const scraped = (await call('GET', '/metrics', server.tokens.admin)).body;
      expect(scraped).toContain('ballast_review_queue_size{deployment="credit"} 1');
      expect(scraped).toContain('ballast_review_decision_seconds_count{deployment="credit"} 1');
    });
  });
}
