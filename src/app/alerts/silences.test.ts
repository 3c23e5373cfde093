import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../core/alerts/parse-alert-rules.ts';
import { BallastError } from '../../core/errors.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { listSilences, silenceRule, unsilence } from './silences.ts';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';

/** Applies rules of these names, as `ballast alerts apply` would: only a rule that exists can be silenced. */
const storeRules = (ctx: AppContext, ...names: string[]) =>
  ctx.store.alerts.replaceAll({
    receivers: [],
    rules: names.map((name) => alertRule({ name })),
    notifications: DEFAULT_NOTIFICATION_SETTINGS,
    actor: 'admin',
    at: '2026-11-25T11:00:00.000Z',
  });

for (const factory of storeFactories()) {
  describe(`alert silences on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('silences a rule for a while, lists it active, and mutes it for the notifier until it ends', async () => {
      const ctx = await testContext(factory);
      await storeRules(ctx, 'inputs-drifted', 'other');
      const silence = await silenceRule(ctx, { rule: 'inputs-drifted', durationMs: 7_200_000, reason: 'retraining today' });
      expect(silence).toMatchObject({ rule: 'inputs-drifted', reason: 'retraining today', createdBy: 'tester', active: true });
      expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(7_200_000);
      expect((await listSilences(ctx)).map((s) => [s.id, s.active])).toEqual([[silence.id, true]]);
      expect(await ctx.store.alertSilences.silencedRules(['inputs-drifted', 'other'], silence.startsAt)).toEqual(
        new Set(['inputs-drifted']),
      );
      expect(await ctx.store.alertSilences.silencedRules(['inputs-drifted'], silence.endsAt)).toEqual(new Set());
      const entry = (await ctx.store.audit.list()).at(-1);
      expect(entry).toMatchObject({
        action: 'alerts.silence',
        objectId: silence.id,
        actor: 'tester',
        details: { rule: 'inputs-drifted', reason: 'retraining today' },
      });
      await ctx.close();
    });

    it('lifts a running silence (audited, its record kept), and says so for an unknown or ended one', async () => {
      const ctx = await testContext(factory);
      await storeRules(ctx, 'slow');
      const silence = await silenceRule(ctx, { rule: 'slow', durationMs: 3_600_000, reason: 'load test' });
      const lifted = await unsilence(ctx, silence.id);
      expect(lifted).toMatchObject({ id: silence.id, active: false });
      expect(await ctx.store.alertSilences.silencedRules(['slow'], lifted.endsAt)).toEqual(new Set());
      expect((await listSilences(ctx))[0]).toMatchObject({ id: silence.id, active: false, endsAt: lifted.endsAt });
      expect((await ctx.store.audit.list()).map((e) => e.action)).toContain('alerts.unsilence');
      for (const id of [silence.id, 'nope']) {
        await expect(unsilence(ctx, id)).rejects.toMatchObject({ code: 'silence_not_found' });
      }
      await ctx.close();
    });

    it('refuses a silence without a reason, of no length or too long, or of a rule that is not stored', async () => {
      const ctx = await testContext(factory);
      await storeRules(ctx, 'x', 'inputs-drifted');
      const bad = [
        { rule: 'x', durationMs: 60_000, reason: '  ' },
        { rule: 'x', durationMs: 0, reason: 'r' },
        { rule: 'x', durationMs: 91 * 86_400_000, reason: 'r' },
        { rule: '', durationMs: 60_000, reason: 'r' },
      ];
      for (const input of bad) await expect(silenceRule(ctx, input)).rejects.toMatchObject({ code: 'invalid_argument' });
      const unknown = silenceRule(ctx, { rule: 'typo', durationMs: 60_000, reason: 'r' });
      await expect(unknown).rejects.toBeInstanceOf(BallastError);
      await expect(unknown).rejects.toThrow('no alert rule is named "typo"');
      expect(await listSilences(ctx)).toEqual([]);
      // Once a rule is removed from the store, it can no longer be silenced either.
      await storeRules(ctx, 'x');
      await expect(silenceRule(ctx, { rule: 'inputs-drifted', durationMs: 60_000, reason: 'r' })).rejects.toMatchObject({
        code: 'invalid_argument',
      });
      expect(await listSilences(ctx)).toEqual([]);
      await ctx.close();
    });
  });
}
