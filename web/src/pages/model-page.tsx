import { useApi } from '../api/api-context.ts';
import type { ModelDetail } from '../api/types.ts';
import {
  AliasChips,
  Chip,
  Fields,
  Link,
  MetricsInline,
  ModelVersionLink,
  NotRecorded,
  Section,
  ShortHash,
  Time,
} from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';

export function ModelPage({ name }: { name: string }) {
  const api = useApi();
  const [detail, reload] = useResource((signal) => api.model(name, signal), [name]);
  return (
    <Page title={name} crumbs={[{ label: 'Models', to: { page: 'models' } }]}>
      {detail.state === 'loading' && <Loading what={`model ${name}`} />}
      {detail.state === 'error' && <ErrorPanel error={detail.error} onRetry={reload} />}
      {detail.state === 'ready' && <ModelBody detail={detail.data} />}
    </Page>
  );
}

function ModelBody({ detail }: { detail: ModelDetail }) {
  const { model, versions, aliases } = detail;
  return (
    <>
      <Section title="About" id="about">
        <Fields
          items={[
            ['Description', model.description || <span class="muted">—</span>],
            ['Intended use', model.intended_use || <span class="muted">—</span>],
            ['Owner', model.owner],
            [
              'Tags',
              model.tags.length === 0 ? (
                <span class="muted">—</span>
              ) : (
                <span class="chips">
                  {model.tags.map((tag) => (
                    <Chip key={tag} tone="muted">
                      {tag}
                    </Chip>
                  ))}
                </span>
              ),
            ],
            [
              'Registered',
              <>
                <Time iso={model.created_at} /> by {model.created_by}
              </>,
            ],
          ]}
        />
      </Section>

      <Section title="Versions" id="versions">
        <table class="table">
          <caption class="visually-hidden">Versions of {model.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Format</th>
              <th scope="col">Artifact</th>
              <th scope="col">Code</th>
              <th scope="col">Metrics</th>
              <th scope="col">Registered</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {[...versions]
              .sort((a, b) => b.version - a.version)
              .map((version) => (
                <tr key={version.version}>
                  <th scope="row">
                    <Link to={{ page: 'version', name: model.name, version: version.version }}>Version {version.version}</Link>
                  </th>
                  <td>
                    <AliasChips aliases={version.aliases} />
                  </td>
                  <td>
                    <Chip tone="muted">{version.format}</Chip>
                  </td>
                  <td>
                    <ShortHash value={version.artifact_sha256} />
                  </td>
                  <td>{version.code_ref ? <code class="mono">{version.code_ref}</code> : <NotRecorded />}</td>
                  <td>
                    <MetricsInline metrics={version.metrics} />
                  </td>
                  <td>
                    <Time iso={version.created_at} />
                  </td>
                  <td>{version.created_by}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Section>

      <Section title="Aliases" id="aliases">
        {aliases.length === 0 ? (
          <p class="empty">No aliases point at a version of this model.</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">Aliases of {model.name}</caption>
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Version</th>
                <th scope="col">Moved</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {aliases.map((alias) => (
                <tr key={alias.alias}>
                  <th scope="row">
                    <AliasChips aliases={[alias.alias]} />
                  </th>
                  <td>
                    <ModelVersionLink name={model.name} version={alias.version} />
                  </td>
                  <td>
                    <Time iso={alias.updated_at} />
                  </td>
                  <td>{alias.updated_by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
