/**
 * The rows a check's `where` selects: every entry must hold (`{region: north, segment: retail}` is region
 * = north AND segment = retail). A text column matches the value's text (`true` matches "true"); a numeric
 * column matches the number (a boolean as 1 / 0, a text that is not a number matches nothing). Missing
 * values match nothing. No row selected is `test_data_insufficient`: a metric of no rows means nothing.
 */
import { BallastError } from '../errors.ts';
import type { CheckData, RowFilter } from './suite-types.ts';

export function rowsWhere(where: RowFilter, data: CheckData, checkName: string): Int32Array {
  const keep = new Uint8Array(data.rows).fill(1);
  for (const [name, wanted] of Object.entries(where)) {
    const column = data.columns.get(name);
    if (column === undefined) {
      throw new BallastError('invalid_test_suite', `check ${checkName}: where names the column ${name}, which the data does not have`, [
        { code: 'invalid_value', path: ['checks', checkName, 'where', name], message: `the data has no column ${name}` },
      ]);
    }
    if (column instanceof Float64Array) {
      const number = typeof wanted === 'boolean' ? Number(wanted) : typeof wanted === 'number' ? wanted : textNumber(wanted);
      for (let row = 0; row < data.rows; row++) if (column[row] !== number) keep[row] = 0;
    } else {
      const text = String(wanted);
      for (let row = 0; row < data.rows; row++) if (column[row] !== text) keep[row] = 0;
    }
  }
  let count = 0;
  for (let row = 0; row < data.rows; row++) count += keep[row]!;
  if (count === 0) {
    const condition = Object.entries(where)
      .map(([name, value]) => `${name} = ${String(value)}`)
      .join(' and ');
    throw new BallastError('test_data_insufficient', `check ${checkName}: no row of the data has ${condition}`);
  }
  const rows = new Int32Array(count);
  let next = 0;
  for (let row = 0; row < data.rows; row++) if (keep[row] === 1) rows[next++] = row;
  return rows;
}

function textNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
