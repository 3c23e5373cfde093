import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { auditBrokenError, parseCheckpoint, readCheckpoint, verifyAudit } from './audit.ts';
import { registerModel } from './register-model.ts';
import { removeAlias, setAlias } from './set-alias.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const xgb = path.join(EXAMPLES, 'model.xgb.json');
const lgb = path.join(EXAMPLES, 'model.lgb.txt');

for (const factory of storeFactories()) {
  describe(`audit log on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    async function populated() {
      const ctx = await testContext(factory);
      await registerModel(ctx, { name: 'credit', modelFile: xgb, alias: 'champion' }); // entries 1, 2
      await registerModel(ctx, { name: 'credit', modelFile: lgb }); // 3
      await setAlias(ctx, 'credit:2', 'champion'); // 4
      await removeAlias(ctx, 'credit', 'champion'); // 5
      return ctx;
    }

    it('records each change of state with actor, action and object, chained by hash', async () => {
      const ctx = await populated();
      try {
        const entries = await ctx.store.audit.list();
        expect(entries.map((e) => [e.seq, e.action, e.objectId, e.actor])).toEqual([
          [1, 'model.register', 'credit:1', 'tester'],
          [2, 'alias.set', 'credit@champion', 'tester'],
          [3, 'model.register', 'credit:2', 'tester'],
          [4, 'alias.set', 'credit@champion', 'tester'],
          [5, 'alias.remove', 'credit@champion', 'tester'],
        ]);
        expect(entries[3]!.details).toEqual({ from: 1, to: 2 });
        expect(await verifyAudit(ctx)).toMatchObject({ ok: true, checked: 5, head: { seq: 5, hash: entries[4]!.hash } });
        expect(await readCheckpoint(ctx.dataDir)).toEqual({ seq: 5, hash: entries[4]!.hash });
      } finally {
        await ctx.close();
      }
    });

    it('answers every change of state made at the same time, and leaves the checkpoint at the head', async () => {
      const ctx = await populated();
      try {
        // Each commit writes the checkpoint file; concurrent writers once shared one temp file, so one
        // rename found it gone and a committed change was reported as an error.
        await Promise.all(Array.from({ length: 8 }, (_, i) => setAlias(ctx, `credit:${1 + (i % 2)}`, `a${i}`)));
        const entries = await ctx.store.audit.list();
        expect(entries.length).toBe(13);
        expect(await readCheckpoint(ctx.dataDir)).toEqual({ seq: 13, hash: entries[12]!.hash });
      } finally {
        await ctx.close();
      }
    });

    it('writes no entry when the change fails', async () => {
      const ctx = await populated();
      try {
        await expect(setAlias(ctx, 'credit:9', 'champion')).rejects.toThrow(/no version 9/);
        expect((await ctx.store.audit.list()).length).toBe(5);
      } finally {
        await ctx.close();
      }
    });

    it('names an edited entry', async () => {
      const ctx = await populated();
      try {
        await ctx.store.db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 3).execute();
        expect((await verifyAudit(ctx)).firstBad).toMatchObject({ seq: 3, problem: 'hash_mismatch' });
      } finally {
        await ctx.close();
      }
    });

    it('names a deleted entry', async () => {
      const ctx = await populated();
      try {
        await ctx.store.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
        expect((await verifyAudit(ctx)).firstBad).toMatchObject({ seq: 3, problem: 'sequence_gap' });
      } finally {
        await ctx.close();
      }
    });

    it('catches a cut tail through the head row, the checkpoint file or a kept checkpoint', async () => {
      const ctx = await populated();
      try {
        const kept = (await ctx.store.audit.list()).at(-1)!;
        await ctx.store.db.deleteFrom('audit_log').where('seq', '>', 3).execute();
        expect((await verifyAudit(ctx)).firstBad).toMatchObject({ seq: 4, problem: 'truncated' });
        // A careful attacker also rewinds the head row and removes the checkpoint file:
        const third = (await ctx.store.audit.list()).at(-1)!;
        await ctx.store.db.updateTable('audit_head').set({ seq: 3, hash: third.hash }).execute();
        rmSync(path.join(ctx.dataDir, 'audit-checkpoint.json'));
        expect((await verifyAudit(ctx)).ok).toBe(true);
        // ...but not a checkpoint printed and kept elsewhere.
        const verdict = await verifyAudit(ctx, [parseCheckpoint(`${kept.seq}:${kept.hash}`)]);
        expect(verdict.firstBad).toMatchObject({ seq: 4, problem: 'truncated' });
        expect(auditBrokenError(verdict)).toMatchObject({
          code: 'audit_broken',
          message: expect.stringMatching(/^audit log broken at entry 4 \(truncated\)/),
        });
        expect(auditBrokenError(await verifyAudit(ctx))).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });
  });
}
