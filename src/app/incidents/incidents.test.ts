import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { createIncidentSink } from './incident-sink.ts';
import {
  acknowledgeIncident,
  addIncidentNote,
  getIncident,
  listIncidents,
  mitigateIncident,
  recordIncidentEvent,
  resolveIncident,
  showIncident,
} from './incidents.ts';
import { pageRule, transition } from './testing/alert-transitions.ts';

/** Opens an incident on `credit` the way the evaluator does: pending at 09:59, firing at 10:00. */
async function openIncident(ctx: AppContext): Promise<string> {
  const sink = createIncidentSink(ctx);
  await sink([transition(pageRule(), 'inactive', 'pending', '2026-11-25T09:59:00.000Z', 0.4)]);
  await sink([transition(pageRule(), 'pending', 'firing', '2026-11-25T10:00:00.000Z', 0.5)]);
  return (await listIncidents(ctx))[0]!.id;
}

async function auditDeployment(
  ctx: AppContext,
  at: string,
  actor: string,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await auditedTransaction({ ...ctx, actor, clock: () => new Date(at) }, (_tx, audit) =>
    audit({ action, objectType: 'deployment', objectId: 'credit', details }),
  );
}

for (const factory of storeFactories()) {
  describe(`working an incident (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('moves open → acknowledged → mitigated → resolved, each a status entry and an audit entry, the commander the acknowledger', async () => {
      const ctx = await testContext(factory);
      try {
        const id = await openIncident(ctx);
        const acked = await acknowledgeIncident({ ...ctx, actor: 'ana' }, id);
        expect(acked).toMatchObject({ status: 'acknowledged', commander: 'ana' });
        expect(acked.acknowledgedAt).not.toBeNull();
        await addIncidentNote({ ...ctx, actor: 'bo' }, id, '  rolled back by hand  ');
        expect((await mitigateIncident(ctx, id)).status).toBe('mitigated');
        const resolved = await resolveIncident(ctx, id);
        expect(resolved.status).toBe('resolved');
        expect(resolved.resolvedAt).not.toBeNull();
        const { timeline } = await showIncident(ctx, id);
        expect(timeline.filter((e) => e.kind !== 'alert_firing').map((e) => [e.kind, e.actor, e.summary])).toEqual([
          ['status', 'ana', 'open → acknowledged (commander ana)'],
          ['note', 'bo', 'rolled back by hand'],
          ['status', 'tester', 'acknowledged → mitigated'],
          ['status', 'tester', 'mitigated → resolved'],
        ]);
        const audit = (await ctx.store.audit.list()).filter((a) => a.objectType === 'incident');
        expect(audit.map((a) => [a.action, a.actor])).toEqual([
          ['incident.open', 'alert:inputs-drifted'],
          ['incident.acknowledge', 'ana'],
          ['incident.note', 'bo'],
          ['incident.mitigate', 'tester'],
          ['incident.resolve', 'tester'],
        ]);
        // Resolved frees the deployment: the next firing opens a new incident.
        await createIncidentSink(ctx)([transition(pageRule(), 'inactive', 'firing', '2026-11-25T13:00:00.000Z', 0.9)]);
        expect((await listIncidents(ctx)).map((i) => i.status)).toEqual(['open', 'resolved']);
        expect((await listIncidents(ctx, { status: 'resolved' })).map((i) => i.id)).toEqual([id]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses impossible moves and unknown incidents with clear errors, changing nothing', async () => {
      const ctx = await testContext(factory);
      try {
        const id = await openIncident(ctx);
        await acknowledgeIncident(ctx, id, { commander: 'cy' });
        expect((await getIncident(ctx, id)).commander).toBe('cy');
        await expect(acknowledgeIncident(ctx, id)).rejects.toThrow(`incident ${id} cannot become acknowledged: it is acknowledged already`);
        await resolveIncident(ctx, id);
        const refused = await mitigateIncident(ctx, id).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(BallastError);
        expect((refused as BallastError).code).toBe('conflict');
        expect((refused as BallastError).message).toContain('resolved already');
        expect((await getIncident(ctx, id)).mitigatedAt).toBeNull();
        await expect(resolveIncident(ctx, 'nope')).rejects.toMatchObject({ code: 'incident_not_found' });
        await expect(addIncidentNote(ctx, 'nope', 'x')).rejects.toMatchObject({ code: 'incident_not_found' });
        await expect(addIncidentNote(ctx, id, '   ')).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(showIncident(ctx, 'nope')).rejects.toMatchObject({ code: 'incident_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('records reported events on the open incident only', async () => {
      const ctx = await testContext(factory);
      try {
        expect(await recordIncidentEvent(ctx, 'credit', { kind: 'page', at: '2026-11-25T10:00:00.000Z', summary: 'paged ana' })).toBeNull();
        const id = await openIncident(ctx);
        const recorded = await recordIncidentEvent(ctx, 'credit', {
          kind: 'rollback_failed',
          at: '2026-11-25T10:00:01.000Z',
          summary: 'rollback refused: target credit:1 failed its smoke request',
          details: { outcome: 'refused' },
          actor: 'alert:inputs-drifted',
        });
        expect(recorded).toBe(id);
        const { timeline } = await showIncident(ctx, id);
        expect(timeline.at(-1)).toEqual({
          at: '2026-11-25T10:00:01.000Z',
          kind: 'rollback_failed',
          actor: 'alert:inputs-drifted',
          summary: 'rollback refused: target credit:1 failed its smoke request',
          details: { outcome: 'refused' },
        });
      } finally {
        await ctx.close();
      }
    });

    it("merges the deployment's audit entries of the incident's span into the timeline in time order", async () => {
      const ctx = await testContext(factory);
      try {
        await auditDeployment(ctx, '2026-11-25T09:00:00.000Z', 'ana', 'deployment.update', { model: 'credit:1', from: 'credit:0' });
        await auditDeployment(ctx, '2026-11-25T09:59:30.000Z', 'ana', 'deployment.update', { model: 'credit:2', from: 'credit:1' });
        const id = await openIncident(ctx);
        await auditDeployment(ctx, '2026-11-25T10:00:05.000Z', 'alert:inputs-drifted', 'deployment.rollback', {
          from: 'credit:2',
          to: 'credit:1',
        });
        let { timeline } = await showIncident(ctx, id);
        // The deploy of 09:00 came before the condition began (09:59) and is not part of the story.
        expect(timeline.map((e) => [e.at, e.kind, e.actor, e.summary])).toEqual([
          ['2026-11-25T09:59:30.000Z', 'deploy', 'ana', 'deployed credit:2 from credit:1'],
          ['2026-11-25T10:00:00.000Z', 'alert_firing', 'alert:inputs-drifted', 'inputs-drifted firing: drift.share = 0.5, above 0.3'],
          ['2026-11-25T10:00:05.000Z', 'rollback', 'alert:inputs-drifted', 'rolled back from credit:2 to credit:1'],
        ]);
        // The rollback sink's own report replaces the audit copy of an automated rollback.
        await recordIncidentEvent(ctx, 'credit', {
          kind: 'rollback',
          at: '2026-11-25T10:00:05.000Z',
          summary: 'rolled back credit:2 → credit:1 (drift.share 0.5 above 0.3)',
        });
        ({ timeline } = await showIncident(ctx, id));
        expect(timeline.filter((e) => e.kind === 'rollback').map((e) => e.summary)).toEqual([
          'rolled back credit:2 → credit:1 (drift.share 0.5 above 0.3)',
        ]);
      } finally {
        await ctx.close();
      }
    });
  });
}
