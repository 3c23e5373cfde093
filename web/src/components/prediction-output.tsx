import type { PredictionOutput } from '../api/types.ts';
import { formatNumber } from '../lib/format.ts';
import { Chip } from './bits.tsx';

/** One line for a table: the label with the probability of the chosen class, or the value. */
export function OutputSummary({ output }: { output: PredictionOutput }) {
  if ('value' in output) return <span class="mono">{formatNumber(output.value)}</span>;
  const top = output.probabilities.length > 0 ? Math.max(...output.probabilities) : undefined;
  return (
    <span class="output">
      <Chip tone="accent">{String(output.label)}</Chip>
      {top !== undefined && <span class="mono muted">p={formatNumber(top)}</span>}
    </span>
  );
}
