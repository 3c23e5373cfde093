import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import { markSensitiveColumns } from '../app/privacy/mark-columns.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`sensitive columns in prediction-log reads on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let auditor: string;
    let ids: string[];
    let instances: Record<string, unknown>[];
    const get = (url: string, token: string) => server.app.inject({ method: 'GET', url, headers: server.auth(token) });
    const sensitiveReads = async () => (await server.ctx.store.audit.list()).filter((e) => e.action === 'sensitive.read');

    beforeAll(async () => {
      server = await testServer(factory);
      await markSensitiveColumns(server.ctx, { ref: 'credit:1', sensitive: ['income'], pii: ['age'] });
      const made = await server.app.inject({
        method: 'POST',
        url: '/v1/tokens',
        headers: server.auth(server.tokens.admin),
        payload: { name: 'auditor', role: 'viewer', permissions: ['sensitive:read'] },
      });
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json().permissions).toEqual(['sensitive:read']);
      auditor = made.json().token;
      const deployed = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments',
        headers: server.auth(server.tokens.operator),
        payload: { name: 'credit', model: 'credit@champion' },
      });
      expect(deployed.statusCode, deployed.body).toBe(201);
      instances = await liveInstances(3);
      const answered = await server.app.inject({
        method: 'POST',
        url: '/v1/deployments/credit/predict',
        headers: server.auth(server.tokens.viewer),
        payload: { instances },
      });
      expect(answered.statusCode, answered.body).toBe(200);
      ids = answered.json().predictions.map((p: { prediction_id: string }) => p.prediction_id);
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('a viewer reads *** for the marked columns, every other value as logged, and no read is audited', async () => {
      const page = await get('/v1/predictions?deployment=credit&limit=10', server.tokens.viewer);
      expect(page.statusCode, page.body).toBe(200);
      const predictions = page.json().predictions as { id: string; inputs: Record<string, unknown> }[];
      expect(predictions.map((p) => p.id).sort()).toEqual([...ids].sort());
      for (const p of predictions) {
        expect(p.inputs.age).toBe('***');
        expect(p.inputs.income).toBe('***');
        expect(p.inputs.purpose).toEqual(expect.any(String));
        expect(p.inputs.purpose).not.toBe('***');
      }
      const one = await get(`/v1/predictions/${ids[0]}`, server.tokens.viewer);
      expect(one.json().inputs).toMatchObject({ age: '***', income: '***', purpose: instances[0]!.purpose });
      expect(await sensitiveReads()).toEqual([]);
    });

    it('a viewer with sensitive:read reads the values, and each such response writes one sensitive.read entry', async () => {
      const page = await get('/v1/predictions?deployment=credit&limit=10', auditor);
      const predictions = page.json().predictions as { id: string; inputs: Record<string, unknown> }[];
      const ages = predictions.map((p) => p.inputs.age).sort();
      expect(ages).toEqual(instances.map((i) => i.age).sort());
      let reads = await sensitiveReads();
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        actor: 'auditor',
        objectType: 'predictions',
        objectId: 'credit',
        details: { route: 'GET /v1/predictions', deployments: ['credit'], columns: ['age', 'income'], count: 3 },
      });
      expect([...(reads[0]!.details.prediction_ids as string[])].sort()).toEqual([...ids].sort());

      const one = await get(`/v1/predictions/${ids[0]}`, auditor);
      expect(one.json().inputs.income).toBe(instances.find((_, i) => ids[i] === ids[0])!.income);
      reads = await sensitiveReads();
      expect(reads).toHaveLength(2);
      expect(reads[1]!.details).toMatchObject({ route: 'GET /v1/predictions/{id}', prediction_ids: [ids[0]], count: 1 });
    });

    it('an admin holds every permission; an operator without it reads masked values', async () => {
      const before = (await sensitiveReads()).length;
      const asAdmin = await get(`/v1/predictions/${ids[1]}`, server.tokens.admin);
      expect(asAdmin.json().inputs.age).toBe(instances[1]!.age);
      const asOperator = await get(`/v1/predictions/${ids[1]}`, server.tokens.operator);
      expect(asOperator.json().inputs.age).toBe('***');
      expect(await sensitiveReads()).toHaveLength(before + 1);
    });

    it("monitoring is aggregate and unmasked: a viewer's drift report still names the sensitive columns with their statistics", async () => {
      const deployment = (await server.ctx.store.deployments.findByName('credit'))!;
      const reference = (await server.ctx.store.monitoring.findReference(deployment.versionId))!;
      const window = DatasetProfile.fromJSON(reference.profile);
      await server.ctx.store.monitoring.insertWindows([
        {
          deployment: 'credit',
          versionId: deployment.versionId,
          windowStart: '2026-11-25T11:58:00.000Z',
          windowMs: 60_000,
          source: 'test',
          rows: window.rows,
          profile: window.toJSON(),
          reconstruction: null,
          status: 'complete',
          updatedAt: '2026-11-25T11:59:05.000Z',
        },
      ]);
      const url = '/v1/deployments/credit/monitoring?from=2026-11-25T11:00:00Z&to=2026-11-25T12:00:00Z&window=5m';
      const body = (await get(url, server.tokens.viewer)).json();
      const columns = body.windows[0].drift.columns as Record<string, unknown>[];
      for (const name of ['age', 'income']) {
        const column = columns.find((c) => c.name === name) as {
          n_current: number;
          metrics: { psi: number };
          distribution: { current: number[] };
        };
        expect(column).toMatchObject({ name, type: 'numeric', drifted: false, metrics: { psi: 0 } });
        expect(column.n_current).toBeGreaterThan(19_000);
        expect(column.distribution.current.reduce((a, b) => a + b, 0)).toBeGreaterThan(19_000);
      }
      expect(JSON.stringify(body)).not.toContain('***');
    });

    it("tokens list shows each token's permissions", async () => {
      const list = (await get('/v1/tokens', server.tokens.admin)).json().tokens as { name: string; permissions: string[] }[];
      expect(list.find((t) => t.name === 'auditor')?.permissions).toEqual(['sensitive:read']);
      expect(list.find((t) => t.name === 'watcher')?.permissions).toEqual([]);
    });
  });
}
