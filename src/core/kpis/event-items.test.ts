import { describe, expect, it } from 'vitest';
import { parseEventItem } from './event-items.ts';

const codes = (raw: unknown) => parseEventItem(raw, ['events', 3]).issues.map((i) => [i.code, i.path.join('.')]);

describe('event items', () => {
  it('reads a join key, a name, a value (1 when left out) and a time normalised to UTC', () => {
    expect(parseEventItem({ prediction_id: 'p1', name: 'conversion' }, ['events', 0]).item).toEqual({
      key: { field: 'prediction_id', id: 'p1' },
      name: 'conversion',
      value: 1,
    });
    expect(parseEventItem({ request_id: 'r', name: 'refund', value: -12.5, at: '2026-11-25T11:00:00+01:00' }, []).item).toEqual({
      key: { field: 'request_id', id: 'r' },
      name: 'refund',
      value: -12.5,
      at: '2026-11-25T10:00:00.000Z',
    });
  });

  it('names every problem of an item with its path', () => {
    expect(codes({ name: 'conversion' })).toEqual([['missing', 'events.3.prediction_id']]);
    expect(codes({ prediction_id: 'p', request_id: 'r', name: 'conversion' })).toEqual([['invalid_value', 'events.3']]);
    expect(codes({ prediction_id: 7, name: 'conversion' })).toEqual([['invalid_type', 'events.3.prediction_id']]);
    expect(codes({ prediction_id: '', name: 'conversion' })).toEqual([['invalid_value', 'events.3.prediction_id']]);
    expect(codes({ prediction_id: 'p' })).toEqual([['missing', 'events.3.name']]);
    expect(codes({ prediction_id: 'p', name: 'Conversion!' })).toEqual([['invalid_format', 'events.3.name']]);
    expect(codes({ prediction_id: 'p', name: 3 })).toEqual([['invalid_type', 'events.3.name']]);
    expect(codes({ prediction_id: 'p', name: 'c', value: '1' })).toEqual([['invalid_type', 'events.3.value']]);
    expect(codes({ prediction_id: 'p', name: 'c', value: null })).toEqual([['invalid_type', 'events.3.value']]);
    for (const value of [Number.NaN, Infinity, -Infinity])
      expect(codes({ prediction_id: 'p', name: 'c', value })).toEqual([['invalid_value', 'events.3.value']]);
    for (const at of ['yesterday', '2026-11-25', '2026-11-25T10:00:00', '2026-13-45T10:00:00Z'])
      expect(codes({ prediction_id: 'p', name: 'c', at }), at).toEqual([['invalid_format', 'events.3.at']]);
    expect(codes({ prediction_id: 'p', name: 'c', at: 1764064800000 })).toEqual([['invalid_type', 'events.3.at']]);
    expect(codes({ prediction_id: 'p', name: 'c', label: 1 })).toEqual([['unrecognized_key', 'events.3.label']]);
    expect(codes(['p', 'c'])).toEqual([['invalid_type', 'events.3']]);
    expect(parseEventItem({ prediction_id: 'p', name: 'c', value: 'x' }, []).item).toBeUndefined();
  });
});
