import { isMissingInFile, readDecimalText } from '../contracts/read-cells.ts';
import { KllSketch } from '../sketches/kll.ts';
import { DEFAULT_BINS, type ColumnSchema, type ProfileSchema } from './profile-schema.ts';

/**
 * The first of the two passes over a reference: learns each column's kind (numeric when every
 * present value is a number) and its quantiles, from which the second pass's bin edges come.
 */
export class SchemaProbe {
  private readonly probes: ColumnProbe[];

  constructor(readonly names: readonly string[]) {
    this.probes = names.map(() => new ColumnProbe());
  }

  addCells(cells: ArrayLike<unknown>, positions: readonly number[]): void {
    for (let i = 0; i < this.probes.length; i++) {
      const at = positions[i]!;
      if (at >= 0) this.probes[i]!.add(cells[at]);
    }
  }

  addRecord(record: Readonly<Record<string, unknown>>): void {
    for (let i = 0; i < this.probes.length; i++) {
      const name = this.names[i]!;
      if (Object.prototype.hasOwnProperty.call(record, name)) this.probes[i]!.add(record[name]);
    }
  }

  schema(bins = DEFAULT_BINS): ProfileSchema {
    return { columns: this.names.map((name, i) => this.probes[i]!.schema(name, bins)) };
  }
}

class ColumnProbe {
  numbers = 0;
  others = 0;
  readonly quantiles = new KllSketch(400);

  add(value: unknown): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) this.addNumber(value);
      return;
    }
    if (typeof value === 'string') {
      if (isMissingInFile(value)) return;
      const x = readDecimalText(value);
      if (!Number.isNaN(x)) return this.addNumber(x);
      if (/^\s*[+-]?inf(inity)?\s*$/i.test(value)) return;
    }
    this.others++;
  }

  private addNumber(x: number): void {
    this.numbers++;
    this.quantiles.add(x);
  }

  schema(name: string, bins: number): ColumnSchema {
    if (this.others > 0 || this.numbers === 0) return { name, kind: this.others > 0 ? 'categorical' : 'numeric' };
    return { name, kind: 'numeric', edges: quantileEdgesFromSketch(this.quantiles, bins), range: [this.quantiles.min, this.quantiles.max] };
  }
}

/** Interior edges at the sketch's 1/bins … (bins-1)/bins quantiles, de-duplicated (few distinct values give fewer bins). */
function quantileEdgesFromSketch(sketch: KllSketch, bins: number): number[] {
  if (sketch.count === 0) return [];
  const qs = Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
  const edges: number[] = [];
  for (const q of sketch.quantiles(qs)) {
    // An edge at the minimum would leave the first bin empty by construction.
    if (q > sketch.min && (edges.length === 0 || q > edges[edges.length - 1]!)) edges.push(q);
  }
  return edges;
}
