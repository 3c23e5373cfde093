import { isMissingInFile, readDecimalText } from './contracts/read-cells.ts';

/**
 * Where the columnar CSV reader puts one column's cells, each already classified, so the column's
 * accounting (counts, texts, number texts) lives in one place, the sink, whichever reader feeds it.
 * Every call is one row.
 */
export interface ColumnSink {
  /**
   * True while the column still counts numbers by their text as written; addNumber then needs the
   * text. Once false the reader skips making a string per number, which is most of its speed.
   */
  readonly wantsNumberText: boolean;
  addNumber(value: number, text: string | undefined): void;
  addMissing(): void;
  /** "inf", "-Infinity" and the like, as written. */
  addInfinite(text: string): void;
  /** A present value that is not a number. */
  addText(text: string): void;
}

const INFINITY_TEXT = /^\s*[+-]?(inf|infinity)\s*$/i;

/**
 * A file cell's text classified the one way every file reader does it: missing markers as
 * isMissingInFile, numbers as readDecimalText, "inf"-like words as infinities, the rest as text.
 */
export function addTextCell(sink: ColumnSink, text: string): void {
  if (isMissingInFile(text)) return sink.addMissing();
  const number = readDecimalText(text);
  if (!Number.isNaN(number)) return sink.addNumber(number, text);
  if (INFINITY_TEXT.test(text)) sink.addInfinite(text);
  else sink.addText(text);
}
