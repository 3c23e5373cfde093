import { describe, expect, it } from 'vitest';
import { parseClassLabels } from './class-labels.ts';

describe('parseClassLabels', () => {
  it('reads a JSON array of strings and numbers as they are', () => {
    expect(parseClassLabels('["low", "high"]')).toEqual(['low', 'high']);
    expect(parseClassLabels('[0, 1, 2.5]')).toEqual([0, 1, 2.5]);
  });

  it('reads a comma list, whole numbers as numbers and everything else as text', () => {
    expect(parseClassLabels(' no , yes ')).toEqual(['no', 'yes']);
    expect(parseClassLabels('0,1,-2')).toEqual([0, 1, -2]);
    expect(parseClassLabels('01,1.5,x')).toEqual(['01', '1.5', 'x']);
  });

  it('refuses what is neither, or names an empty class', () => {
    for (const text of ['', '[', '[true]', '["a", ""]', 'a,,b', '[]']) expect(parseClassLabels(text), text).toBeUndefined();
  });
});
