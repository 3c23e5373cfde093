import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModel } from '../app/register-model.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { startServerReviews } from './server-reviews.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

// A contract flagging age (reject) sensitive and income (flag) pii; purpose (flag) is not sensitive.
const CONTRACT = `format: ballast.contract/v1
columns:
  age: { type: integer, min: 18, max: 100, nullable: false, on_violation: reject, sensitive: true }
  income: { type: number, min: 0, max: 5000000, on_violation: flag, pii: true }
  purpose: { type: category, values: [car, home_improvement, debt_consolidation, education, business, medical], on_violation: flag }
`;

for (const factory of storeFactories()) {
  describe(`sensitive values in violation messages and review items on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let instances: Record<string, unknown>[];
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
      server.app.inject({ method, url, headers: server.auth(token), ...(payload !== undefined ? { payload: payload as string } : {}) });
    const sensitiveReads = async () => (await server.ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read');

    beforeAll(async () => {
      server = await testServer(factory);
      const contractFile = path.join(server.ctx.dir, 'credit.yaml');
      writeFileSync(contractFile, CONTRACT);
      await registerModel(server.ctx, {
        name: 'credit',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        trainingData: path.join(EXAMPLES, 'train.csv'),
        importance: false,
        labelColumn: 'default',
        contractFile,
      });
      const deployed = await call('POST', '/v1/deployments', server.tokens.operator, { name: 'guarded', model: 'credit:2' });
      expect(deployed.statusCode, deployed.body).toBe(201);
      instances = await liveInstances(2);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('a 422 names the sensitive column and the failed rule, never its value', async () => {
      const response = await call('POST', '/v1/deployments/guarded/predict', server.tokens.viewer, {
        instances: [{ ...instances[0], age: 1234 }],
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'contract_violation',
        issues: [{ code: 'out_of_range', path: ['instances', 0, 'age'], message: expect.stringContaining('"age"') }],
      });
      expect(response.body).not.toContain('1234');
    });

    it('a flagged violation on a pii column is answered and logged without the value; others keep theirs', async () => {
      const response = await call('POST', '/v1/deployments/guarded/predict', server.tokens.viewer, {
        instances: [{ ...instances[0], income: 987654321, purpose: 'yacht' }],
      });
      expect(response.statusCode, response.body).toBe(200);
      const [prediction] = response.json().predictions;
      expect(JSON.stringify(prediction.violations)).not.toContain('987654321');
      expect(prediction.violations[1]).toMatchObject({ column: 'purpose', message: expect.stringContaining('yacht') });
      const record = await server.ctx.store.predictions.findById(prediction.prediction_id);
      expect(JSON.stringify(record!.violations)).not.toContain('987654321');
      // The input itself is in the log: masked for a viewer, shown to an admin (audited).
      const asViewer = (await call('GET', `/v1/predictions/${prediction.prediction_id}`, server.tokens.viewer)).json();
      expect(asViewer.inputs).toMatchObject({ age: '***', income: '***', purpose: 'yacht' });
      const asAdmin = (await call('GET', `/v1/predictions/${prediction.prediction_id}`, server.tokens.admin)).json();
      expect(asAdmin.inputs).toMatchObject({ age: instances[0]!.age, income: 987654321 });
      expect(JSON.stringify(asAdmin.violations)).not.toContain('987654321');
    });

    it('review items show *** for a reviewer without sensitive:read, the values (audited) with it', async () => {
      const reviews = startServerReviews({ ctx: server.ctx, metrics: server.metrics });
      const policy = { when: 'probability between 0 and 1', fallback: 'abstain' };
      expect((await call('PUT', '/v1/deployments/guarded/review-policy', server.tokens.operator, policy)).statusCode).toBe(200);
      const deployment = (await server.ctx.store.deployments.findByName('guarded'))!;
      const version = (await server.ctx.store.versions.findById(deployment.versionId))!;
      const held = await reviews.queue.hold({
        deployment,
        version,
        role: 'stable',
        ids: ['01SENSITIVEREVIEW000000001'],
        inputs: [instances[1]!],
        records: [{ label: 1, probabilities: [0.4, 0.6] }],
        flags: undefined,
        requestId: null,
        startedAt: 0,
        answeredAt: 0,
      });
      const made = await call('POST', '/v1/tokens', server.tokens.admin, { name: 'rita', role: 'reviewer' });
      const reviewer = made.json().token as string;
      const listed = (await call('GET', '/v1/reviews?deployment=guarded', reviewer)).json();
      expect(listed.reviews[0].inputs).toMatchObject({ age: '***', income: '***', purpose: instances[1]!.purpose });
      expect((await call('GET', `/v1/reviews/${held[0]!.id}`, reviewer)).json().inputs.age).toBe('***');
      const decided = await call('POST', `/v1/reviews/${held[0]!.id}/decision`, reviewer, { label: 1 });
      expect(decided.json().inputs.age).toBe('***');
      const before = (await sensitiveReads()).length;

      const trusted = (
        await call('POST', '/v1/tokens', server.tokens.admin, { name: 'rosa', role: 'reviewer', permissions: ['sensitive:read'] })
      ).json().token as string;
      const shown = (await call('GET', '/v1/reviews?deployment=guarded', trusted)).json();
      expect(shown.reviews[0].inputs).toMatchObject({ age: instances[1]!.age, income: instances[1]!.income });
      const reads = await sensitiveReads();
      expect(reads).toHaveLength(before + 1);
      expect(reads.at(-1)).toMatchObject({
        actor: 'rosa',
        details: { route: 'GET /v1/reviews', prediction_ids: ['01SENSITIVEREVIEW000000001'], count: 1, columns: ['age', 'income'] },
      });
    });
  });
}
