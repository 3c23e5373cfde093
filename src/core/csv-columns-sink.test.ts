import { describe, expect, it } from 'vitest';
import { addTextCell, type ColumnSink } from './csv-columns-sink.ts';

function classify(text: string): unknown[] {
  const calls: unknown[] = [];
  const sink: ColumnSink = {
    wantsNumberText: true,
    addNumber: (value, written) => calls.push(['number', value, written]),
    addMissing: () => calls.push(['missing']),
    addInfinite: (written) => calls.push(['infinite', written]),
    addText: (written) => calls.push(['text', written]),
  };
  addTextCell(sink, text);
  return calls[0] as unknown[];
}

describe('addTextCell', () => {
  it('classifies missing markers, numbers (as written), infinities and texts', () => {
    expect(classify('')).toEqual(['missing']);
    expect(classify(' NA ')).toEqual(['missing']);
    expect(classify('<NA>')).toEqual(['missing']);
    expect(classify(' 3 ')).toEqual(['number', 3, ' 3 ']);
    expect(classify('1e3')).toEqual(['number', 1000, '1e3']);
    expect(classify('-inf')).toEqual(['infinite', '-inf']);
    expect(classify(' Infinity')).toEqual(['infinite', ' Infinity']);
    // Too large for a double: neither a number nor an infinity word, so a text.
    expect(classify('1e400')).toEqual(['text', '1e400']);
    expect(classify('0x10')).toEqual(['text', '0x10']);
  });
});
