import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { MonitoringWindow, WindowStatus } from '../api/monitoring-types.ts';
import type { ChipTone } from '../components/bits.tsx';
import { Chip, Section, Time } from '../components/bits.tsx';
import { formatInteger, formatShare } from '../lib/format.ts';
import { perWindow, qualityRows, qualitySummary } from './quality-series.ts';
import { Sparkline } from './sparkline.tsx';

/** Enough rows to see the recent past without scrolling past the charts; the rest one click away. */
const shownRows = 15;

const statusTone: Record<WindowStatus, ChipTone> = { complete: 'muted', live: 'accent', rebuilt: 'warn', incomplete: 'bad' };
const statusTitle: Record<WindowStatus, string> = {
  complete: 'written when the window closed',
  live: 'the window is still open: its counters are growing',
  rebuilt: 'recomputed from the prediction log after a restart',
  incomplete: 'part of this window was lost and could not be rebuilt: its numbers are a lower bound',
};

export function StatusChip({ status }: { status: WindowStatus }) {
  return (
    <Chip tone={statusTone[status]} title={statusTitle[status]}>
      {status}
    </Chip>
  );
}

/**
 * Data-quality counters per window: sparklines over the range, then a table newest first with the
 * chosen column's missing share, out-of-range share and new categories. A row's button picks the
 * window for the histogram above.
 */
export function QualitySection({
  windows,
  windowKeys,
  column,
  selectedKey,
  onSelect,
}: {
  windows: readonly MonitoringWindow[];
  windowKeys: readonly (string | undefined)[];
  column: string | undefined;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => qualityRows(windows, column), [windows, column]);
  const summary = useMemo(() => qualitySummary(windows), [windows]);
  const selectedIndex = selectedKey === undefined ? undefined : windowKeys.indexOf(selectedKey);
  const sparkIndex = selectedIndex === undefined || selectedIndex < 0 ? undefined : selectedIndex;
  const volume = perWindow(windowKeys, windows, (w) => w.quality.rows);
  const violations = perWindow(windowKeys, windows, (w) => w.quality.violations_total);
  const missing = perWindow(windowKeys, windows, (w) => w.quality.columns.find((c) => c.name === column)?.missing_share ?? null);
  const outOfRange = perWindow(windowKeys, windows, (w) => w.quality.columns.find((c) => c.name === column)?.out_of_range_share ?? null);
  const visible = showAll ? rows : rows.slice(0, shownRows);

  return (
    <Section title="Data quality" id="quality">
      <div class="quality-strip" data-testid="quality-counters">
        <QualityFigure label="Rows" value={formatInteger(summary.rows)}>
          <Sparkline values={volume} label="Rows per window" selectedIndex={sparkIndex} />
        </QualityFigure>
        <QualityFigure label="Contract violations" value={formatInteger(summary.violations)} warn={summary.violations > 0}>
          <Sparkline values={violations} label="Contract violations per window" tone="warn" selectedIndex={sparkIndex} />
        </QualityFigure>
        {column !== undefined && (
          <>
            <QualityFigure label={`Missing · ${column}`} value={formatShare(maxOf(missing))} hint="worst window">
              <Sparkline values={missing} label={`Missing share of ${column} per window`} tone="warn" selectedIndex={sparkIndex} />
            </QualityFigure>
            <QualityFigure label={`Out of range · ${column}`} value={formatShare(maxOf(outOfRange))} hint="worst window">
              <Sparkline
                values={outOfRange}
                label={`Share of ${column} outside the reference range per window`}
                tone="warn"
                selectedIndex={sparkIndex}
              />
            </QualityFigure>
          </>
        )}
      </div>
      {(summary.newCategories.length > 0 ||
        summary.violationsByRule.length > 0 ||
        summary.degradedWindows > 0 ||
        summary.missingChanged.length > 0) && (
        <ul class="quality-notes">
          {summary.missingChanged.map((entry) => (
            <li key={`missing ${entry.column}`}>
              Missing share of <span class="mono">{entry.column}</span> changed against the reference in {entry.windows} window
              {entry.windows === 1 ? '' : 's'} (latest: {formatShare(entry.reference_share)} → {formatShare(entry.current_share)}).
            </li>
          ))}
          {summary.newCategories.map((entry) => (
            <li key={entry.column}>
              New categories in <span class="mono">{entry.column}</span>:{' '}
              {entry.categories.map((c, i) => (
                <span key={c}>
                  {i > 0 && ', '}
                  <code>{c}</code>
                </span>
              ))}
            </li>
          ))}
          {summary.violationsByRule.length > 0 && (
            <li>
              Violations by rule:{' '}
              {summary.violationsByRule.map((v, i) => (
                <span key={`${v.column} ${v.code}`}>
                  {i > 0 && ', '}
                  <span class="mono">{v.column}</span> <code>{v.code}</code> × {formatInteger(v.count)}
                </span>
              ))}
            </li>
          )}
          {summary.degradedWindows > 0 && (
            <li>
              {summary.degradedWindows} window{summary.degradedWindows === 1 ? ' was' : 's were'} rebuilt from the log or incomplete after a
              restart (see Status).
            </li>
          )}
        </ul>
      )}
      <table class="table table--compact quality-table" data-testid="quality-table">
        <caption class="visually-hidden">Data quality per window, newest first{column ? `, with the counters of ${column}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Rows
            </th>
            <th scope="col" class="num">
              Violations
            </th>
            {column !== undefined && (
              <>
                <th scope="col" class="num">
                  {column}: missing
                </th>
                <th scope="col" class="num">
                  {column}: out of range
                </th>
                <th scope="col">{column}: new categories</th>
              </>
            )}
            <th scope="col">
              <span title="Of all columns, the one with the largest missing share in the window">Most-missing column</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr key={row.key} class={row.key === selectedKey ? 'is-chosen' : undefined}>
              <th scope="row">
                <button type="button" class="link-button" aria-pressed={row.key === selectedKey} onClick={() => onSelect(row.key)}>
                  <Time iso={row.start} />
                </button>
              </th>
              <td>
                <StatusChip status={row.status} />
              </td>
              <td class="num mono">{formatInteger(row.rows)}</td>
              <td class="num mono">{row.violations > 0 ? <strong>{formatInteger(row.violations)}</strong> : '0'}</td>
              {column !== undefined && (
                <>
                  <td class="num mono">{formatShare(row.column?.missing_share)}</td>
                  <td class="num mono">{formatShare(row.column?.out_of_range_share)}</td>
                  <td>
                    <NewCategories listed={row.column?.new_categories ?? null} count={row.column?.new_category_count ?? null} />
                  </td>
                </>
              )}
              <td>
                {row.worstMissing ? (
                  <>
                    <span class="mono">{row.worstMissing.column}</span> {formatShare(row.worstMissing.share)}
                  </>
                ) : (
                  <span class="muted">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shownRows && (
        <p class="note">
          <button type="button" class="button button--small" onClick={() => setShowAll(!showAll)}>
            {showAll ? `Show the newest ${shownRows}` : `Show all ${rows.length} windows`}
          </button>
        </p>
      )}
    </Section>
  );
}

function QualityFigure({
  label,
  value,
  hint,
  warn,
  children,
}: {
  label: string;
  value: string;
  hint?: string;
  warn?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={`quality-figure${warn ? ' is-warn' : ''}`}>
      <div class="quality-figure__head">
        <span class="quality-figure__label">{label}</span> <span class="quality-figure__value">{value}</span>
        {hint && <span class="muted"> {hint}</span>}
      </div>
      {children}
    </div>
  );
}

function maxOf(values: readonly (number | null)[]): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== null && (max === null || v > max)) max = v;
  return max;
}

/** The new categories listed (the server caps the list), and how many more there were. */
function NewCategories({ listed, count }: { listed: readonly string[] | null; count: number | null }) {
  if (listed === null) return <span class="muted">—</span>;
  if (listed.length === 0) return <span class="muted">none</span>;
  const more = count !== null && count > listed.length ? count - listed.length : 0;
  return (
    <>
      {listed.map((c) => (
        <code key={c} class="new-category">
          {c}
        </code>
      ))}
      {more > 0 && <span class="muted">+{more} more</span>}
    </>
  );
}
