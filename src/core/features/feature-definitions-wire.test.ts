import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureDefinitionsDocument, featureSetWire } from './feature-definitions-wire.ts';
import { parseFeatureDefinitions } from './parse-feature-definitions.ts';

const example = readFileSync(path.resolve(import.meta.dirname, '../../../examples/credit/features.yaml'), 'utf8');

describe('feature definitions on the wire', () => {
  it('is a ballast.features/v1 document that reads back to the same definitions', () => {
    const defs = parseFeatureDefinitions(example, 'yaml', 'features.yaml');
    const document = featureDefinitionsDocument(defs);
    expect(document.feature_views[0]).toMatchObject({ name: 'bureau', ttl: 90 * 86400 });
    expect(document.sources[0]).toEqual({ name: 'bureau', path: 'bureau.csv', timestamp: 'event_time', created_timestamp: 'created_time' });
    expect(parseFeatureDefinitions(JSON.stringify(document), 'json', 'wire')).toEqual(defs);
  });

  it('writes no limit as a ttl of 0, a table source as its table, and the version around the document', () => {
    const defs = parseFeatureDefinitions(
      'format: ballast.features/v1\nentities: [{name: e, key: k}]\nsources: [{name: s, table: t, timestamp: at}]\nfeature_views: [{name: v, entity: e, source: s, features: [{name: f, type: string}]}]\n',
      'yaml',
      'f',
    );
    const record = {
      version: 3,
      definitions: defs,
      sha256: 'ab',
      sourceFile: '/x/f.yaml',
      createdBy: 'ana',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const wire = featureSetWire(record);
    expect(wire).toMatchObject({
      version: 3,
      sha256: 'ab',
      source_file: '/x/f.yaml',
      created_by: 'ana',
      feature_views: ['v'],
      features: 1,
      on_demand_features: 0,
    });
    expect(wire.definitions.sources).toEqual([{ name: 's', table: 't', timestamp: 'at' }]);
    expect(wire.definitions.feature_views[0]!.ttl).toBe(0);
    expect(parseFeatureDefinitions(JSON.stringify(wire.definitions), 'json', 'wire')).toEqual(defs);
  });
});
