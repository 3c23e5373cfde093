import type { ReportIssue, ValidationReport } from '../api/contract-types.ts';
import { formatShare } from '../lib/contract-rules.ts';
import { formatInteger } from '../lib/format.ts';
import type { IssueGroup } from '../lib/validation-report.ts';
import { groupIssues, ruleName, summarizeReport } from '../lib/validation-report.ts';
import { Chip } from './bits.tsx';
import { SeverityChip } from './contract-chips.tsx';

/**
 * A contract validation report as `ballast contract validate --html` draws it: the verdict, the
 * counts, then the issues grouped by column (dataset-wide rules first) with severity, the share of
 * rows as a bar, and example rows. Values from the data are rendered as text, never as markup.
 */
export function ValidationReportView({ report, idPrefix }: { report: ValidationReport; idPrefix: string }) {
  const summary = summarizeReport(report);
  const groups = groupIssues(report.issues);
  return (
    <div class="report">
      <p class={`verdict verdict--${summary.verdict}`} data-testid="report-verdict">
        <strong class="verdict__headline">
          <span aria-hidden="true">{summary.verdict === 'failed' ? '✗' : '✓'} </span>
          {summary.headline}
        </strong>
        <span>{summary.explanation}</span>
      </p>
      <dl class="figures figures--row" aria-label="Report counts">
        <div>
          <dt>Rows checked</dt>
          <dd>{formatInteger(report.rows)}</dd>
        </div>
        <div>
          <dt>Issues</dt>
          <dd>{formatInteger(report.issues.length)}</dd>
        </div>
        <div class={summary.errors > 0 ? 'is-bad' : undefined}>
          <dt>Errors</dt>
          <dd>{formatInteger(summary.errors)}</dd>
        </div>
        <div class={summary.warnings > 0 ? 'is-warn' : undefined}>
          <dt>Warnings</dt>
          <dd>{formatInteger(summary.warnings)}</dd>
        </div>
        <div>
          <dt>Columns affected</dt>
          <dd>{formatInteger(summary.columnsAffected)}</dd>
        </div>
      </dl>
      {groups.length === 0 ? (
        <p class="empty">No issues: every rule held on all {formatInteger(report.rows)} rows.</p>
      ) : (
        groups.map((group, index) => <IssueGroupView key={group.column ?? ''} group={group} id={`${idPrefix}-group-${index}`} />)
      )}
    </div>
  );
}

function IssueGroupView({ group, id }: { group: IssueGroup; id: string }) {
  const count = group.issues.length;
  return (
    <section class="report-group" aria-labelledby={id}>
      <h3 id={id}>
        {group.column === null ? (
          'Whole dataset'
        ) : (
          <>
            Column <code>{group.column}</code>
          </>
        )}{' '}
        <Chip tone={group.worst === 'error' ? 'bad' : 'warn'}>
          {count} {count === 1 ? 'issue' : 'issues'}
        </Chip>
      </h3>
      <table class="table report-table">
        <caption class="visually-hidden">Issues {group.column === null ? 'of the whole dataset' : `of column ${group.column}`}</caption>
        <colgroup>
          <col class="c-severity" />
          <col class="c-rule" />
          <col class="c-count" />
          <col class="c-share" />
          <col />
          <col class="c-examples" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Rule</th>
            <th scope="col" class="num">
              Count
            </th>
            <th scope="col">Share</th>
            <th scope="col">What failed</th>
            <th scope="col">Examples</th>
          </tr>
        </thead>
        <tbody>
          {group.issues.map((issue, index) => (
            <IssueRow key={index} issue={issue} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function IssueRow({ issue }: { issue: ReportIssue }) {
  const share = Math.min(1, Math.max(0, issue.share));
  return (
    <tr>
      <td>
        <SeverityChip severity={issue.severity} />
      </td>
      <th scope="row">
        <span class="rule-name">{ruleName(issue.code)}</span>
        <br />
        <code class="muted">{issue.code}</code>
      </th>
      <td class="num mono">{formatInteger(issue.count)}</td>
      <td class="share">
        <span class={`share-bar share-bar--${issue.severity}`} aria-hidden="true">
          <span style={{ width: `${(share * 100).toFixed(2)}%` }} />
        </span>
        <span class="mono">{formatShare(share)}</span>
      </td>
      <td>{issue.message}</td>
      <td>
        <Examples examples={issue.examples} />
      </td>
    </tr>
  );
}

function Examples({ examples }: { examples: ReportIssue['examples'] }) {
  if (examples.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="examples">
      {examples.map((example, index) => (
        <li key={index}>
          <span class="examples__row">row {formatInteger(example.row)}</span> <ExampleValue value={example.value} />
        </li>
      ))}
    </ul>
  );
}

function ExampleValue({ value }: { value: unknown }) {
  if (value === '' || value === null || value === undefined) return <span class="muted">(empty)</span>;
  if (typeof value === 'string') return <code class="value">{value}</code>;
  if (typeof value === 'object' && !Array.isArray(value)) {
    // A whole row (duplicate rows): its cells as name=value.
    const cells = Object.entries(value as Record<string, unknown>).map(
      ([key, cell]) => `${key}=${typeof cell === 'string' ? cell : JSON.stringify(cell)}`,
    );
    return <code class="value">{cells.join(', ')}</code>;
  }
  return <code class="value">{JSON.stringify(value) ?? String(value)}</code>;
}
