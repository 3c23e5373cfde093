import { describe, expect, it } from 'vitest';
import { exampleValue } from './report-text.ts';

describe('report text', () => {
  it('keeps examples short', () => {
    expect(exampleValue('x'.repeat(500))).toBe(`${'x'.repeat(200)}…`);
    expect(exampleValue('short')).toBe('short');
    expect(exampleValue(12)).toBe(12);
    expect(exampleValue(null)).toBe(null);
  });
});
