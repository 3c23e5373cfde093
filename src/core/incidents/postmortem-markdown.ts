import type { ModelVersionName } from '../alerts/alert-rule.ts';
import { formatCount } from '../format-numbers.ts';
import type { Incident, TimelineEntry } from './incident.ts';
import { formatDuration, type PostmortemTimes } from './postmortem-times.ts';

/** Predictions one version served during the incident, from the prediction log. */
export interface ServedCount {
  readonly model: ModelVersionName;
  readonly predictions: number;
  /** A firing rule's reading was of this version: the version the alert was about. */
  readonly fired: boolean;
}

/** One window of the deployment's KPIs during the incident (deployment-kpis.ts). */
export interface KpiRow {
  readonly start: string;
  readonly model: ModelVersionName;
  readonly predictions: number;
  readonly values: readonly { readonly name: string; readonly value: number | null; readonly count: number }[];
}

export interface PostmortemFacts {
  readonly incident: Incident;
  readonly timeline: readonly TimelineEntry[];
  readonly times: PostmortemTimes;
  /** The span impact is counted over: from the first reading over the threshold to resolution (or now). */
  readonly span: { readonly from: string; readonly to: string };
  readonly served: readonly ServedCount[];
  /** Null when the deployment has no KPIs. */
  readonly kpis: { readonly windowMs: number; readonly names: readonly string[]; readonly rows: readonly KpiRow[] } | null;
}

/** Text inside a table cell or a list item: one line, with its pipes escaped. */
const cell = (text: unknown) =>
  String(text ?? '—')
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const modelName = (m: ModelVersionName | null | undefined) => (m ? `${m.name}:${m.version}` : '—');
// Four significant digits, without trailing zeros: 0.55, 0.3333, 1234.
const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '—');

function row(cells: readonly unknown[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

/**
 * A blameless postmortem draft in Markdown: summary, impact, time to detect and to mitigate, the
 * signals that fired, the timeline, then the sections people fill in. The `## Action items` checklist
 * is what `ballast incidents actions` reads back (`- [ ] what (owner)`).
 */
export function postmortemMarkdown(facts: PostmortemFacts): string {
  const { incident, times, timeline } = facts;
  const ongoing = incident.resolvedAt === null;
  const lines: string[] = [
    `# Postmortem: ${cell(incident.title)}`,
    '',
    '_Draft. Blameless: it describes what happened and what the system did, not who is to blame._',
    '',
    '## Summary',
    '',
    `- Deployment: ${code(incident.deployment)}`,
    `- Incident: ${code(incident.id)}, severity ${incident.severity}, ${incident.status}`,
    `- Opened ${incident.openedAt}; acknowledged ${incident.acknowledgedAt ?? '—'}; mitigated ${incident.mitigatedAt ?? '—'}; resolved ${incident.resolvedAt ?? '—'}`,
    `- Commander: ${cell(incident.commander ?? 'none')}`,
    `- Rules that fired: ${incident.rules.map(code).join(', ')}`,
    '',
    '## Impact',
    '',
    `- Duration: ${formatDuration(Date.parse(facts.span.to) - Date.parse(facts.span.from))} (${facts.span.from} → ${facts.span.to}${ongoing ? ', still open when drafted' : ''})`,
  ];
  if (facts.served.length === 0) lines.push('- Predictions served during the incident: none logged');
  else {
    lines.push('- Predictions served during the incident (from the prediction log):');
    for (const s of facts.served)
      lines.push(`  - ${modelName(s.model)}: ${formatCount(s.predictions)}${s.fired ? ' (the version the alert fired on)' : ''}`);
  }
  if (facts.kpis === null) lines.push('- KPIs: the deployment has none configured');
  else if (facts.kpis.rows.length === 0) lines.push('- KPIs: no logged predictions in the span');
  else {
    lines.push(`- KPIs per ${formatDuration(facts.kpis.windowMs)} window:`, '');
    lines.push(
      ...table(
        ['Window start', 'Model', 'Predictions', ...facts.kpis.names],
        facts.kpis.rows.map((r) => [
          r.start,
          modelName(r.model),
          formatCount(r.predictions),
          ...facts.kpis!.names.map((n) => number(r.values.find((v) => v.name === n)?.value)),
        ]),
      ),
    );
  }
  lines.push(
    '',
    '## Detection and mitigation',
    '',
    `- Time to detect: ${times.timeToDetectMs !== null ? `${formatDuration(times.timeToDetectMs)} (condition first held ${times.conditionSince}, fired ${times.firedAt})` : `unknown (fired ${times.firedAt})`}`,
    `- Time to mitigate: ${times.timeToMitigateMs !== null ? `${formatDuration(times.timeToMitigateMs)} (${times.mitigatedBy === 'rollback' ? 'rolled back' : 'marked mitigated'} ${times.mitigatedAt})` : 'not mitigated yet'}`,
    '',
    '## Signals that fired',
    '',
  );
  const fired = timeline.filter((e) => e.kind === 'alert_firing');
  if (fired.length === 0) lines.push('None recorded.');
  else
    lines.push(
      ...table(
        ['Time', 'Rule', 'Signal', 'Value', 'Threshold', 'Window', 'Model'],
        fired.map((e) => {
          const d = e.details;
          const bound = d.above !== null && d.above !== undefined ? `> ${number(d.above)}` : `< ${number(d.below ?? d.threshold)}`;
          const window = typeof d.window_start === 'string' ? `${d.window_start} → ${String(d.window_end)}` : '—';
          const value = d.no_data ? `no data (${String(d.no_data)})` : number(d.value);
          return [e.at, d.rule, d.signal, value, bound, window, modelName(d.model as ModelVersionName | null)];
        }),
      ),
    );
  lines.push(
    '',
    '## Timeline',
    '',
    ...table(
      ['Time (UTC)', 'Kind', 'Who', 'What'],
      timeline.map((e) => [e.at, e.kind, e.actor ?? '—', e.summary]),
    ),
  );
  lines.push(
    '',
    '## Contributing factors',
    '',
    '_To fill in: what made this possible (data, model, rollout, thresholds, process). Not who._',
    '',
    '- ',
    '',
    '## Action items',
    '',
    '_One line each: `- [ ] what (owner)`; tick when done. `ballast incidents actions --open` lists the open ones._',
    '',
    ...[...new Set(fired.map((e) => String(e.details.rule)))].map(
      (rule) => `- [ ] Review rule ${code(rule)}: did it fire early enough, and is its threshold right?`,
    ),
    '',
  );
  return lines.join('\n');
}
