/** Short, readable labels for bins on interior edges: "< 1.5", "[1.5, 2.7)", ">= 9" (outer bins open). */
export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all values'];
  const text = edges.map(formatEdge);
  const labels = [`< ${text[0]}`];
  for (let i = 1; i < edges.length; i++) labels.push(`[${text[i - 1]}, ${text[i]})`);
  labels.push(`>= ${text[edges.length - 1]}`);
  return labels;
}

/** Four significant digits unless the edges need more to stay distinct; never exponent noise like 0.30000000000000004. */
export function formatEdge(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const rounded = Number(value.toPrecision(6));
  return String(rounded);
}
