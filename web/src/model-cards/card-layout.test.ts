import { describe, expect, it } from 'vitest';
import { cardSections, cellText, fieldLabel, isEmpty, missingPlace, tableColumns } from './card-layout.ts';
import type { ModelCard } from './card-types.ts';

const card: ModelCard = {
  schema_version: 'ballast.card/v1',
  generated_at: '2026-12-07T12:00:00.000Z',
  model_details: { name: 'credit', version: 2 },
  considerations: { intended_use: null, out_of_scope_uses: [], limitations: [], ethical_considerations: [] },
  model_parameters: {},
  quantitative_analysis: {},
  explanations: { global_importance: null, method: null },
  monitoring: { drift: null, contract_violations: [] },
  governance: {},
  datasheet: { note: 'a section a newer schema added' },
  missing: [
    { section: 'considerations.intended_use', reason: 'nobody entered one' },
    { section: 'explanations', reason: 'no global importance' },
    { section: 'monitoring.drift', reason: 'no deployment serves it' },
    { section: 'elsewhere', reason: 'unknown' },
  ],
};

describe('cardSections', () => {
  it('lists the known sections in order, then any other, each with its missing notes', () => {
    const { sections, unplaced } = cardSections(card);
    expect(sections.map((s) => s.key)).toEqual([
      'model_details',
      'considerations',
      'model_parameters',
      'quantitative_analysis',
      'explanations',
      'monitoring',
      'governance',
      'datasheet',
    ]);
    expect(sections.find((s) => s.key === 'datasheet')!.title).toBe('Datasheet');
    expect(Object.fromEntries(sections.map((s) => [s.key, s.missing.map((m) => m.reason)]))).toMatchObject({
      considerations: ['nobody entered one'],
      explanations: ['no global importance'],
      monitoring: ['no deployment serves it'],
      model_details: [],
    });
    expect(unplaced).toEqual([{ section: 'elsewhere', reason: 'unknown' }]);
  });

  it('keeps a section the server left out, as null, so it still shows (as missing)', () => {
    const { governance: _, ...without } = card;
    const { sections } = cardSections(without as ModelCard);
    expect(sections.find((s) => s.key === 'governance')!.value).toBeNull();
  });
});

describe('labels and values', () => {
  it('labels fields and missing places in words', () => {
    expect(fieldLabel('out_of_scope_uses')).toBe('Out-of-scope uses');
    expect(fieldLabel('rows')).toBe('Rows');
    expect(fieldLabel('model_parameters.data.train')).toBe('Training data');
    expect(missingPlace('monitoring.drift')).toBe('Drift and data quality › Drift');
    expect(missingPlace('considerations')).toBe('Intended use and limitations');
  });

  it('tells empty values, table columns and one-line cells', () => {
    expect([null, '', [], {}, 0, false, 'x'].map(isEmpty)).toEqual([true, true, true, true, false, false, false]);
    expect(tableColumns([{ a: 1 }, { b: 2, a: 3 }])).toEqual(['a', 'b']);
    expect(tableColumns(['x', { a: 1 }])).toBeUndefined();
    expect(cellText({ min: 0.5, max: 2 })).toBe('min: 0.5, max: 2');
    expect(cellText([1, 'b', true, null])).toBe('1, b, yes, —');
    expect(cellText(12345)).toBe('12,345');
  });
});
