import type { ModelSummary } from '../api/types.ts';
import { Chip, Link, ModelVersionLink, Time } from './bits.tsx';

/** Registered models with their latest version: the models page and the overview show the same table. */
export function ModelsTable({ models }: { models: readonly ModelSummary[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">Registered models</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Description</th>
          <th scope="col">Owner</th>
          <th scope="col">Tags</th>
          <th scope="col">Latest</th>
          <th scope="col" class="num">
            Versions
          </th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => (
          <tr key={model.name}>
            <th scope="row">
              <Link to={{ page: 'model', name: model.name }}>{model.name}</Link>
            </th>
            <td class="wrap">{model.description || <span class="muted">—</span>}</td>
            <td>{model.owner}</td>
            <td>
              <span class="chips">
                {model.tags.map((tag) => (
                  <Chip key={tag} tone="muted">
                    {tag}
                  </Chip>
                ))}
              </span>
            </td>
            <td>
              {model.latest_version === null ? (
                <span class="muted">none</span>
              ) : (
                <ModelVersionLink name={model.name} version={model.latest_version} />
              )}
            </td>
            <td class="num">{model.version_count}</td>
            <td>
              <Time iso={model.created_at} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
