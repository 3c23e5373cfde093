import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/canonical-json.ts';
import { normal, seeded } from '../../core/contracts/testing/sample-distributions.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { ModelCard } from '../../core/model-cards/model-card.ts';
import { CARD_SECTIONS } from '../../core/model-cards/model-card.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { sha256Hex } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { decideApproval, getApproval, requestApproval } from '../governance/approvals.ts';
import { classifications, sendLabels, seedPerformanceDeployment, T0 } from '../performance/testing/performance-test-data.ts';
import { testContext } from '../testing/test-context.ts';
import { modelCard, renderCard } from './model-cards.ts';

const as = (ctx: AppContext, actor: string): AppContext => ({ ...ctx, actor });

for (const factory of storeFactories()) {
  describe(`model cards on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('generates every section of a bare version registered without training data, in all three formats', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x', 'y']);
        const card = await modelCard(ctx, 'model-v1:1');
        expect(card.model_details).toMatchObject({ name: 'model-v1', version: 1, format: 'xgboost' });
        expect(card.model_parameters.inputs.map((i) => i.name)).toEqual(['x', 'y']);
        expect(new Set(card.missing.map((m) => m.section))).toEqual(new Set(CARD_SECTIONS));
        expect(JSON.parse(renderCard(card, 'json'))).toEqual(card);
        expect(renderCard(card, 'md')).toContain('## Model details');
        expect(renderCard(card, 'html')).toContain('<h2>Monitoring</h2>');
      } finally {
        await ctx.close();
      }
    });

    it('reads live performance, the latest closed window’s drift, violations and importance of the deployment serving it', async () => {
      const ctx = await testContext(factory);
      try {
        await seedPerformanceDeployment(ctx.store);
        const { records, rows } = classifications(T0, 300, 5);
        await ctx.store.predictions.insertMany(records);
        await sendLabels(
          ctx.store,
          rows.map((r) => ({ predictionId: r.id, label: r.truth })),
          '2026-11-25T11:00:00.000Z',
        );
        const reference = await ctx.store.monitoring.findReference('v1');
        const shifted = new DatasetProfile(DatasetProfile.fromJSON(reference!.profile).schema);
        const random = seeded(3);
        for (let i = 0; i < 300; i++)
          shifted.addRecord({ x: normal(random) + 3, region: ['north', 'south', 'east'][i % 3] }, (i * 0.618033988749895) % 1);
        await ctx.store.monitoring.insertWindows([
          {
            deployment: 'credit',
            versionId: 'v1',
            windowStart: new Date(T0).toISOString(),
            windowMs: 60_000,
            source: 'proc-a',
            rows: 300,
            profile: shifted.toJSON(),
            reconstruction: null,
            status: 'complete',
            updatedAt: new Date(T0 + 60_000).toISOString(),
          },
        ]);
        await ctx.store.contracts.addViolationCounts([
          { deployment: 'credit', windowStart: new Date(T0).toISOString(), column: 'x', code: 'above_max', policy: 'flag', count: 30 },
        ]);
        await ctx.store.importance.save({
          versionId: 'v1',
          method: 'exact_shapley',
          space: 'probability',
          sampleRows: 20,
          seed: 1,
          computedAt: '2026-11-25T09:00:00.000Z',
          features: [
            { feature: 'x', importance: 0.3, rank: 1 },
            { feature: 'region', importance: 0.05, rank: 2 },
          ],
        });
        const card = await modelCard(ctx, 'credit:1');
        expect(card.monitoring.range.deployments).toEqual(['credit']);
        expect(card.quantitative_analysis.live_performance).toHaveLength(1);
        const live = card.quantitative_analysis.live_performance[0]!;
        expect(live).toMatchObject({ deployment: 'credit', rows: 300, labelled_rows: 300 });
        const right = rows.filter((r) => r.truth === r.predicted).length;
        expect(live.metrics.accuracy).toBeCloseTo(right / 300, 12);
        expect(card.monitoring.drift?.drifted).toBe(true);
        expect(card.monitoring.drift?.windows[0]?.drifted_columns.find((c) => c.name === 'x')).toMatchObject({ importance_rank: 1 });
        expect(card.monitoring.contract_violations).toEqual([
          { deployment: 'credit', column: 'x', code: 'above_max', count: 30, share: 0.1 },
        ]);
        expect(card.explanations.global_importance?.map((f) => f.feature)).toEqual(['x', 'region']);
        const derived = card.considerations.limitations.filter((l) => l.source === 'derived').map((l) => l.text);
        expect(derived).toEqual([
          expect.stringContaining('input x (importance rank 1) drifted on deployment credit'),
          expect.stringContaining('contract rule above_max on x failed for 10.0% of requests'),
        ]);
        const missing = card.missing.map((m) => m.section);
        expect(missing).not.toContain('quantitative_analysis.live_performance');
        expect(missing).not.toContain('monitoring.drift');
        expect(card.missing.find((m) => m.section === 'quantitative_analysis.estimated_performance')?.reason).toContain(
          'no labelled reference',
        );
      } finally {
        await ctx.close();
      }
    });

    it('stores a copy of the card on every decision, linked to the approval, with the SHA-256 of its canonical JSON', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        for (const decision of ['approved', 'rejected'] as const) {
          const { approval } = await requestApproval(as(ctx, 'ana'), {
            ref: 'model-v1:1',
            stage: decision === 'approved' ? 'production' : 'staging',
          });
          expect((await getApproval(ctx, approval.id)).cardId).toBeNull();
          const decided = await decideApproval(as(ctx, 'bo'), { id: approval.id, decision, role: 'approver' });
          expect(decided.cardId).not.toBeNull();
          expect(decided.cardProblem).toBeUndefined();
          const stored = (await ctx.store.modelCards.findCard(decided.cardId!))!;
          expect(stored).toMatchObject({ versionId: 'v1', approvalId: approval.id, createdBy: 'bo' });
          expect(stored.sha256).toBe(sha256Hex(canonicalJson(stored.card)));
          const card = stored.card as ModelCard;
          expect(card.governance.approvals.find((a) => a.id === approval.id)).toMatchObject({ status: decision, decided_by: 'bo' });
          expect((await getApproval(ctx, approval.id)).cardId).toBe(decided.cardId);
        }
        expect(await ctx.store.modelCards.listCardsOfVersion('v1')).toHaveLength(2);
      } finally {
        await ctx.close();
      }
    });

    it('keeps the decision when the card cannot be stored, and says why', async () => {
      const ctx = await testContext(factory);
      try {
        await registerTestVersion(ctx.store, 'v1', ['x']);
        const { approval } = await requestApproval(as(ctx, 'ana'), { ref: 'model-v1:1', stage: 'production' });
        const failing = Object.create(ctx.store.modelCards) as typeof ctx.store.modelCards;
        failing.insertCard = async () => {
          throw new Error('disk full');
        };
        const broken: AppContext = {
          ...ctx,
          actor: 'bo',
          store: Object.assign(Object.create(ctx.store) as typeof ctx.store, { modelCards: failing }),
        };
        const decided = await decideApproval(broken, { id: approval.id, decision: 'approved', role: 'approver' });
        expect(decided.approval.status).toBe('approved');
        expect(decided.cardId).toBeNull();
        expect(decided.cardProblem).toContain('disk full');
        const after = await getApproval(ctx, approval.id);
        expect(after.approval.status).toBe('approved');
        expect(after.cardId).toBeNull();
      } finally {
        await ctx.close();
      }
    });
  });
}
