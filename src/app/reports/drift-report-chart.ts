import type { DistributionPlot, DriftColumnType } from '../../core/drift/drift-report.ts';
import { escapeHtml } from './contract-report-html.ts';
import { formatShare } from '../../core/format-numbers.ts';

/**
 * The reference and current distributions of one column, overlaid in an inline SVG. Bars show the
 * share of each side's present values, not counts: a week of traffic against a year of training data
 * would otherwise compare sample sizes instead of shapes. Numeric bins are drawn as a histogram
 * (ordered left to right); categories as horizontal bars, so thirty long names stay readable.
 */

/** Beyond this many categories the smallest are merged into one bar: a chart of 500 slivers says nothing. */
export const MAX_CATEGORY_BARS = 30;

export interface ChartBin {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

export interface ChartData {
  readonly bins: readonly ChartBin[];
  /** How many categories were merged into the last bar (0 if none). */
  readonly merged: number;
  readonly referenceTotal: number;
  readonly currentTotal: number;
}

/** Counts to shares of their total; an empty side stays all zero rather than dividing by zero. */
export function toProportions(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/**
 * The shares to draw. Categories beyond `maxBars` are merged: the largest (by the larger of their two
 * shares, so a category that is new in the current data is kept) stay in their original order, the
 * rest and any "(other)" the core already made go into one last bar.
 */
export function chartData(plot: DistributionPlot, type: DriftColumnType, maxBars = MAX_CATEGORY_BARS): ChartData {
  const reference = toProportions(plot.reference);
  const current = toProportions(plot.current);
  const all = plot.bins.map((label, i) => ({ label, reference: reference[i] ?? 0, current: current[i] ?? 0 }));
  const totals = { referenceTotal: sum(plot.reference), currentTotal: sum(plot.current) };
  if (type === 'numeric' || all.length <= maxBars) return { bins: all, merged: 0, ...totals };
  const isOther = (label: string): boolean => label === '(other)';
  const ranked = all
    .map((bin, index) => ({ bin, index }))
    .filter(({ bin }) => !isOther(bin.label))
    .sort((a, b) => Math.max(b.bin.reference, b.bin.current) - Math.max(a.bin.reference, a.bin.current) || a.index - b.index);
  const kept = new Set(ranked.slice(0, maxBars - 1).map(({ index }) => index));
  const rest = all.filter((_, i) => !kept.has(i));
  const merged = rest.filter((bin) => !isOther(bin.label)).length + (rest.some((bin) => isOther(bin.label)) ? 1 : 0);
  const other: ChartBin = {
    label: `(${merged} others)`,
    reference: sum(rest.map((b) => b.reference)),
    current: sum(rest.map((b) => b.current)),
  };
  return { bins: [...all.filter((_, i) => kept.has(i)), other], merged, ...totals };
}

export function renderDistributionChart(plot: DistributionPlot, type: DriftColumnType, columnName: string): string {
  const data = chartData(plot, type);
  if (data.bins.length === 0) return '<p class="none">No values to draw.</p>';
  return type === 'numeric' ? histogram(data, columnName) : categoryBars(data, columnName);
}

const WIDTH = 1040;
const LEGEND_HEIGHT = 26;

function histogram(data: ChartData, columnName: string): string {
  const n = data.bins.length;
  const left = 48;
  const right = 12;
  const plotWidth = WIDTH - left - right;
  const slot = plotWidth / n;
  const longest = Math.max(...data.bins.map((b) => b.label.length));
  // Labels lie flat when they fit their slot; otherwise they are turned so ~30 bins still read.
  const rotate = longest * 6.6 > slot - 4;
  const labelHeight = rotate ? Math.min(100, longest * 4.4 + 12) : 22;
  const top = LEGEND_HEIGHT + 8;
  const plotHeight = 190;
  const height = top + plotHeight + labelHeight + 20;
  const scale = yScale(Math.max(...data.bins.map((b) => Math.max(b.reference, b.current))));
  const y = (share: number): number => top + plotHeight - (share / scale.max) * plotHeight;
  const every = Math.ceil(n / 30);
  const barWidth = Math.max(1, slot * 0.84);
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(`<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${fx(y(tick))}" y2="${fx(y(tick))}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${fx(y(tick) + 4)}" text-anchor="end">${formatShare(tick)}</text>`);
  }
  data.bins.forEach((bin, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const cx = left + (i + 0.5) * slot;
    parts.push(
      `<g><title>${escapeHtml(binTitle(bin))}</title>` +
        `<rect class="ref" x="${fx(x)}" y="${fx(y(bin.reference))}" width="${fx(barWidth)}" height="${fx(top + plotHeight - y(bin.reference))}"/>` +
        `<rect class="cur" x="${fx(x)}" y="${fx(y(bin.current))}" width="${fx(barWidth)}" height="${fx(top + plotHeight - y(bin.current))}"/></g>`,
    );
    if (i % every !== 0) return;
    const ly = top + plotHeight + 14;
    parts.push(
      rotate
        ? `<text class="label" transform="translate(${fx(cx + 3)},${fx(ly - 4)}) rotate(-40)" text-anchor="end">${escapeHtml(bin.label)}</text>`
        : `<text class="label" x="${fx(cx)}" y="${fx(ly)}" text-anchor="middle">${escapeHtml(bin.label)}</text>`,
    );
  });
  parts.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"/>`);
  parts.push(
    `<text class="axis-title" x="${fx(left + plotWidth / 2)}" y="${height - 4}" text-anchor="middle">${escapeHtml(columnName)} (bins from the reference's quantiles)</text>`,
  );
  parts.push(
    `<text class="axis-title" transform="translate(12,${fx(top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">share of values</text>`,
  );
  return svg(height, columnName, 'bin', legend(left) + parts.join(''));
}

function categoryBars(data: ChartData, columnName: string): string {
  const labelWidth = 230;
  const valueWidth = 120;
  const left = labelWidth + 8;
  const plotWidth = WIDTH - left - valueWidth;
  const row = 22;
  const top = LEGEND_HEIGHT + 22;
  const height = top + data.bins.length * row + 8;
  const scale = yScale(Math.max(...data.bins.map((b) => Math.max(b.reference, b.current))));
  const x = (share: number): number => (share / scale.max) * plotWidth;
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    const tx = left + x(tick);
    parts.push(`<line class="grid" x1="${fx(tx)}" x2="${fx(tx)}" y1="${top - 4}" y2="${height - 8}"/>`);
    parts.push(`<text class="tick" x="${fx(tx)}" y="${top - 8}" text-anchor="middle">${formatShare(tick)}</text>`);
  }
  data.bins.forEach((bin, i) => {
    const ry = top + i * row;
    const status = bin.reference === 0 && bin.current > 0 ? ' new' : bin.current === 0 && bin.reference > 0 ? ' gone' : '';
    const suffix = status === ' new' ? ' (new)' : status === ' gone' ? ' (gone)' : '';
    // The label column fits ~34 characters; the full name is in the tooltip.
    const label = truncate(bin.label, 34 - suffix.length) + suffix;
    parts.push(
      `<g><title>${escapeHtml(binTitle(bin))}</title>` +
        `<text class="label${status}" x="${labelWidth}" y="${ry + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
        `<rect class="ref" x="${left}" y="${ry + 3}" width="${fx(x(bin.reference))}" height="${row - 6}"/>` +
        `<rect class="cur" x="${left}" y="${ry + 3}" width="${fx(x(bin.current))}" height="${row - 6}"/>` +
        `<text class="value" x="${WIDTH - 4}" y="${ry + 15}" text-anchor="end">${formatShare(bin.reference)} → ${formatShare(bin.current)}</text></g>`,
    );
  });
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top - 4}" y2="${height - 8}"/>`);
  return svg(height, columnName, 'category', legend(left) + parts.join(''));
}

function svg(height: number, columnName: string, unit: 'bin' | 'category', body: string): string {
  const label = `Share of values of ${columnName} per ${unit}: reference and current overlaid`;
  // No xmlns: inline SVG in HTML needs none, and the page must not name any external address.
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${fx(height)}" width="${WIDTH}" height="${fx(height)}" role="img" aria-label="${escapeHtml(label)}">${body}</svg>`;
}

function legend(x: number): string {
  return (
    `<g class="legend"><rect class="ref" x="${x}" y="6" width="14" height="12"/><text x="${x + 20}" y="16">reference</text>` +
    `<rect class="cur" x="${x + 100}" y="6" width="14" height="12"/><text x="${x + 120}" y="16">current</text></g>`
  );
}

function binTitle(bin: ChartBin): string {
  return `${bin.label}: reference ${formatShare(bin.reference)}, current ${formatShare(bin.current)}`;
}

/** A round top for the share axis and 2–5 gridlines, so the eye can read shares off the bars. */
export function yScale(maxShare: number): { max: number; ticks: number[] } {
  const top = maxShare > 0 ? maxShare : 0.01;
  const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25].find((s) => top / s <= 5) ?? 0.25;
  const max = Math.min(1, Math.ceil(top / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let t = step; t <= max + 1e-9; t += step) ticks.push(Number(t.toFixed(4)));
  return { max, ticks };
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Two decimals keep the SVG small and free of float noise like 12.000000000000002. */
function fx(value: number): string {
  return String(Math.round(value * 100) / 100);
}
