import { afterAll, describe, expect, it } from 'vitest';
import type { Incident } from '../core/incidents/incident.ts';
import { storeFactories } from './testing/test-stores.ts';

const incident = (id: string, deployment: string, openedAt: string): Incident => ({
  id,
  deployment,
  title: `t ${id}`,
  severity: 'page',
  status: 'open',
  commander: null,
  openedAt,
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  rules: ['r1'],
});

for (const factory of storeFactories()) {
  describe(`IncidentRepository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('keeps one open incident per deployment, and frees the deployment when it resolves', async () => {
      const store = await factory.create();
      try {
        await store.incidents.insert(incident('i1', 'credit', '2026-01-01T00:00:00.000Z'));
        await expect(store.incidents.insert(incident('i2', 'credit', '2026-01-01T00:01:00.000Z'))).rejects.toThrow();
        expect((await store.incidents.openFor('credit'))?.id).toBe('i1');
        expect(await store.incidents.changeStatus('i1', 'acknowledged', { status: 'resolved', at: 'x' })).toBe(false);
        expect(
          await store.incidents.changeStatus('i1', 'open', { status: 'acknowledged', at: '2026-01-01T00:02:00.000Z', commander: 'ana' }),
        ).toBe(true);
        expect(await store.incidents.changeStatus('i1', 'acknowledged', { status: 'resolved', at: '2026-01-01T00:03:00.000Z' })).toBe(true);
        expect(await store.incidents.openFor('credit')).toBeUndefined();
        await store.incidents.insert(incident('i2', 'credit', '2026-01-01T00:04:00.000Z'));
        const first = await store.incidents.find('i1');
        expect(first).toMatchObject({ status: 'resolved', commander: 'ana', acknowledgedAt: '2026-01-01T00:02:00.000Z' });
        expect(first?.resolvedAt).toBe('2026-01-01T00:03:00.000Z');
        expect((await store.incidents.list()).map((i) => i.id)).toEqual(['i2', 'i1']);
        expect((await store.incidents.list({ statuses: ['open'] })).map((i) => i.id)).toEqual(['i2']);
        await store.incidents.setRules('i2', ['r1', 'r2']);
        expect((await store.incidents.find('i2'))?.rules).toEqual(['r1', 'r2']);
      } finally {
        await store.close();
      }
    });

    it('stores timeline entries in time order and postmortems with their action items', async () => {
      const store = await factory.create();
      try {
        await store.incidents.insert(incident('i1', 'credit', '2026-01-01T00:00:00.000Z'));
        await store.incidents.addEvent('i1', 'e2', {
          at: '2026-01-01T00:05:00.000Z',
          kind: 'note',
          actor: 'ana',
          summary: 'b',
          details: {},
        });
        await store.incidents.addEvent('i1', 'e1', {
          at: '2026-01-01T00:00:00.000Z',
          kind: 'alert_firing',
          actor: null,
          summary: 'a',
          details: { value: 0.5 },
        });
        expect((await store.incidents.events('i1')).map((e) => [e.summary, e.details])).toEqual([
          ['a', { value: 0.5 }],
          ['b', {}],
        ]);
        const base = { incidentId: 'i1', text: 'md', reviewed: false, createdAt: 'c', updatedAt: 'c', updatedBy: 'ana' };
        await store.incidents.savePostmortem(base, [
          { text: 'one', owner: 'ana', done: false },
          { text: 'two', owner: null, done: true },
        ]);
        await store.incidents.savePostmortem({ ...base, text: 'md2', reviewed: true, updatedAt: 'u' }, [
          { text: 'one', owner: 'ana', done: true },
          { text: 'three', owner: null, done: false },
        ]);
        expect(await store.incidents.postmortem('i1')).toEqual({ ...base, text: 'md2', reviewed: true, updatedAt: 'u' });
        expect((await store.incidents.actionItems()).map((a) => [a.text, a.done, a.deployment])).toEqual([
          ['one', true, 'credit'],
          ['three', false, 'credit'],
        ]);
        expect((await store.incidents.actionItems({ open: true })).map((a) => a.text)).toEqual(['three']);
      } finally {
        await store.close();
      }
    });
  });
}
