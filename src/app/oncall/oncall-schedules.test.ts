import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BallastError } from '../../core/errors.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../../core/serving-records.ts';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { applyOncallSchedules, currentOncallSchedules, whoIsOnCall } from './oncall-schedules.ts';
import { storeReceivers } from './testing/stored-receivers.ts';

const FILE = `
format: ballast.oncall/v1
schedules:
  - name: ml
    deployments: [credit]
    time_zone: Europe/Berlin
    rotations:
      - { type: daily, handoff: "09:00", start: 2026-11-01, participants: [{ name: ann, receiver: ann-pager }, { name: bob, receiver: bob-pager }] }
    overrides:
      - { who: cem, receiver: cem-pager, from: 2026-11-25T12:00, to: 2026-11-25T14:00 }
  - name: catch-all
    deployments: "*"
    time_zone: UTC
    rotations:
      - { type: weekly, handoff: "00:00", handoff_day: monday, start: 2026-11-02, participants: [{ name: dee, receiver: dee-pager }] }
`;

const codeOf = (error: unknown) => (error instanceof BallastError ? error.code : error);

for (const factory of storeFactories()) {
  describe(`on-call schedules on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    async function withDeployment() {
      const ctx = await testContext(factory);
      await registerTestVersion(ctx.store, 'v1', ['x']);
      const at = '2026-11-01T00:00:00.000Z';
      await ctx.store.deployments.insert({
        id: 'd1',
        name: 'credit',
        versionId: 'v1',
        config: DEFAULT_DEPLOYMENT_CONFIG,
        revision: 1,
        createdBy: 'ann',
        createdAt: at,
        updatedBy: 'ann',
        updatedAt: at,
      });
      await storeReceivers(ctx.store, 'ann-pager', 'bob-pager', 'cem-pager', 'dee-pager');
      return ctx;
    }

    it('applies a file as a new version, audited, and applying it again changes nothing', async () => {
      const ctx = await withDeployment();
      try {
        expect(await currentOncallSchedules(ctx)).toEqual({ version: 0, appliedAt: null, appliedBy: null, schedules: [] });
        const first = await applyOncallSchedules(ctx, { text: FILE, format: 'yaml', source: 'oncall.yaml' });
        expect(first).toMatchObject({ version: 1, changed: true, appliedBy: 'tester' });
        expect(first.schedules.map((s) => s.name)).toEqual(['ml', 'catch-all']);
        const again = await applyOncallSchedules(ctx, { text: FILE, format: 'yaml', source: 'oncall.yaml' });
        expect(again).toMatchObject({ version: 1, changed: false });
        const changed = await applyOncallSchedules(ctx, {
          text: FILE.replace('"09:00"', '"10:00"'),
          format: 'yaml',
          source: 'oncall.yaml',
        });
        expect(changed).toMatchObject({ version: 2, changed: true });
        const audit = (await ctx.store.audit.list()).filter((e) => e.action === 'oncall.apply');
        expect(audit.map((e) => [e.objectId, e.actor, e.details.schedules])).toEqual([
          ['1', 'tester', ['ml', 'catch-all']],
          ['2', 'tester', ['ml', 'catch-all']],
        ]);
        expect((await currentOncallSchedules(ctx)).schedules[0]!.rotations[0]!.handoff).toEqual({ hour: 10, minute: 0 });
      } finally {
        await ctx.close();
      }
    });

    it('refuses a file naming an unknown deployment or receiver, and keeps the version in force', async () => {
      const ctx = await withDeployment();
      try {
        await applyOncallSchedules(ctx, { text: FILE, format: 'yaml', source: 'oncall.yaml' });
        // The admin removes cem's pager from the alert receivers: the override naming it no longer applies.
        await storeReceivers(ctx.store, 'ann-pager', 'bob-pager', 'dee-pager');
        const error = await applyOncallSchedules(ctx, {
          text: FILE.replace('[credit]', '[credit, fraud]'),
          format: 'yaml',
          source: 'f.yaml',
        }).catch((e: unknown) => e);
        expect(codeOf(error)).toBe('invalid_oncall_schedule');
        expect((error as BallastError).issues.map((i) => i.path.join('.'))).toEqual([
          'schedules.0.deployments.1',
          'schedules.0.overrides.0.receiver',
        ]);
        expect((await currentOncallSchedules(ctx)).version).toBe(1);
        expect((await ctx.store.audit.list()).filter((e) => e.action === 'oncall.apply')).toHaveLength(1);
      } finally {
        await ctx.close();
      }
    });

    it('answers who is on call at a time, with the source and until when', async () => {
      const ctx = await withDeployment();
      try {
        await applyOncallSchedules(ctx, {
          document: parse(FILE) as unknown,
          source: 'request body',
        });
        // 25 Nov is day 24 after 1 Nov: ann's turn (24 % 2 = 0) from 09:00 CET; cem stands in 12:00-14:00 CET.
        expect(await whoIsOnCall(ctx, { at: new Date('2026-11-25T10:00:00Z') })).toEqual({
          at: '2026-11-25T10:00:00.000Z',
          schedules: [
            {
              name: 'ml',
              timeZone: 'Europe/Berlin',
              onCall: { name: 'ann', receiver: 'ann-pager', source: 'rotation' },
              until: '2026-11-25T11:00:00.000Z',
            },
            { name: 'catch-all', timeZone: 'UTC', onCall: { name: 'dee', receiver: 'dee-pager', source: 'rotation' }, until: null },
          ],
        });
        const override = await whoIsOnCall(ctx, { at: new Date('2026-11-25T11:00:00Z'), schedule: 'ml' });
        expect(override.schedules).toEqual([
          {
            name: 'ml',
            timeZone: 'Europe/Berlin',
            onCall: { name: 'cem', receiver: 'cem-pager', source: 'override' },
            until: '2026-11-25T13:00:00.000Z',
          },
        ]);
        expect(codeOf(await whoIsOnCall(ctx, { at: new Date(), schedule: 'nope' }).catch((e: unknown) => e))).toBe('invalid_argument');
      } finally {
        await ctx.close();
      }
    });
  });
}
