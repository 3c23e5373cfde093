import { describe, expect, it } from 'vitest';
import type { Issue } from './issues.ts';
import { parseJoinKey } from './join-key.ts';

function parse(fields: Record<string, unknown>) {
  const issues: Issue[] = [];
  const key = parseJoinKey(fields, ['items', 3], 'the label', (code, path, message) => issues.push({ code, path, message }));
  return { key, issues };
}

describe('parseJoinKey', () => {
  it('takes a prediction id or a request id', () => {
    expect(parse({ prediction_id: '01J', label: 1 })).toEqual({ key: { field: 'prediction_id', id: '01J' }, issues: [] });
    expect(parse({ request_id: 'r-1' })).toEqual({ key: { field: 'request_id', id: 'r-1' }, issues: [] });
    expect(parse({ request_id: 'r'.repeat(200) }).key).toEqual({ field: 'request_id', id: 'r'.repeat(200) });
  });

  it('reports both keys, neither, a non-string and a bad length at their paths', () => {
    expect(parse({ prediction_id: 'a', request_id: 'b' }).issues).toEqual([
      { code: 'invalid_value', path: ['items', 3], message: 'give prediction_id or request_id, not both' },
    ]);
    expect(parse({}).issues).toEqual([
      {
        code: 'missing',
        path: ['items', 3, 'prediction_id'],
        message: 'prediction_id (or request_id) is required to join the label to a prediction',
      },
    ]);
    expect(parse({ prediction_id: 7 }).issues).toMatchObject([{ code: 'invalid_type', path: ['items', 3, 'prediction_id'] }]);
    expect(parse({ request_id: '' }).issues).toMatchObject([{ code: 'invalid_value', path: ['items', 3, 'request_id'] }]);
    expect(parse({ request_id: 'r'.repeat(201) }).key).toBeUndefined();
  });
});
