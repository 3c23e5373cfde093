import type { ComponentChildren } from 'preact';
import { useApi } from '../api/api-context.ts';
import type { Signature, Snapshot, VersionDetail } from '../api/types.ts';
import { AliasChips, Chip, Fields, FullHash, Link, NotRecorded, Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { VersionGovernance } from '../governance/version-governance.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatBytes, formatInteger, formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { VersionTests } from '../model-tests/version-tests.tsx';
import { VersionImportance } from '../explain/version-importance.tsx';

export function VersionPage({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const [detail, reload] = useResource((signal) => api.version(name, version, signal), [name, version]);
  return (
    <Page
      title={`${name} version ${version}`}
      crumbs={[
        { label: 'Models', to: { page: 'models' } },
        { label: name, to: { page: 'model', name } },
      ]}
      meta={
        detail.state === 'ready' && (
          <>
            <Chip tone="muted">{detail.data.version.format}</Chip>
            <AliasChips aliases={detail.data.aliases} />
            <span>
              registered <Time iso={detail.data.version.created_at} /> by {detail.data.version.created_by}
            </span>
            <Link to={{ page: 'card', name, version }}>Model card</Link>
          </>
        )
      }
    >
      {detail.state === 'loading' && <Loading what={`${name}:${version}`} />}
      {detail.state === 'error' && <ErrorPanel error={detail.error} onRetry={reload} />}
      {detail.state === 'ready' && <VersionBody detail={detail.data} />}
    </Page>
  );
}

function VersionBody({ detail }: { detail: VersionDetail }) {
  const { version, artifact, snapshot } = detail;
  return (
    <>
      <Section title="Lineage" id="lineage">
        <Fields
          items={[
            ['Artifact SHA-256', <FullHash value={artifact.sha256} />],
            [
              'Artifact',
              <>
                {formatBytes(artifact.size_bytes)} · <code class="mono">{artifact.media_type}</code>
              </>,
            ],
            ['Code', version.code_ref ? <code class="mono">{version.code_ref}</code> : <NotRecorded />],
            ['Training snapshot', snapshot ? <FullHash value={snapshot.sha256} /> : <NotRecorded />],
            ...(snapshot ? snapshotFields(snapshot) : []),
            [
              'Data contract',
              version.contract_id ? (
                <Link to={{ page: 'contract', name: detail.model.name, version: version.version }}>Rules and training data report</Link>
              ) : (
                <span class="muted" data-testid="no-contract">
                  no contract: requests are not checked
                </span>
              ),
            ],
          ]}
        />
      </Section>
      <VersionGovernance name={detail.model.name} version={version.version} />

      <div class="grid-2">
        <Section title="Metrics" id="metrics">
          <MetricsTable values={version.metrics} empty="No metrics were recorded at registration." />
        </Section>
        <Section title="Parameters" id="parameters">
          <MetricsTable values={version.parameters} exact empty="No training parameters were recorded." />
        </Section>
      </div>

      <SignatureSection signature={version.signature} />
      <VersionImportance name={detail.model.name} version={version.version} />
      {snapshot && <SnapshotColumns snapshot={snapshot} />}
      <VersionTests name={detail.model.name} version={version.version} />
    </>
  );
}

function snapshotFields(snapshot: Snapshot): [string, ComponentChildren][] {
  return [
    [
      'Training rows',
      <span data-testid="snapshot-rows">
        {formatInteger(snapshot.row_count)} rows × {formatInteger(snapshot.column_count)} columns
      </span>,
    ],
    ['Label column', snapshot.label_column ? <code class="mono">{snapshot.label_column}</code> : <NotRecorded />],
    ['Source', <code class="mono wrap">{snapshot.source}</code>],
    ['Snapshot taken', <Time iso={snapshot.created_at} />],
  ];
}

/** Name–value pairs; `exact` shows numbers as recorded (parameters), otherwise rounded for reading (metrics). */
function MetricsTable({ values, empty, exact = false }: { values: Readonly<Record<string, unknown>>; empty: string; exact?: boolean }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p class="empty">{empty}</p>;
  return (
    <table class="table table--compact">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" class="num">
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" class="mono">
              {key}
            </th>
            <td class="num mono">
              {typeof value === 'number' && !exact ? formatNumber(value) : typeof value === 'string' ? value : JSON.stringify(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SignatureSection({ signature }: { signature: Signature }) {
  const { output } = signature;
  return (
    <Section
      title="Signature"
      id="signature"
      actions={
        <span class="muted">
          {signature.inputs.length} inputs → {output.kind}
        </span>
      }
    >
      <Fields
        items={[
          ['Output', <Chip tone="accent">{output.kind}</Chip>],
          [
            'Classes',
            output.classes ? (
              <span class="chips">
                {output.classes.map((c) => (
                  <Chip key={String(c)} tone="muted">
                    {String(c)}
                  </Chip>
                ))}
              </span>
            ) : (
              <span class="muted">—</span>
            ),
          ],
        ]}
      />
      <table class="table">
        <caption class="visually-hidden">Input features in the order the model consumes them</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              #
            </th>
            <th scope="col">Feature</th>
            <th scope="col">Type</th>
            <th scope="col">Categories</th>
          </tr>
        </thead>
        <tbody>
          {signature.inputs.map((input, index) => (
            <tr key={input.name}>
              <td class="num muted">{index + 1}</td>
              <th scope="row" class="mono">
                {input.name}
              </th>
              <td>
                <Chip tone="muted">{input.type}</Chip>
              </td>
              <td class="wrap">{input.categories ? input.categories.join(', ') : <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function SnapshotColumns({ snapshot }: { snapshot: Snapshot }) {
  return (
    <Section title="Training data columns" id="columns" actions={<span class="muted">{formatInteger(snapshot.row_count)} rows</span>}>
      <table class="table">
        <caption class="visually-hidden">Columns of the training snapshot</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col" class="num">
              Missing
            </th>
            <th scope="col" class="num">
              Missing %
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshot.columns.map((column) => (
            <tr key={column.name}>
              <th scope="row" class="mono">
                {column.name}
                {column.name === snapshot.label_column && (
                  <>
                    {' '}
                    <Chip tone="accent">label</Chip>
                  </>
                )}
              </th>
              <td>
                <Chip tone="muted">{column.type}</Chip>
              </td>
              <td class="num mono">{formatInteger(column.missing)}</td>
              <td class="num mono">{snapshot.row_count === 0 ? '—' : `${((100 * column.missing) / snapshot.row_count).toFixed(1)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
