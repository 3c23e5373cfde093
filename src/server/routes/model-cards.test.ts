import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/canonical-json.ts';
import { sha256Hex } from '../../app/audit.ts';
import { createToken } from '../../app/tokens.ts';
import { CARD_SECTIONS } from '../../core/model-cards/model-card.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const call = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: server.auth(token), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('model card routes', () => {
  it('answers the card as JSON with every section, and as Markdown or HTML by format', async () => {
    const { tokens } = server;
    const json = await call('GET', '/v1/models/credit/versions/1/card', tokens.viewer);
    expect(json.statusCode).toBe(200);
    const card = json.json();
    expect(card).toMatchObject({
      schema_version: 'ballast.card/v1',
      model_details: { name: 'credit', version: 1, format: 'xgboost', code_ref: 'abc1234', aliases: ['champion'] },
      model_parameters: { data: { train: { label_column: 'default', time_range: null } } },
    });
    expect(card.model_parameters.data.train.rows).toBeGreaterThan(0);
    for (const m of card.missing as { section: string; reason: string }[]) expect(CARD_SECTIONS).toContain(m.section);
    expect(card.missing.map((m: { section: string }) => m.section)).not.toContain('model_parameters.data');
    const md = await call('GET', '/v1/models/credit/versions/1/card?format=md', tokens.viewer);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body.startsWith('# Model card: credit:1')).toBe(true);
    const html = await call('GET', '/v1/models/credit/versions/1/card?format=html', tokens.viewer);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('@media print');
    const bad = await call('GET', '/v1/models/credit/versions/1/card?format=pdf', tokens.viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_argument');
    expect((await call('GET', '/v1/models/credit/versions/9/card', tokens.viewer)).json().code).toBe('version_not_found');
    expect((await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1/card' })).statusCode).toBe(401);
  });

  it('sets annotations (operator), replacing the fields given, and the card shows them', async () => {
    const { tokens } = server;
    expect((await call('PUT', '/v1/models/credit/versions/1/annotations', tokens.viewer, { intended_use: 'x' })).statusCode).toBe(403);
    const put = await call('PUT', '/v1/models/credit/versions/1/annotations', tokens.operator, {
      intended_use: 'pre-screening of retail loan applications',
      out_of_scope: ['mortgages'],
      limitations: ['not validated for applicants under 21'],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      model: { name: 'credit', version: 1 },
      intended_use: 'pre-screening of retail loan applications',
      out_of_scope: ['mortgages'],
      limitations: ['not validated for applicants under 21'],
      updated_by: 'deployer',
      updated_at: expect.any(String),
    });
    const second = await call('PUT', '/v1/models/credit/versions/1/annotations', tokens.operator, { out_of_scope: ['business loans'] });
    expect(second.json()).toMatchObject({ intended_use: 'pre-screening of retail loan applications', out_of_scope: ['business loans'] });
    const bad = await call('PUT', '/v1/models/credit/versions/1/annotations', tokens.operator, { limitations: 'one' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([expect.objectContaining({ path: ['limitations'] })]);
    const card = (await call('GET', '/v1/models/credit/versions/1/card', tokens.viewer)).json();
    expect(card.considerations).toMatchObject({
      intended_use: 'pre-screening of retail loan applications',
      intended_use_source: 'version',
      out_of_scope_uses: ['business loans'],
      limitations: [{ text: 'not validated for applicants under 21', source: 'entered' }],
    });
  });

  it('links the card stored at a decision from the approval, and serves the copy unchanged', async () => {
    const { tokens } = server;
    const approver = (await createToken(server.ctx, { name: 'bo', role: 'approver' })).token;
    const requested = (await call('POST', '/v1/models/credit/versions/1/approvals', tokens.operator, { stage: 'production' })).json();
    expect(requested.card_id).toBeNull();
    const approved = (await call('POST', `/v1/approvals/${requested.id}/approve`, approver, {})).json();
    expect(approved.card_id).toEqual(expect.any(String));
    expect((await call('GET', `/v1/approvals/${requested.id}`, tokens.viewer)).json().card_id).toBe(approved.card_id);
    const stored = await call('GET', `/v1/model-cards/${approved.card_id}`, tokens.viewer);
    expect(stored.statusCode).toBe(200);
    const body = stored.json();
    expect(body).toMatchObject({ id: approved.card_id, approval_id: requested.id, created_by: 'bo' });
    expect(body.sha256).toBe(sha256Hex(canonicalJson(body.card)));
    expect(body.card.governance.approvals[0]).toMatchObject({ id: requested.id, status: 'approved', decided_by: 'bo' });
    const missing = await call('GET', '/v1/model-cards/NOPE', tokens.viewer);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('card_not_found');
  });
});
