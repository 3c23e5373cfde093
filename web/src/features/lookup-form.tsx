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
        <label for={id}>
          Look up {view.key} (comma or space separated)
        </label>
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
        <table class="table" data-testid={`lookup-result-${view.name}`}>
          <caption class="visually-hidden">Online values of {view.name} for the keys asked</caption>
          <thead>
            <tr>
              <th scope="col">{view.key}</th>
              <th scope="col">Event time</th>
              {result.lookup.features.map((f) => (
                <th scope="col" key={f}>
                  {f}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.lookup.rows.map((row, i) => (
              <tr key={`${row.key}-${i}`} data-key={row.key} data-found={String(row.found)}>
                <th scope="row" class="mono">
                  {row.key}
                </th>
                {row.found ? (
                  <>
                    <td>{row.event_time && <Time iso={row.event_time} />}</td>
                    {result.lookup.features.map((f) => (
                      <td key={f} class="mono" data-feature={f}>
                        {formatFeatureValue(row.values[f])}
                      </td>
                    ))}
                  </>
                ) : (
                  <td colSpan={result.lookup.features.length + 1} class="muted">
                    not found in the online store
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
