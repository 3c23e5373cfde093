/** The validation report's examples. (Counts, shares and plurals: core/format-numbers.ts.) */

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
