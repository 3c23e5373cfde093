import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { markSensitiveColumns } from './mark-columns.ts';
import { sensitiveColumnsOfVersion } from './sensitive-columns.ts';

for (const factory of storeFactories()) {
  describe(`marking sensitive columns on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("unions a version's hand marks with its contract's flags, audited, refusing what it cannot do", async () => {
      const ctx = await testContext(factory);
      try {
        // The example contract with `sensitive: true` on age.
        const contractFile = path.join(ctx.dir, 'contract.yaml');
        const text = readFileSync(path.join(EXAMPLES, 'contract.yaml'), 'utf8');
        writeFileSync(contractFile, text.replace('  age:\n', '  age:\n    sensitive: true\n'));
        await registerModel(ctx, {
          name: 'credit',
          modelFile: path.join(EXAMPLES, 'model.xgb.json'),
          trainingData: path.join(EXAMPLES, 'train.csv'),
          importance: false,
          labelColumn: 'default',
          contractFile,
        });
        const version = (await ctx.store.versions.latest((await ctx.store.models.findByName('credit'))!.id))!;
        expect(await sensitiveColumnsOfVersion(ctx.store, version)).toEqual([{ column: 'age', kind: 'sensitive', source: 'contract' }]);

        const marked = await markSensitiveColumns(ctx, { ref: 'credit:1', pii: ['income'], sensitive: ['purpose'] });
        expect(marked.columns).toEqual([
          { column: 'age', kind: 'sensitive', source: 'contract' },
          { column: 'income', kind: 'pii', source: 'mark' },
          { column: 'purpose', kind: 'sensitive', source: 'mark' },
        ]);
        const entries = (await ctx.store.audit.list()).filter((e) => e.action === 'version.mark_sensitive');
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          actor: 'tester',
          objectId: version.id,
          details: { model: 'credit', version: 1, sensitive: ['purpose'], pii: ['income'], unmarked: [] },
        });
        // A later mark changes the kind; unmarking removes a hand mark.
        expect((await markSensitiveColumns(ctx, { ref: 'credit:1', sensitive: ['income'], unmark: ['purpose'] })).columns).toEqual([
          { column: 'age', kind: 'sensitive', source: 'contract' },
          { column: 'income', kind: 'sensitive', source: 'mark' },
        ]);

        const refused = [
          { ref: 'credit:1', unmark: ['age'] },
          { ref: 'credit:1', sensitive: ['nope', 'age'] },
          { ref: 'credit:1', sensitive: ['income'], pii: ['income'] },
          { ref: 'credit:1' },
        ];
        for (const request of refused) await expect(markSensitiveColumns(ctx, request)).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(markSensitiveColumns(ctx, { ref: 'credit:9', sensitive: ['age'] })).rejects.toMatchObject({
          code: 'version_not_found',
        });
        // Nothing of the refused requests was written.
        expect((await ctx.store.audit.list()).filter((e) => e.action === 'version.mark_sensitive')).toHaveLength(2);
        expect((await ctx.store.sensitiveColumns.listForVersion(version.id)).map((m) => m.column)).toEqual(['income']);
      } finally {
        await ctx.close();
      }
    });
  });
}
