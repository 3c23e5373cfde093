import type { CardSection, ModelCard } from './model-card.ts';

/**
 * The card laid out for reading: sections of titled blocks (fields, lists, tables) with the missing reasons
 * of each. The Markdown and HTML forms both render this outline, so they always say the same things.
 */
export type OutlineBlock = { readonly title?: string } & (
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fields'; readonly fields: readonly (readonly [string, string])[] }
  | { readonly kind: 'list'; readonly items: readonly string[]; readonly empty: string }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly empty: string }
);

export interface OutlineSection {
  readonly title: string;
  readonly blocks: readonly OutlineBlock[];
  readonly missing: readonly string[];
}

export interface CardOutline {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly OutlineSection[];
}

const num = (n: number | null): string => (n === null ? '—' : Number.isInteger(n) ? String(n) : Number(n.toPrecision(4)).toString());
const orNone = (s: string | null): string => s ?? '—';
const metricText = (metrics: Readonly<Record<string, number>>): string =>
  Object.entries(metrics)
    .map(([k, v]) => `${k} ${num(v)}`)
    .join(', ');

export function cardOutline(card: ModelCard): CardOutline {
  const d = card.model_details;
  const c = card.considerations;
  const p = card.model_parameters;
  const q = card.quantitative_analysis;
  const e = card.explanations;
  const m = card.monitoring;
  const g = card.governance;
  const missingOf = (...sections: CardSection[]) => card.missing.filter((x) => sections.includes(x.section)).map((x) => x.reason);
  const train = p.data.train;
  return {
    title: `Model card: ${d.name}:${d.version}`,
    subtitle: `Generated ${card.generated_at} from Ballast's records (${card.schema_version})`,
    sections: [
      {
        title: 'Model details',
        blocks: [
          {
            kind: 'fields',
            fields: [
              ['Name', d.name],
              ['Version', String(d.version)],
              ['Format', d.format],
              ['Owner', orNone(d.owner)],
              ['Description', orNone(d.description)],
              ['Registered', `${d.created_at} by ${d.created_by}`],
              ['Licenses', d.licenses.join(', ') || '—'],
              ['References', d.references.join(', ') || '—'],
              ['Code reference', orNone(d.code_ref)],
              ['Aliases', d.aliases.join(', ') || '—'],
              ['Artifact SHA-256', d.artifact_sha256],
            ],
          },
        ],
        missing: missingOf('model_details'),
      },
      {
        title: 'Intended use and limitations',
        blocks: [
          { kind: 'text', title: 'Intended use', text: c.intended_use ?? 'Not stated.' },
          { kind: 'list', title: 'Out-of-scope uses', items: c.out_of_scope_uses, empty: 'None stated.' },
          {
            kind: 'list',
            title: 'Known limitations',
            items: c.limitations.map((l) => `${l.text} (${l.source === 'entered' ? 'stated' : 'found by Ballast'})`),
            empty: 'None stated or found.',
          },
          { kind: 'list', title: 'Ethical considerations', items: c.ethical_considerations, empty: 'No input is marked sensitive.' },
        ],
        missing: missingOf('considerations'),
      },
      {
        title: 'Inputs, output and training data',
        blocks: [
          {
            kind: 'fields',
            fields: [
              ['Input format', p.input_format],
              ['Output', `${p.output.kind}${p.output.classes ? ` (classes ${p.output.classes.join(', ')})` : ''}`],
            ],
          },
          {
            kind: 'table',
            title: 'Inputs',
            header: ['Name', 'Type', 'Sensitive'],
            rows: p.inputs.map((i) => [i.name, i.type, i.sensitive ? 'yes' : 'no']),
            empty: 'No inputs.',
          },
          train === null
            ? { kind: 'text', title: 'Training data', text: 'Unknown.' }
            : {
                kind: 'fields',
                title: 'Training data',
                fields: [
                  ['Snapshot SHA-256', train.snapshot_sha256],
                  ['Rows', String(train.rows)],
                  ['Columns', train.columns.map((x) => x.name).join(', ')],
                  ['Label column', orNone(train.label_column)],
                  ['Source', train.source],
                  ['Registered', train.registered_at],
                  [
                    'Contract',
                    train.contract ? `${train.contract.name} (${train.contract.columns} columns, ${train.contract.sha256})` : '—',
                  ],
                  ['Time range', train.time_range ? `${train.time_range.from} – ${train.time_range.to}` : 'not recorded'],
                ],
              },
        ],
        missing: missingOf('model_parameters.data'),
      },
      {
        title: 'Evaluation',
        blocks: [
          {
            kind: 'table',
            title: 'Performance metrics',
            header: ['Metric', 'Value', 'Slice', 'Source'],
            rows: q.performance_metrics.map((x) => [x.type, num(x.value), x.slice ?? 'all', x.source]),
            empty: 'No metric recorded.',
          },
          {
            kind: 'table',
            title: 'Test runs',
            header: ['Run', 'Suite', 'Result', 'Rows', 'When', 'Failed checks'],
            rows: q.test_runs.map((r) => [
              r.id,
              r.suite,
              r.passed ? 'passed' : 'failed',
              String(r.data_rows),
              r.created_at,
              r.failed_checks.join(', ') || '—',
            ]),
            empty: 'No test runs.',
          },
          {
            kind: 'table',
            title: 'Fairness',
            header: ['Suite', 'Check', 'Result', 'Values'],
            rows: q.fairness.map((f) => [
              f.suite,
              f.check,
              f.passed ? 'passed' : 'failed',
              Object.entries(f.values)
                .map(([k, v]) => `${k} ${num(v)}`)
                .join(', '),
            ]),
            empty: 'No fairness results.',
          },
        ],
        missing: missingOf(
          'quantitative_analysis.performance_metrics',
          'quantitative_analysis.test_runs',
          'quantitative_analysis.fairness',
        ),
      },
      {
        title: 'Real-world performance',
        blocks: [
          {
            kind: 'table',
            title: 'Realised (labelled predictions)',
            header: ['Deployment', 'Window', 'Rows', 'Labelled', 'Metrics'],
            rows: q.live_performance.map((w) => [
              w.deployment,
              `${w.start} – ${w.end}`,
              String(w.rows),
              String(w.labelled_rows),
              metricText(w.metrics),
            ]),
            empty: 'No labelled live predictions.',
          },
          {
            kind: 'table',
            title: 'Estimated (before labels arrive)',
            header: ['Deployment', 'Window', 'Rows', 'Metrics', 'Alerts'],
            rows: q.estimated_performance.map((w) => [
              w.deployment,
              `${w.start} – ${w.end}`,
              String(w.rows),
              metricText(w.metrics),
              w.alerts.join(', ') || '—',
            ]),
            empty: 'No estimates.',
          },
        ],
        missing: missingOf('quantitative_analysis.live_performance', 'quantitative_analysis.estimated_performance'),
      },
      {
        title: 'Explanations',
        blocks: [
          {
            kind: 'table',
            title: `Global importance${e.method ? ` (${e.method}, ${e.space} space, ${e.sample_rows} rows, ${e.computed_at})` : ''}`,
            header: ['Rank', 'Feature', 'Mean |contribution|'],
            rows: (e.global_importance ?? []).map((f) => [String(f.rank), f.feature, num(f.importance)]),
            empty: 'Not computed.',
          },
        ],
        missing: missingOf('explanations'),
      },
      {
        title: 'Monitoring',
        blocks: [
          {
            kind: 'text',
            text:
              m.drift === null
                ? 'Drift status unknown.'
                : m.drift.drifted
                  ? 'Drifting: the latest closed window of at least one deployment drifted.'
                  : 'No drift in the latest closed window.',
          },
          {
            kind: 'table',
            title: 'Latest closed window per deployment',
            header: ['Deployment', 'Window', 'Rows', 'Drifted', 'Drifted columns (importance rank)'],
            rows: (m.drift?.windows ?? []).map((w) => [
              w.deployment,
              `${w.start} – ${w.end}`,
              String(w.rows),
              w.drifted ? `yes (${num(w.drifted_share)})` : 'no',
              w.drifted_columns.map((x) => `${x.name} (${x.importance_rank ?? '?'})`).join(', ') || '—',
            ]),
            empty: 'No closed window.',
          },
          {
            kind: 'table',
            title: `Contract violations ${m.range.from} – ${m.range.to}`,
            header: ['Deployment', 'Column', 'Rule', 'Count', 'Share'],
            rows: m.contract_violations.map((v) => [
              v.deployment,
              v.column,
              v.code,
              String(v.count),
              v.share === null ? '—' : `${(v.share * 100).toFixed(2)}%`,
            ]),
            empty: 'None recorded.',
          },
        ],
        missing: missingOf('monitoring.drift', 'monitoring.contract_violations'),
      },
      {
        title: 'Approvals and reviews',
        blocks: [
          {
            kind: 'fields',
            fields: [
              ['Next periodic review', g.next_review_due === null ? '—' : `${g.next_review_due}${g.review_overdue ? ' (overdue)' : ''}`],
            ],
          },
          {
            kind: 'table',
            title: 'Approvals',
            header: ['Id', 'Stage', 'Status', 'Requested', 'Decided', 'Note'],
            rows: g.approvals.map((a) => [
              a.id,
              a.stage,
              a.status,
              `${a.requested_at} by ${a.requested_by}`,
              a.decided_at ? `${a.decided_at} by ${a.decided_by}` : '—',
              a.note ?? '—',
            ]),
            empty: 'No approvals.',
          },
          {
            kind: 'table',
            title: 'Periodic reviews',
            header: ['When', 'Reviewer', 'Decision', 'Findings'],
            rows: g.reviews.map((r) => [r.at, r.reviewer, r.decision, r.findings]),
            empty: 'No reviews.',
          },
        ],
        missing: missingOf('governance'),
      },
    ],
  };
}
