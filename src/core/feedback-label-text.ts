import type { ClassLabel, OutputSpec } from './signature.ts';
import { parseNumber } from './table.ts';

/**
 * A label read as text (a CSV cell) turned into the model's own value, so a file written by
 * pandas means what it says: a class whose text is exactly the cell is that class (string classes
 * first, so "01" stays "01" where the model has that class); otherwise a cell that reads as a
 * number equal to a numeric class is that class ("1" and "1.0" are the class 1); a regressor's
 * cell is its number. A cell that fits none of these stays text, and the label check then says
 * why it does not fit (not a class of the model, a string for a regressor). A model without a
 * class list takes a number where the cell is one.
 */
export function labelFromText(text: string, output: OutputSpec): ClassLabel {
  const number = parseNumber(text);
  if (output.kind === 'regression') return number ?? text;
  const classes = output.classes;
  if (classes === undefined) return number ?? text;
  if (classes.includes(text)) return text;
  if (number !== undefined && classes.includes(number)) return number;
  return text;
}
