import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelRecord } from '../core/registry-records.ts';
import { storeFactories } from './testing/test-stores.ts';

const model = (id: string, name: string): ModelRecord => ({
  id,
  name,
  description: '',
  owner: '',
  intendedUse: '',
  tags: [],
  createdBy: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
});

async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to throw');
}

for (const factory of storeFactories()) {
  describe(`the dialect adapter on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("tells a taken unique key or primary key from the driver's other errors", async () => {
      const store = await factory.create();
      try {
        await store.models.insert(model('m1', 'credit'));
        const sameName = await thrownBy(() => store.models.insert(model('m2', 'credit')));
        const sameId = await thrownBy(() => store.models.insert(model('m1', 'other')));
        const notNull = await thrownBy(() => sql`insert into models (id) values ('m3')`.execute(store.db));
        expect(store.adapter.isUniqueViolation(sameName)).toBe(true);
        expect(store.adapter.isUniqueViolation(sameId)).toBe(true);
        expect(store.adapter.isUniqueViolation(notNull)).toBe(false);
        expect(store.adapter.isUniqueViolation(new Error('no code'))).toBe(false);
        expect(store.adapter.isUniqueViolation(undefined)).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('holds the rows a query reads where the database needs it (FOR UPDATE on PostgreSQL)', async () => {
      const store = await factory.create();
      try {
        const compiled = store.adapter.lockRows(store.db.selectFrom('audit_head').select(['seq']).where('id', '=', 1)).compile().sql;
        if (factory.dialect === 'postgres') expect(compiled).toMatch(/ for update$/);
        else expect(compiled).not.toMatch(/for update/);
      } finally {
        await store.close();
      }
    });
  });
}
