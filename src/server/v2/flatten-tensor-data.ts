/**
 * The spec lets `data` be flat (row-major) or nested to the tensor's shape; clients do both
 * (tritonclient sends flat, `df.values.tolist()` nests). Either way the element count must be
 * the product of the shape; a nested array must match the shape at every level, so a ragged
 * array is never silently read in the wrong order.
 */
export function flattenTensorData(data: unknown, shape: readonly number[], report: (message: string) => void): unknown[] | undefined {
  if (!Array.isArray(data)) {
    report('must be an array of the tensor elements');
    return undefined;
  }
  const expected = shape.reduce((product, size) => product * size, 1);
  const shapeText = formatShape(shape);
  if (data.length === 0 || !Array.isArray(data[0])) {
    if (data.length !== expected) {
      report(`has ${data.length} element${data.length === 1 ? '' : 's'} but shape ${shapeText} holds ${expected}`);
      return undefined;
    }
    return data;
  }
  const flat: unknown[] = [];
  const problem = collectNested(data, shape, 0, [], flat);
  if (problem !== undefined) {
    report(`${problem} (shape ${shapeText})`);
    return undefined;
  }
  return flat;
}

/** Walks a nested array level by level; returns what is wrong at the first level that does not fit. */
function collectNested(level: unknown[], shape: readonly number[], depth: number, at: number[], flat: unknown[]): string | undefined {
  const where = at.length === 0 ? 'data' : `data${at.map((i) => `[${i}]`).join('')}`;
  if (depth >= shape.length) return `${where} nests deeper than the shape's ${shape.length} dimension${shape.length === 1 ? '' : 's'}`;
  if (level.length !== shape[depth]) return `${where} has ${level.length} entries where dimension ${depth} has size ${shape[depth]}`;
  const last = depth === shape.length - 1;
  for (let i = 0; i < level.length; i++) {
    const item = level[i];
    if (last) {
      if (Array.isArray(item))
        return `${where}[${i}] nests deeper than the shape's ${shape.length} dimension${shape.length === 1 ? '' : 's'}`;
      flat.push(item);
    } else {
      if (!Array.isArray(item))
        return `${where}[${i}] is a single value where dimension ${depth + 1} needs an array of ${shape[depth + 1]}`;
      const problem = collectNested(item, shape, depth + 1, [...at, i], flat);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** A shape as `[2, 13]`; a shape of absurd rank is cut short so one message cannot grow without bound. */
export function formatShape(shape: readonly number[]): string {
  return shape.length > 8 ? `[${shape.slice(0, 8).join(', ')}, … ${shape.length - 8} more]` : `[${shape.join(', ')}]`;
}
