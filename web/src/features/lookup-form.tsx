import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import { Time } from '../components/bits.tsx';
import { ErrorPanel } from '../components/status.tsx';
import { formatFeatureValue } from '../lib/format.ts';
import type { FeatureLookup, FeatureViewSummary } from './feature-types.ts';
import { parseLookupKeys } from './feature-wording.ts';

type State = { state: 'idle' } | { state: 'busy' } | { state: 'done'; lookup: FeatureLookup } | { state: 'error'; error: Error };

/** Entity keys in, the online store's values out: what serving would read for them right now. */
export function LookupForm({ view }: { view: FeatureViewSummary }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<State>({ state: 'idle' });
  const id = `lookup-${view.name}`;
  return (
    <div class="feature-lookup" data-testid={`lookup-${view.name}`}>
      <form
        class="feature-lookup__form"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseLookupKeys(text);
          if ('error' in parsed) {
            setInvalid(parsed.error);
            return;
          }
          setInvalid(undefined);
          setResult({ state: 'busy' });
          api.lookupFeatures(view.name, parsed.keys).then(
            (lookup) => setResult({ state: 'done', lookup }),
            (error: Error) => setResult({ state: 'error', error }),
          );
        }}
      >
        <label for={id}>Look up {view.key} (comma or space separated)</label>
        <input id={id} type="text" value={text} onInput={(event) => setText(event.currentTarget.value)} autocomplete="off" />
        <button type="submit" class="button" disabled={result.state === 'busy'}>
          Look up
        </button>
      </form>
      {invalid && (
        <p class="feature-lookup__invalid" role="alert">
          {invalid}
        </p>
      )}
      {result.state === 'error' && <ErrorPanel error={result.error} />}
      {result.state === 'done' && (
        <div class="feature-lookup__result">
          {/* One column per key asked: a view has more features than a lookup has keys. */}
          <table class="table" data-testid={`lookup-result-${view.name}`}>
            <caption class="visually-hidden">Online values of {view.name} for the keys asked</caption>
            <thead>
              <tr>
                <th scope="col">{view.key}</th>
                {result.lookup.rows.map((row, i) => (
                  <th scope="col" key={`${row.key}-${i}`} class="mono" data-key={row.key} data-found={String(row.found)}>
                    {row.key}
                    {!row.found && <span class="muted"> — not found in the online store</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr data-feature="event_time">
                <th scope="row">Event time</th>
                {result.lookup.rows.map((row, i) => (
                  <td key={`${row.key}-${i}`} data-key={row.key}>
                    {row.event_time === null ? <span class="muted">not found</span> : <Time iso={row.event_time} />}
                  </td>
                ))}
              </tr>
              {result.lookup.features.map((f) => (
                <tr key={f} data-feature={f}>
                  <th scope="row" class="mono">
                    {f}
                  </th>
                  {result.lookup.rows.map((row, i) => (
                    <td key={`${row.key}-${i}`} class="mono" data-key={row.key}>
                      {row.found ? formatFeatureValue(row.values[f]) : <span class="muted">not found</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
