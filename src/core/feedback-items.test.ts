import { describe, expect, it } from 'vitest';
import { labelIssue, parseFeedbackItem } from './feedback-items.ts';
import type { OutputSpec } from './signature.ts';

const at = ['feedback', 3];

describe('parseFeedbackItem', () => {
  it('reads the three shapes of an item', () => {
    expect(parseFeedbackItem({ prediction_id: 'p1', label: 'yes' }, at)).toEqual({
      item: { key: { field: 'prediction_id', id: 'p1' }, target: { field: 'label', value: 'yes' } },
      issues: [],
    });
    expect(parseFeedbackItem({ prediction_id: 'p1', value: 2.5 }, at).item).toEqual({
      key: { field: 'prediction_id', id: 'p1' },
      target: { field: 'value', value: 2.5 },
    });
    expect(parseFeedbackItem({ request_id: 'r1', label: 0 }, at).item).toEqual({
      key: { field: 'request_id', id: 'r1' },
      target: { field: 'label', value: 0 },
    });
  });

  it('names every problem with its path, and gives no item when there is one', () => {
    const cases: [unknown, { code: string; path: (string | number)[] }[]][] = [
      [[1], [{ code: 'invalid_type', path: at }]],
      [{ label: 1 }, [{ code: 'missing', path: [...at, 'prediction_id'] }]],
      [{ prediction_id: 'p', request_id: 'r', label: 1 }, [{ code: 'invalid_value', path: at }]],
      [{ prediction_id: 'p' }, [{ code: 'missing', path: [...at, 'label'] }]],
      [{ prediction_id: 'p', label: 1, value: 1 }, [{ code: 'invalid_value', path: at }]],
      [{ prediction_id: 7, label: 1 }, [{ code: 'invalid_type', path: [...at, 'prediction_id'] }]],
      [{ prediction_id: '', label: 1 }, [{ code: 'invalid_value', path: [...at, 'prediction_id'] }]],
      [{ prediction_id: 'p', label: Number.NaN }, [{ code: 'invalid_value', path: [...at, 'label'] }]],
      [{ prediction_id: 'p', value: Number.POSITIVE_INFINITY }, [{ code: 'invalid_value', path: [...at, 'value'] }]],
      [{ prediction_id: 'p', value: 'high' }, [{ code: 'invalid_type', path: [...at, 'value'] }]],
      [{ prediction_id: 'p', label: true }, [{ code: 'invalid_type', path: [...at, 'label'] }]],
      [{ prediction_id: 'p', label: null }, [{ code: 'invalid_type', path: [...at, 'label'] }]],
      [{ prediction_id: 'p', label: 1, lable: 2 }, [{ code: 'unrecognized_key', path: [...at, 'lable'] }]],
    ];
    for (const [raw, expected] of cases) {
      const parsed = parseFeedbackItem(raw, at);
      expect(parsed.item, JSON.stringify(raw)).toBeUndefined();
      expect(
        parsed.issues.map(({ code, path }) => ({ code, path })),
        JSON.stringify(raw),
      ).toEqual(expected);
    }
  });
});

describe('labelIssue', () => {
  const binary: OutputSpec = { kind: 'binary', classes: [0, 1] };
  const named: OutputSpec = { kind: 'multiclass', classes: ['low', 'mid', 'high'] };
  const regression: OutputSpec = { kind: 'regression' };

  it('accepts a class of the model, matched by value and type', () => {
    expect(labelIssue({ field: 'label', value: 1 }, binary, at)).toBeUndefined();
    expect(labelIssue({ field: 'label', value: 'mid' }, named, at)).toBeUndefined();
  });

  it('refuses a class the model does not know, and a class sent as text for a number', () => {
    expect(labelIssue({ field: 'label', value: 2 }, binary, at)).toMatchObject({ code: 'invalid_value', path: [...at, 'label'] });
    expect(labelIssue({ field: 'label', value: 'MID' }, named, at)?.message).toContain('["low", "mid", "high"]');
    expect(labelIssue({ field: 'label', value: '1' }, binary, at)?.message).toContain('the class is 1 (a number), not "1"');
  });

  it('refuses a value for a classifier and a string label for a regressor, and takes numbers for a regressor', () => {
    expect(labelIssue({ field: 'value', value: 1 }, binary, at)).toMatchObject({ code: 'invalid_value', path: [...at, 'value'] });
    expect(labelIssue({ field: 'label', value: 'high' }, regression, at)).toMatchObject({
      code: 'invalid_type',
      path: [...at, 'label'],
    });
    expect(labelIssue({ field: 'value', value: 3.25 }, regression, at)).toBeUndefined();
    expect(labelIssue({ field: 'label', value: 3.25 }, regression, at)).toBeUndefined();
  });
});
