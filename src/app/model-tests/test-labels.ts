import { BallastError } from '../../core/errors.ts';
import { labelFromText } from '../../core/feedback-label-text.ts';
import type { ClassLabel, OutputSpec } from '../../core/signature.ts';
import { isMissing, parseNumber, type Cell } from '../../core/table.ts';

/** How many distinct bad labels an error names; enough to see the pattern (a `yes`/`no` file for a 0/1 model). */
const NAMED_VALUES = 10;

/**
 * The label column read as the model's answers: class indexes into `classes` for a classifier (text is read
 * as feedback import reads it: `1` and `1.0` are the class 1), numbers for a regressor. A label the model does
 * not know, or a missing one, refuses the whole run (`unknown_label`) naming the values and how many rows have
 * them: a metric over silently dropped rows would judge other data than the user gave.
 */
export function readLabels(
  cells: readonly Cell[],
  output: OutputSpec,
  classes: readonly ClassLabel[] | undefined,
  column: string,
  source: string,
): Int32Array | Float64Array {
  const bad = new Map<string, number>();
  const note = (text: string) => bad.set(text, (bad.get(text) ?? 0) + 1);
  let labels: Int32Array | Float64Array;
  if (classes === undefined) {
    labels = new Float64Array(cells.length);
    cells.forEach((cell, i) => {
      const value = isMissing(cell) ? undefined : parseNumber(cell);
      if (value === undefined) note(isMissing(cell) ? '(missing)' : JSON.stringify(cell));
      else labels[i] = value;
    });
  } else {
    const index = new Map<ClassLabel, number>(classes.map((c, k) => [c, k]));
    labels = new Int32Array(cells.length);
    cells.forEach((cell, i) => {
      if (isMissing(cell)) return void note('(missing)');
      const value = typeof cell === 'number' && index.has(cell) ? cell : labelFromText(String(cell), output);
      const k = index.get(value);
      if (k === undefined) note(JSON.stringify(cell));
      else labels[i] = k;
    });
  }
  if (bad.size > 0) {
    const rows = [...bad.values()].reduce((a, b) => a + b, 0);
    const named = [...bad.entries()].slice(0, NAMED_VALUES).map(([text, count]) => `${text} (${count} row${count === 1 ? '' : 's'})`);
    const expected =
      classes === undefined
        ? 'a finite number (the model is a regressor)'
        : `one of the model's classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`;
    throw new BallastError(
      'unknown_label',
      `${source}: ${rows} row${rows === 1 ? '' : 's'} of label column "${column}" ${rows === 1 ? 'is' : 'are'} not ${expected}: ${named.join(', ')}${bad.size > NAMED_VALUES ? `, and ${bad.size - NAMED_VALUES} more values` : ''}`,
    );
  }
  return labels;
}
