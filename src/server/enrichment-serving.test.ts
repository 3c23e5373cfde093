import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOnlineStore, type OnlineStore } from '../app/features/online-store.ts';
import type { FeatureDefinitions } from '../core/features/feature-definitions.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const BUREAU = ['credit_history_months', 'num_open_accounts', 'num_late_payments_2y', 'credit_utilization'];
const REFS = BUREAU.map((feature) => `bureau:${feature}`);
const NOT_MODEL_INPUTS = ['applicant_id', 'sex', 'age_band', 'default'];

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'applicant', key: 'applicant_id' }],
  sources: [{ name: 'bureau_snapshots', path: '/data/bureau.csv', timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'bureau',
      entity: 'applicant',
      source: 'bureau_snapshots',
      ttlSeconds: null,
      features: [
        { name: 'credit_history_months', type: 'integer' },
        { name: 'num_open_accounts', type: 'integer' },
        { name: 'num_late_payments_2y', type: 'integer' },
        { name: 'credit_utilization', type: 'number' },
        { name: 'score_band', type: 'string' },
      ],
    },
  ],
  onDemandFeatures: [{ name: 'debt_to_income', type: 'number', expr: 'round(loan_amount / income, 3)' }],
};

const EVENT_TIME = '2026-01-05T10:00:00.000Z';

for (const factory of storeFactories()) {
  describe(`deployments completed from the online store, over HTTP on ${factory.dialect}`, () => {
    let server: Awaited<ReturnType<typeof testServer>>;
    let rows: Record<string, unknown>[];
    /** Every online-store read the server makes: [view, keys]. */
    const reads: [string, readonly string[]][] = [];
    const post = (url: string, payload: unknown, token = server.tokens.operator) =>
      server.app.inject({ method: 'POST', url, headers: server.auth(token), payload: payload as string });
    const get = (url: string) => server.app.inject({ method: 'GET', url, headers: server.auth(server.tokens.viewer) });
    /** A live row as the client of an enriching deployment sends it: the key and the application fields. */
    const keyAndApplication = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).filter(([name]) => !BUREAU.includes(name)));
    const modelInputs = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).filter(([name]) => !NOT_MODEL_INPUTS.includes(name)));

    beforeAll(async () => {
      server = await testServer(factory);
      rows = await liveInstances(12);
      const database = databaseOnlineStore(server.ctx.store);
      const counting: OnlineStore = {
        ...database,
        read: (view, keys) => {
          reads.push([view, keys]);
          return database.read(view, keys);
        },
      };
      // The context is the server's own: enrichment loaded from now on reads through the counter.
      Object.assign(server.ctx, { onlineStore: counting });
    });
    afterAll(async () => {
      await server.close();
      await factory.cleanup();
    });

    it('refuses features before any definitions are applied, then unknown refs and features the model does not take', async () => {
      const config = { features: { entity_key: 'applicant_id', features: REFS } };
      const none = await post('/v1/deployments', { name: 'enriched', model: 'credit@champion', config });
      expect(none.statusCode, none.body).toBe(404);
      expect(none.json().code).toBe('feature_set_not_found');

      await server.ctx.store.transaction((tx) =>
        tx.featureSets.append({
          definitions: DEFINITIONS,
          sha256: 'a'.repeat(64),
          sourceFile: '/data/features.yaml',
          createdBy: 'test',
          createdAt: '2026-01-05T09:00:00.000Z',
        }),
      );
      const unknownView = await post('/v1/deployments', {
        name: 'enriched',
        model: 'credit@champion',
        config: { features: { entity_key: 'applicant_id', features: ['bureau:credit_utilization', 'tx:spend_7d'] } },
      });
      expect(unknownView.statusCode).toBe(404);
      expect(unknownView.json()).toMatchObject({
        code: 'feature_not_found',
        detail: expect.stringContaining('no feature view is named "tx"'),
      });

      const notAnInput = await post('/v1/deployments', {
        name: 'enriched',
        model: 'credit@champion',
        config: { features: { entity_key: 'customer_id', features: ['bureau:score_band'] } },
      });
      expect(notAnInput.statusCode).toBe(400);
      expect(notAnInput.json()).toMatchObject({ code: 'invalid_argument' });
      expect(notAnInput.json().issues).toEqual([
        expect.objectContaining({ path: ['features', 'features', 0], message: expect.stringContaining('keyed by "applicant_id"') }),
        expect.objectContaining({ path: ['features', 'features', 0], message: expect.stringContaining('"score_band" is not an input') }),
      ]);
      expect((await get('/v1/deployments/enriched')).statusCode).toBe(404);
    });

    it('deploys with features stamped with the definitions version, and shows them', async () => {
      const created = await post('/v1/deployments', {
        name: 'enriched',
        model: 'credit@champion',
        config: { features: { entity_key: 'applicant_id', features: REFS } },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().config.features).toEqual({
        entity_key: 'applicant_id',
        features: REFS,
        on_missing_entity: 'missing',
        feature_set_version: 1,
      });
      const strict = await post('/v1/deployments', {
        name: 'strict',
        model: 'credit@champion',
        config: { features: { entity_key: 'applicant_id', features: REFS, on_missing_entity: 'reject' } },
      });
      expect(strict.json().config.features.on_missing_entity).toBe('reject');
      // Deployments without features show none.
      expect((await post('/v1/deployments', { name: 'plain', model: 'credit@champion' })).statusCode).toBe(201);
      expect((await get('/v1/deployments/plain')).json().config).not.toHaveProperty('features');

      // The same deploy again changes nothing; another config keeps the features.
      const again = await post('/v1/deployments', { name: 'enriched', model: 'credit@champion' });
      expect(again.json()).toMatchObject({ changed: false, revision: 1 });
      const wider = await post('/v1/deployments', { name: 'enriched', model: 'credit@champion', config: { max_batch_size: 32 } });
      expect(wider.json()).toMatchObject({ changed: true, revision: 2, config: { features: { feature_set_version: 1 } } });
    });

    it('scores a request carrying only the key and the application as the full row, reading the store once', async () => {
      await server.ctx.store.onlineFeatures.upsert(
        'bureau',
        rows.map((row) => ({
          entityKey: String(row.applicant_id),
          values: Object.fromEntries(BUREAU.map((name) => [name, (row[name] ?? null) as number | null])),
          eventTime: EVENT_TIME,
        })),
        1,
        EVENT_TIME,
      );
      reads.length = 0;
      const enriched = await post('/v1/deployments/enriched/predict', { instances: rows.map(keyAndApplication) }, server.tokens.viewer);
      expect(enriched.statusCode, enriched.body).toBe(200);
      expect(reads).toEqual([['bureau', rows.map((row) => row.applicant_id)]]);
      const plain = await post('/v1/deployments/plain/predict', { instances: rows.map(modelInputs) }, server.tokens.viewer);
      const answers = (body: { predictions: { probabilities: number[]; label: unknown }[] }) =>
        body.predictions.map((p) => [p.label, p.probabilities]);
      expect(answers(enriched.json())).toEqual(answers(plain.json()));

      // The values used, with their event times, are in the prediction's lineage.
      const id = enriched.json().predictions[3].prediction_id;
      const logged = (await get(`/v1/predictions/${id}`)).json();
      expect(logged.inputs).toMatchObject(modelInputs(rows[3]!));
      expect(logged.lineage.feature_set_version).toBe(1);
      expect(logged.enrichment).toEqual({
        feature_set_version: 1,
        entity_key: 'applicant_id',
        key: rows[3]!.applicant_id,
        features: BUREAU.map((name) => ({
          ref: `bureau:${name}`,
          name,
          value: rows[3]![name] ?? null,
          event_time: EVENT_TIME,
          origin: 'online',
        })),
      });
      const plainLogged = (await get(`/v1/predictions/${plain.json().predictions[3].prediction_id}`)).json();
      expect(plainLogged).not.toHaveProperty('enrichment');
      expect(plainLogged.lineage.feature_set_version).toBeNull();
    });

    it('keeps a value the request carries, and gives missing values for an entity the store lacks', async () => {
      const carried = { ...keyAndApplication(rows[0]!), credit_utilization: 0.999 };
      const unknown = { ...keyAndApplication(rows[1]!), applicant_id: 'NOBODY' };
      const answered = await post('/v1/deployments/enriched/predict', { instances: [carried, unknown] }, server.tokens.viewer);
      expect(answered.statusCode, answered.body).toBe(200);
      const [first, second] = await Promise.all(
        answered.json().predictions.map(async (p: { prediction_id: string }) => (await get(`/v1/predictions/${p.prediction_id}`)).json()),
      );
      expect(first.inputs.credit_utilization).toBe(0.999);
      expect(first.enrichment.features.find((f: { name: string }) => f.name === 'credit_utilization')).toEqual({
        ref: 'bureau:credit_utilization',
        name: 'credit_utilization',
        value: 0.999,
        event_time: null,
        origin: 'request',
      });
      expect(first.enrichment.features.find((f: { name: string }) => f.name === 'num_open_accounts').origin).toBe('online');
      expect(second.enrichment.key).toBe('NOBODY');
      for (const feature of second.enrichment.features) expect(feature).toMatchObject({ value: null, event_time: null, origin: 'missing' });
      for (const name of BUREAU) expect(second.inputs[name]).toBeNull();
    });

    it('answers 422 missing_entity for a row without its key, and for an unknown entity when the deployment rejects', async () => {
      const { applicant_id: _key, ...keyless } = keyAndApplication(rows[0]!);
      const noKey = await post(
        '/v1/deployments/enriched/predict',
        { instances: [keyAndApplication(rows[1]!), keyless] },
        server.tokens.viewer,
      );
      expect(noKey.statusCode).toBe(422);
      expect(noKey.json()).toMatchObject({ code: 'missing_entity', issues: [{ path: ['instances', 1, 'applicant_id'] }] });

      const unknown = { ...keyAndApplication(rows[1]!), applicant_id: 'NOBODY' };
      const rejected = await post(
        '/v1/deployments/strict/predict',
        { instances: [keyAndApplication(rows[0]!), unknown] },
        server.tokens.viewer,
      );
      expect(rejected.statusCode).toBe(422);
      expect(rejected.json()).toMatchObject({
        code: 'missing_entity',
        issues: [{ path: ['instances', 1, 'applicant_id'], message: expect.stringContaining('"NOBODY"') }],
      });
      const known = await post('/v1/deployments/strict/predict', { instances: [keyAndApplication(rows[0]!)] }, server.tokens.viewer);
      expect(known.statusCode, known.body).toBe(200);
    });

    it('completes V2 requests that carry the key as a BYTES tensor, alike', async () => {
      const sent = rows.slice(0, 5).map(keyAndApplication);
      const names = Object.keys(modelInputs(sent[0]!)).concat('applicant_id');
      const v2 = await post(
        '/v2/models/enriched/infer',
        {
          inputs: names.map((name) => {
            const values = sent.map((row) => row[name] ?? null);
            return { name, shape: [5], datatype: values.some((v) => typeof v === 'string') ? 'BYTES' : 'FP64', data: values };
          }),
        },
        server.tokens.viewer,
      );
      expect(v2.statusCode, v2.body).toBe(200);
      const ids: string[] = v2.json().parameters.prediction_ids.split(',');
      const plain = await post('/v1/deployments/plain/predict', { instances: rows.slice(0, 5).map(modelInputs) }, server.tokens.viewer);
      const probabilities = v2.json().outputs.find((o: { name: string }) => o.name === 'probabilities');
      expect(probabilities.data.slice(0, 2)).toEqual(plain.json().predictions[0].probabilities);
      const logged = (await get(`/v1/predictions/${ids[2]}`)).json();
      expect(logged.enrichment).toMatchObject({
        key: rows[2]!.applicant_id,
        features: expect.arrayContaining([expect.objectContaining({ origin: 'online' })]),
      });
    });

    it('computes an on-demand feature from the request fields, the request still winning', async () => {
      const created = await post('/v1/deployments', {
        name: 'on-demand',
        model: 'credit@champion',
        config: { features: { entity_key: 'applicant_id', features: [...REFS, 'on_demand:debt_to_income'] } },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { debt_to_income: _given, ...withoutRatio } = keyAndApplication(rows[0]!);
      const answered = await post(
        '/v1/deployments/on-demand/predict',
        { instances: [withoutRatio, { ...keyAndApplication(rows[1]!), debt_to_income: 0.5 }] },
        server.tokens.viewer,
      );
      expect(answered.statusCode, answered.body).toBe(200);
      const [computed, carried] = await Promise.all(
        answered.json().predictions.map(async (p: { prediction_id: string }) => (await get(`/v1/predictions/${p.prediction_id}`)).json()),
      );
      const expected = Math.round(((rows[0]!.loan_amount as number) / (rows[0]!.income as number)) * 1000) / 1000;
      expect(computed.inputs.debt_to_income).toBe(expected);
      expect(computed.enrichment.features.at(-1)).toEqual({
        ref: 'on_demand:debt_to_income',
        name: 'debt_to_income',
        value: expected,
        event_time: null,
        origin: 'on_demand',
      });
      expect(carried.enrichment.features.at(-1)).toMatchObject({ value: 0.5, origin: 'request' });
    });

    it('removes the features with null, and serves plain again', async () => {
      const removed = await post('/v1/deployments', { name: 'enriched', model: 'credit@champion', config: { features: null } });
      expect(removed.json().config).not.toHaveProperty('features');
      reads.length = 0;
      const plain = await post('/v1/deployments/enriched/predict', { instances: rows.slice(0, 2).map(modelInputs) }, server.tokens.viewer);
      expect(plain.statusCode, plain.body).toBe(200);
      expect(reads).toEqual([]);
    });
  });
}
