import { isMissingInFile, readDecimalText } from '../contracts/read-cells.ts';
import { CATEGORICAL_MAX_DISTINCT, numericColumnRole } from '../drift/column-roles.ts';
import { HyperLogLog } from '../sketches/hyperloglog.ts';
import { KllSketch } from '../sketches/kll.ts';
import { DEFAULT_BINS, type ColumnSchema, type ProfileSchema } from './profile-schema.ts';

/**
 * The first of the two passes over a reference: learns each column's kind (numeric when every
 * present value is a number) and its quantiles, from which the second pass's bin edges come, and
 * what its numbers are (core/drift/column-roles.ts): a few distinct values make it categorical,
 * identifiers and time-like columns are marked skipped.
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
  readonly distinct = new HyperLogLog();
  /** The first few distinct numbers, exactly: enough to tell "at most CATEGORICAL_MAX_DISTINCT". */
  readonly few = new Set<number>();
  integers = true;
  increasing = true;
  nonDecreasing = true;
  previous = Number.NaN;

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
    this.distinct.addNumber(x);
    if (this.few.size <= CATEGORICAL_MAX_DISTINCT) this.few.add(x);
    if (!Number.isInteger(x)) this.integers = false;
    if (x <= this.previous) this.increasing = false;
    if (x < this.previous) this.nonDecreasing = false;
    this.previous = x;
  }

  schema(name: string, bins: number): ColumnSchema {
    if (this.others > 0 || this.numbers === 0) return { name, kind: this.others > 0 ? 'categorical' : 'numeric' };
    const role = numericColumnRole({
      name,
      present: this.numbers,
      // Exact while few; the sketch's estimate beyond (never below the exact count it could still see).
      distinct: this.few.size <= CATEGORICAL_MAX_DISTINCT ? this.few.size : Math.max(this.few.size, Math.round(this.distinct.estimate())),
      integers: this.integers,
      increasing: this.increasing && this.numbers > 1,
      nonDecreasing: this.nonDecreasing && this.numbers > 1,
      min: this.quantiles.min,
      max: this.quantiles.max,
    });
    if (role.role === 'categorical') return { name, kind: 'categorical', numbers: true };
    const edges = quantileEdgesFromSketch(this.quantiles, bins);
    // A skipped column keeps its bins but no range: an id or a year beyond the reference's is no quality problem.
    if (role.role === 'skipped') return { name, kind: 'numeric', edges, skipped: role.reason };
    return { name, kind: 'numeric', edges, range: [this.quantiles.min, this.quantiles.max] };
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
