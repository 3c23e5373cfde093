import { describe, expect, it } from 'vitest';
import { POSTGRES_SKIPPED, storeFactories } from './test-stores.ts';

describe('storeFactories', () => {
  it('reports the PostgreSQL half as skipped, by name, when BALLAST_TEST_POSTGRES_URL is not set', () => {
    const skipped: string[] = [];
    const factories = storeFactories({ url: undefined, skip: (name) => skipped.push(name) });
    expect(factories.map((f) => f.dialect)).toEqual(['sqlite']);
    expect(skipped).toEqual([POSTGRES_SKIPPED]);
    expect(POSTGRES_SKIPPED).toContain('BALLAST_TEST_POSTGRES_URL');
  });

  it('runs both dialects, skipping nothing, when it is set', () => {
    const skipped: string[] = [];
    const factories = storeFactories({ url: 'postgres://127.0.0.1:1/none', skip: (name) => skipped.push(name) });
    expect(factories.map((f) => f.dialect)).toEqual(['sqlite', 'postgres']);
    expect(skipped).toEqual([]);
  });
});
