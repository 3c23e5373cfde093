/** Small formatting helpers shared by the validation report's messages and examples. */

/** A share as a percentage people read easily: 12.3%, 1.25%, 0.012%. */
export function percent(share: number): string {
  const value = share * 100;
  if (value === 0 || value >= 10) return `${trimZeros(value.toFixed(1))}%`;
  if (value >= 0.1) return `${trimZeros(value.toFixed(2))}%`;
  return `${Number(value.toPrecision(2))}%`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A count with thousands separators, independent of the machine's locale. */
export function count(value: number): string {
  return value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

const EXAMPLE_MAX_CHARS = 200;

/**
 * A cell kept as an example in a report: long text is cut, and text is copied so the example does
 * not keep the (possibly megabyte-sized) chunk it was sliced from alive for the rest of the run.
 */
export function exampleValue(cell: unknown): unknown {
  if (typeof cell !== 'string') return cell;
  const text = cell.length > EXAMPLE_MAX_CHARS ? `${cell.slice(0, EXAMPLE_MAX_CHARS)}…` : cell;
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
