import { Fragment } from 'preact';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import type { VersionContract } from '../api/contract-types.ts';
import type { Deployment } from '../api/types.ts';
import { Chip, Fields, FullHash, Link, ModelVersionLink, Section, ShortHash, Time } from '../components/bits.tsx';
import { PolicyChip, SeverityChip } from '../components/contract-chips.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { ValidationReportView } from '../components/validation-report.tsx';
import type { ColumnRuleView } from '../lib/contract-rules.ts';
import { columnRuleViews, datasetRuleViews } from '../lib/contract-rules.ts';
import { useResource } from '../lib/use-resource.ts';

/** How many allowed values a table cell lists before it folds the rest into "+N more". */
const listedValues = 12;

/** The contract with the deployments that serve this version (where its violations are counted). */
interface Loaded {
  readonly contract: VersionContract | undefined;
  readonly servedBy: readonly Deployment[];
}

export function ContractPage({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const [loaded, reload] = useResource(
    async (signal): Promise<Loaded> => {
      const [contract, deployments] = await Promise.all([
        // A version without a contract is a state to show, not an error.
        api.contract(name, version, signal).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'contract_not_found') return undefined;
          throw error;
        }),
        // The deployments only add links; the contract stays readable without them.
        api.deployments(signal).then(
          (d) => d.deployments,
          () => [],
        ),
      ]);
      return { contract, servedBy: deployments.filter((d) => d.model.name === name && d.model.version === version) };
    },
    [name, version],
  );
  const contract = loaded.state === 'ready' ? loaded.data.contract : undefined;
  return (
    <Page
      title={`Data contract of ${name}:${version}`}
      crumbs={[
        { label: 'Models', to: { page: 'models' } },
        { label: name, to: { page: 'model', name } },
        { label: `version ${version}`, to: { page: 'version', name, version } },
      ]}
      meta={
        contract && (
          <>
            <Chip tone="muted">{contract.contract.format}</Chip>
            <span>
              sha256 <ShortHash value={contract.sha256} />
            </span>
            <span>
              stored <Time iso={contract.created_at} /> by {contract.created_by}
            </span>
          </>
        )
      }
    >
      {loaded.state === 'loading' && <Loading what={`the contract of ${name}:${version}`} />}
      {loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {loaded.state === 'ready' &&
        (loaded.data.contract ? (
          <ContractBody contract={loaded.data.contract} name={name} version={version} servedBy={loaded.data.servedBy} />
        ) : (
          <NoContract name={name} version={version} />
        ))}
    </Page>
  );
}

function NoContract({ name, version }: { name: string; version: number }) {
  return (
    <div class="panel" data-testid="no-contract">
      <h2 class="panel__title panel__title--plain">No contract</h2>
      <p>
        <ModelVersionLink name={name} version={version} /> has no data contract: its requests are served without checks, and its training
        data was not validated.
      </p>
      <p class="muted">
        Register a version with <code>ballast models register {name} MODEL --contract CONTRACT.yaml</code>, or infer one with{' '}
        <code>ballast contract infer DATA</code>.
      </p>
    </div>
  );
}

function ContractBody({
  contract,
  name,
  version,
  servedBy,
}: {
  contract: VersionContract;
  name: string;
  version: number;
  servedBy: readonly Deployment[];
}) {
  const { defaults, dataset, description } = contract.contract;
  const rules = columnRuleViews(contract.contract);
  const datasetRules = datasetRuleViews(dataset);
  return (
    <>
      <Section title="Contract" id="contract">
        <Fields
          items={[
            ['Name', <span class="mono">{contract.contract.name ?? contract.name}</span>],
            ['Description', description || <span class="muted">—</span>],
            ['SHA-256', <FullHash value={contract.sha256} />],
            ['Model version', <ModelVersionLink name={name} version={version} />],
            [
              'Defaults',
              <span class="chips">
                severity <SeverityChip severity={defaults?.severity ?? 'error'} />
                on violation <PolicyChip policy={defaults?.on_violation ?? 'reject'} />
                {defaults === undefined && <span class="muted">(the format's; the contract sets none)</span>}
              </span>,
            ],
            [
              'Served by',
              servedBy.length === 0 ? (
                <span class="muted">No deployment serves this version; live requests are not checked against it.</span>
              ) : (
                <span>
                  {servedBy.map((d, i) => (
                    <Fragment key={d.name}>
                      {i > 0 && ', '}
                      <Link to={{ page: 'deployment', name: d.name }}>{d.name}</Link>
                    </Fragment>
                  ))}
                  <span class="muted"> · its violations over time are on the deployment's page</span>
                </span>
              ),
            ],
          ]}
        />
      </Section>

      <Section
        title="Column rules"
        id="column-rules"
        actions={
          <span class="muted">
            {rules.length} {rules.length === 1 ? 'column' : 'columns'}
          </span>
        }
      >
        <ColumnRulesTable rules={rules} />
        {rules.some((rule) => rule.severityInherited || rule.onViolationInherited) && (
          <p class="note">Dashed chips come from the contract's defaults (or, without them, the format's: error, reject).</p>
        )}
      </Section>

      <Section title="Dataset rules" id="dataset-rules">
        {datasetRules.length === 0 ? (
          <p class="empty">
            No dataset-level rules: row count, duplicates, label balance and freshness are not checked. Extra columns are allowed.
          </p>
        ) : (
          <Fields items={datasetRules} />
        )}
      </Section>

      <Section title="Training data report" id="training-report" actions={<span class="muted">checked at registration</span>}>
        {contract.training_report ? (
          <ValidationReportView report={contract.training_report} idPrefix="training-report" />
        ) : (
          <p class="empty">No training data was checked against this contract when the version was registered.</p>
        )}
      </Section>
    </>
  );
}

function ColumnRulesTable({ rules }: { rules: readonly ColumnRuleView[] }) {
  const none = <span class="muted">—</span>;
  return (
    <table class="table rules-table">
      <caption class="visually-hidden">The rules each column must meet</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
          <th scope="col">Nullable</th>
          <th scope="col">Range</th>
          <th scope="col">Allowed values / pattern</th>
          <th scope="col">Dataset checks</th>
          <th scope="col">Severity</th>
          <th scope="col">On violation</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.column}>
            <th scope="row">
              <span class="mono">{rule.column}</span>
              {rule.description && <span class="rule-description">{rule.description}</span>}
            </th>
            <td>
              <Chip tone="muted">{rule.type}</Chip>
            </td>
            <td>
              {rule.nullable ? (
                <span class="muted">yes</span>
              ) : (
                <Chip tone="accent" title="a missing value breaks the rule">
                  not null
                </Chip>
              )}
            </td>
            <td class="mono">{rule.range ?? none}</td>
            <td class="wrap">
              {rule.values && <AllowedValues values={rule.values} />}
              {rule.pattern && (
                <code class="value" title="regular expression the whole value must match">
                  /{rule.pattern}/
                </code>
              )}
              {!rule.values && !rule.pattern && none}
            </td>
            <td>
              <DatasetChecks rule={rule} />
            </td>
            <td>
              <SeverityChip severity={rule.severity} inherited={rule.severityInherited} />
            </td>
            <td>
              <PolicyChip policy={rule.onViolation} inherited={rule.onViolationInherited} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rules only a whole dataset can break (a single request row cannot). */
function DatasetChecks({ rule }: { rule: ColumnRuleView }) {
  const checks = [
    rule.missingMax && (
      <li key="missing" title="largest share of missing values">
        missing ≤ <span class="mono">{rule.missingMax}</span>
      </li>
    ),
    rule.unique && (
      <li key="unique" title="no value may repeat">
        <Chip tone="accent">unique</Chip>
      </li>
    ),
    rule.mostly && (
      <li key="mostly" title="share of non-missing rows that must pass the value checks">
        mostly <span class="mono">{rule.mostly}</span>
      </li>
    ),
  ].filter(Boolean);
  return checks.length === 0 ? <span class="muted">—</span> : <ul class="checks">{checks}</ul>;
}

function AllowedValues({ values }: { values: readonly string[] }) {
  const shown = values.slice(0, listedValues);
  const rest = values.length - shown.length;
  return (
    <span class="chips">
      {shown.map((value) => (
        <Chip key={value} tone="neutral">
          {value}
        </Chip>
      ))}
      {rest > 0 && (
        <details class="more-values">
          <summary>+{rest} more</summary>
          <span class="chips">
            {values.slice(listedValues).map((value) => (
              <Chip key={value} tone="neutral">
                {value}
              </Chip>
            ))}
          </span>
        </details>
      )}
    </span>
  );
}
