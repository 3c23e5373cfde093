import { afterAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { deployWithPredictions, loggedPrediction } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { createIncidentSink } from './incident-sink.ts';
import { mitigateIncident, openIncidentFor, recordIncidentEvent, resolveIncident } from './incidents.ts';
import { incidentPostmortem, listActionItems, updatePostmortem } from './postmortem.ts';
import { pageRule, transition } from './testing/alert-transitions.ts';

/**
 * Deployment `credit` with a conversion KPI, served by credit:1 then credit:2. The incident: drift
 * held from 10:00:00, fired at 10:00:30 on credit:2, rolled back at 10:00:35, resolved at 10:10.
 * credit:2 served 3 predictions in the span (one converted), credit:1 served 2 after the rollback;
 * predictions before 10:00:00 or after 10:10 are outside it.
 */
async function incidentWithTraffic(ctx: AppContext): Promise<string> {
  await deployWithPredictions(ctx.store, 'credit', { kind: 'regression' }, {});
  const deployment = (await ctx.store.deployments.findByName('credit'))!;
  await ctx.store.versions.insert({ ...(await ctx.store.versions.findById('v-credit'))!, id: 'v-credit2', version: 2 });
  await ctx.store.deployments.update(deployment.id, deployment.revision, {
    versionId: 'v-credit2',
    config: { ...deployment.config, kpis: [{ name: 'conversion', event: 'purchase', aggregate: 'rate' }] },
    actor: 't',
    at: '2026-11-25T09:00:00.000Z',
  });
  const log = (at: string, versionId: string, modelVersion: number) => {
    const id = ulid(Date.parse(at));
    return { ...loggedPrediction('credit'), id, at, versionId, modelVersion };
  };
  const predictions = [
    log('2026-11-25T09:59:00.000Z', 'v-credit2', 2),
    log('2026-11-25T10:00:10.000Z', 'v-credit2', 2),
    log('2026-11-25T10:00:20.000Z', 'v-credit2', 2),
    log('2026-11-25T10:00:31.000Z', 'v-credit2', 2),
    log('2026-11-25T10:01:00.000Z', 'v-credit', 1),
    log('2026-11-25T10:05:00.000Z', 'v-credit', 1),
    log('2026-11-25T10:11:00.000Z', 'v-credit', 1),
  ];
  await ctx.store.predictions.insertMany(predictions);
  const converted = predictions[1]!;
  await ctx.store.events.insertMany([
    {
      id: ulid(),
      predictionId: converted.id,
      deploymentName: 'credit',
      versionId: converted.versionId,
      predictionAt: converted.at,
      name: 'purchase',
      value: 1,
      at: '2026-11-25T10:02:00.000Z',
      receivedAt: '2026-11-25T10:02:00.000Z',
      actor: 't',
    },
  ]);
  const sink = createIncidentSink(ctx);
  await sink([transition(pageRule(), 'inactive', 'pending', '2026-11-25T10:00:00.000Z', 0.4)]);
  await sink([transition(pageRule(), 'pending', 'firing', '2026-11-25T10:00:30.000Z', 0.55)]);
  await recordIncidentEvent(ctx, 'credit', {
    kind: 'rollback',
    at: '2026-11-25T10:00:35.000Z',
    summary: 'rolled back credit:2 → credit:1',
  });
  const id = (await openIncidentFor(ctx, 'credit'))!.id;
  await mitigateIncident({ ...ctx, clock: () => new Date('2026-11-25T10:03:00.000Z') }, id);
  await resolveIncident({ ...ctx, clock: () => new Date('2026-11-25T10:10:00.000Z') }, id);
  return id;
}

for (const factory of storeFactories()) {
  describe(`postmortems (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('drafts impact, detection, mitigation, signals and timeline from the incident and the logs, and stores the draft', async () => {
      const ctx = await testContext(factory);
      try {
        const id = await incidentWithTraffic(ctx);
        const draft = await incidentPostmortem(ctx, id);
        const md = draft.rendered;
        expect(draft).toMatchObject({ format: 'md', reviewed: false, updatedBy: 'tester' });
        expect(md).toContain('# Postmortem: inputs-drifted: drift.share above 0.3');
        expect(md).toContain('- Duration: 10 min (2026-11-25T10:00:00.000Z → 2026-11-25T10:10:00.000Z)');
        expect(md).toContain('  - credit:2: 3 (the version the alert fired on)\n  - credit:1: 2\n');
        expect(md).toContain('- Time to detect: 30 s (condition first held 2026-11-25T10:00:00.000Z, fired 2026-11-25T10:00:30.000Z)');
        expect(md).toContain('- Time to mitigate: 5 s (rolled back 2026-11-25T10:00:35.000Z)');
        expect(md).toContain(
          '| 2026-11-25T10:00:30.000Z | inputs-drifted | drift.share | 0.55 | > 0.3 | 2026-11-25T10:00:20.000Z → 2026-11-25T10:00:30.000Z | credit:2 |',
        );
        expect(md).toContain('| Window start | Model | Predictions | conversion |');
        expect(md).toContain('| 2026-11-25T10:00:00.000Z | credit:2 | 3 | 0.3333 |');
        expect(md).toContain('| 2026-11-25T10:00:35.000Z | rollback | — | rolled back credit:2 → credit:1 |');
        expect(md).toContain('## Contributing factors');
        expect(md).toContain('## Action items');
        expect(md).toContain('- [ ] Review rule `inputs-drifted`: did it fire early enough, and is its threshold right?');
        // Stored: asking again returns the same text, and the same as HTML.
        expect((await incidentPostmortem(ctx, id)).rendered).toBe(md);
        const html = (await incidentPostmortem(ctx, id, { format: 'html' })).rendered;
        expect(html).toContain('<h2>Impact</h2>');
        expect(html).toContain('<title>Postmortem: inputs-drifted: drift.share above 0.3</title>');
        expect((await listActionItems(ctx)).map((a) => a.text)).toEqual([
          'Review rule `inputs-drifted`: did it fire early enough, and is its threshold right?',
        ]);
      } finally {
        await ctx.close();
      }
    });

    it('stores an edited version, marks it reviewed, keeps it from being redrafted, and lists its open action items', async () => {
      const ctx = await testContext(factory);
      try {
        const id = await incidentWithTraffic(ctx);
        await expect(updatePostmortem(ctx, id, { reviewed: true })).rejects.toThrow('has no postmortem yet');
        await incidentPostmortem(ctx, id);
        const edited = '# Postmortem\n\n## Action items\n\n- [ ] Gate canaries on drift (ana)\n- [x] Add a rollback rule (bo)\n';
        const stored = await updatePostmortem({ ...ctx, actor: 'ana' }, id, { text: edited });
        expect(stored).toMatchObject({ text: edited, reviewed: false, updatedBy: 'ana' });
        const reviewed = await updatePostmortem(ctx, id, { reviewed: true });
        expect(reviewed).toMatchObject({ text: edited, reviewed: true });
        await expect(incidentPostmortem(ctx, id, { redraft: true })).rejects.toMatchObject({ code: 'conflict' });
        expect((await listActionItems(ctx)).map((a) => [a.text, a.owner, a.done, a.incidentId])).toEqual([
          ['Gate canaries on drift', 'ana', false, id],
          ['Add a rollback rule', 'bo', true, id],
        ]);
        expect((await listActionItems(ctx, { open: true })).map((a) => a.text)).toEqual(['Gate canaries on drift']);
        const audit = (await ctx.store.audit.list()).filter((a) => a.action.startsWith('incident.postmortem'));
        expect(audit.map((a) => [a.action, a.actor])).toEqual([
          ['incident.postmortem.draft', 'tester'],
          ['incident.postmortem.edit', 'ana'],
          ['incident.postmortem.review', 'tester'],
        ]);
        await expect(updatePostmortem(ctx, id, { text: '  ' })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(incidentPostmortem(ctx, 'nope')).rejects.toMatchObject({ code: 'incident_not_found' });
      } finally {
        await ctx.close();
      }
    });
  });
}
