import type {
  AlertRules,
  AlertSilence,
  Incident,
  IncidentAction,
  IncidentDetail,
  IncidentStatus,
  Postmortem,
  RollbackAttempt,
} from './alert-types.ts';
import type { DeploymentViolations, VersionContract } from './contract-types.ts';
import { governanceMethods, type GovernanceApi } from './governance-client.ts';
import type { ReviewApi } from './review-client.ts';
import { reviewRequests } from './review-client.ts';
import type { DeploymentMonitoring, MonitoringWindowSize } from './monitoring-types.ts';
import type { DeploymentPerformance } from './performance-types.ts';
import { modelTestMethods, type ModelTestApi } from './model-tests-client.ts';
import { explainMethods, type ExplainApi } from '../explain/explain-client.ts';
import { modelCardMethods, type ModelCardApi } from '../model-cards/card-client.ts';
import { featureMethods, type FeatureApi } from '../features/feature-client.ts';
import { pipelineMethods, type PipelineApi } from '../pipelines/pipeline-client.ts';
import { rolloutMethods, type RolloutApi } from './rollout-client.ts';
import type {
  Deployment,
  DeploymentDetail,
  DeploymentOverview,
  ModelDetail,
  ModelSummary,
  PredictionDetail,
  PredictionPage,
  Problem,
  ProblemIssue,
  VersionDetail,
  Whoami,
} from './types.ts';

/** An answer that is not a success, with the problem document's stable `code` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ProblemIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PredictionQuery {
  readonly deployment?: string;
  readonly limit?: number;
  readonly before?: string;
  /** Only predictions that broke a `flag` rule of their contract. */
  readonly flagged?: boolean;
}

/** A time range; the server defaults to the last 24 hours. */
export interface TimeRange {
  readonly from?: string;
  readonly to?: string;
}

export interface ApiClient extends ReviewApi, RolloutApi, GovernanceApi, ModelTestApi, ExplainApi, ModelCardApi, PipelineApi, FeatureApi {
  whoami(signal?: AbortSignal): Promise<Whoami>;
  models(signal?: AbortSignal): Promise<{ models: ModelSummary[] }>;
  model(name: string, signal?: AbortSignal): Promise<ModelDetail>;
  version(name: string, version: number, signal?: AbortSignal): Promise<VersionDetail>;
  deployments(signal?: AbortSignal): Promise<{ deployments: Deployment[] }>;
  /** Every deployment's serving state, request errors, latency and latest drift, for the home page. */
  overview(signal?: AbortSignal): Promise<{ deployments: DeploymentOverview[] }>;
  deployment(name: string, signal?: AbortSignal): Promise<DeploymentDetail>;
  predictions(query: PredictionQuery, signal?: AbortSignal): Promise<PredictionPage>;
  prediction(id: string, signal?: AbortSignal): Promise<PredictionDetail>;
  /** Rejects with code `contract_not_found` when the version has no contract. */
  contract(name: string, version: number, signal?: AbortSignal): Promise<VersionContract>;
  violations(deployment: string, range: TimeRange, signal?: AbortSignal): Promise<DeploymentViolations>;
  /** Drift and data quality per window of `window` length over the range. */
  monitoring(
    deployment: string,
    range: TimeRange & { readonly window: MonitoringWindowSize },
    signal?: AbortSignal,
  ): Promise<DeploymentMonitoring>;
  /** Realised and estimated metrics, calibration, slices, latency and KPIs per window and version over the range. */
  performance(
    deployment: string,
    range: TimeRange & { readonly window: MonitoringWindowSize },
    signal?: AbortSignal,
  ): Promise<DeploymentPerformance>;
  /** Every alert rule with its state, and the receivers. */
  alertRules(signal?: AbortSignal): Promise<AlertRules>;
  silences(signal?: AbortSignal): Promise<{ silences: AlertSilence[] }>;
  /** Incidents, all of them or those of one status. */
  incidents(status: IncidentStatus | undefined, signal?: AbortSignal): Promise<{ incidents: Incident[] }>;
  incident(id: string, signal?: AbortSignal): Promise<IncidentDetail>;
  /** Acknowledge, mitigate, resolve or add a note (operator); answers the incident. */
  actOnIncident(id: string, action: IncidentAction): Promise<Incident>;
  /** The deployment's automated rollback attempts, whatever their outcome. */
  rollbacks(deployment: string, signal?: AbortSignal): Promise<{ rollbacks: RollbackAttempt[] }>;
  /** Drafts the incident's postmortem from its timeline (operator). */
  draftPostmortem(id: string): Promise<{ postmortem: Postmortem }>;
}

export interface ApiClientOptions {
  readonly token: string;
  /** Origin and prefix of the API; empty means the page's own origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Called when the server no longer accepts the token (revoked, or the store was reset). */
  readonly onUnauthorized?: () => void;
}

const segment = encodeURIComponent;

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // The token travels in the header only: no cookies, nothing cached by the browser.
        credentials: 'omit',
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'network', `The server could not be reached (${(error as Error).message}).`);
    }
    if (!response.ok) {
      const problem = await readProblem(response);
      if (response.status === 401) options.onUnauthorized?.();
      throw new ApiError(
        response.status,
        problem.code ?? `http_${response.status}`,
        problem.detail ?? problem.title ?? `The server answered ${response.status} ${response.statusText}.`,
        problem.issues ?? [],
      );
    }
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(response.status, 'bad_response', `The server's answer to ${path} is not JSON.`);
    }
  }

  const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);

  return {
    whoami: (signal) => get('/v1/whoami', signal),
    models: (signal) => get('/v1/models', signal),
    model: (name, signal) => get(`/v1/models/${segment(name)}`, signal),
    version: (name, version, signal) => get(`/v1/models/${segment(name)}/versions/${version}`, signal),
    deployments: (signal) => get('/v1/deployments', signal),
    overview: (signal) => get('/v1/overview', signal),
    deployment: (name, signal) => get(`/v1/deployments/${segment(name)}`, signal),
    predictions: (query, signal) => get(`/v1/predictions${predictionSearch(query)}`, signal),
    prediction: (id, signal) => get(`/v1/predictions/${segment(id)}`, signal),
    contract: (name, version, signal) => get(`/v1/models/${segment(name)}/versions/${version}/contract`, signal),
    violations: (deployment, range, signal) =>
      get(`/v1/deployments/${segment(deployment)}/violations${search({ from: range.from, to: range.to })}`, signal),
    monitoring: (deployment, range, signal) =>
      get(`/v1/deployments/${segment(deployment)}/monitoring${search({ from: range.from, to: range.to, window: range.window })}`, signal),
    performance: (deployment, range, signal) =>
      get(`/v1/deployments/${segment(deployment)}/performance${search({ from: range.from, to: range.to, window: range.window })}`, signal),
    alertRules: (signal) => get('/v1/alerts/rules', signal),
    silences: (signal) => get('/v1/alerts/silences', signal),
    incidents: (status, signal) => get(`/v1/incidents${search({ status })}`, signal),
    incident: (id, signal) => get(`/v1/incidents/${segment(id)}`, signal),
    actOnIncident: (id, { action, ...body }) => request('POST', `/v1/incidents/${segment(id)}/${action}`, body),
    rollbacks: (deployment, signal) => get(`/v1/deployments/${segment(deployment)}/rollbacks`, signal),
    draftPostmortem: (id) => request('POST', `/v1/incidents/${segment(id)}/postmortem`, { format: 'md' }),
    ...reviewRequests(request),
    ...rolloutMethods(request),
    ...governanceMethods(request),
    ...modelTestMethods(request),
    ...explainMethods(request),
    ...modelCardMethods(request),
    ...pipelineMethods(request),
    ...featureMethods(request),
  };
}

function predictionSearch(query: PredictionQuery): string {
  return search({
    deployment: query.deployment || undefined,
    limit: query.limit === undefined ? undefined : String(query.limit),
    before: query.before || undefined,
    flagged: query.flagged ? 'true' : undefined,
  });
}

/** A query string of the parameters that are given, in the order given. */
function search(parameters: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Problem) : {};
  } catch {
    return {};
  }
}
