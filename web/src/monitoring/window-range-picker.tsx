import { useState } from 'preact/hooks';
import {
  findRange,
  findWindowSize,
  isWindowSizeAllowed,
  monitoringRanges,
  windowSizes,
  type MonitoringRangePreset,
  type WindowSizeOption,
} from './monitoring-range.ts';

export interface WindowRangeChoice {
  readonly range: MonitoringRangePreset;
  readonly size: WindowSizeOption;
  readonly chooseRange: (id: string) => void;
  readonly chooseSize: (id: string) => void;
}

/** The range and window length a per-window page (monitoring, performance) asks for: the last hour in its default windows first. */
export function useWindowRange(): WindowRangeChoice {
  const [rangeId, setRangeId] = useState<string>('1h');
  const [sizeId, setSizeId] = useState<string>(findRange('1h').defaultWindow);
  const range = findRange(rangeId);
  const size = findWindowSize(sizeId);
  const chooseRange = (id: string) => {
    const next = findRange(id);
    setRangeId(next.id);
    // Keep the window length when it still fits the range; otherwise the range's own.
    if (!isWindowSizeAllowed(next, size)) setSizeId(next.defaultWindow);
  };
  return { range, size, chooseRange, chooseSize: setSizeId };
}

/** The range and window selects and a refresh button; `idPrefix` keeps each page's labels and ids its own. */
export function WindowRangeToolbar({
  idPrefix,
  choice,
  onRefresh,
}: {
  idPrefix: string;
  choice: WindowRangeChoice;
  onRefresh: () => void;
}) {
  const { range, size, chooseRange, chooseSize } = choice;
  return (
    <div class={`toolbar ${idPrefix}-toolbar`}>
      <label for={`${idPrefix}-range`}>Range</label>
      <select id={`${idPrefix}-range`} value={range.id} onChange={(event) => chooseRange(event.currentTarget.value)}>
        {monitoringRanges.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
      <label for={`${idPrefix}-window`}>Window</label>
      <select id={`${idPrefix}-window`} value={size.id} onChange={(event) => chooseSize(event.currentTarget.value)}>
        {windowSizes.map((w) => (
          <option key={w.id} value={w.id} disabled={!isWindowSizeAllowed(range, w)}>
            {w.label}
          </option>
        ))}
      </select>
      <button type="button" class="button button--small" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
