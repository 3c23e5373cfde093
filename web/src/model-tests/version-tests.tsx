import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { TestCheck, TestRun } from '../api/model-tests-client.ts';
import { Chip, Section, ShortHash, Time } from '../components/bits.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatInteger } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { groupTable, runSummary, valueRows } from './test-run-rows.ts';
import './model-tests.css';

/**
 * The "Tests" section of a version's page: its stored model test runs (suite, verdict, when, by whom), newest
 * first, and the checks of the run picked (the newest at first) with their values, bounds, intervals and groups.
 */
export function VersionTests({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const [runs, reload] = useResource((signal) => api.testRuns(name, version, signal), [name, version]);
  const [picked, pick] = useState<string | undefined>(undefined);
  return (
    <Section title="Tests" id="tests">
      {runs.state === 'loading' && <Loading what="test runs" />}
      {runs.state === 'error' && <ErrorPanel error={runs.error} onRetry={reload} />}
      {runs.state === 'ready' && runs.data.runs.length === 0 && (
        <p class="empty" data-testid="no-test-runs">
          No test runs yet. Run a suite with <code class="mono">ballast test MODEL:VERSION --suite FILE --data FILE --label COLUMN</code>.
        </p>
      )}
      {runs.state === 'ready' && runs.data.runs.length > 0 && (
        <>
          <RunsTable runs={runs.data.runs} picked={picked ?? runs.data.runs[0]!.id} onPick={pick} />
          <RunChecks run={runs.data.runs.find((r) => r.id === picked) ?? runs.data.runs[0]!} />
        </>
      )}
    </Section>
  );
}

function RunsTable({ runs, picked, onPick }: { runs: readonly TestRun[]; picked: string; onPick: (id: string) => void }) {
  return (
    <table class="table" aria-label="Test runs">
      <thead>
        <tr>
          <th scope="col">Suite</th>
          <th scope="col">Verdict</th>
          <th scope="col">Checks</th>
          <th scope="col" class="num">
            Rows
          </th>
          <th scope="col">When</th>
          <th scope="col">By</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const summary = runSummary(run);
          return (
            <tr key={run.id} aria-current={run.id === picked ? 'true' : undefined}>
              <th scope="row" class="mono">
                {run.suite.name}
              </th>
              <td>
                <Chip tone={summary.verdict === 'passed' ? 'good' : 'bad'}>{summary.verdict}</Chip>
              </td>
              <td>{summary.text}</td>
              <td class="num">{formatInteger(run.data.rows)}</td>
              <td>
                <Time iso={run.created_at} />
              </td>
              <td>{run.created_by}</td>
              <td>
                <button
                  type="button"
                  class="button button--small button--ghost"
                  disabled={run.id === picked}
                  onClick={() => onPick(run.id)}
                >
                  {run.id === picked ? 'Shown' : 'Show'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RunChecks({ run }: { run: TestRun }) {
  return (
    <div class="test-run" data-testid="test-run" data-run-id={run.id}>
      <h3>
        Run <code class="mono">{run.id}</code> of {run.suite.name}
      </h3>
      <p class="muted">
        {formatInteger(run.data.rows)} rows of <code class="mono">{run.data.file}</code> (<ShortHash value={run.data.hash} />) · suite{' '}
        <ShortHash value={run.suite.hash} /> · seed {run.seed}
      </p>
      <ul class="test-checks">
        {run.checks.map((check) => (
          <CheckItem key={check.name} check={check} />
        ))}
      </ul>
    </div>
  );
}

function CheckItem({ check }: { check: TestCheck }) {
  const state = check.passed ? 'passed' : check.severity === 'error' ? 'failed' : 'warning';
  const values = valueRows(check);
  const groups = groupTable(check);
  return (
    <li class={`test-check test-check--${state}`} aria-label={`check ${check.name}`}>
      <p>
        <strong>
          {check.passed ? '✓' : '✗'} {check.name}
        </strong>{' '}
        <Chip tone="muted">{check.type}</Chip> <Chip tone={state === 'passed' ? 'good' : state === 'failed' ? 'bad' : 'warn'}>{state}</Chip>
      </p>
      <p class="test-check__message">{check.message}</p>
      {values.length > 0 && (
        <table class="table table--compact" aria-label={`values of ${check.name}`}>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col" class="num">
                Measured
              </th>
              <th scope="col">Bound</th>
              <th scope="col">Interval</th>
            </tr>
          </thead>
          <tbody>
            {values.map((row) => (
              <tr key={row.name}>
                <th scope="row" class="mono">
                  {row.name}
                </th>
                <td class="num mono">{row.value}</td>
                <td class="mono">{row.bound}</td>
                <td class="mono">{row.interval}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {groups && (
        <table class="table table--compact" aria-label={`groups of ${check.name}`}>
          <thead>
            <tr>
              <th scope="col">Group</th>
              {groups.metrics.map((m) => (
                <th key={m} scope="col" class="num">
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.rows.map((row) => (
              <tr key={row.group}>
                <th scope="row">{row.group}</th>
                {row.cells.map((cell, i) => (
                  <td key={groups.metrics[i]} class="num mono">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
