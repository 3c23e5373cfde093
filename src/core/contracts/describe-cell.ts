/** A short, safe rendering of a cell for messages: text quoted and cut at 40 characters, structures named. */
export function describeCell(cell: unknown): string {
  if (cell === undefined) return 'nothing';
  if (typeof cell === 'string') return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
  if (Array.isArray(cell)) return 'an array';
  if (cell !== null && typeof cell === 'object') return 'an object';
  return String(cell);
}
