import { describe, expect, it } from 'vitest';
import { issuePlace } from './issue-place.ts';

describe('issuePlace', () => {
  it('prints the array path the server sends as the CLI does', () => {
    expect(issuePlace({ code: 'missing', path: ['instances', 0, 'age'], message: 'is missing' })).toBe('instances[0].age');
    expect(issuePlace({ code: 'invalid_value', path: ['inputs', 1, 'data', 4], message: 'is bad' })).toBe('inputs[1].data[4]');
  });
});
