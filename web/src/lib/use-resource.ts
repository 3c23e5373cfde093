import { useCallback, useEffect, useState } from 'preact/hooks';

export type Resource<T> =
  { readonly state: 'loading' } | { readonly state: 'error'; readonly error: Error } | { readonly state: 'ready'; readonly data: T };

/**
 * Loads data for a page and reloads it when `deps` change. A superseded request is aborted, so an
 * answer for the previous page can never land on the current one.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
    // The caller names what `load` depends on; `load` itself is a new closure on every render.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [resource, reload];
}
