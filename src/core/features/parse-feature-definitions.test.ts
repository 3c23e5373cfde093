import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { parseFeatureDefinitions } from './parse-feature-definitions.ts';

const VALID = `
format: ballast.features/v1
entities:
  - name: customer
    key: customer_id
sources:
  - name: transactions
    path: data/transactions.csv
    timestamp: event_time
    created_timestamp: created
  - name: accounts
    table: accounts
    timestamp: updated_at
feature_views:
  - name: tx
    entity: customer
    source: transactions
    ttl: 7d
    features:
      - {name: spend_7d, type: number}
      - {name: n_tx_7d, type: integer, description: count}
  - name: account
    entity: customer
    source: accounts
    features:
      - {name: status, type: string}
on_demand_features:
  - {name: ratio, type: number, expr: amount / spend_7d}
`;

function problems(text: string, format: 'json' | 'yaml' = 'yaml') {
  try {
    parseFeatureDefinitions(text, format, 'features.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_feature_definitions');
    return (error as BallastError).issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
  }
  throw new Error('expected the definitions to be refused');
}

/** VALID with one line replaced (the first that contains `from`). */
function editing(from: string, to: string): string {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
}

describe('parseFeatureDefinitions', () => {
  it('reads a valid file into definitions, with ttls in seconds and optional fields left out', () => {
    const defs = parseFeatureDefinitions(VALID, 'yaml', 'features.yaml');
    expect(defs).toEqual({
      format: 'ballast.features/v1',
      entities: [{ name: 'customer', key: 'customer_id' }],
      sources: [
        { name: 'transactions', path: 'data/transactions.csv', timestamp: 'event_time', createdTimestamp: 'created' },
        { name: 'accounts', table: 'accounts', timestamp: 'updated_at' },
      ],
      featureViews: [
        {
          name: 'tx',
          entity: 'customer',
          source: 'transactions',
          ttlSeconds: 7 * 86400,
          features: [
            { name: 'spend_7d', type: 'number' },
            { name: 'n_tx_7d', type: 'integer', description: 'count' },
          ],
        },
        { name: 'account', entity: 'customer', source: 'accounts', ttlSeconds: null, features: [{ name: 'status', type: 'string' }] },
      ],
      onDemandFeatures: [{ name: 'ratio', type: 'number', expr: 'amount / spend_7d' }],
    });
  });

  it('reads the same definitions from JSON', () => {
    const json = JSON.stringify({
      format: 'ballast.features/v1',
      entities: [{ name: 'customer', key: 'customer_id' }],
      sources: [{ name: 's', path: 'x.parquet', timestamp: 't' }],
      feature_views: [{ name: 'v', entity: 'customer', source: 's', ttl: 3600, features: [{ name: 'f', type: 'boolean' }] }],
    });
    const defs = parseFeatureDefinitions(json, 'json', 'features.json');
    expect(defs.featureViews[0]).toEqual({
      name: 'v',
      entity: 'customer',
      source: 's',
      ttlSeconds: 3600,
      features: [{ name: 'f', type: 'boolean' }],
    });
    expect(defs.onDemandFeatures).toEqual([]);
  });

  it('reads a ttl of 0 as no limit, as Feast does', () => {
    expect(parseFeatureDefinitions(editing('ttl: 7d', 'ttl: 0'), 'yaml', 'f').featureViews[0]!.ttlSeconds).toBeNull();
    expect(parseFeatureDefinitions(editing('ttl: 7d', 'ttl: 12h'), 'yaml', 'f').featureViews[0]!.ttlSeconds).toBe(43200);
  });

  it('reads the credit example', () => {
    const file = path.resolve(import.meta.dirname, '../../../examples/credit/features.yaml');
    const defs = parseFeatureDefinitions(readFileSync(file, 'utf8'), 'yaml', 'features.yaml');
    expect(defs.featureViews.map((v) => [v.name, v.ttlSeconds, v.features.length])).toEqual([['bureau', 90 * 86400, 5]]);
    expect(defs.sources[0]).toMatchObject({ path: 'bureau.csv', timestamp: 'event_time', createdTimestamp: 'created_time' });
  });

  it('names every problem with its path at once', () => {
    const text = `
format: ballast.features/v2
entities:
  - name: customer
  - name: customer
    key: id
    colour: red
sources:
  - name: s
    path: data.xlsx
  - name: both
    path: a.csv
    table: a
    timestamp: t
feature_views:
  - name: v
    entity: shopper
    source: nowhere
    ttl: soon
    features:
      - {name: a, type: float}
      - {name: a, type: number}
      - {name: 2b, type: number}
  - name: empty
    entity: customer
    source: s
    features: []
`;
    expect(problems(text)).toEqual([
      { path: 'format', code: 'invalid_value', message: 'must be ballast.features/v1 (got "ballast.features/v2")' },
      { path: 'entities.0.key', code: 'missing', message: 'is required' },
      { path: 'entities.1.colour', code: 'unrecognized_key', message: 'unknown key; allowed here: name, key, description' },
      { path: 'sources.0.timestamp', code: 'missing', message: 'is required' },
      { path: 'sources.0.path', code: 'invalid_value', message: 'must be a .csv or .parquet file (got "data.xlsx")' },
      { path: 'sources.1', code: 'invalid_value', message: 'needs exactly one of path (a CSV or Parquet file) and table' },
      { path: 'entities.1.name', code: 'duplicate', message: '"customer" is named twice' },
      { path: 'feature_views.0.entity', code: 'invalid_value', message: 'no entity is named "shopper" (defined: customer)' },
      { path: 'feature_views.0.source', code: 'invalid_value', message: 'no source is named "nowhere" (defined: s, both)' },
      {
        path: 'feature_views.0.ttl',
        code: 'invalid_format',
        message: 'must be a duration such as 7d, 12h, 30m, 45s or 2w, a number of seconds, or 0 for no limit (got "soon")',
      },
      { path: 'feature_views.0.features.1.name', code: 'duplicate', message: '"a" is named twice' },
      {
        path: 'feature_views.0.features.0.type',
        code: 'invalid_value',
        message: 'must be one of number, integer, string, boolean (got "float")',
      },
      {
        path: 'feature_views.0.features.2.name',
        code: 'invalid_format',
        message: 'must be 1-128 letters, digits or \'_\', not starting with a digit (got "2b")',
      },
      { path: 'feature_views.1.features', code: 'too_small', message: 'a view has at least one feature' },
    ]);
  });

  it('refuses a feature named like its entity key, and a key that is the source timestamp', () => {
    expect(problems(editing('{name: spend_7d, type: number}', '{name: customer_id, type: number}'))).toEqual([
      {
        path: 'feature_views.0.features.0.name',
        code: 'invalid_value',
        message: "is the key of entity customer; a feature cannot take the key's name",
      },
    ]);
    expect(problems(editing('key: customer_id', 'key: event_time'))).toEqual([
      {
        path: 'feature_views.0.entity',
        code: 'invalid_value',
        message: 'the entity\'s key "event_time" is a timestamp column of source transactions',
      },
    ]);
  });

  it("refuses a view name with '__', which full feature names use as the separator", () => {
    expect(problems(editing('name: tx', 'name: t__x')).map((p) => p.path)).toEqual(['feature_views.0.name']);
  });

  it('refuses an on-demand feature named like a view feature, and one without an expression', () => {
    expect(
      problems(editing('{name: ratio, type: number, expr: amount / spend_7d}', '{name: spend_7d, type: number, expr: amount}')),
    ).toEqual([{ path: 'on_demand_features.0.name', code: 'duplicate', message: '"spend_7d" is already a feature of view tx' }]);
    expect(problems(editing('{name: ratio, type: number, expr: amount / spend_7d}', '{name: ratio, type: number}'))).toEqual([
      { path: 'on_demand_features.0.expr', code: 'missing', message: 'is required' },
    ]);
  });

  it('refuses a created_timestamp equal to the timestamp, and a table name that is not one', () => {
    expect(problems(editing('created_timestamp: created', 'created_timestamp: event_time')).map((p) => p.path)).toEqual([
      'sources.0.created_timestamp',
    ]);
    expect(problems(editing('table: accounts', 'table: "accounts; drop table x"')).map((p) => p.path)).toEqual(['sources.1.table']);
  });

  it('refuses text that is not YAML or JSON, and a document that is not a mapping', () => {
    expect(problems('{"format": ', 'json')[0]).toMatchObject({ path: '', code: 'invalid_format' });
    expect(problems('entities: [a\n')[0]).toMatchObject({ path: '', code: 'invalid_format' });
    expect(problems('- 1\n')).toEqual([
      { path: '', code: 'invalid_type', message: 'a feature definitions file must be a mapping of keys to values (got a list)' },
    ]);
  });

  it('requires the lists a file is made of', () => {
    expect(problems('format: ballast.features/v1\n').map((p) => `${p.path} ${p.code}`)).toEqual([
      'entities missing',
      'sources missing',
      'feature_views missing',
    ]);
    expect(
      problems(
        'format: ballast.features/v1\nentities: []\nsources: []\nfeature_views: [{name: v, entity: e, source: s, features: [{name: f, type: number}]}]\n',
      ),
    ).toEqual([
      { path: 'feature_views.0.entity', code: 'invalid_value', message: 'no entity is named "e" (none is defined)' },
      { path: 'feature_views.0.source', code: 'invalid_value', message: 'no source is named "s" (none is defined)' },
    ]);
    expect(problems('format: ballast.features/v1\nentities: {}\nsources: []\nfeature_views: []\n').map((p) => p.path)).toEqual([
      'entities',
    ]);
  });

  it('refuses expressions that do not compile, naming the position, and on-demand features read before they are computed', () => {
    const text = editing(
      '      - {name: n_tx_7d, type: integer, description: count}',
      '      - {name: n_tx_7d, type: integer, expr: "count(spend_7d)"}\n      - {name: half, type: number, expr: "spend_7d /"}',
    ).replace(
      '  - {name: ratio, type: number, expr: amount / spend_7d}',
      '  - {name: ratio, type: number, expr: amount / later}\n  - {name: later, type: number, expr: later + 1}\n  - {name: bad, type: number, expr: "log(amount"}',
    );
    expect(problems(text)).toEqual([
      {
        path: 'feature_views.0.features.1.expr',
        code: 'invalid_format',
        message: expect.stringMatching(/^at 1: there is no function "count" \(functions: .*coalesce/),
      },
      {
        path: 'feature_views.0.features.2.expr',
        code: 'invalid_format',
        message: 'at 11: expected a value, found the end of the expression',
      },
      { path: 'on_demand_features.2.expr', code: 'invalid_format', message: expect.stringMatching(/^at \d+: /) },
      {
        path: 'on_demand_features.0.expr',
        code: 'invalid_value',
        message: 'reads "later", an on-demand feature defined after it (at 1); move it before',
      },
      { path: 'on_demand_features.1.expr', code: 'invalid_value', message: 'reads "later", the feature itself' },
    ]);
  });

  it('keeps a derived feature and an on-demand feature reading one defined before it', () => {
    const text = editing('{name: spend_7d, type: number}', '{name: spend_7d, type: number, expr: "coalesce(amount, 0) * 7"}').replace(
      '  - {name: ratio, type: number, expr: amount / spend_7d}',
      '  - {name: ratio, type: number, expr: amount / spend_7d}\n  - {name: big, type: boolean, expr: ratio > 2}',
    );
    const defs = parseFeatureDefinitions(text, 'yaml', 'f');
    expect(defs.featureViews[0]!.features[0]).toEqual({ name: 'spend_7d', type: 'number', expr: 'coalesce(amount, 0) * 7' });
    expect(defs.onDemandFeatures.map((f) => f.expr)).toEqual(['amount / spend_7d', 'ratio > 2']);
  });

  it('keeps the view name on_demand for on-demand features', () => {
    expect(problems(editing('name: tx', 'name: on_demand')).map((p) => p.path)).toEqual(['feature_views.0.name']);
  });
});
