import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './client.ts';

export const ApiContext = createContext<ApiClient | undefined>(undefined);

/** The signed-in API client; pages are only rendered inside a session. */
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (api === undefined) throw new Error('useApi() outside a signed-in session');
  return api;
}
