import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../core/signature.ts';
import { cellReader, datatypeFits, featureDatatype } from './feature-cells.ts';
import type { V2Element } from './v2-types.ts';

const number: FeatureSpec = { name: 'income', type: 'number' };
const integer: FeatureSpec = { name: 'term', type: 'integer' };
const named: FeatureSpec = { name: 'purpose', type: 'category', categories: ['car', 'home', '7'] };
const coded: FeatureSpec = { name: 'bucket', type: 'category' };
const text: FeatureSpec = { name: 'city', type: 'string' };

function read(feature: FeatureSpec, element: V2Element): { cell: unknown; problems: string[] } {
  const problems: string[] = [];
  return { cell: cellReader(feature)(element, (m) => problems.push(m)), problems };
}

describe('feature cells', () => {
  it('lists the datatype a client should send each feature as', () => {
    expect([number, integer, named, coded, text].map(featureDatatype)).toEqual(['FP64', 'INT64', 'BYTES', 'INT64', 'BYTES']);
  });
  it('lets BYTES carry any feature and numbers carry all but text', () => {
    expect(datatypeFits('BYTES', number)).toBe(true);
    expect(datatypeFits('FP32', named)).toBe(true);
    expect(datatypeFits('FP64', text)).toBe(false);
    expect(datatypeFits('BOOL', text)).toBe(false);
  });
  it('reads numbers, booleans as 0/1, decimal text strictly and missing markers as null', () => {
    expect(read(number, 2.5).cell).toBe(2.5);
    expect(read(number, true).cell).toBe(1);
    expect(read(number, ' 12.5 ').cell).toBe(12.5);
    expect(read(number, '').cell).toBeNull();
    expect(read(number, 'NA').cell).toBeNull();
    expect(read(number, null).cell).toBeNull();
    expect(read(number, '0x10').problems).toEqual(['"0x10" is not a number']);
    expect(read(number, 'Infinity').problems).toEqual(['"Infinity" is not a number']);
  });
  it('refuses fractions for integer features', () => {
    expect(read(integer, 36).cell).toBe(36);
    expect(read(integer, '36').cell).toBe(36);
    expect(read(integer, 36.5).problems).toEqual(['36.5 is not a whole number (the feature is an integer)']);
  });
  it('keeps category names as names, reads numeric text and numbers as codes', () => {
    expect(read(named, 'home').cell).toBe('home');
    expect(read(named, 'boat').cell).toBe('boat'); // unseen: the batch builder reads it as missing
    expect(read(named, '7').cell).toBe('7'); // a known name wins over a code
    expect(read(named, '1').cell).toBe(1);
    expect(read(named, 1).cell).toBe(1);
    expect(read(named, 1.5).problems).toEqual(['1.5 is not a category code (a whole number of at least 0) or a category name']);
    expect(read(coded, -1).problems).toEqual(['-1 is not a category code (a whole number of at least 0)']);
    expect(read(coded, 'car').problems).toEqual(['"car" is not a number']);
  });
  it('keeps text as text, empty included', () => {
    expect(read(text, 'Paris').cell).toBe('Paris');
    expect(read(text, '').cell).toBe('');
    expect(read(text, null).cell).toBeNull();
  });
});
