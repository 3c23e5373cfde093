import type { AbAnalysis, RolloutStatus, RolloutVerb, ShadowReport } from './rollout-types.ts';

/** The client's one way to call the server (client.ts): the token, problems as ApiError, aborts. */
export type Send = <T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal) => Promise<T>;

/** The rollout routes, part of the ApiClient. */
export interface RolloutApi {
  /** The deployment's rollout (null when none runs), its gate analyses and its past rollouts. */
  rollout(deployment: string, signal?: AbortSignal): Promise<RolloutStatus>;
  /** The A/B comparison of the running A/B rollout; `effect` is the smallest difference worth finding. */
  rolloutAb(deployment: string, effect: number | undefined, signal?: AbortSignal): Promise<AbAnalysis>;
  /** Rejects with code `shadow_not_found` when the deployment has no shadow. */
  shadowReport(deployment: string, signal?: AbortSignal): Promise<ShadowReport>;
  /** Pause, resume, promote, abort, switch or roll back (operator); answers the new status. */
  actOnRollout(deployment: string, verb: RolloutVerb, reason?: string): Promise<RolloutStatus>;
}

const segment = encodeURIComponent;

export function rolloutMethods(send: Send): RolloutApi {
  const base = (deployment: string) => `/v1/deployments/${segment(deployment)}`;
  return {
    rollout: (deployment, signal) => send('GET', `${base(deployment)}/rollout`, undefined, signal),
    rolloutAb: (deployment, effect, signal) =>
      send('GET', `${base(deployment)}/rollout/ab${effect === undefined ? '' : `?effect=${effect}`}`, undefined, signal),
    shadowReport: (deployment, signal) => send('GET', `${base(deployment)}/shadow/report`, undefined, signal),
    actOnRollout: (deployment, verb, reason) =>
      send('POST', `${base(deployment)}/rollout/${verb}`, reason === undefined || reason.trim() === '' ? {} : { reason: reason.trim() }),
  };
}
