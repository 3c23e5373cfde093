import type { Send } from './rollout-client.ts';

/** A value's bound (`GET …/tests`): inclusive, at least one side. */
export interface TestBound {
  readonly min?: number;
  readonly max?: number;
}

/** One check of a run, as the server stores and sends it. */
export interface TestCheck {
  readonly name: string;
  readonly type: string;
  readonly severity: 'error' | 'warning';
  readonly passed: boolean;
  readonly values: Readonly<Record<string, number | null>>;
  readonly bounds: Readonly<Record<string, TestBound>>;
  readonly intervals?: Readonly<Record<string, readonly [number | null, number | null]>>;
  readonly by_group?: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  readonly details?: unknown;
  readonly message: string;
}

/** A stored model test run (`ballast test`). */
export interface TestRun {
  readonly id: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly suite: { readonly name: string; readonly hash: string };
  readonly data: { readonly hash: string; readonly rows: number; readonly file: string };
  readonly seed: number;
  readonly passed: boolean;
  readonly checks: readonly TestCheck[];
  readonly created_by: string;
  readonly created_at: string;
}

/** The model test routes, part of the ApiClient. */
export interface ModelTestApi {
  /** A version's runs, newest first. */
  testRuns(name: string, version: number, signal?: AbortSignal): Promise<{ runs: TestRun[] }>;
}

export function modelTestMethods(send: Send): ModelTestApi {
  return {
    testRuns: (name, version, signal) => send('GET', `/v1/models/${encodeURIComponent(name)}/versions/${version}/tests`, undefined, signal),
  };
}
