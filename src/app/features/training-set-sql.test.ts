import { describe, expect, it } from 'vitest';
import { castFeatureValue } from '../../core/features/compute-features.ts';
import { fromCell } from '../../core/features/expression/values.ts';
import type { FeatureType } from '../../core/features/feature-definitions.ts';
import { entityKeyText } from '../../core/features/point-in-time.ts';
import { parseTimestamp } from '../../core/features/timestamps.ts';
import { sqlString, withDuckDb } from './duckdb.ts';
import { epochMsExpression, featureValueExpression, keyExpression } from './training-set-sql.ts';

async function evaluate(expression: string, values: string, type: string): Promise<unknown[]> {
  return withDuckDb(async (db) => {
    await db.run(`set TimeZone = 'UTC'`);
    const rows = (
      await db.runAndReadAll(`select ${expression} from (select cast(v as ${type}) as v from (values ${values}) t(v))`)
    ).getRowsJS();
    return rows.map((r) => (typeof r[0] === 'bigint' ? Number(r[0]) : r[0]));
  });
}

describe('training-set SQL', () => {
  it('reads event times in SQL exactly as parseTimestamp does', async () => {
    const texts = [
      '2026-01-02',
      '2026-01-02T03:04',
      '2026-01-02T03:04:05',
      '2026-01-02 03:04:05.123',
      '2026-01-02T03:04:05.1239Z',
      '2026-01-02T03:04:05.123456789z',
      '2026-01-02T03:04:05+05:30',
      '2026-01-02T03:04:05-0700',
      '2026-01-02T03:04:05+02',
      '2026-01-02T03:04:05 UTC',
      '2026-01-02T03:04:05 +01:00',
      ' 2026-01-02T03:04:05Z ',
      '2026-02-29',
      '2028-02-29T00:00:00Z',
      '2026-02-30',
      '2026-01-02T24:00:00',
      '2026-01-02T03:60:00',
      '2026-13-01',
      '1767323045',
      'yesterday',
      '',
    ];
    const got = await evaluate(epochMsExpression('v', 'VARCHAR'), texts.map((t) => `(${sqlString(t)})`).join(', '), 'VARCHAR');
    expect(got).toEqual(texts.map((t) => parseTimestamp(t) ?? null));
  });

  it('takes typed timestamps and dates as they are, and refuses numbers', async () => {
    expect(await evaluate(epochMsExpression('v', 'TIMESTAMP'), `('2026-01-02 03:04:05')`, 'TIMESTAMP')).toEqual([
      Date.UTC(2026, 0, 2, 3, 4, 5),
    ]);
    expect(await evaluate(epochMsExpression('v', 'DATE'), `('2026-01-02')`, 'DATE')).toEqual([Date.UTC(2026, 0, 2)]);
    expect(await evaluate(epochMsExpression('v', 'BIGINT'), `(1767323045)`, 'BIGINT')).toEqual([null]);
  });

  it('writes keys as entityKeyText does, so 42 and "42" are one key', async () => {
    expect(await evaluate(keyExpression('v', 'DOUBLE', 'text'), `(42.0), (1.5), (-3.0)`, 'DOUBLE')).toEqual(
      [42, 1.5, -3].map((n) => entityKeyText(n)),
    );
    expect(await evaluate(keyExpression('v', 'VARCHAR', 'text'), `(' 42 '), (''), ('a')`, 'VARCHAR')).toEqual(
      [' 42 ', '', 'a'].map((t) => entityKeyText(t)),
    );
    expect(await evaluate(keyExpression('v', 'BIGINT', 'text'), `(42)`, 'BIGINT')).toEqual(['42']);
    expect(await evaluate(keyExpression('v', 'INTEGER', 'integer'), `(42)`, 'INTEGER')).toEqual([42]);
  });

  it('types plain feature values in SQL exactly as castFeatureValue does (a value that does not fit is missing)', async () => {
    const texts = ['1', ' 2.5 ', '-3', '+4', '.5', '1.', '1e3', '2.0', 'abc', 'Infinity', '0x10', 'true', 'False', '0', '1 2', 'TRUE '];
    const values = texts.map((t) => `(${sqlString(t)})`).join(', ');
    for (const type of ['number', 'integer', 'boolean', 'string'] as FeatureType[]) {
      const got = await evaluate(featureValueExpression('v', 'VARCHAR', type), values, 'VARCHAR');
      expect(got, type).toEqual(texts.map((t) => castFeatureValue(type, fromCell(t))));
    }
    const numbers = [0, 1, 2.5, -7];
    for (const type of ['number', 'integer', 'boolean', 'string'] as FeatureType[]) {
      const got = await evaluate(featureValueExpression('v', 'DOUBLE', type), numbers.map((n) => `(${n})`).join(', '), 'DOUBLE');
      expect(got, type).toEqual(numbers.map((n) => castFeatureValue(type, fromCell(n))));
    }
  });
});
