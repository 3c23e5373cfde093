import { describe, expect, it } from 'vitest';
import { timeAxis, valueAxis } from './axis-style.ts';

describe('chart axes', () => {
  it('share one look, and style a label only when there is one', () => {
    expect(timeAxis()).toEqual({ stroke: '#5b6675', grid: { stroke: '#e6e9ee', width: 1 }, ticks: { stroke: '#d5dae1', width: 1 } });
    expect(valueAxis(64)).not.toHaveProperty('labelSize');
    expect(valueAxis(56, { label: 'violations per minute' })).toMatchObject({
      size: 56,
      label: 'violations per minute',
      labelSize: 18,
      stroke: '#5b6675',
    });
  });
});
