import { describe, expect, it } from 'vitest';
import { binLabels, formatEdge } from './bin-labels.ts';

describe('binLabels', () => {
  it('opens the outer bins and closes each bin on the left', () => {
    expect(binLabels([1, 2.5, 4])).toEqual(['< 1', '[1, 2.5)', '[2.5, 4)', '>= 4']);
  });
  it('names the single bin of a column without edges', () => {
    expect(binLabels([])).toEqual(['all values']);
  });
  it('drops floating-point noise but keeps six significant digits', () => {
    expect(formatEdge(0.1 + 0.2)).toBe('0.3');
    expect(formatEdge(1234.56789)).toBe('1234.57');
    expect(formatEdge(-3)).toBe('-3');
  });
});
